"""Buttons of the privacy features: ``v|<token>`` confirms /vergeetmij (a one-time token kept in
memory; ``v|no`` cancels) and ``c|<p|n|r|a>|<0|1>`` sets a consent (peer listing, peer notes,
reminders, all; "give all" does not exist)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.buttons.base import encode

CANCEL = "no"
ALL_CONSENTS = "all"
# p: peer listing, n: peer notes (shared with the listing), r: reminders, a: all of them.
CONSENT_CODES = {"peer_listing": "p", "peer_notes": "n", "reminders": "r", ALL_CONSENTS: "a"}
_FORGET_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,16}")


@dataclass(frozen=True)
class ForgetCallback:
    token: str  # the one-time token of a /vergeetmij confirmation, or CANCEL


@dataclass(frozen=True)
class ConsentCallback:
    name: str  # a consent name, or ALL_CONSENTS
    given: bool


def forget_data(token: str) -> str:
    return encode("v", token)


def consent_data(name: str, given: bool) -> str:
    return encode("c", CONSENT_CODES[name], int(given))


def parse_forget(data: str) -> ForgetCallback | None:
    rest = data.removeprefix("v|")
    return ForgetCallback(rest) if rest == CANCEL or _FORGET_TOKEN.fullmatch(rest) else None


def parse_consent(data: str) -> ConsentCallback | None:
    code, _, flag = data.removeprefix("c|").partition("|")
    names = {c: name for name, c in CONSENT_CODES.items()}
    if code in names and flag in ("0", "1") and (flag, code) != ("1", "a"):  # no "give all"
        return ConsentCallback(names[code], flag == "1")
    return None


KINDS = {"v": parse_forget, "c": parse_consent}
