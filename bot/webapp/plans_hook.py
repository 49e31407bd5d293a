"""HOOK for verbeterplannen (improvement plans): the dashboard shows measures once they exist.

The plans feature is being built in parallel. When it lands, make :func:`plan_source` return
a :class:`PlanSource` that reads the plan store through the core (the one line to change);
until then it returns :data:`NO_PLANS`, which answers None, and the page leaves the two
sections out (``measures`` in ``/api/regions/<VR>``, ``plan`` in ``/api/own``). The dashboard
needs only these two questions answered:

* :meth:`PlanSource.region_measures`: per knelpunt (content order) how many measures are open
  and completed in the region, counted over municipalities, never naming one without consent;
* :meth:`PlanSource.own_plan`: the coordinator's own plan, as short lines to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from dialogs.texts import Text

if TYPE_CHECKING:
    from regiescan.wiring.services import Services


@dataclass(frozen=True)
class KnelpuntMeasures:
    knelpunt: str
    open: int
    completed: int


class PlanSource(Protocol):
    def region_measures(self, region: str) -> list[KnelpuntMeasures] | None: ...

    def own_plan(self, user_id: int) -> list[Text] | None: ...


class _NoPlans:
    def region_measures(self, region: str) -> list[KnelpuntMeasures] | None:
        return None

    def own_plan(self, user_id: int) -> list[Text] | None:
        return None


NO_PLANS: PlanSource = _NoPlans()


def plan_source(services: Services) -> PlanSource:
    """HOOK: the verbeterplannen feature's PlanSource goes here (e.g. ``services.plans``)."""
    return NO_PLANS
