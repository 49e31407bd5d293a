"""What the plan needs from storage: one JSON document per coordinator."""

from __future__ import annotations

from typing import Any, Protocol


class PlanStore(Protocol):
    """Plan documents by user id. ``save`` returns only once the document is durable."""

    def load(self, user_id: int) -> dict[str, Any] | None: ...

    def save(self, user_id: int, doc: dict[str, Any]) -> None: ...

    def delete(self, user_id: int) -> bool: ...

    def user_ids(self) -> list[int]: ...
