"""The verbeterplan as the collegiale toets sees it: where a recommendation becomes a measure
(:class:`dialogs.toets.store.MeasureSink`) and what of the plan a team may be shown
(:class:`dialogs.toets.store.PlanSource`)."""

from __future__ import annotations

from typing import Any

from dialogs.peers.contacts import Refused
from dialogs.plan.document import MAX_TITLE
from dialogs.plan.service import PlanError, PlanService


class PlanMeasures:
    """``MeasureSink`` on the verbeterplan: the recommendation becomes a planned measure."""

    def __init__(self, plans: PlanService) -> None:
        self.plans = plans

    def add_measure(self, user_id: int, knelpunt: str, title: str, origin: dict[str, Any]) -> str:
        plan_origin = {
            "kind": "toets",
            "toets_id": origin.get("toets"),
            "recommendation": origin.get("recommendation"),
        }
        try:
            measure = self.plans.add_measure(user_id, knelpunt, shorten(title), plan_origin)
        except PlanError as refused:
            raise Refused(refused.notice) from None
        return measure.id


class PlanTitles:
    """``PlanSource`` on the verbeterplan: the titles of the current plan's measures (a
    snapshot for the team, so plain strings)."""

    def __init__(self, plans: PlanService) -> None:
        self.plans = plans

    def plan_for(self, user_id: int) -> list[str] | None:
        plan = self.plans.document(user_id).current
        if plan is None:
            return None
        # A proposal adopted unedited has no typed title: its msgid is the Dutch title.
        titles = [title for m in plan.measures if (title := m.title or m.proposal)]
        return titles or None


def shorten(title: str, limit: int = MAX_TITLE) -> str:
    """A recommendation can be longer than a measure's title: cut at a word, marked with …"""
    words = " ".join(title.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
