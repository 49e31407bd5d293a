"""Exports as data (front- and format-neutral): the scan summary, its JSON document, the regional
table.
"""
