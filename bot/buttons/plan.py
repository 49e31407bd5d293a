"""Callback data of the verbeterplan buttons (kind ``n``).

``n|<seq>|<option>`` a button of a plan screen (the sequence number recognises a button from
an older screen); ``n|r|<measure id>|<a|b|v>`` an answer under a reminder (afgerond, nog bezig,
vervallen); ``n|go`` "Maak een verbeterplan" / "Open het plan"; ``n|e|<pdf|md|json>`` the plan
alone as a document (under /export). Everything in the data is a claim: the handler looks the
measure up in the sender's own plan and the core checks the step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.buttons.base import MAX_BYTES, CallbackTooLong
from dialogs.plan.document import AFGEROND, BEZIG, VERVALLEN
from regiescan.renderers.formats import SCAN_FORMATS

REMINDER_ACTIONS = {"a": AFGEROND, "b": BEZIG, "v": VERVALLEN}
_STEP = re.compile(r"^n\|([0-9]{1,9})\|([a-z]{1,8}(?::[a-z0-9_]{1,20})?)$")
_REMINDER = re.compile(r"^n\|r\|([0-9a-f]{6})\|([abv])$")
_EXPORT = re.compile(rf"^n\|e\|({'|'.join(SCAN_FORMATS)})$")


@dataclass(frozen=True)
class PlanButton:
    kind: str  # step, reminder, start, export
    seq: int = 0
    option: str = ""  # a step's option id, or a reminder's status
    measure: str = ""


def _checked(data: str) -> str:
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackTooLong(data)
    return data


def step(seq: int, option: str) -> str:
    data = _checked(f"n|{seq}|{option}")
    if not _STEP.match(data):
        raise ValueError(f"invalid plan option {option!r}")
    return data


def reminder(measure_id: str, status: str) -> str:
    code = next(c for c, s in REMINDER_ACTIONS.items() if s == status)
    return _checked(f"n|r|{measure_id}|{code}")


def start() -> str:
    return "n|go"


def export(fmt: str) -> str:
    if fmt not in SCAN_FORMATS:
        raise ValueError(fmt)
    return f"n|e|{fmt}"


def parse_plan(data: object) -> PlanButton | None:
    """The plan button named by ``data``, or None for anything malformed or forged."""
    if not isinstance(data, str) or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    if data == "n|go":
        return PlanButton("start")
    if m := _EXPORT.match(data):
        return PlanButton("export", option=m[1])
    if m := _REMINDER.match(data):
        return PlanButton("reminder", option=REMINDER_ACTIONS[m[2]], measure=m[1])
    if m := _STEP.match(data):
        return PlanButton("step", seq=int(m[1]), option=m[2])
    return None


KINDS = {"n": parse_plan}
