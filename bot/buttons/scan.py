"""Buttons of the scan: ``s|<seq>|<option>`` a step's option (the sequence number makes a button
from an earlier message recognisable as stale) and ``l|<nl|en>`` the language choice."""

from __future__ import annotations

from dataclasses import dataclass

from bot.buttons.base import encode

LOCALES = ("nl", "en")


@dataclass(frozen=True)
class StepCallback:
    seq: int
    option: str


@dataclass(frozen=True)
class LanguageCallback:
    locale: str


def step_data(seq: int, option: str) -> str:
    return encode("s", seq, option)


def language_data(locale: str) -> str:
    return encode("l", locale)


def parse_step(data: str) -> StepCallback | None:
    seq, _, option = data.removeprefix("s|").partition("|")
    if seq.isdigit() and option and option.isprintable():
        return StepCallback(int(seq), option)
    return None


def parse_language(data: str) -> LanguageCallback | None:
    rest = data.removeprefix("l|")
    return LanguageCallback(rest) if rest in LOCALES else None


KINDS = {"s": parse_step, "l": parse_language}
