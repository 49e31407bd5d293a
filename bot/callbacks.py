"""Callback data on inline buttons: short, validated, and naming the step it belongs to.

Format ``<kind>|<payload>``: ``s|<seq>|<option>`` for a step of the scan (the sequence number
makes a button from an earlier message recognisable as stale), ``l|<locale>`` for the
language choice. Telegram allows at most 64 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 64


class CallbackTooLong(ValueError):
    """A button would carry more than Telegram's 64 bytes."""


@dataclass(frozen=True)
class StepCallback:
    seq: int
    option: str


@dataclass(frozen=True)
class LanguageCallback:
    locale: str


Callback = StepCallback | LanguageCallback


def _checked(data: str) -> str:
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackTooLong(data)
    return data


def step_data(seq: int, option: str) -> str:
    return _checked(f"s|{seq}|{option}")


def language_data(locale: str) -> str:
    return _checked(f"l|{locale}")


def parse(data: object) -> Callback | None:
    """The callback named by ``data``, or None for anything malformed or forged."""
    if not isinstance(data, str) or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    kind, _, rest = data.partition("|")
    if kind == "s":
        seq, _, option = rest.partition("|")
        if seq.isdigit() and option and option.isprintable():
            return StepCallback(int(seq), option)
    if kind == "l" and rest in ("nl", "en"):
        return LanguageCallback(rest)
    return None
