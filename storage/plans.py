"""Plan documents (:mod:`dialogs.plan`), one JSON file per coordinator, replaced atomically.

Layout: ``<data_dir>/plans/<user id>.json`` (0600, directory 0700). A file per user keeps a
save a few kilobytes whatever the number of plans; the regional view and the reminder job read
them all, which for the municipalities of one installation (a few hundred) is cheap.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any

from storage.atomic import atomic_write_bytes, dumps_json, ensure_dir, fsync_dir
from storage.json_documents import read_document

PLANS_DIR = "plans"
SCHEMA = 1
_FILE = re.compile(r"(0|-?[1-9][0-9]*)\.json")


class PlanFiles:
    """A :class:`dialogs.plan.store.PlanStore` on files under ``data_dir``."""

    def __init__(self, data_dir: Path | str) -> None:
        self.root = Path(data_dir) / PLANS_DIR

    def _path(self, user_id: int) -> Path:
        if isinstance(user_id, bool) or not isinstance(user_id, int):
            raise TypeError(f"user_id must be an int, not {type(user_id).__name__}")
        return self.root / f"{user_id}.json"

    def load(self, user_id: int) -> dict[str, Any] | None:
        path = self._path(user_id)
        return read_document(path, kind="plan", key="plans", shape=list, schema=SCHEMA)

    def save(self, user_id: int, doc: dict[str, Any]) -> None:
        payload = dumps_json(doc)  # serialize first: a TypeError must not touch the disk
        ensure_dir(self.root)
        atomic_write_bytes(self._path(user_id), payload)

    def delete(self, user_id: int) -> bool:
        path = self._path(user_id)
        try:
            os.unlink(path)
        except FileNotFoundError:
            return False
        with contextlib.suppress(FileNotFoundError):
            fsync_dir(self.root)
        return True

    def user_ids(self) -> list[int]:
        try:
            names = os.listdir(self.root)
        except FileNotFoundError:
            return []
        return sorted(int(m[1]) for name in names if (m := _FILE.fullmatch(name)))


class MemoryPlanStore:
    """The same in memory, for tests and the demo."""

    def __init__(self) -> None:
        self.docs: dict[int, dict[str, Any]] = {}

    def load(self, user_id: int) -> dict[str, Any] | None:
        doc = self.docs.get(user_id)
        return None if doc is None else json.loads(json.dumps(doc))

    def save(self, user_id: int, doc: dict[str, Any]) -> None:
        self.docs[user_id] = json.loads(dumps_json(doc))

    def delete(self, user_id: int) -> bool:
        return self.docs.pop(user_id, None) is not None

    def user_ids(self) -> list[int]:
        return sorted(self.docs)


class PlanSource:
    """The plans as a source of personal data (/mijngegevens, /vergeetmij, retention)."""

    name = "verbeterplan"

    def __init__(self, store: PlanFiles) -> None:
        self.store = store

    def export(self, user_id: int) -> Any:
        return self.store.load(user_id)

    def erase(self, user_id: int) -> bool:
        return self.store.delete(user_id)
