"""Follow-up reminders: what is due for one plan document on a given day.

* ``week``: seven days before an open measure's due date (until the day before it).
* ``due``: on the due date or after it, while the measure is open ("Is 'X' gelukt?").
* ``month``: an overview every :data:`OVERVIEW_DAYS` days while measures are open, the first one
  that long after the plan was made.

A reminder is recorded in the measure's ``reminded`` list (key ``<kind>:<due date>``) before it
is sent: a new date brings new reminders, and a reminder missed while the bot was down goes out
once at the next check. When both would go out (the bot was down over the whole week), only the
``due`` one does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dialogs.plan.document import PlanDocument

WEEK_BEFORE = 7
OVERVIEW_DAYS = 30


@dataclass(frozen=True)
class Reminder:
    kind: str  # week, due, month
    measure: str | None = None  # the measure id (None for the monthly overview)
    due: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.due}"


def pending(doc: PlanDocument, today: date) -> list[Reminder]:
    """The reminders that should go out for ``doc`` today, oldest due date first."""
    plan = doc.current
    if plan is None:
        return []
    found: list[Reminder] = []
    for m in sorted(plan.open_measures(), key=lambda m: m.due or "~"):
        if m.due is None:
            continue
        due = date.fromisoformat(m.due)
        if today >= due:
            reminder = Reminder("due", m.id, m.due)
        elif today >= due - timedelta(days=WEEK_BEFORE):
            reminder = Reminder("week", m.id, m.due)
        else:
            continue
        if reminder.key not in m.reminded and not (
            reminder.kind == "week" and f"due:{m.due}" in m.reminded
        ):
            found.append(reminder)
    if plan.open_measures() and _overview_due(doc, today):
        found.append(Reminder("month"))
    return found


def _overview_due(doc: PlanDocument, today: date) -> bool:
    plan = doc.current
    assert plan is not None
    since = doc.overview_sent or plan.created
    return today >= datetime.fromisoformat(since).date() + timedelta(days=OVERVIEW_DAYS)


def mark(doc: PlanDocument, reminder: Reminder, now: str) -> None:
    """Record ``reminder`` as sent (before sending: never twice)."""
    if reminder.kind == "month":
        doc.overview_sent = now
        return
    m = doc.find(reminder.measure or "")
    if m is not None and reminder.key not in m.reminded:
        m.reminded.append(reminder.key)
        if reminder.kind == "due":  # the week reminder would be out of date now
            m.reminded.append(f"week:{reminder.due}")


def unmark(doc: PlanDocument, reminder: Reminder, previous_overview: str | None) -> None:
    """Undo :func:`mark` after a send that certainly failed (it is tried again later)."""
    if reminder.kind == "month":
        doc.overview_sent = previous_overview
        return
    m = doc.find(reminder.measure or "")
    if m is not None:
        m.reminded = [k for k in m.reminded if not k.endswith(f":{reminder.due}")]
