"""An index of each user's latest finished scan, one small JSON file per veiligheidsregio.

The diagnosis needs the other municipalities of a region (for the regional median) and the
peers need every coordinator who opted in; reading every user file for that would grow with
the number of users. This index holds one entry per user with a finished scan: the scan's
scores, municipality and date, and whether the user agreed to be shown as a peer. It changes
only when a scan is finished, a consent changes or a user is forgotten, so the save of an
ordinary answer never touches it. It is derived data: ``rebuild`` makes it anew from the
user files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from storage.atomic import atomic_write_bytes, dumps_json, ensure_dir
from storage.errors import CorruptStoreError

INDEX_DIR = "index/finished"
_REGION = re.compile(r"^VR[0-9]{2}$")

Entry = dict[str, Any]  # {"user_id", "gemeente", "finished", "scores", "demo", "peer"}


class FinishedScanIndex:
    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / INDEX_DIR

    def _path(self, region: str) -> Path:
        if not _REGION.match(region):
            raise ValueError(f"not a veiligheidsregio code: {region!r}")
        return self.root / f"{region}.json"

    def _read(self, region: str) -> dict[str, Entry]:
        path = self._path(region)
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return {}
        except ValueError as exc:
            raise CorruptStoreError(path, f"not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise CorruptStoreError(path, "not an index document")
        return data

    def _write(self, region: str, entries: dict[str, Entry]) -> None:
        ensure_dir(self.root)
        atomic_write_bytes(self._path(region), dumps_json(entries))

    def put(self, region: str, entry: Entry) -> None:
        """Store ``entry`` for its user in ``region`` (written only when it changed)."""
        entries = self._read(region)
        key = str(entry["user_id"])
        if entries.get(key) != entry:
            entries[key] = entry
            self._write(region, entries)

    def remove(self, user_id: int, regions: Iterable[str] | None = None) -> None:
        """Drop the user's entry from ``regions`` (every region when None)."""
        for region in regions if regions is not None else self.regions():
            entries = self._read(region)
            if entries.pop(str(user_id), None) is not None:
                self._write(region, entries)

    def regions(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.stem for p in self.root.glob("VR*.json") if _REGION.match(p.stem))

    def entries(self, region: str | None = None) -> Iterator[Entry]:
        for r in [region] if region else self.regions():
            yield from self._read(r).values()

    def replace_all(self, by_region: dict[str, list[Entry]]) -> None:
        """Write the whole index anew (after a rebuild); regions not given become empty."""
        for region in set(self.regions()) | set(by_region):
            self._write(region, {str(e["user_id"]): e for e in by_region.get(region, [])})


class FinishedIndexSource:
    """The index as a source of personal data (for /mijngegevens and /vergeetmij)."""

    name = "afgeronde-scans-index"

    def __init__(self, index: FinishedScanIndex) -> None:
        self.index = index

    def export(self, user_id: int) -> Any:
        found = [e for e in self.index.entries() if e["user_id"] == user_id]
        return found or None

    def erase(self, user_id: int) -> bool:
        existed = any(e["user_id"] == user_id for e in self.index.entries())
        self.index.remove(user_id)
        return existed
