"""When a scheduled reminder falls due: rules typed by staff, in Europe/Amsterdam time.

Rules (Dutch, with English equivalents)::

    elke maandag 09:00        every monday 9:00        {"kind": "weekly", "weekday": 0, ...}
    elke dag om 8.30          every day 08:30          {"kind": "daily", "time": "08:30"}
    op 15 januari 10:00       on 15 january 10:00      {"kind": "once", "date": "2027-01-15", ...}
    op 15-01-2027 10:00

A one-off without a year means the next 15 January. Moments are computed in Amsterdam wall
time (so "09:00" stays 09:00 across daylight saving) and stored in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.texts import N_, Date, Text, text, verbatim

TIMEZONE = "Europe/Amsterdam"
WEEKDAYS = (
    N_("maandag"),
    N_("dinsdag"),
    N_("woensdag"),
    N_("donderdag"),
    N_("vrijdag"),
    N_("zaterdag"),
    N_("zondag"),
)
_WEEKDAY_WORDS = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{
        name: i
        for i, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}
_MONTHS = {
    **{
        name: i
        for i, name in enumerate(
            (
                "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december",
            ),
            start=1,
        )
    },
    **{
        name: i
        for i, name in enumerate(
            (
                "january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december",
            ),
            start=1,
        )
    },
}  # fmt: skip
_TIME = r"(?:(?:om|at)\s+)?(\d{1,2})[:.](\d{2})(?:\s*uur)?"
_EVERY = re.compile(rf"^(?:elke|iedere|every)\s+([a-z]+)\s+{_TIME}$")
_ON_NAMED = re.compile(rf"^(?:op|on)\s+(\d{{1,2}})\s+([a-z]+)(?:\s+(\d{{4}}))?\s+{_TIME}$")
_ON_NUMERIC = re.compile(rf"^(?:op|on)\s+(\d{{1,2}})-(\d{{1,2}})(?:-(\d{{4}}))?\s+{_TIME}$")

Rule = dict[str, Any]


class ScheduleError(ValueError):
    """A rule that cannot be understood; ``notice`` says so to the staff member."""

    def __init__(self, notice: Text) -> None:
        super().__init__(notice.msgid)
        self.notice = notice


def amsterdam() -> ZoneInfo:
    return ZoneInfo(TIMEZONE)


def _clock(hours: str, minutes: str) -> str:
    h, m = int(hours), int(minutes)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ScheduleError(text("Dat tijdstip bestaat niet. Gebruik bijvoorbeeld 09:00."))
    return f"{h:02d}:{m:02d}"


def parse_rule(raw: str, now: datetime) -> Rule:
    """The rule typed as ``raw``; raises :class:`ScheduleError` when it is not understood."""
    typed = " ".join(raw.strip().lower().split())
    if m := _EVERY.match(typed):
        clock = _clock(m[2], m[3])
        if m[1] in ("dag", "day"):
            return {"kind": "daily", "time": clock}
        if m[1] in _WEEKDAY_WORDS:
            return {"kind": "weekly", "weekday": _WEEKDAY_WORDS[m[1]], "time": clock}
    elif (m := _ON_NAMED.match(typed)) and m[2] in _MONTHS:
        return _once(int(m[1]), _MONTHS[m[2]], m[3], _clock(m[4], m[5]), now)
    elif m := _ON_NUMERIC.match(typed):
        return _once(int(m[1]), int(m[2]), m[3], _clock(m[4], m[5]), now)
    raise ScheduleError(
        text(
            "Dat begrijp ik niet. Typ bijvoorbeeld 'elke maandag 09:00', 'elke dag 08:30' of "
            "'op 15 januari 10:00'."
        )
    )


def _once(day: int, month: int, year: str | None, clock: str, now: datetime) -> Rule:
    local_now = now.astimezone(amsterdam())
    years = [int(year)] if year else [local_now.year, local_now.year + 1]
    for y in years:
        try:
            day_date = date(y, month, day)
        except ValueError:
            raise ScheduleError(text("Die datum bestaat niet.")) from None
        rule = {"kind": "once", "date": day_date.isoformat(), "time": clock}
        if _moment(day_date, clock) > now:
            return rule
    raise ScheduleError(text("Dat moment is al voorbij."))


def _moment(day: date, clock: str) -> datetime:
    hours, minutes = (int(x) for x in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=amsterdam()).astimezone(UTC)


def next_due(rule: Rule, after: datetime) -> datetime | None:
    """The first moment of ``rule`` strictly after ``after`` (UTC), or None when none is left."""
    if rule["kind"] == "once":
        moment = _moment(date.fromisoformat(rule["date"]), rule["time"])
        return moment if moment > after else None
    day = after.astimezone(amsterdam()).date()
    for offset in range(8):
        candidate = day + timedelta(days=offset)
        if rule["kind"] == "weekly" and candidate.weekday() != rule["weekday"]:
            continue
        moment = _moment(candidate, rule["time"])
        if moment > after:
            return moment
    raise ValueError(f"no next moment for rule {rule!r}")  # unreachable for valid rules


def describe(rule: Rule) -> Text:
    """The rule in words: "elke maandag om 09:00"."""
    clock = verbatim(rule["time"])
    if rule["kind"] == "weekly":
        return text("elke {weekday} om {time}", weekday=text(WEEKDAYS[rule["weekday"]]), time=clock)
    if rule["kind"] == "daily":
        return text("elke dag om {time}", time=clock)
    return text("op {date} om {time}", date=Date(rule["date"]), time=clock)


def moment_text(moment: datetime) -> Text:
    """A stored UTC moment in Amsterdam time: "9 maart 2026 om 09:00"."""
    local = moment.astimezone(amsterdam())
    return text(
        "{date} om {time}", date=Date(local.date().isoformat()), time=verbatim(f"{local:%H:%M}")
    )
