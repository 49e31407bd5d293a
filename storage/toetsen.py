"""The collegiale toetsen: one JSON file per toets in ``toetsen/``, written atomically.

Documents are plain JSON; their rules live in :mod:`dialogs.toets`. A toets is written only when
someone acts on it, so a file per toets keeps every write small. Reads are served from a cache
that is checked against each file's size and modification time, so a change made by another
process (the CLI's retention) is seen.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from storage.atomic import atomic_write_bytes, dumps_json, ensure_dir, fsync_dir, is_temp_file
from storage.errors import CorruptStoreError

DIR = "toetsen"
_ID = re.compile(r"^[0-9a-f]{6,32}$")


class ToetsFiles:
    """:class:`dialogs.toets.store.ToetsStore` on a data dir."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / DIR
        self._cache: dict[str, tuple[tuple[int, int], bytes]] = {}

    def _path(self, toets_id: str) -> Path:
        if not _ID.match(toets_id):
            raise ValueError(f"not a toets id: {toets_id!r}")
        return self.root / f"{toets_id}.json"

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(path.stem)
        raw = cached[1] if cached is not None and cached[0] == key else path.read_bytes()
        try:
            doc = json.loads(raw)  # a fresh object per read: callers change what they get
        except ValueError as exc:
            raise CorruptStoreError(path, f"not valid JSON ({exc})") from exc
        if not isinstance(doc, dict):
            raise CorruptStoreError(path, "not a JSON object")
        self._cache[path.stem] = (key, raw)
        return doc

    def get(self, toets_id: str) -> dict[str, Any] | None:
        if not _ID.match(toets_id):
            return None
        return self._read(self._path(toets_id))

    def put(self, doc: dict[str, Any]) -> None:
        path = self._path(str(doc["id"]))
        ensure_dir(self.root)
        atomic_write_bytes(path, dumps_json(doc))
        self._cache.pop(path.stem, None)

    def delete(self, toets_id: str) -> None:
        path = self._path(toets_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        self._cache.pop(toets_id, None)
        fsync_dir(self.root)

    def all(self) -> list[dict[str, Any]]:
        if not self.root.is_dir():
            return []
        docs = []
        for entry in sorted(os.listdir(self.root)):
            if entry.endswith(".json") and not is_temp_file(entry):
                doc = self._read(self.root / entry)
                if doc is not None:
                    docs.append(doc)
        return docs
