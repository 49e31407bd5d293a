"""Rendering the plan dialogue's stored position as a step (see :mod:`dialogs.plan.screens`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dialogs.model import User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.plan import screens
from dialogs.plan.document import PlanDocument
from dialogs.plan.proposals import Proposal
from dialogs.plan.service import PlanService
from dialogs.results.diagnosis import Diagnosis
from dialogs.scan.steps import Step


def names(registry: MunicipalityRegistry) -> dict[str, str]:
    return {m.code: m.name for m in registry.all()}


def render_step(
    plans: PlanService,
    diagnose: Callable[[User], Diagnosis | None],
    doc: PlanDocument,
    user: User | None,
    screen: dict[str, Any],
) -> Step:
    """The screen ``screen`` of ``doc`` as a step (a missing measure shows the overview)."""
    kind = screen.get("kind", "none")
    content, today = plans.content, plans.today()
    m = doc.find(str(screen.get("measure"))) if "measure" in screen else None
    if kind == "proposal" and int(screen.get("index", 0)) < len(doc.proposals):
        index = int(screen.get("index", 0))
        p = Proposal.from_doc(doc.proposals[index])
        return screens.proposal(doc, p, index, len(doc.proposals), names(plans.registry))
    if kind == "measure" and m is not None:
        return screens.measure(doc, m, content, today)
    if kind == "remove" and m is not None:
        return screens.confirm_remove(doc, m)
    if kind == "ask_owner" and m is not None:
        return screens.ask_owner(doc, m.title_text())
    if kind == "ask_date" and m is not None:
        return screens.ask_date(doc, m.title_text())
    if kind == "ask_title" and "proposal" in screen:
        p = Proposal.from_doc(doc.proposals[int(screen["proposal"])])
        return screens.ask_title(doc, screens.proposal_title(p, names(plans.registry)))
    if kind == "ask_title":
        return screens.ask_title(doc, m.title_text() if m else None)
    if kind == "knelpunt":
        return screens.choose_knelpunt(doc, content)
    if kind == "carry" and doc.current is not None:
        return screens.carry(doc, len(doc.current.open_measures()))
    if kind == "closed":
        return screens.closed(doc)
    if kind == "none" or (doc.current is None and not (user and user.finished)):
        return screens.no_scan(doc)
    return screens.overview(
        doc,
        content,
        plans.municipality(doc, user),
        today,
        proposals_left=len(plans.proposals(doc, diagnose(user) if user else None)),
        new_scan=plans.needs_new_plan(doc, user),
    )
