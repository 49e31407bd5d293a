"""The collegiale toets as a service: what the fronts call.

Every method saves before it returns, so a front only confirms what is on disk. Methods are
synchronous and one toets is read, changed and written without an ``await`` in between, so two
members acting on the same toets at once (different user locks) cannot lose each other's input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dialogs.peers.contacts import Refused
from dialogs.results.service import Results
from dialogs.scan.content import Content
from dialogs.texts import text
from dialogs.toets.afterwards import DATE, Afterwards, running_counts
from dialogs.toets.book import ToetsBook
from dialogs.toets.judging import Judging
from dialogs.toets.model import ERASED, IN, REPORTED, RUNNING, SETTLED, Member, Toets
from dialogs.toets.store import KeptOnToets, MeasureSink, NoPlan, PlanSource, ToetsStore
from dialogs.toets.team import Team


class ToetsService:
    def __init__(
        self,
        store: ToetsStore,
        results: Results,
        content: Content,
        now: Callable[[], str],
        measures: MeasureSink | None = None,
        plan: PlanSource | None = None,
    ) -> None:
        self.book = ToetsBook(store, now)
        self.team = Team(self.book, results, content, plan or NoPlan())
        self.judging = Judging(self.book)
        self.after = Afterwards(self.book, measures or KeptOnToets())

    def mine(self, user_id: int) -> list[Toets]:
        """Toetsen the user organises or takes part in (not declined or erased), newest first."""
        found = [
            t
            for t in self.book.of_user(user_id)
            if t.inviter == user_id or t.member_of(user_id) is not None
        ]
        return sorted(found, key=lambda t: t.created, reverse=True)

    def awaiting_text(self, user_id: int) -> tuple[Toets, Member | None] | None:
        """The toets waiting for typed text from this user (as inviter: None), if any."""
        for toets in self.mine(user_id):
            if toets.inviter == user_id and toets.inviter_awaiting:
                return toets, None
            member = toets.member_of(user_id)
            active = member is not None and member.status == IN and toets.state in RUNNING
            if active and member is not None and member.awaiting:
                return toets, member
        return None

    def typed(self, user_id: int, raw: str) -> tuple[Toets, Member | None, str]:
        """Typed text where a toets asked for it: the date, an explanation, a recommendation."""
        found = self.awaiting_text(user_id)
        if found is None:
            raise Refused(text("Ik verwachtte hier geen tekst. Er is niets bewaard."))
        toets, member = found
        if member is None:
            if (toets.inviter_awaiting or {}).get("kind") == DATE:
                return self.after.set_date(toets, raw), None, DATE
            raise Refused(text("Ik verwachtte hier geen tekst. Er is niets bewaard."))
        kind = self.judging.typed(toets, member, raw)
        return toets, toets.members[member.index], kind

    def stop_typing(self, toets_id: str, user_id: int) -> Toets:
        toets = self.book.load(toets_id)
        if toets is None or not toets.involves(user_id):
            raise Refused(text("Deze toets kan ik niet vinden. Met /toets ziet u uw toetsen."))
        if toets.inviter == user_id:
            toets.inviter_awaiting = None
        member = toets.member_of(user_id)
        if member is not None:
            member.awaiting = None
        self.book.save(toets)
        return toets

    def region_counts(self, codes: set[str]) -> dict[str, int]:
        return running_counts(self.book.all(), codes)

    def shared_reports(self, codes: set[str]) -> list[Toets]:
        """Reports the municipality chose to share with its region."""
        return [
            t
            for t in self.book.all()
            if t.state == REPORTED and t.share_region and t.gemeente in codes
        ]

    # --- personal data -------------------------------------------------------------------
    def export(self, user_id: int) -> Any:
        found: list[dict[str, Any]] = []
        for toets in self.book.of_user(user_id):
            if toets.inviter == user_id:
                doc = toets.to_doc()
                for m in doc["members"]:
                    m.pop("token_hash", None)
                found.append({"rol": "organisator", "toets": doc})
            for m in toets.members:
                if m.user_id == user_id:
                    entry = m.to_doc()
                    entry.pop("token_hash", None)
                    found.append(
                        {
                            "rol": "teamlid",
                            "toets": toets.id,
                            "gemeente": toets.gemeente,
                            "status": toets.state,
                            "inbreng": entry,
                        }
                    )
        return found or None

    def erase(self, user_id: int) -> bool:
        """The inviter's toetsen go; a member's input goes and the report says "een teamlid"."""
        erased = False
        for toets in self.book.of_user(user_id):
            if toets.inviter == user_id:
                self.book.delete(toets.id)
                erased = True
                continue
            for m in toets.members:
                if m.user_id != user_id:
                    continue
                m.user_id, m.name, m.status, m.awaiting, m.cursor = None, None, ERASED, None, None
                m.judgements, m.recommendations, m.date_ok = {}, [], None
                if m.chair and toets.state not in (SETTLED, REPORTED):
                    m.chair = None
                for row in (toets.report or {}).get("team", []):
                    if row["index"] == m.index:
                        row["name"] = None
                self.book.save(toets)
                erased = True
        return erased


class ToetsSource:
    """The toetsen as a source of personal data (/mijngegevens, /vergeetmij, retention)."""

    name = "collegiale_toets"

    def __init__(self, service: ToetsService) -> None:
        self.service = service

    def export(self, user_id: int) -> Any:
        return self.service.export(user_id)

    def erase(self, user_id: int) -> bool:
        return self.service.erase(user_id)
