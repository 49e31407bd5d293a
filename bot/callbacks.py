"""Callback data on inline buttons: short, validated, and naming the step it belongs to.

Format ``<kind>|<payload>``: ``s|<seq>|<option>`` for a step of the scan (the sequence number
makes a button from an earlier message recognisable as stale), ``l|<locale>`` for the
language choice, ``v|<token>`` to confirm /vergeetmij (a one-time token; ``v|no`` cancels) and
``c|<p|r|a>|<0|1>`` to set a consent (peer listing, reminders, all). Telegram allows at most 64
bytes. Regional staff: ``g|scan`` ("Ga verder" in a reminder: the core's scan command) and
``m|<area>|<action>|<arg>`` for staff buttons (area b: /bericht, p: /planning, r: /regio).
Kinds parsed elsewhere, each with its own handler registered before the scan's catch-all:
``q|a|r|i`` (contact requests and collegiale toets, :mod:`bot.peer_callbacks`) and ``x``
(exports, :mod:`bot.export_callbacks`). A new kind must not reuse any of these letters.
"""

from __future__ import annotations

import re
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


@dataclass(frozen=True)
class ForgetCallback:
    token: str  # the one-time token of a /vergeetmij confirmation, or CANCEL


@dataclass(frozen=True)
class ConsentCallback:
    name: str  # a consent name, or ALL_CONSENTS
    given: bool


CANCEL = "no"
ALL_CONSENTS = "all"
# p: peer listing, n: peer notes (shared with the listing), r: reminders, a: all of them.
CONSENT_CODES = {"peer_listing": "p", "peer_notes": "n", "reminders": "r", ALL_CONSENTS: "a"}
_FORGET_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,16}")


@dataclass(frozen=True)
class ResumeCallback:
    """ "Ga verder" under a regional reminder: resume (or start) the scan."""


@dataclass(frozen=True)
class StaffCallback:
    area: str  # "b" /bericht, "p" /planning, "r" /regio
    action: str
    arg: str


STAFF_AREAS = ("b", "p", "r")
_STAFF_ACTION = re.compile(r"[a-z]{1,10}")
_STAFF_ARG = re.compile(r"[A-Za-z0-9_-]{0,40}")

Callback = (
    StepCallback | LanguageCallback | ForgetCallback | ConsentCallback | ResumeCallback
    | StaffCallback
)  # fmt: skip


def _checked(data: str) -> str:
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackTooLong(data)
    return data


def step_data(seq: int, option: str) -> str:
    return _checked(f"s|{seq}|{option}")


def language_data(locale: str) -> str:
    return _checked(f"l|{locale}")


def forget_data(token: str) -> str:
    return _checked(f"v|{token}")


def consent_data(name: str, given: bool) -> str:
    return _checked(f"c|{CONSENT_CODES[name]}|{int(given)}")


def resume_data() -> str:
    return "g|scan"


def staff_data(area: str, action: str, arg: str = "") -> str:
    if area not in STAFF_AREAS or not _STAFF_ACTION.fullmatch(action):
        raise ValueError(f"invalid staff button {area}|{action}")
    if not _STAFF_ARG.fullmatch(arg):
        raise ValueError(f"invalid staff button argument {arg!r}")
    return _checked(f"m|{area}|{action}|{arg}")


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
    if kind == "v" and (rest == CANCEL or _FORGET_TOKEN.fullmatch(rest)):
        return ForgetCallback(rest)
    if kind == "c":
        code, _, flag = rest.partition("|")
        names = {c: name for name, c in CONSENT_CODES.items()}
        if code in names and flag in ("0", "1") and (flag, code) != ("1", "a"):  # no "give all"
            return ConsentCallback(names[code], flag == "1")
    if kind == "g" and rest == "scan":
        return ResumeCallback()
    if kind == "m":
        parts = rest.split("|")
        if len(parts) == 3 and parts[0] in STAFF_AREAS and _STAFF_ACTION.fullmatch(parts[1]):
            return StaffCallback(*parts) if _STAFF_ARG.fullmatch(parts[2]) else None
    return None
