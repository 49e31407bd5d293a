"""The outbox of broadcasts: per broadcast a snapshot and an append-only journal.

Layout::

    outbox/                 0700
      b-<hex>.json          0600 the broadcast as of its last compaction: who sent it, to
                            whom, what, and per recipient the delivery status
      b-<hex>.log           0600 the changes since (``storage.outbox_journal``); removed when
                            the broadcast ends and the snapshot is rewritten (compaction)

A broadcast document::

    {"schema": 1, "id": "b-...", "created": iso, "by": <staff user id>, "kind": "bericht",
     "schedule": null, "due": null, "audience": "in_progress", "regions": ["VR21"],
     "gemeente": null, "message": "<the staff member's text>", "state": "sending" | "done",
     "finished": iso | null, "status_message": {"chat_id": 42, "message_id": 7} | null,
     "recipients": {"<user id>": {"status": "pending", "at": iso | null}, ...}}

Recipient statuses: ``pending`` (not sent yet), ``sending`` (the request is on the wire: stored
the instant before it is written to Telegram, after the rate limiter's wait and any 429 retry),
``delivered``, ``blocked`` (403), ``failed``, ``opted_out`` (reminders off), ``inactive``
(blocked the bot earlier), ``uncertain`` (the request may have arrived but no answer came: a
timeout, a connection lost after writing, or the process died while it was on the wire; never
re-sent automatically, so nobody gets a message twice unless staff choose to resend).

:class:`OutboxStore` creates, reads and deletes entries; every change of an existing entry goes
through its :class:`~storage.outbox_journal.BroadcastJournal` (:meth:`OutboxStore.open`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from storage.atomic import ensure_dir, fsync_dir, remove_temp_files
from storage.json_documents import read_document
from storage.outbox_journal import BroadcastJournal, replay, write_snapshot

OUTBOX_DIR = "outbox"
SCHEMA = 1
BROADCAST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class OutboxStore:
    """Broadcast entries in ``<data_dir>/outbox``; the only code that reads or writes them."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / OUTBOX_DIR
        self._open: dict[str, BroadcastJournal] = {}

    def path_for(self, broadcast_id: str) -> Path:
        if not BROADCAST_ID.fullmatch(broadcast_id):
            raise ValueError(f"invalid broadcast id {broadcast_id!r}")
        return self.root / f"{broadcast_id}.json"

    def journal_for(self, broadcast_id: str) -> Path:
        return self.path_for(broadcast_id).with_suffix(".log")

    def exists(self, broadcast_id: str) -> bool:
        return self.path_for(broadcast_id).exists()

    def create(self, doc: dict[str, Any]) -> bool:
        """Store a new broadcast; False (and nothing written) when its id already exists."""
        if self.exists(doc["id"]):
            return False
        ensure_dir(self.root)
        write_snapshot(self.path_for(doc["id"]), doc)
        return True

    def open(self, broadcast_id: str) -> BroadcastJournal | None:
        """The writer of a stored broadcast (the same one for as long as it is open)."""
        journal = self._open.get(broadcast_id)
        if journal is None:
            doc = self.load(broadcast_id)
            if doc is None:
                return None
            journal = BroadcastJournal(
                self.path_for(broadcast_id), self.journal_for(broadcast_id), doc
            )
            self._open[broadcast_id] = journal
        return journal

    def close(self, broadcast_id: str, *, compact: bool = False) -> None:
        """Done writing (e.g. the broadcast ended: ``compact`` folds the journal in)."""
        journal = self._open.pop(broadcast_id, None)
        if journal is not None and compact:
            journal.compact()

    def load(self, broadcast_id: str) -> dict[str, Any] | None:
        """The document as it stands now (snapshot + journal); a copy when it is open."""
        journal = self._open.get(broadcast_id)
        if journal is not None:
            return json.loads(json.dumps(journal.doc))  # type: ignore[no-any-return]
        path = self.path_for(broadcast_id)
        doc = read_document(path, kind="broadcast", key="recipients", shape=dict, schema=SCHEMA)
        if doc is None:
            return None
        replay(doc, self.journal_for(broadcast_id))
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
        self._open.pop(broadcast_id, None)
        path = self.path_for(broadcast_id)
        self.journal_for(broadcast_id).unlink(missing_ok=True)
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
            if str(user_id) not in doc["recipients"] and doc.get("by") != user_id:
                continue
            journal = self._open.get(broadcast_id)
            writer = journal or self.open(broadcast_id)
            assert writer is not None
            writer.forget(str(user_id))
            if doc.get("by") == user_id:
                writer.set_now(by=None, status_message=None)
            writer.compact()  # now, so no journal line about them stays behind
            if journal is None:
                self.close(broadcast_id)
            changed = True
        return changed
