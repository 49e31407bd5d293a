"""Buttons of the regional features: ``g|scan`` ("Ga verder" under a reminder: the core's scan
command) and ``m|<area>|<action>|<arg>`` staff buttons (area b: /bericht, p: /planning,
r: /regio). The role, the region and the draft are checked again on every tap."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.buttons.base import encode


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


def resume_data() -> str:
    return encode("g", "scan")


def staff_data(area: str, action: str, arg: str = "") -> str:
    if area not in STAFF_AREAS or not _STAFF_ACTION.fullmatch(action):
        raise ValueError(f"invalid staff button {area}|{action}")
    if not _STAFF_ARG.fullmatch(arg):
        raise ValueError(f"invalid staff button argument {arg!r}")
    return encode("m", area, action, arg)


def parse_resume(data: str) -> ResumeCallback | None:
    return ResumeCallback() if data == "g|scan" else None


def parse_staff(data: str) -> StaffCallback | None:
    parts = data.removeprefix("m|").split("|")
    if len(parts) == 3 and parts[0] in STAFF_AREAS and _STAFF_ACTION.fullmatch(parts[1]):
        return StaffCallback(*parts) if _STAFF_ARG.fullmatch(parts[2]) else None
    return None


KINDS = {"g": parse_resume, "m": parse_staff}
