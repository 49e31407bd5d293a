"""Callback data of the collegiale toets.

``r|new`` organise a toets (under the diagnosis); ``i|<toets>|y|n`` answer an invitation;
``t|<toets>|<action>|<arg>`` every other toets button. The toets id is 10 hex digits, the
action one to two letters, the argument a user id, knelpunt, member index, recommendation id,
date or format. Buttons of the first version (``r|t|..``, ``r|go|..``, ``r|x|..``, ``i|<n>|..``)
parse as :data:`LEGACY` and are answered kindly. Every claim is checked by the core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.buttons.base import MAX_BYTES, CallbackTooLong

_TOETS = r"([0-9a-f]{10})"
_ARG = re.compile(r"[A-Za-z0-9_.-]{0,24}")
LEGACY = "legacy"


@dataclass(frozen=True)
class ToetsAction:
    action: str  # "new", "invite", LEGACY, or a t| action
    toets: str = ""
    arg: str = ""


_NEW = re.compile(r"^r\|new$")
_INVITE = re.compile(rf"^i\|{_TOETS}\|(y|n)$")
_ACTION = re.compile(rf"^t\|{_TOETS}\|([a-z]{{1,2}})\|([A-Za-z0-9_.-]{{0,24}})$")
_LEGACY = re.compile(r"^(r\|(t|go|x)\|[0-9|-]{1,42}|i\|[0-9]{1,20}\|(y|n))$")


def parse_toets(data: object) -> ToetsAction | None:
    if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
        return None
    if _NEW.match(data):
        return ToetsAction("new")
    if m := _INVITE.match(data):
        return ToetsAction("invite", m[1], m[2])
    if m := _ACTION.match(data):
        return ToetsAction(m[2], m[1], m[3])
    if _LEGACY.match(data):
        return ToetsAction(LEGACY)
    return None


def new_toets() -> str:
    return "r|new"


def invite(toets_id: str, yes: bool) -> str:
    return f"i|{toets_id}|{'y' if yes else 'n'}"


def act(toets_id: str, action: str, arg: str | int = "") -> str:
    value = str(arg)
    if not re.fullmatch(r"[a-z]{1,2}", action) or not _ARG.fullmatch(value):
        raise ValueError(f"invalid toets button {action}|{value}")
    data = f"t|{toets_id}|{action}|{value}"
    if len(data.encode()) > MAX_BYTES:
        raise CallbackTooLong(data)
    return data


KINDS = dict.fromkeys(("r", "i", "t"), parse_toets)
