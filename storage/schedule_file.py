"""Scheduled reminders: one JSON file, ``<data_dir>/schedules.json``, replaced atomically.

A schedule::

    {"id": "p-<hex>", "by": <staff user id>, "regions": ["VR21"], "audience": "in_progress",
     "message": "<text>", "rule": {"kind": "weekly", "weekday": 0, "time": "09:00"},
     "created": iso, "paused": false, "next_due": iso (UTC) | null, "last_due": iso | null}

``next_due`` is the next moment it falls due (null: a one-off that has run). It is moved on only
after the broadcast for the due moment is in the outbox, so a crash in between re-finds the
same outbox instead of sending again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.atomic import atomic_write_bytes, dumps_json, ensure_dir
from storage.json_documents import read_document

SCHEDULES_FILE = "schedules.json"
SCHEMA = 1


class ScheduleFile:
    """All schedules of the installation (a few dozen at most): a
    :class:`dialogs.regional.stores.ScheduleStore`."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / SCHEDULES_FILE

    def all(self) -> list[dict[str, Any]]:
        """Every schedule, oldest first."""
        return sorted(self._read().values(), key=lambda s: (s["created"], s["id"]))

    def get(self, schedule_id: str) -> dict[str, Any] | None:
        return self._read().get(schedule_id)

    def put(self, schedule: dict[str, Any]) -> None:
        schedules = self._read()
        schedules[schedule["id"]] = schedule
        self._write(schedules)

    def delete(self, schedule_id: str) -> bool:
        schedules = self._read()
        if schedules.pop(schedule_id, None) is None:
            return False
        self._write(schedules)
        return True

    def _read(self) -> dict[str, dict[str, Any]]:
        doc = read_document(self.path, kind="schedules", key="schedules", shape=dict, schema=SCHEMA)
        if doc is None:
            return {}
        schedules: dict[str, dict[str, Any]] = doc["schedules"]
        return schedules

    def _write(self, schedules: dict[str, dict[str, Any]]) -> None:
        payload = dumps_json({"schema": SCHEMA, "schedules": schedules})
        ensure_dir(self.path.parent)
        atomic_write_bytes(self.path, payload)
