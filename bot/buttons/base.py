"""What every button-data module shares: Telegram's 64-byte limit and the one way to join fields.

Kept apart from :mod:`bot.buttons.codec`, which imports every feature's module for its registry.
"""

from __future__ import annotations

MAX_BYTES = 64  # Telegram refuses callback data longer than this (in UTF-8)
SEPARATOR = "|"


class CallbackTooLong(ValueError):
    """A button would carry more than Telegram's 64 bytes."""


def encode(kind: str, *fields: str | int) -> str:
    """``kind|field|field...``, refused when it would not fit on a button."""
    data = SEPARATOR.join([kind, *(str(f) for f in fields)])
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackTooLong(data)
    return data
