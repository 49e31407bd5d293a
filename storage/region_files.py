"""The region index on disk: one small JSON file per veiligheidsregio.

Layout::

    index/            0700 (its existence means "the index was built")
      VR21.json       0600 {"schema": 1, "region": "VR21", "users": {"<user_id>": {...entry...}}}

Every file is replaced whole and atomically (:func:`storage.atomic.atomic_write_bytes`), so a
crash leaves the old or the new version. The index is derived data: ``regiescan index rebuild``
recreates it from the user files, and a damaged file is reported as :class:`CorruptStoreError`
so the caller can rebuild.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from storage.atomic import atomic_write_bytes, dumps_json, ensure_dir, remove_temp_files
from storage.errors import CorruptStoreError

INDEX_DIR = "index"
SCHEMA = 1
REGION_CODE = re.compile(r"VR[0-9]{2}")


class RegionFiles:
    """Reads and writes ``<data_dir>/index/<VR>.json``."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / INDEX_DIR

    def exists(self) -> bool:
        return self.root.is_dir()

    def path_for(self, region: str) -> Path:
        if not REGION_CODE.fullmatch(region):
            raise ValueError(f"not a veiligheidsregio code: {region!r}")
        return self.root / f"{region}.json"

    def regions(self) -> list[str]:
        """The regions with an index file, sorted."""
        if not self.exists():
            return []
        return sorted(
            p.stem
            for p in self.root.iterdir()
            if p.suffix == ".json" and REGION_CODE.fullmatch(p.stem)
        )

    def read(self, region: str) -> dict[str, dict[str, Any]]:
        """user id (as str) -> entry, for one region; empty when there is no file."""
        path = self.path_for(region)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return {}
        try:
            doc = json.loads(raw)
        except ValueError as exc:
            raise CorruptStoreError(path, f"not valid JSON ({exc})") from exc
        users = doc.get("users") if isinstance(doc, dict) else None
        if not isinstance(users, dict) or doc.get("region") != region:
            raise CorruptStoreError(path, "not a region index file")
        return users

    def write(self, region: str, users: dict[str, dict[str, Any]]) -> None:
        payload = dumps_json({"schema": SCHEMA, "region": region, "users": users})
        ensure_dir(self.root)
        atomic_write_bytes(self.path_for(region), payload)

    def replace_all(self, by_region: dict[str, dict[str, dict[str, Any]]]) -> None:
        """Make the index exactly ``by_region`` (files of regions not in it are emptied)."""
        ensure_dir(self.root)
        remove_temp_files(self.root)
        for region in sorted(set(self.regions()) | set(by_region)):
            self.write(region, by_region.get(region, {}))
