"""Due dates typed the Dutch way: "15 maart", "15-03-2027", "over 6 weken", "eind Q2".

:func:`parse_due` returns a date after ``today`` or a :class:`~dialogs.texts.Text` that says
what is wrong, for the front to show before asking again. A date without a year is the next
one to come ("15 maart" in December is next March). English month names work too.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from dialogs.texts import Date, Text, text

MAX_YEARS_AHEAD = 5
QUICK_MONTHS = (1, 3, 6)  # the "over 1 / 3 / 6 maanden" buttons

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "february": 2,
    "maart": 3, "mrt": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "augustus": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
NUMBERS = {
    "een": 1, "één": 1, "a": 1, "an": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3,
    "vier": 4, "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7,
    "acht": 8, "eight": 8, "negen": 9, "nine": 9, "tien": 10, "ten": 10, "elf": 11,
    "eleven": 11, "twaalf": 12, "twelve": 12, "anderhalf": 1,
}  # fmt: skip
UNITS = {
    "dag": "days", "dagen": "days", "day": "days", "days": "days",
    "week": "weeks", "weken": "weeks", "weeks": "weeks",
    "maand": "months", "maanden": "months", "month": "months", "months": "months",
    "jaar": "years", "jaren": "years", "year": "years", "years": "years",
}  # fmt: skip

_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?")
_RELATIVE = re.compile(r"(?:over|in)\s+(\S+)\s+([a-z]+)")
_QUARTER = re.compile(
    r"(?:(?:eind|einde|end(?:\s+of)?)\s+)?(?:het\s+)?(?:q|kwartaal\s*)([1-4])(?:\s+(\d{4}))?"
)
_END_MONTH = re.compile(r"(?:eind|einde|end(?:\s+of)?)\s+([a-z]+)\.?(?:\s+(\d{4}))?")
_END_YEAR = re.compile(r"(?:eind|einde|end(?:\s+of)?)\s+(?:dit\s+jaar|this\s+year|(\d{4}))")

UNKNOWN = text(
    "Die datum herken ik niet. Typ bijvoorbeeld 15 maart, 15-03-2027, over 6 weken of eind Q2."
)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_due(typed: str, today: date) -> date | Text:
    """The due date meant by ``typed``, or what is wrong with it."""
    value = " ".join(typed.casefold().replace(",", " ").split())
    found = _parse(value, today)
    if isinstance(found, Text):
        return found
    return check_due(found, today)


def check_due(day: date, today: date) -> date | Text:
    """``day`` if it can be a due date (after today, within five years), else why not."""
    if day <= today:
        return text(
            "{date} ligt niet in de toekomst. Kies een datum na vandaag.",
            date=Date(day.isoformat()),
        )
    if day > add_months(today, 12 * MAX_YEARS_AHEAD):
        return text("Dat is meer dan vijf jaar vooruit. Kies een datum binnen vijf jaar.")
    return day


def _parse(value: str, today: date) -> date | Text:
    if m := _ISO.fullmatch(value):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.fullmatch(value):
        year = m[3]
        if year is None:
            return _next(today, int(m[2]), int(m[1]))
        full = int(year) + (2000 if len(year) == 2 else 0)
        return _make(full, int(m[2]), int(m[1]))
    if m := _DAY_MONTH.fullmatch(value):
        month = MONTHS.get(m[2])
        if month is None:
            return UNKNOWN
        if m[3] is None:
            return _next(today, month, int(m[1]))
        return _make(int(m[3]), month, int(m[1]))
    if m := _RELATIVE.fullmatch(value):
        return _relative(m[1], m[2], today)
    if m := _QUARTER.fullmatch(value):
        quarter = int(m[1])
        year = int(m[2]) if m[2] else today.year
        end = month_end(year, quarter * 3)
        if m[2] is None and end <= today:
            end = month_end(year + 1, quarter * 3)
        return end
    if m := _END_YEAR.fullmatch(value):
        return date(int(m[1]) if m[1] else today.year, 12, 31)
    if m := _END_MONTH.fullmatch(value):
        month = MONTHS.get(m[1])
        if month is None:
            return UNKNOWN
        end = month_end(int(m[2]) if m[2] else today.year, month)
        if m[2] is None and end <= today:
            end = month_end(today.year + 1, month)
        return end
    if value in ("morgen", "tomorrow"):
        return today + timedelta(days=1)
    return UNKNOWN


def _relative(amount: str, unit: str, today: date) -> date | Text:
    n = int(amount) if amount.isdigit() else NUMBERS.get(amount)
    kind = UNITS.get(unit)
    if n is None or kind is None or n == 0:
        return UNKNOWN
    if n > 12 * 31 * MAX_YEARS_AHEAD:
        return text("Dat is meer dan vijf jaar vooruit. Kies een datum binnen vijf jaar.")
    if kind == "days":
        return today + timedelta(days=n)
    if kind == "weeks":
        return today + timedelta(weeks=n)
    if kind == "months":
        return add_months(today, n)
    return add_months(today, 12 * n)


def _make(year: int, month: int, day: int) -> date | Text:
    if not 1 <= month <= 12:
        return text("Een jaar heeft twaalf maanden; {month} is geen maand.", month=month)
    if year < 1900 or year > 9999:
        return UNKNOWN
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return text(
            "Die datum bestaat niet: {month_name} {year} heeft {days} dagen.",
            month_name=Date(date(year, month, 1).isoformat(), "MMMM"),
            year=str(year),
            days=last,
        )
    return date(year, month, day)


def _next(today: date, month: int, day: int) -> date | Text:
    """The next ``day``-``month`` after today (this year or the next)."""
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        found = _make(year, month, day)
        if isinstance(found, Text):
            if month == 2 and day == 29:
                continue  # the next leap year
            return found
        if found > today:
            return found
    return UNKNOWN
