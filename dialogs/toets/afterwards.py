"""The visit and what follows the judgement: the date, confirmations and the reminder the day
before; sending the report; measures from recommendations; sharing with the region; expiry
and the three-month follow-up. The jobs return what is due; the front tells the people.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dialogs.peers.contacts import Refused
from dialogs.regional.schedule_rules import ScheduleError, next_due, parse_rule
from dialogs.texts import text
from dialogs.toets.book import ToetsBook
from dialogs.toets.machine import QUIET_LIMIT
from dialogs.toets.model import (
    INVITED,
    JUDGING,
    OPEN_STATES,
    PREPARING,
    REPORTED,
    SETTLED,
    Toets,
)
from dialogs.toets.store import MeasureSink

REMIND_BEFORE = timedelta(days=1)
FOLLOW_UP_AFTER = timedelta(days=91)  # three months
DATE = "date"


class Afterwards:
    def __init__(self, book: ToetsBook, measures: MeasureSink) -> None:
        self.book = book
        self.measures = measures

    # --- the date ------------------------------------------------------------------------
    def ask_date(self, toets_id: str, user_id: int) -> Toets:
        toets = self.book.as_inviter(toets_id, user_id, (INVITED, PREPARING))
        toets.inviter_awaiting = {"kind": DATE}
        self.book.save(toets)
        return toets

    def set_date(self, toets: Toets, raw: str) -> Toets:
        """The typed moment of the visit or call; every member confirms it anew."""
        now = datetime.fromisoformat(self.book.now())
        try:
            rule = parse_rule("op " + raw.strip(), now)
            moment = next_due(rule, now) if rule["kind"] == "once" else None
        except ScheduleError as error:
            raise Refused(error.notice) from None
        if moment is None:
            raise Refused(
                text("Typ één moment, bijvoorbeeld '15 maart 14:00' of '15-03-2027 14:00'.")
            )
        toets.date = {"at": moment.isoformat(timespec="seconds"), "reminded": None}
        toets.inviter_awaiting = None
        for m in toets.members:
            m.date_ok = None
        self.book.save(toets)
        return toets

    def confirm_date(self, toets_id: str, user_id: int, at: str, yes: bool) -> Toets:
        toets, member = self.book.as_member(toets_id, user_id, (INVITED, PREPARING))
        compact = "".join(ch for ch in (toets.date or {}).get("at", "")[:16] if ch.isdigit())
        if not toets.date or compact != at:
            raise Refused(text("Deze datum is inmiddels gewijzigd. Er is niets gewijzigd."))
        member.date_ok = yes
        self.book.save(toets)
        return toets

    def reminders_due(self) -> list[Toets]:
        """Toetsen whose visit is within a day and not yet reminded; marked reminded."""
        now = datetime.fromisoformat(self.book.now())
        due = []
        for toets in self.book.all():
            date = toets.date or {}
            if toets.state not in (PREPARING, INVITED) or not date.get("at") or date["reminded"]:
                continue
            at = datetime.fromisoformat(date["at"])
            if now < at <= now + REMIND_BEFORE:
                date["reminded"] = now.isoformat(timespec="seconds")
                self.book.save(toets)
                due.append(toets)
        return due

    # --- the report ----------------------------------------------------------------------
    def send_report(self, toets_id: str, user_id: int) -> Toets:
        toets, _ = self.book.as_chair(toets_id, user_id, (SETTLED,))
        self.book.fire(toets, "report")
        return toets

    def share_with_region(self, toets_id: str, user_id: int, share: bool) -> Toets:
        toets = self.book.as_inviter(toets_id, user_id, (REPORTED,))
        toets.share_region = share
        self.book.save(toets)
        return toets

    def to_measure(self, toets_id: str, user_id: int, rec_id: str) -> dict[str, Any]:
        """One recommendation becomes a measure (in the verbeterplan, or kept on the toets)."""
        toets = self.book.as_inviter(toets_id, user_id, (REPORTED,))
        rec = next(
            (r for r in (toets.report or {}).get("recommendations", []) if r["id"] == rec_id), None
        )
        if rec is None:
            raise Refused(text("Deze aanbeveling bestaat niet (meer). Er is niets gewijzigd."))
        if rec.get("measure"):
            raise Refused(text("Van deze aanbeveling is al een maatregel gemaakt."))
        origin = {"kind": "toets", "toets": toets.id, "recommendation": rec_id}
        ref = self.measures.add_measure(user_id, rec["knelpunt"], rec["text"], origin)
        rec["measure"] = {"ref": ref, "at": self.book.now()}
        self.book.save(toets)
        return dict(rec)

    # --- jobs ----------------------------------------------------------------------------
    def expire_quiet(self) -> list[Toets]:
        """Open toetsen without a change for longer than their state allows: expired."""
        now = datetime.fromisoformat(self.book.now())
        expired = []
        for toets in self.book.all():
            if toets.state not in OPEN_STATES:
                continue
            quiet = now - datetime.fromisoformat(toets.updated)
            if quiet >= QUIET_LIMIT[toets.state] and self.book.fire(toets, "expire"):
                expired.append(toets)
        return expired

    def followups_due(self) -> list[Toets]:
        """Reported toetsen three months old without a follow-up; marked as followed up."""
        now = datetime.fromisoformat(self.book.now())
        due = []
        for toets in self.book.all():
            if toets.state != REPORTED or toets.followup:
                continue
            if now - datetime.fromisoformat(toets.state_since) >= FOLLOW_UP_AFTER:
                toets.followup = now.isoformat(timespec="seconds")
                self.book.save(toets)
                due.append(toets)
        return due


def running_counts(toetsen: list[Toets], codes: set[str]) -> dict[str, int]:
    """For staff: how many toetsen of the region's municipalities run and ran. No content."""
    counts = {"running": 0, "reported": 0}
    for toets in toetsen:
        if toets.gemeente not in codes:
            continue
        if toets.state in (INVITED, PREPARING, JUDGING, SETTLED):
            counts["running"] += 1
        elif toets.state == REPORTED:
            counts["reported"] += 1
    return counts
