"""What the toets room needs from storage, and the sinks it hands results to."""

from __future__ import annotations

from typing import Any, Protocol


class ToetsStore(Protocol):
    """One JSON document per toets, saved durably: ``put`` returns once it is on disk."""

    def get(self, toets_id: str) -> dict[str, Any] | None: ...

    def put(self, doc: dict[str, Any]) -> None: ...

    def delete(self, toets_id: str) -> None: ...

    def all(self) -> list[dict[str, Any]]: ...


class MeasureSink(Protocol):
    """Where a recommendation goes when the municipality turns it into a measure.

    The verbeterplan implements this (``PlanService.add_measure``); until it is wired in,
    :class:`KeptOnToets` keeps the measure on the toets itself. Returns a short reference of
    the new measure (stored on the recommendation), or raises ``Refused``.
    """

    def add_measure(
        self, user_id: int, knelpunt: str, title: str, origin: dict[str, Any]
    ) -> str: ...


class PlanSource(Protocol):
    """The inviter's verbeterplan, for the shared snapshot: measure titles, or None."""

    def plan_for(self, user_id: int) -> list[str] | None: ...


class KeptOnToets:
    """No verbeterplan yet: the measure is recorded on the toets's recommendation only."""

    def add_measure(self, user_id: int, knelpunt: str, title: str, origin: dict[str, Any]) -> str:
        return "toets"


class NoPlan:
    """No verbeterplan feature: nothing to share."""

    def plan_for(self, user_id: int) -> list[str] | None:
        return None
