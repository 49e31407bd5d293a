"""The outbox of broadcasts: one JSON file per broadcast, stored before the first message.

Layout::

    outbox/                 0700
      b-<hex>.json          0600 one broadcast: who sent it, to whom, what, and per recipient
                            the delivery status

A broadcast document::

    {"schema": 1, "id": "b-...", "created": iso, "by": <staff user id>, "kind": "bericht",
     "schedule": null, "due": null, "audience": "in_progress", "regions": ["VR21"],
     "gemeente": null, "message": "<the staff member's text>", "state": "sending" | "done",
     "finished": iso | null, "status_message": {"chat_id": 42, "message_id": 7} | null,
     "recipients": {"<user id>": {"status": "pending", "at": iso | null}, ...}}

Recipient statuses: ``pending`` (not tried yet), ``sending`` (the request may be under way:
stored *before* each send), ``delivered``, ``blocked`` (403), ``failed``, ``opted_out``
(reminders off), ``inactive`` (blocked the bot earlier), ``uncertain`` (the process died while
the request was under way; never re-sent, so nobody gets a message twice).

Each change is written as a whole new file, atomically: a crash leaves the previous status.
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
    fsync_dir,
    remove_temp_files,
)
from storage.errors import CorruptStoreError, UnsupportedSchemaError

OUTBOX_DIR = "outbox"
SCHEMA = 1
BROADCAST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class OutboxStore:
    """Broadcast documents in ``<data_dir>/outbox``."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / OUTBOX_DIR

    def path_for(self, broadcast_id: str) -> Path:
        if not BROADCAST_ID.fullmatch(broadcast_id):
            raise ValueError(f"invalid broadcast id {broadcast_id!r}")
        return self.root / f"{broadcast_id}.json"

    def exists(self, broadcast_id: str) -> bool:
        return self.path_for(broadcast_id).exists()

    def create(self, doc: dict[str, Any]) -> bool:
        """Store a new broadcast; False (and nothing written) when its id already exists."""
        if self.exists(doc["id"]):
            return False
        self.save(doc)
        return True

    def save(self, doc: dict[str, Any]) -> None:
        stored = {"schema": SCHEMA, **doc}
        payload = dumps_json(stored)
        ensure_dir(self.root)
        atomic_write_bytes(self.path_for(doc["id"]), payload)

    def load(self, broadcast_id: str) -> dict[str, Any] | None:
        path = self.path_for(broadcast_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            doc = json.loads(raw)
        except ValueError as exc:
            raise CorruptStoreError(path, f"not valid JSON ({exc})") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("recipients"), dict):
            raise CorruptStoreError(path, "not a broadcast document")
        if doc.get("schema") != SCHEMA:
            raise UnsupportedSchemaError(doc.get("schema"), SCHEMA)
        return doc

    def ids(self) -> list[str]:
        """Every stored broadcast id, oldest file first."""
        if not self.root.is_dir():
            return []
        files = [p for p in self.root.iterdir() if p.suffix == ".json"]
        files.sort(key=lambda p: (p.stat().st_mtime_ns, p.name))
        return [p.stem for p in files if BROADCAST_ID.fullmatch(p.stem)]

    def unfinished(self) -> list[str]:
        """Broadcasts still sending (e.g. interrupted by a stop or crash). Called at start, so
        it also removes temp files a crash left behind."""
        if self.root.is_dir():
            remove_temp_files(self.root)
        found = []
        for broadcast_id in self.ids():
            doc = self.load(broadcast_id)
            if doc is not None and doc.get("state") != "done":
                found.append(broadcast_id)
        return found

    def delete(self, broadcast_id: str) -> bool:
        path = self.path_for(broadcast_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        fsync_dir(path.parent)
        return True

    def about_user(self, user_id: int) -> list[dict[str, Any]]:
        """What the outbox holds about ``user_id``: as recipient, and as sender."""
        found = []
        for broadcast_id in self.ids():
            doc = self.load(broadcast_id)
            if doc is None:
                continue
            mine = doc["recipients"].get(str(user_id))
            if mine is not None:
                found.append({"bericht": broadcast_id, "ontvangen": doc["created"], **mine})
            if doc.get("by") == user_id:
                found.append({"bericht": broadcast_id, "verstuurd": doc["created"],
                              "tekst": doc.get("message")})  # fmt: skip
        return found

    def forget_user(self, user_id: int) -> bool:
        """Remove ``user_id`` from every broadcast (the right to be forgotten): as recipient,
        and as sender (their finished broadcasts are deleted). True if anything was there."""
        changed = False
        for broadcast_id in self.ids():
            doc = self.load(broadcast_id)
            if doc is None:
                continue
            if doc.get("by") == user_id and doc.get("state") == "done":
                changed |= self.delete(broadcast_id)
                continue
            touched = doc["recipients"].pop(str(user_id), None) is not None
            if doc.get("by") == user_id:
                doc["by"], doc["status_message"], touched = None, None, True
            if touched:
                self.save(doc)
                changed = True
        return changed
