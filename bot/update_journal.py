"""Updates fetched from Telegram stay on disk until they are handled.

Long polling confirms a batch to Telegram with the next ``getUpdates`` call, which PTB makes
as soon as the batch is queued, long before its updates are handled: a process killed in
between lost those taps for good (19 of 269 in a SIGKILL soak). So every fetched batch is
appended to ``<data_dir>/updates.jsonl`` and fsynced *before* PTB sees it (and therefore
before it can be confirmed), and each update gets a "handled" line when its handlers are done.
At the next start the updates without one are handled first, then polling resumes.

Replaying is harmless: a replayed tap or text carries its update id into the core
(``Event.ref``), which recognises an event it applied already; a replayed tap then only
redraws the current screen. An update Telegram delivers again (fetched, journaled, but not
confirmed before the kill) is recognised by its id: :meth:`UpdateJournal.claim` lets each
update id be handled once.

Format, one JSON object per line: ``{"u": <update>}`` fetched, ``{"d": <update_id>}``
handled, ``{"seen": [ids]}`` the ids met lately. A line torn by a crash is skipped. The file
holds message texts only until they are handled: it is truncated whenever nothing is pending
(in place, no fsync: the common case costs one fsync per fetched batch and nothing more), and
rewritten without the handled updates at start and when it grows past :data:`COMPACT_BYTES`
and twice what is pending: then by the next fetched batch, in the fetching worker thread, as
that batch's one durable write (the event loop never waits for the rewrite).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.wrapped_request import WrappedRequest
from storage.atomic import FILE_MODE, atomic_write_bytes, dumps_json, ensure_dir
from storage.backups import TRANSIENT_FILES

log = logging.getLogger(__name__)

JOURNAL = TRANSIENT_FILES[0]  # not in the backups: restoring it would replay old taps
COMPACT_BYTES = 256 * 1024
RECENT_IDS = 1000  # ids remembered to drop a batch Telegram sends again after a restart


class UpdateJournal:
    """The journal of one data dir (a single bot process writes it)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / JOURNAL
        self._pending: dict[int, dict[str, Any]] = {}
        self._claimed: set[int] = set()
        self._recent: OrderedDict[int, None] = OrderedDict()
        self._fd: int | None = None
        self._size = 0
        self._compact_at = COMPACT_BYTES  # grows with what is pending: amortised O(1)
        self._compact_due = False
        self._lock = threading.Lock()

    # --- start ----------------------------------------------------------------------------
    def open(self) -> list[dict[str, Any]]:
        """Read the journal; return the updates fetched but not handled, oldest first."""
        ensure_dir(self.path.parent)
        lines = self.path.read_bytes().splitlines() if self.path.exists() else []
        for raw in lines:
            try:
                entry = json.loads(raw)
            except ValueError:  # torn by a crash mid-line: only that line is lost
                continue
            if not isinstance(entry, dict):
                continue
            if isinstance(entry.get("u"), dict) and isinstance(entry["u"].get("update_id"), int):
                update_id = entry["u"]["update_id"]
                self._pending[update_id] = entry["u"]
                self._remember(update_id)
            elif isinstance(entry.get("d"), int):
                self._pending.pop(entry["d"], None)
                self._remember(entry["d"])
            elif isinstance(entry.get("seen"), list):
                for update_id in entry["seen"]:
                    if isinstance(update_id, int):
                        self._remember(update_id)
        self._compact()
        if self._pending:
            log.info("%d updates fetched before the last stop are handled now", len(self._pending))
        return [self._pending[k] for k in sorted(self._pending)]

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    # --- while polling --------------------------------------------------------------------
    def fetched(self, updates: list[dict[str, Any]]) -> None:
        """Journal the updates of a fetched batch not seen before, durably."""
        with self._lock:
            new = [
                u
                for u in updates
                if isinstance(u.get("update_id"), int) and u["update_id"] not in self._recent
            ]
            if self._compact_due:  # here, in the fetching thread: the rewrite (with this
                for update in new:  # batch) is the batch's one durable write, never on the loop
                    self._pending[update["update_id"]] = update
                self._compact()
            elif new:
                self._append(b"".join(dumps_json({"u": u}) + b"\n" for u in new), sync=True)
            for update in new:  # seen only once on disk: a failed write journals it again
                self._pending[update["update_id"]] = update
                self._remember(update["update_id"])

    def claim(self, update_id: int) -> bool:
        """Whether to handle this update now: False for a copy of one handled or under way."""
        with self._lock:
            if update_id not in self._recent:
                return True  # not from polling (a webhook, a test): nothing to compare with
            if update_id in self._pending and update_id not in self._claimed:
                self._claimed.add(update_id)
                return True
            return False

    def handled(self, update_id: int) -> None:
        """The update's handlers are done (whatever they did): it is not replayed."""
        with self._lock:
            self._claimed.discard(update_id)
            if self._pending.pop(update_id, None) is None:
                return  # not fetched by polling (a webhook, a test), or handled already
            if not self._pending:  # everything handled: start the file afresh, in place
                self._restart_file()
                return
            # Not fsynced: a power cut may replay an update, which is harmless.
            self._append(dumps_json({"d": update_id}) + b"\n", sync=False)
            if self._size > self._compact_at:
                self._compact_due = True  # rewritten with the next fetched batch

    @property
    def pending(self) -> int:
        return len(self._pending)

    # --- personal data (regiescan.wiring.personal_data) -----------------------------------
    @property
    def name(self) -> str:
        return "updates"

    def export(self, user_id: int) -> Any:
        """The user's updates not handled yet (as Telegram sent them), or None."""
        with self._lock:
            mine = [u for u in self._pending.values() if _sender(u) == user_id]
        return mine or None

    def erase(self, user_id: int) -> bool:
        with self._lock:
            mine = [k for k, u in self._pending.items() if _sender(u) == user_id]
            for update_id in mine:
                del self._pending[update_id]
            self._compact()
        return bool(mine)

    # --- internals ------------------------------------------------------------------------
    def _remember(self, update_id: int) -> None:
        self._recent[update_id] = None
        self._recent.move_to_end(update_id)
        while len(self._recent) > RECENT_IDS:
            self._recent.popitem(last=False)

    def _append(self, data: bytes, *, sync: bool) -> None:
        if self._fd is None:
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
            self._fd = os.open(self.path, flags, FILE_MODE)
        os.write(self._fd, data)
        if sync:
            os.fsync(self._fd)
        self._size += len(data)

    def _restart_file(self) -> None:
        """Nothing pending: truncate the journal to the ids seen. Not fsynced, like a "handled"
        line: after a power cut at worst some handled updates are replayed, harmlessly."""
        if self._fd is None:
            self._compact()
            return
        os.ftruncate(self._fd, 0)
        self._size = 0
        self._compact_due = False
        os.write(self._fd, dumps_json({"seen": list(self._recent)}) + b"\n")

    def _compact(self) -> None:
        """Rewrite the journal as its pending updates plus the ids seen (atomically)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        lines = [dumps_json({"seen": list(self._recent)})]
        lines += [dumps_json({"u": self._pending[k]}) for k in sorted(self._pending)]
        payload = b"".join(line + b"\n" for line in lines)
        atomic_write_bytes(self.path, payload)
        self._compact_due = False
        self._size = len(payload) if self._pending else 0
        # Rewritten only once the handled lines outweigh the pending ones (a burst of 500
        # updates rewrote the whole journal at every update past 256 KB otherwise).
        self._compact_at = max(COMPACT_BYTES, 2 * self._size)


def _sender(update: dict[str, Any]) -> int | None:
    for value in update.values():
        if isinstance(value, dict) and isinstance(value.get("from"), dict):
            sender = value["from"].get("id")
            return sender if isinstance(sender, int) else None
    return None


class JournalingRequest(WrappedRequest):
    """The getUpdates transport: journals each fetched batch before PTB sees it (and so
    before the next getUpdates confirms it). Every other detail is the wrapped request's."""

    def __init__(self, inner: BaseRequest, journal: UpdateJournal) -> None:
        super().__init__(inner)
        self.journal = journal

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        code, payload = await super().do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if code != 200 or not url.rstrip("/").endswith("/getUpdates"):
            return code, payload
        try:
            body = json.loads(payload)
            updates = body["result"]
        except (ValueError, KeyError, TypeError):
            return code, payload  # PTB reports what is wrong with it
        if isinstance(updates, list) and updates:  # the fsync in a worker: the loop goes on
            await asyncio.to_thread(
                self.journal.fetched, [u for u in updates if isinstance(u, dict)]
            )
        return code, payload
