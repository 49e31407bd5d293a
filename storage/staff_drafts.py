"""Staff drafts: a message or schedule being put together, kept across a restart.

``staff_drafts.json`` (0600): ``{"schema": 1, "drafts": {"<staff user id>": {...}}}``, each
draft the staff member's own text and choices (audience, regions, stage, message, schedule
rule, the one-time token of the preview's "Versturen" button) and ``saved`` (ISO time).
Written atomically on every change; a draft untouched for :data:`MAX_AGE` is dropped when read.
Personal data of the staff member (registered in ``regiescan.wiring.regional_personal_data``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from storage.atomic import atomic_write_bytes, dumps_json, ensure_dir
from storage.json_documents import read_document

FILE = "staff_drafts.json"
SCHEMA = 1
MAX_AGE = timedelta(days=14)


class DraftStore:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / FILE
        self._drafts: dict[str, dict[str, Any]] | None = None

    def _all(self) -> dict[str, dict[str, Any]]:
        if self._drafts is None:
            doc = read_document(self.path, kind="drafts", key="drafts", shape=dict, schema=SCHEMA)
            self._drafts = {} if doc is None else doc["drafts"]
        return self._drafts

    def _write(self) -> None:
        ensure_dir(self.data_dir)
        atomic_write_bytes(self.path, dumps_json({"schema": SCHEMA, "drafts": self._all()}))

    def get(self, user_id: int, now: datetime) -> dict[str, Any] | None:
        draft = self._all().get(str(user_id))
        if draft is None:
            return None
        try:
            stale = now - datetime.fromisoformat(draft["saved"]) > MAX_AGE
        except (KeyError, TypeError, ValueError):
            stale = True
        if stale:
            self.remove(user_id)
            return None
        return dict(draft)

    def put(self, user_id: int, draft: dict[str, Any], now: datetime) -> None:
        self._all()[str(user_id)] = {**draft, "saved": now.isoformat(timespec="seconds")}
        self._write()

    def remove(self, user_id: int) -> bool:
        if self._all().pop(str(user_id), None) is None:
            return False
        self._write()
        return True

    def export(self, user_id: int) -> dict[str, Any] | None:
        return self._all().get(str(user_id))
