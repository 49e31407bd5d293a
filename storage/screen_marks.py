"""Which message shows each chat's current scan step (its *screen*), kept across a restart.

One live keyboard (``bot.replies``): only the newest message showing a user's current step
takes answers, a tap on an older copy is stale. Held in memory only, that rule was forgotten at
every restart, so the first tap on an older copy whose keyboard had not been removed (a kill
between sending the new message and stripping the old one, or a strip that failed) was taken
as an answer. So every take-over by a new message is also written here; an edit of the current
screen in place changes nothing and writes nothing.

``screen_marks.txt`` (0600), ASCII, one line per take-over: ``<chat id> <message id>\\n``; the
last line for a chat wins. A line is written with one ``os.write`` on an ``O_APPEND``
descriptor: once written it is the kernel's, so a SIGKILL loses at most the line being written,
and a torn last line (no newline) is ignored on read. There is no fsync: after a **power loss**
the marks not yet on disk are lost, which costs those chats at most the old behaviour (the first
tap on an older copy is taken as an answer; the step numbers on the buttons still refuse one
from an earlier step). The file is rewritten atomically (``storage.atomic``), one line per chat,
at start and whenever it holds more than ``max(COMPACT_LINES, 2 x chats)`` lines.

A damaged file never stops the bot: lines that are not two integers are skipped with one
warning naming the file, an unreadable file gives one error line, and a write that fails is
logged; the store then works from memory (the old behaviour at the next restart).

Chat ids of private chats are user ids: personal data (:class:`ScreenMarksSource`, registered in
``regiescan.wiring.services``). A single process (the bot) writes the file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from pathlib import Path
from typing import Any

from storage.atomic import FILE_MODE, atomic_write_bytes, ensure_dir

log = logging.getLogger(__name__)

FILE = "screen_marks.txt"
COMPACT_LINES = 50_000  # about 1 MB


class ScreenMarks:
    """Per chat, the message id of its current screen. Reads the file on first use (or at
    :meth:`open`, which also compacts it); safe to call from several threads."""

    def __init__(self, data_dir: Path | str) -> None:
        self.path = Path(data_dir) / FILE
        self._marks: dict[int, int] = {}
        self._loaded = False
        self._lines = 0  # lines in the file (for the compaction bound)
        self._clean = True  # the file ends with a complete line: appending is safe
        self._fd: int | None = None
        self._failing = False  # the last write failed (logged once until one succeeds)
        self._lock = threading.Lock()

    # --- start and stop -------------------------------------------------------------------
    def open(self) -> int:
        """Load the marks and compact the file when it holds more than one line per chat (at
        start, in a thread: a tap meanwhile waits for the load); how many chats have a mark."""
        with self._lock:
            self._load()
            if not self._clean or self._lines > len(self._marks):
                self._compact()
            return len(self._marks)

    def close(self) -> None:
        with self._lock:
            self._close_fd()

    # --- the marks ------------------------------------------------------------------------
    def get(self, chat_id: int) -> int | None:
        with self._lock:
            self._load()
            return self._marks.get(chat_id)

    def set(self, chat_id: int, message_id: int) -> None:
        """``message_id`` is the chat's screen now (durable against a kill once this returns)."""
        with self._lock:
            self._load()
            if self._marks.get(chat_id) == message_id:
                return
            self._marks[chat_id] = message_id
            if not self._clean or self._lines >= max(COMPACT_LINES, 2 * len(self._marks)):
                self._compact()
            else:
                self._append(f"{chat_id} {message_id}\n".encode("ascii"))

    def forget(self, chat_id: int) -> bool:
        """Remove the chat's mark from memory and from the file; whether there was one."""
        with self._lock:
            self._load()
            existed = self._marks.pop(chat_id, None) is not None
            if existed or not self._clean:  # a damaged file may hold it: rewritten all the same
                self._compact(strict=True)  # erasure: the old lines go, or it fails loudly
            return existed

    # --- internals ------------------------------------------------------------------------
    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            log.error(
                "screen marks %s cannot be read (%s): starting without them (a tap on an older "
                "copy of a question may be taken as an answer once); the file is rewritten",
                self.path,
                exc.strerror or type(exc).__name__,
            )
            self._clean = False
            return
        lines = raw.split(b"\n")
        torn = lines.pop()  # b"" when the file ends with a newline
        self._clean = not torn
        damaged = 0
        for line in lines:
            parts = line.split(b" ")
            try:
                chat_id, message_id = int(parts[0]), int(parts[1])
                if len(parts) != 2 or message_id <= 0:
                    raise ValueError(line)
            except (ValueError, IndexError):
                damaged += 1
                continue
            self._marks[chat_id] = message_id
        self._lines = len(lines)
        if damaged:
            self._clean = False
            log.warning(
                "screen marks %s: %d damaged line(s) skipped (the file is rewritten without "
                "them; those chats may take one answer on an older copy of a question)",
                self.path,
                damaged,
            )
        elif torn:
            log.info("screen marks %s: a line torn by a crash is ignored", self.path)

    def _append(self, line: bytes) -> None:
        try:
            if self._fd is None:
                ensure_dir(self.path.parent)
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
                self._fd = os.open(self.path, flags, FILE_MODE)
            written = os.write(self._fd, line)
        except OSError as exc:
            self._clean = False  # it may hold part of the line: rewrite before appending again
            self._write_failed(exc)
            return
        if written != len(line):  # a full disk may take part of it
            self._clean = False
            self._write_failed(OSError(f"{written} of {len(line)} bytes written"))
            return
        self._lines += 1
        self._write_succeeded()

    def _compact(self, *, strict: bool = False) -> None:
        """Rewrite the file with one line per chat, atomically (the old file stays whole if
        this fails). ``strict``: raise on failure instead of logging it."""
        self._close_fd()
        payload = "".join(f"{c} {m}\n" for c, m in self._marks.items()).encode("ascii")
        try:
            if self._marks or self.path.exists():
                ensure_dir(self.path.parent)
                atomic_write_bytes(self.path, payload)
        except OSError as exc:
            self._clean = False  # still to be rewritten: the next write or erasure tries again
            if strict:
                raise
            self._write_failed(exc)
            return
        self._lines = len(self._marks)
        self._clean = True
        self._write_succeeded()

    def _close_fd(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def _write_failed(self, exc: OSError) -> None:
        if not self._failing:
            log.warning(
                "screen marks %s could not be written (%s): kept in memory only until a write "
                "succeeds",
                self.path,
                exc.strerror or exc,
            )
        self._failing = True

    def _write_succeeded(self) -> None:
        if self._failing:
            log.info("screen marks %s are written again", self.path)
        self._failing = False


class ScreenMarksSource:
    """The screen marks as personal data: the id of the message showing the user's question."""

    name = "scanscherm"

    def __init__(self, marks: ScreenMarks) -> None:
        self.marks = marks

    def export(self, user_id: int) -> Any:
        message_id = self.marks.get(user_id)  # a private chat's id is its user's id
        return None if message_id is None else {"bericht": message_id}

    def erase(self, user_id: int) -> bool:
        return self.marks.forget(user_id)
