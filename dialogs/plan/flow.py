"""The plan dialogue's moves: going to a screen (saved first), and the steps shared by
several screens. :class:`dialogs.plan.dialog.PlanDialog` builds on it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from dialogs.model import User
from dialogs.plan.document import MAX_TITLE, Measure, PlanDocument
from dialogs.plan.proposals import Proposal
from dialogs.plan.service import PlanService
from dialogs.plan.service import check_title as check
from dialogs.plan.view import names, render_step
from dialogs.results.diagnosis import Diagnosis
from dialogs.scan.steps import Outcome, Step
from dialogs.texts import Date, Text, text

GONE = text("Die maatregel staat niet meer in uw plan.")


class PlanFlow:
    """Moves between the plan's screens; every move is saved before it is shown."""

    def __init__(
        self,
        plans: PlanService,
        user_of: Callable[[int], User | None],
        diagnose: Callable[[User], Diagnosis | None],
    ) -> None:
        self.plans = plans
        self.user_of = user_of
        self.diagnose = diagnose

    # --- helpers -------------------------------------------------------------------------------
    def _set_due(self, doc: PlanDocument, user: User | None, m: Measure, due: date) -> Outcome:
        self.plans.set_due(m, due)
        after = doc.screen.get("after") or {"kind": "overview"}
        notice = text("Datum vastgelegd: {date}.", date=Date(due.isoformat()))
        return self._go(doc, user, after, notices=[notice])

    def _after_owner(self, doc: PlanDocument, user: User | None) -> Outcome:
        screen = dict(doc.screen, kind="ask_date")
        screen.pop("flow", None)
        return self._go(doc, user, screen)

    def _cancel(self, doc: PlanDocument, user: User | None) -> Outcome:
        after = doc.screen.get("after") or {"kind": "overview"}
        if "measure" in doc.screen and doc.find(str(doc.screen["measure"])) is not None:
            after = {"kind": "measure", "measure": doc.screen["measure"]}
        return self._go(doc, user, after, notices=[text("Niets gewijzigd.")])

    def _adopt(
        self, doc: PlanDocument, user: User | None, p: Proposal, title: str | None = None
    ) -> Measure:
        if title is not None:
            return self.plans.new_measure(doc, user, p.knelpunt, p.origin(), title=check(title))
        if p.kind == "advice":
            return self.plans.new_measure(doc, user, p.knelpunt, p.origin(), proposal=p.title)
        name = self._names().get(p.gemeente or "", p.gemeente or "")
        peer_title = f"{name}: {p.title}"  # the register allows longer titles than a plan
        if len(peer_title) > MAX_TITLE:
            peer_title = peer_title[: MAX_TITLE - 1].rstrip() + "…"
        return self.plans.new_measure(doc, user, p.knelpunt, p.origin(), title=peer_title)

    def _open(self, doc: PlanDocument, user: User | None, measure_id: str) -> Outcome:
        if doc.find(measure_id) is None:
            return self._go(doc, user, {"kind": "overview"}, notices=[GONE])
        return self._go(doc, user, {"kind": "measure", "measure": measure_id})

    def _begin_proposals(self, doc: PlanDocument, user: User | None) -> Outcome:
        diagnosis = self.diagnose(user) if user else None
        doc.proposals = [p.to_doc() for p in self.plans.proposals(doc, diagnosis)]
        self.plans.ensure_plan(doc, user)
        if not doc.proposals:
            notice = text("Er zijn geen nieuwe voorstellen; u kunt eigen maatregelen toevoegen.")
            return self._go(doc, user, {"kind": "overview"}, notices=[notice])
        return self._go(doc, user, {"kind": "proposal", "index": 0})

    def _go(
        self,
        doc: PlanDocument,
        user: User | None,
        screen: dict[str, Any],
        notices: list[Text] | None = None,
    ) -> Outcome:
        if screen.get("kind") == "proposal" and int(screen.get("index", 0)) >= len(doc.proposals):
            screen = {"kind": "overview"}
        doc.screen = dict(screen)
        doc.seq += 1
        self.plans.save(doc)  # on disk before anything is shown
        return self._outcome(doc, user, saved=True, notices=notices)

    def _outcome(
        self,
        doc: PlanDocument,
        user: User | None,
        *,
        saved: bool,
        notices: list[Text] | None = None,
        stale: bool = False,
        screen: dict[str, Any] | None = None,
    ) -> Outcome:
        step = self._step(doc, user, screen or doc.screen)
        locale = user.locale if user else "nl"
        return Outcome(step, list(notices or []), saved=saved, stale=stale, locale=locale)

    def _names(self) -> dict[str, str]:
        return names(self.plans.registry)

    def _step(self, doc: PlanDocument, user: User | None, screen: dict[str, Any]) -> Step:
        return render_step(self.plans, self.diagnose, doc, user, screen)
