"""The one writer of a broadcast's outbox entry: an append-only journal over a snapshot.

``outbox/<id>.json`` is a snapshot of the whole document (written once when the broadcast is
created, and again when the journal is compacted); ``outbox/<id>.log`` holds, one JSON object a
line, every change since that snapshot::

    {"u": "<user id>", "s": "<status>", "at": iso}    a recipient's status
    {"u": "<user id>", "s": null}                     a recipient removed (/vergeetmij)
    {"set": {"status_message": {...}, "state": ...}}  top-level fields

Every line is an absolute assignment, so replaying a line twice changes nothing: a compaction
that died between writing the snapshot and removing the journal loses nothing. A line is only
valid with its trailing newline; a crash in the middle of a line loses that line alone (the
torn tail is cut off before the next append). A change costs one line of about 70 bytes, not a
rewrite of the document (the whole outbox of 2,000 recipients used to be rewritten twice per
recipient: 528 MB).

Durability: :meth:`BroadcastJournal.mark` returns once the line is fsynced. Lines written while
an fsync is under way are committed together by the next one (group commit, in a worker
thread, so the event loop never waits for the disk).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

from storage.atomic import FILE_MODE, atomic_write_bytes, dumps_json, fsync_dir

log = logging.getLogger(__name__)

SCHEMA = 1
SETTABLE = frozenset({"status_message", "state", "finished", "by"})


def replay(doc: dict[str, Any], journal: Path) -> int:
    """Apply the journal's complete lines to ``doc``; how many lines were skipped as damaged."""
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        return 0
    skipped = 0
    lines = raw.split(b"\n")
    if lines and lines[-1]:  # no trailing newline: a line torn by a crash
        skipped += 1
    for line in lines[:-1]:
        if not line.strip():
            continue
        try:
            change = json.loads(line)
            apply(doc, change)
        except (ValueError, TypeError, KeyError, AttributeError):
            skipped += 1
    if skipped:
        log.warning("outbox journal %s: %d damaged line(s) skipped", journal.name, skipped)
    return skipped


def apply(doc: dict[str, Any], change: dict[str, Any]) -> None:
    if "set" in change:
        fields = change["set"]
        unknown = set(fields) - SETTABLE
        if unknown:
            raise KeyError(f"unknown outbox fields {sorted(unknown)}")
        doc.update(fields)
        return
    uid, status = change["u"], change["s"]
    if not isinstance(uid, str):
        raise TypeError("recipient id must be a string")
    if status is None:
        doc["recipients"].pop(uid, None)
    elif isinstance(status, str):
        doc["recipients"][uid] = {"status": status, "at": change.get("at")}
    else:
        raise TypeError("status must be a string")


def cut_torn_tail(journal: Path) -> None:
    """Drop bytes after the last newline (a line a crash tore), so appends start a new line."""
    try:
        size = journal.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        return
    with journal.open("rb+") as f:
        data = f.read()
        keep = data.rfind(b"\n") + 1
        if keep != size:
            f.truncate(keep)
            f.flush()
            os.fsync(f.fileno())


def write_snapshot(path: Path, doc: dict[str, Any]) -> None:
    atomic_write_bytes(path, dumps_json({**doc, "schema": SCHEMA}))


class BroadcastJournal:
    """One open broadcast: its document in memory, every change appended to its journal.

    Get it from :meth:`storage.outbox.OutboxStore.open` (one instance per broadcast per
    process); all broadcast code changes the entry through it and reads :attr:`doc`.
    """

    def __init__(self, snapshot: Path, journal: Path, doc: dict[str, Any]) -> None:
        self.snapshot = snapshot
        self.journal = journal
        self.doc = doc
        self.written = 0  # bytes appended (the bench reports it)
        self._io = threading.Lock()  # one append / fsync / compaction at a time
        self._buffer: list[bytes] = []
        self._flushing = False
        self._next: asyncio.Future[None] | None = None
        cut_torn_tail(journal)

    # --- changes -------------------------------------------------------------------------
    async def mark(self, uid: str, status: str, at: str | None) -> None:
        """Set a recipient's status; returns once it is on disk."""
        if uid not in self.doc["recipients"]:
            return  # forgotten meanwhile (/vergeetmij): nothing to record
        self.doc["recipients"][uid] = {"status": status, "at": at}
        await self._commit({"u": uid, "s": status, "at": at})

    async def set(self, **fields: Any) -> None:
        """Set top-level fields (status_message, state, finished, by); durable on return."""
        self._set_in_memory(fields)
        await self._commit({"set": fields})

    def set_now(self, **fields: Any) -> None:
        """:meth:`set` for synchronous callers (blocks for one fsync)."""
        self._set_in_memory(fields)
        self._append_sync({"set": fields})

    def forget(self, uid: str) -> bool:
        """Remove a recipient (synchronous: the privacy code is). True if they were there."""
        if self.doc["recipients"].pop(uid, None) is None:
            return False
        self._append_sync({"u": uid, "s": None})
        return True

    def compact(self) -> None:
        """Write the whole document as the new snapshot, then drop the journal."""
        with self._io:
            write_snapshot(self.snapshot, self.doc)
            try:
                self.journal.unlink()
            except FileNotFoundError:
                return
            fsync_dir(self.journal.parent)

    # --- writing -------------------------------------------------------------------------
    def _set_in_memory(self, fields: dict[str, Any]) -> None:
        unknown = set(fields) - SETTABLE
        if unknown:
            raise KeyError(f"unknown outbox fields {sorted(unknown)}")
        self.doc.update(fields)

    @staticmethod
    def _line(change: dict[str, Any]) -> bytes:
        return dumps_json(change) + b"\n"

    def _write(self, data: bytes) -> None:
        with self._io:
            fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            self.written += len(data)

    def _append_sync(self, change: dict[str, Any]) -> None:
        self._write(self._line(change))

    async def _commit(self, change: dict[str, Any]) -> None:
        """Group commit: lines that arrive during an fsync go to disk with the next one."""
        self._buffer.append(self._line(change))
        loop = asyncio.get_running_loop()
        if self._next is None:
            self._next = loop.create_future()
        mine = self._next
        if not self._flushing:
            self._flushing = True
            self._task = loop.create_task(self._flush_loop())
        await asyncio.shield(mine)

    async def _flush_loop(self) -> None:
        try:
            while self._buffer:
                data, self._buffer = b"".join(self._buffer), []
                batch, self._next = self._next, None
                assert batch is not None
                try:
                    await asyncio.to_thread(self._write, data)
                except Exception as exc:
                    batch.set_exception(exc)
                else:
                    batch.set_result(None)
        finally:
            self._flushing = False
