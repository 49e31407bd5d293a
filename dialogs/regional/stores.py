"""The stores the regional features need (the outbox's vocabulary: ``dialogs.regional.delivery``).

:class:`StaffDirectory` holds the staff roles (``storage.staff``). :class:`RegionShardStore`
keeps the region index on disk (``storage.region_files``): per region, users' entries in shards,
so a change to one user rewrites one small file. :class:`ScheduleStore` keeps the scheduled
reminders (``storage.schedule_file``).
"""

from __future__ import annotations

from typing import Any, Protocol

Rows = dict[str, dict[str, Any]]  # user id (as text) -> the user's entry as JSON


class StaffDirectory(Protocol):
    """Where staff records live (``storage.staff.StaffStore``)."""

    def get(self, user_id: int) -> dict[str, Any] | None: ...


class RegionShardStore(Protocol):
    def exists(self) -> bool:
        """Whether the index was built (else the core rebuilds it)."""

    def regions(self) -> list[str]: ...

    def read(self, region: str) -> Rows:
        """Every user's entry in ``region``; ``CorruptStoreError`` when damaged."""

    def shard_of(self, user_id: int | str) -> int:
        """The shard a user's entry lives in."""

    def write_shard(self, region: str, user_id: int, users: Rows) -> None:
        """Replace the shard of ``user_id`` with ``users`` (all in that shard)."""

    def replace_all(self, by_region: dict[str, Rows]) -> None: ...


class ScheduleStore(Protocol):
    def all(self) -> list[dict[str, Any]]:
        """Every schedule, oldest first."""

    def get(self, schedule_id: str) -> dict[str, Any] | None: ...

    def put(self, schedule: dict[str, Any]) -> None: ...

    def delete(self, schedule_id: str) -> bool: ...
