"""The region index on disk: per veiligheidsregio a folder of small JSON shard files.

Layout::

    index/            0700 (its existence means "the index was built")
      VR21/           0700
        007.json      0600 {"schema": 2, "region": "VR21", "users": {"<user_id>": {...}}}

A user's entry lives in shard ``abs(user_id) % SHARDS``. A change to one user rewrites only
that shard, so keeping the index current costs the same whether a region has 50 or 50,000
coordinators (one file per region made passing a knelpunt cost 50 ms and 848 KB at 100,000
users: bench/README.md). Every file is replaced whole and atomically
(:func:`storage.atomic.atomic_write_bytes`). The index is derived data: ``regiescan index
rebuild`` recreates it from the user files, and a damaged or old-layout file is reported as
:class:`CorruptStoreError` so the caller rebuilds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from storage.atomic import (
    atomic_write_bytes,
    dumps_json,
    ensure_dir,
    remove_temp_files,
    sync_all,
)
from storage.errors import CorruptStoreError

INDEX_DIR = "index"
SCHEMA = 2
SHARDS = 128
REGION_CODE = re.compile(r"VR[0-9]{2}")
_SHARD_FILE = re.compile(r"[0-9]{3}\.json")


def shard_of(user_id: int | str) -> int:
    return abs(int(user_id)) % SHARDS


class RegionFiles:
    """Reads and writes ``<data_dir>/index/<VR>/<shard>.json``
    (:class:`dialogs.regional.stores.RegionShardStore`)."""

    shard_of = staticmethod(shard_of)

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / INDEX_DIR

    def exists(self) -> bool:
        return self.root.is_dir()

    def _dir(self, region: str) -> Path:
        if not REGION_CODE.fullmatch(region):
            raise ValueError(f"not a veiligheidsregio code: {region!r}")
        return self.root / region

    def path_for(self, region: str, shard: int) -> Path:
        return self._dir(region) / f"{shard:03d}.json"

    def regions(self) -> list[str]:
        """The regions with index files, sorted; an old single-file layout is reported."""
        if not self.exists():
            return []
        for p in self.root.iterdir():
            if p.suffix == ".json" and REGION_CODE.fullmatch(p.stem):
                raise CorruptStoreError(p, "region index in the old one-file layout")
        return sorted(
            p.name for p in self.root.iterdir() if p.is_dir() and REGION_CODE.fullmatch(p.name)
        )

    def read(self, region: str) -> dict[str, dict[str, Any]]:
        """user id (as str) -> entry, for one region; empty when there are no files."""
        folder = self._dir(region)
        if not folder.is_dir():
            return {}
        users: dict[str, dict[str, Any]] = {}
        for path in sorted(folder.iterdir()):
            if _SHARD_FILE.fullmatch(path.name):
                users.update(self._read_shard(path, region))
        return users

    @staticmethod
    def _read_shard(path: Path, region: str) -> dict[str, dict[str, Any]]:
        try:
            doc = json.loads(path.read_bytes())
        except ValueError as exc:
            raise CorruptStoreError(path, f"not valid JSON ({exc})") from exc
        users = doc.get("users") if isinstance(doc, dict) else None
        if not isinstance(users, dict) or doc.get("region") != region:
            raise CorruptStoreError(path, "not a region index file")
        return users

    def write_shard(self, region: str, user_id: int, users: dict[str, dict[str, Any]]) -> None:
        """Write the shard holding ``user_id``, from ``users`` (all of the region's entries)."""
        shard = shard_of(user_id)
        mine = {uid: entry for uid, entry in users.items() if shard_of(uid) == shard}
        self._write(region, shard, mine)

    def write(self, region: str, users: dict[str, dict[str, Any]], *, durable: bool = True) -> None:
        """Write every shard of the region from ``users``."""
        by_shard: dict[int, dict[str, dict[str, Any]]] = {s: {} for s in range(SHARDS)}
        for uid, entry in users.items():
            by_shard[shard_of(uid)][uid] = entry
        for shard, rows in by_shard.items():
            if rows or self.path_for(region, shard).exists():
                self._write(region, shard, rows, durable=durable)

    def _write(
        self, region: str, shard: int, users: dict[str, dict[str, Any]], *, durable: bool = True
    ) -> None:
        payload = dumps_json({"schema": SCHEMA, "region": region, "users": users})
        ensure_dir(self._dir(region))
        atomic_write_bytes(self.path_for(region, shard), payload, durable=durable)

    def replace_all(self, by_region: dict[str, dict[str, dict[str, Any]]]) -> None:
        """Make the index exactly ``by_region`` (regions not in it are emptied)."""
        ensure_dir(self.root)
        remove_temp_files(self.root)
        for old in self.root.glob("VR*.json"):  # the one-file layout of schema 1
            old.unlink()
        regions = sorted(set(self.regions()) | set(by_region))
        for region in regions:  # thousands of small files: one sync at the end, not per file
            self.write(region, by_region.get(region, {}), durable=False)
        sync_all([self.root, *(self._dir(r) for r in regions if self._dir(r).is_dir())])
