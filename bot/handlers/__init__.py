"""Telegram handlers, one module per feature; registered in order in :mod:`bot.app`."""
