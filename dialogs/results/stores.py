"""The store the results need: the index of each user's latest finished scan, per region.

Implemented by :class:`storage.finished_index.FinishedScanIndex`. It is derived data: the core
rebuilds it from the user documents (:meth:`dialogs.results.service.Results.rebuild_index`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

FinishedEntry = dict[str, Any]  # {"user_id", "gemeente", "finished", "scores", "demo", "peer"}


class FinishedScanStore(Protocol):
    def put(self, region: str, entry: FinishedEntry) -> None:
        """Store ``entry`` for its user in ``region`` (written only when it changed)."""

    def remove(self, user_id: int, regions: Iterable[str] | None = None) -> None:
        """Drop the user's entry from ``regions`` (every region when None)."""

    def regions(self) -> list[str]: ...

    def entries(self, region: str | None = None) -> Iterator[FinishedEntry]: ...

    def replace_all(self, by_region: dict[str, list[FinishedEntry]]) -> None:
        """Write the whole index anew; regions not given become empty."""
