"""The plan dialogue, for every front: events in, saved changes and the next screen out.

The position (``PlanDocument.screen``) is stored with the plan, so a restart continues on the
same screen, and every button carries the screen's sequence number: a button from an older
screen, a double tap or a measure removed meanwhile changes nothing and gets the current screen
with a short notice.
"""

from __future__ import annotations

from typing import Any

from dialogs.model import User
from dialogs.plan import screens
from dialogs.plan.dates import add_months, parse_due
from dialogs.plan.document import BEZIG, STATUSES, Measure, PlanDocument
from dialogs.plan.flow import GONE, PlanFlow
from dialogs.plan.proposals import Proposal
from dialogs.plan.service import PlanError
from dialogs.plan.service import check_title as check
from dialogs.scan.steps import Event, Outcome
from dialogs.texts import Text, text

STALE = text("Die knop hoort bij een eerder scherm. Hieronder staat het plan zoals het nu is.")
BUTTONS = text("Kies hieronder een knop.")


class PlanDialog(PlanFlow):
    """Turns events into changes of the plan document; saves before it answers."""

    # --- entry points --------------------------------------------------------------------
    def start(self, user_id: int) -> Outcome:
        """/plan and "Maak een verbeterplan": continue the plan, or start one from the
        diagnosis with proposals for the weak knelpunten."""
        doc = self.plans.document(user_id)
        user = self.user_of(user_id)
        if doc.current is None and not (user and user.finished):
            return self._outcome(doc, user, saved=False, screen={"kind": "none"})
        if self.plans.needs_new_plan(doc, user):
            assert doc.current is not None and user is not None
            if doc.current.open_measures():
                return self._go(doc, user, {"kind": "carry"})
            self.plans.new_plan(doc, user, carry=False)
        if doc.current is None or not doc.current.measures:
            return self._begin_proposals(doc, user)
        return self._go(doc, user, {"kind": "overview"})

    def show(self, user_id: int) -> Outcome:
        doc = self.plans.document(user_id)
        return self._outcome(doc, self.user_of(user_id), saved=False)

    def handle(self, user_id: int, event: Event) -> Outcome:
        doc = self.plans.document(user_id)
        user = self.user_of(user_id)
        kind = doc.screen.get("kind", "none")
        if event.kind == "choice":
            if event.seq != doc.seq and kind == "closed":  # a button of a closed plan screen
                outcome = self._go(doc, user, {"kind": "overview"}, notices=[STALE])
                outcome.stale = True
                return outcome
            if event.seq != doc.seq:
                return self._outcome(doc, user, saved=False, notices=[STALE], stale=True)
            handler = getattr(self, f"_on_{kind}", None)
            if handler is None:
                return self._outcome(doc, user, saved=False, notices=[STALE], stale=True)
            result: Outcome = handler(doc, user, event.value)
            return result
        if event.kind == "text" and kind in ("ask_title", "ask_owner", "ask_date"):
            typed: Outcome = getattr(self, f"_typed_{kind}")(doc, user, event.value)
            return typed
        return self._outcome(doc, user, saved=False, notices=[BUTTONS])

    def is_active(self, user_id: int) -> bool:
        """Whether a plan screen is open: typed text is then meant for the plan."""
        return self.plans.document(user_id).screen.get("kind") not in (None, "none", "closed")

    def release(self, user_id: int) -> None:
        """The user went elsewhere (another command or button): the plan's screen closes, so
        typed text goes to the scan again. /plan opens the plan where it stands."""
        doc = self.plans.document(user_id)
        if doc.screen.get("kind") not in (None, "none", "closed"):
            doc.screen = {"kind": "closed"}
            doc.seq += 1
            self.plans.save(doc, by_user=False)

    def reminder_answer(self, user_id: int, measure_id: str, action: str) -> Outcome:
        """A button under a reminder: afgerond, nog bezig (then a new date) or vervallen."""
        doc = self.plans.document(user_id)
        user = self.user_of(user_id)
        m = doc.find(measure_id)
        if m is None:
            return self._go(doc, user, {"kind": "overview"}, notices=[GONE])
        if action == BEZIG:
            self.plans.set_status(m, BEZIG)
            screen = {"kind": "ask_date", "measure": m.id, "after": {"kind": "overview"}}
            return self._go(doc, user, screen)
        if action not in STATUSES:
            return self._go(doc, user, {"kind": "overview"}, notices=[BUTTONS])
        self.plans.set_status(m, action)
        return self._go(doc, user, {"kind": "overview"}, notices=[_status_notice(m)])

    # --- screens ---------------------------------------------------------------------------
    def _on_overview(self, doc: PlanDocument, user: User | None, value: str) -> Outcome:
        if value.startswith("m:"):
            return self._open(doc, user, value[2:])
        if value == "new":
            return self._go(doc, user, {"kind": "knelpunt"})
        if value == "prop":
            return self._begin_proposals(doc, user)
        if value == "newplan" and self.plans.needs_new_plan(doc, user):
            return self.start(doc.user_id)
        if value == "close":
            return self._go(doc, user, {"kind": "closed"})
        return self._outcome(doc, user, saved=False, notices=[STALE], stale=True)

    def _on_closed(self, doc: PlanDocument, user: User | None, value: str) -> Outcome:
        return self._go(doc, user, {"kind": "overview"})

    def _on_carry(self, doc: PlanDocument, user: User | None, value: str) -> Outcome:
        if value == "cancel" or user is None:
            return self._go(doc, user, {"kind": "overview"})
        carried = value == "carry:all"
        self.plans.new_plan(doc, user, carry=carried)
        return self._begin_proposals(doc, user)

    def _on_proposal(self, doc: PlanDocument, user: User | None, value: str) -> Outcome:
        index = int(doc.screen.get("index", 0))
        if index >= len(doc.proposals):
            return self._go(doc, user, {"kind": "overview"})
        p = Proposal.from_doc(doc.proposals[index])
        after = {"kind": "proposal", "index": index + 1}
        if value == "adopt":
            try:
                m = self._adopt(doc, user, p)
            except PlanError as exc:
                return self._go(doc, user, {"kind": "overview"}, notices=[exc.notice])
            screen = {"kind": "ask_owner", "measure": m.id, "flow": "new", "after": after}
            return self._go(doc, user, screen, notices=[text("Overgenomen in uw plan.")])
        if value == "edit":
            return self._go(doc, user, {"kind": "ask_title", "proposal": index, "after": after})
        if value == "skip":
            return self._go(doc, user, after)
        if value == "stop":
            return self._go(doc, user, {"kind": "overview"})
        return self._outcome(doc, user, saved=False, notices=[STALE], stale=True)

    def _on_measure(self, doc: PlanDocument, user: User | None, value: str) -> Outcome:
        m = doc.find(str(doc.screen.get("measure")))
        if m is None:
            return self._go(doc, user, {"kind": "overview"}, notices=[GONE])
        back = {"kind": "measure", "measure": m.id}
        if value.startswith("st:") and value[3:] in STATUSES:
            self.plans.set_status(m, value[3:])
            return self._go(doc, user, back, notices=[_status_notice(m)])
        if value == "date":
            return self._go(doc, user, {"kind": "ask_date", "measure": m.id, "after": back})
        if value == "owner":
            return self._go(doc, user, {"kind": "ask_owner", "measure": m.id, "after": back})
        if value == "title":
            return self._go(doc, user, {"kind": "ask_title", "measure": m.id, "after": back})
        if value == "remove":
            return self._go(doc, user, {"kind": "remove", "measure": m.id})
        if value == "back":
            return self._go(doc, user, {"kind": "overview"})
        return self._outcome(doc, user, saved=False, notices=[STALE], stale=True)

    def _on_remove(self, doc: PlanDocument, user: User | None, value: str) -> Outcome:
        measure_id = str(doc.screen.get("measure"))
        if value == "rm:yes":
            if not self.plans.remove(doc, measure_id):
                return self._go(doc, user, {"kind": "overview"}, notices=[GONE])
            notice = text("De maatregel is uit uw plan verwijderd.")
            return self._go(doc, user, {"kind": "overview"}, notices=[notice])
        return self._open(doc, user, measure_id)

    def _on_knelpunt(self, doc: PlanDocument, user: User | None, value: str) -> Outcome:
        if value.startswith("k:") and value[2:] in {k.id for k in self.plans.content.knelpunten}:
            screen = {"kind": "ask_title", "knelpunt": value[2:], "after": {"kind": "overview"}}
            return self._go(doc, user, screen)
        return self._go(doc, user, {"kind": "overview"})

    def _on_ask_title(self, doc: PlanDocument, user: User | None, value: str) -> Outcome:
        return self._cancel(doc, user)

    def _on_ask_owner(self, doc: PlanDocument, user: User | None, value: str) -> Outcome:
        if value == "noowner" and doc.screen.get("flow") == "new":
            return self._after_owner(doc, user)
        if value == "noowner":
            return self._go(doc, user, doc.screen.get("after") or {"kind": "overview"})
        return self._cancel(doc, user)

    def _on_ask_date(self, doc: PlanDocument, user: User | None, value: str) -> Outcome:
        m = doc.find(str(doc.screen.get("measure")))
        if value.startswith("d:") and value[2:].isdigit() and m is not None:
            return self._set_due(doc, user, m, add_months(self.plans.today(), int(value[2:])))
        return self._cancel(doc, user)

    # --- typed text ------------------------------------------------------------------------
    def _typed_ask_title(self, doc: PlanDocument, user: User | None, typed: str) -> Outcome:
        screen = doc.screen
        after = screen.get("after") or {"kind": "overview"}
        try:
            if "measure" in screen:
                m = doc.find(str(screen["measure"]))
                if m is None:
                    return self._go(doc, user, {"kind": "overview"}, notices=[GONE])
                self.plans.set_title(m, typed)
                return self._go(doc, user, after, notices=[text("De titel is gewijzigd.")])
            if "proposal" in screen:
                p = Proposal.from_doc(doc.proposals[int(screen["proposal"])])
                m = self._adopt(doc, user, p, title=typed)
            else:
                origin: dict[str, Any] = {"kind": "own"}
                m = self.plans.new_measure(
                    doc, user, str(screen.get("knelpunt")), origin, title=check(typed)
                )
        except PlanError as exc:
            return self._outcome(doc, user, saved=False, notices=[exc.notice])
        screen = {"kind": "ask_owner", "measure": m.id, "flow": "new", "after": after}
        return self._go(doc, user, screen, notices=[text("De maatregel staat in uw plan.")])

    def _typed_ask_owner(self, doc: PlanDocument, user: User | None, typed: str) -> Outcome:
        m = doc.find(str(doc.screen.get("measure")))
        if m is None:
            return self._go(doc, user, {"kind": "overview"}, notices=[GONE])
        try:
            self.plans.set_owner(m, typed)
        except PlanError as exc:
            return self._outcome(doc, user, saved=False, notices=[exc.notice])
        if doc.screen.get("flow") == "new":
            return self._after_owner(doc, user)
        after = doc.screen.get("after") or {"kind": "overview"}
        return self._go(doc, user, after, notices=[text("De trekker is gewijzigd.")])

    def _typed_ask_date(self, doc: PlanDocument, user: User | None, typed: str) -> Outcome:
        m = doc.find(str(doc.screen.get("measure")))
        if m is None:
            return self._go(doc, user, {"kind": "overview"}, notices=[GONE])
        found = parse_due(typed, self.plans.today())
        if isinstance(found, Text):
            return self._outcome(doc, user, saved=False, notices=[found])
        return self._set_due(doc, user, m, found)


def _status_notice(m: Measure) -> Text:
    return text(
        "Status van “{title}”: {status}.",
        title=m.title_text(),
        status=text(screens.STATUS_LABELS[m.status]),
    )
