"""Renderers: turn the core's export data and scores into files (PDF, Markdown, sheets, charts)."""
