"""Translatable text as data: the core returns these, a front translates and formats them.

The core never translates: it does not know who is reading. It marks its msgids with
:func:`N_` so that ``pybabel extract`` finds them, and hands :class:`Text` values to a
front, which looks them up in the reader's catalog and formats the named placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction without translating it."""
    return msgid


@dataclass(frozen=True)
class Text:
    """A msgid plus the named values to format into its translation."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    # For plural forms: the plural msgid and the name of the count parameter.
    plural: str | None = None
    count_param: str | None = None
    # A value shown as it is (a municipality name, a typed role): never looked up.
    verbatim: bool = False
    # Several texts on consecutive lines (see :func:`joined`); then msgid and params are unused.
    lines: tuple[Text, ...] = ()


def text(msgid: str, **params: Any) -> Text:
    """Shorthand for ``Text(msgid, params)``."""
    return Text(msgid, dict(params))


def joined(*lines: Text) -> Text:
    """Texts shown on consecutive lines, each its own msgid: no msgid holds a line break, so
    translators see one sentence at a time."""
    return Text("", lines=tuple(lines))


def verbatim(value: str) -> Text:
    """A text that is shown as given, in every language."""
    return Text(value, verbatim=True)


def plural(singular: str, plural_: str, count_param: str, **params: Any) -> Text:
    """A text with plural forms chosen by the integer parameter ``count_param``."""
    return Text(singular, dict(params), plural=plural_, count_param=count_param)


@dataclass(frozen=True)
class Date:
    """A moment (ISO 8601) that a front formats as a date in the reader's locale."""

    iso: str
    format: str = "long"


@dataclass(frozen=True)
class Number:
    """A decimal number that a front formats in the reader's locale (3,4 in Dutch)."""

    value: float
    digits: int = 1
