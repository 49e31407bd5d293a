"""Daily backups of the data dir, as snapshots under ``data_dir/backups/<YYYY-MM-DD>/``.

Layout::

    data_dir/                     0700
      users/...                   the live store (and any other store's files)
      backups/                    0700
        2026-03-01/               0700: the data dir as it was that day (without backups/)
        .2026-03-02.partial/      only while a backup is being made (or after a crash)

A backup never shares a file with the live data: damage to a live file (a truncation, a disk
error, an editor writing in place) must not reach its backups. So every file is copied, 0600,
with the live file's modification time. A file that has not changed since the previous backup
(same size and modification time, older than that copy; stores replace files whole, so any
change makes a new file with a new time) is hard-linked to that backup's copy instead, as
``rsync --link-dest`` does: a daily snapshot of 100,000 users then costs a directory entry per
unchanged file and a copy of each changed one. Everything is flushed to disk (one ``sync``)
before the backup is renamed into place.

A backup is built in a hidden ``.partial`` directory and renamed into place when complete, so a
crash never leaves something that looks like a backup and is not. :meth:`Backups.create` and
:meth:`Backups.scrub` hold one lock: an erasure that scrubs the backups while one is being made
waits for it and then scrubs that one too (see ``regiescan.wiring.personal_data``).
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path, PurePosixPath

from storage.atomic import atomic_write_bytes, ensure_dir, fsync_dir, is_temp_file
from storage.errors import StorageError

BACKUPS_DIR = "backups"
PARTIAL_SUFFIX = ".partial"
SETTLED_NS = 1_000_000_000
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BackupError(StorageError):
    """A backup is missing or cannot be used; the message says what to do."""


@dataclass(frozen=True)
class BackupResult:
    day: str
    files: int
    copied: int  # files copied (the others are unchanged since the previous backup: linked)


class Backups:
    """The daily snapshots of one data dir, kept ``keep_days`` days."""

    def __init__(self, data_dir: Path | str, keep_days: int = 7) -> None:
        if keep_days < 1:
            raise ValueError("keep_days must be at least 1")
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / BACKUPS_DIR
        self.keep_days = keep_days
        self.lock = threading.Lock()

    # --- what there is ----------------------------------------------------------------------
    def days(self) -> list[str]:
        """The complete backups, oldest first, as ISO dates."""
        try:
            entries = list(os.scandir(self.root))
        except FileNotFoundError:
            return []
        return sorted(
            e.name for e in entries if _DAY.fullmatch(e.name) and e.is_dir(follow_symlinks=False)
        )

    def latest(self) -> str | None:
        days = self.days()
        return days[-1] if days else None

    def path(self, day: str) -> Path:
        if not _DAY.fullmatch(day):
            raise BackupError(f"{day!r} is not a backup date (expected YYYY-MM-DD)")
        return self.root / day

    def relative(self, path: Path | PurePosixPath | str) -> PurePosixPath:
        """``path`` (absolute, or relative to the data dir) as a safe path inside the data dir."""
        candidate = Path(path)
        if candidate.is_absolute():
            try:
                candidate = candidate.resolve().relative_to(self.data_dir.resolve())
            except ValueError:
                raise BackupError(f"{path} is not inside the data dir {self.data_dir}") from None
        rel = PurePosixPath(candidate.as_posix())
        if not rel.parts or ".." in rel.parts or rel.parts[0] == BACKUPS_DIR:
            raise BackupError(f"{path} is not a data file inside {self.data_dir}")
        return rel

    def containing(self, path: Path | PurePosixPath | str) -> str | None:
        """The latest backup that holds a copy of the data file ``path``."""
        rel = self.relative(path)
        for day in reversed(self.days()):
            if (self.root / day / rel).is_file():
                return day
        return None

    # --- making and pruning -----------------------------------------------------------------
    def create(self, day: date) -> BackupResult | None:
        """Snapshot the data dir as the backup of ``day``; None if that backup exists already."""
        name = day.isoformat()
        with self.lock:
            final = self.root / name
            if final.exists():
                return None
            ensure_dir(self.root)
            partial = self.root / f".{name}{PARTIAL_SUFFIX}"
            if partial.exists():
                shutil.rmtree(partial)
            previous = self._previous(name)
            files = copied = 0
            made: list[Path] = []
            for rel_dir, names in self._walk():
                target_dir = partial / rel_dir
                ensure_dir(target_dir)
                made.append(target_dir)
                for file_name in names:
                    earlier = None if previous is None else previous / rel_dir / file_name
                    how = _snapshot_file(self.data_dir / rel_dir / file_name, target_dir, earlier)
                    if how is None:
                        continue  # removed while we walked: not part of this snapshot
                    files += 1
                    copied += 1 if how == "copied" else 0
            os.sync()  # one flush for all copies, instead of an fsync per file
            for directory in made:
                fsync_dir(directory)
            os.replace(partial, final)
            fsync_dir(self.root)
            return BackupResult(name, files, copied)

    def _previous(self, name: str) -> Path | None:
        earlier = [day for day in self.days() if day < name]
        return self.root / earlier[-1] if earlier else None

    def prune(self, today: date) -> list[str]:
        """Delete backups older than ``keep_days`` days (and leftovers of crashed ones)."""
        oldest_kept = (today - timedelta(days=self.keep_days - 1)).isoformat()
        removed: list[str] = []
        with self.lock:
            try:
                entries = list(os.scandir(self.root))
            except FileNotFoundError:
                return []
            for entry in entries:
                stale = entry.name.startswith(".") and entry.name.endswith(PARTIAL_SUFFIX)
                old = _DAY.fullmatch(entry.name) is not None and entry.name < oldest_kept
                if (stale or old) and entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                    if old:
                        removed.append(entry.name)
            if removed:
                fsync_dir(self.root)
        return sorted(removed)

    def scrub(self, erase_in: Callable[[Path], None]) -> None:
        """Call ``erase_in(backup_dir)`` for every complete backup, never during a ``create``."""
        with self.lock:
            for day in self.days():
                erase_in(self.root / day)

    # --- restoring --------------------------------------------------------------------------
    def restore(self, day: str | None = None, only: Path | str | None = None) -> list[str]:
        """Copy the files of backup ``day`` (default: the latest) back into the data dir.

        With ``only``, just that file. Each file is replaced atomically; files that are not in
        the backup (users who arrived after it) stay as they are. Run it with the bot stopped.
        Returns the restored paths, relative to the data dir.
        """
        day = day or self.latest()
        if day is None:
            raise BackupError(f"there are no backups in {self.root}")
        source = self.path(day)
        if not source.is_dir():
            raise BackupError(f"there is no backup of {day} in {self.root}: {self.days()}")
        if only is not None:
            rel = self.relative(only)
            if not (source / rel).is_file():
                raise BackupError(f"the backup of {day} has no {rel}")
            wanted = [rel]
        else:
            wanted = [PurePosixPath(d) / n for d, names in _walk_files(source) for n in names]
        with self.lock:
            for rel in wanted:
                target = self.data_dir / rel
                ensure_dir(target.parent)
                atomic_write_bytes(target, (source / rel).read_bytes())
        return [str(rel) for rel in wanted]

    def _walk(self) -> Iterator[tuple[str, list[str]]]:
        for rel, files in _walk_files(self.data_dir, skip_top=(BACKUPS_DIR,)):
            yield rel, [n for n in files if not (rel == "" and n in TRANSIENT_FILES)]


# The running bot's journal of updates fetched but not yet handled (bot.update_journal): it is
# emptied as they are handled, and restoring an old one would replay old taps. Not backed up.
TRANSIENT_FILES = ("updates.jsonl",)


def _walk_files(root: Path, skip_top: tuple[str, ...] = ()) -> Iterator[tuple[str, list[str]]]:
    """(directory relative to root, data file names in it), skipping temp files and links."""
    for current, dirs, names in os.walk(root):
        rel = os.path.relpath(current, root)
        rel = "" if rel == "." else rel
        dirs[:] = sorted(
            d
            for d in dirs
            if not (rel == "" and d in skip_top)
            and not os.path.islink(os.path.join(current, d))
            and not d.startswith(".")
        )
        files = sorted(
            n
            for n in names
            if not is_temp_file(n)
            and os.path.isfile(os.path.join(current, n))
            and not os.path.islink(os.path.join(current, n))
        )
        yield rel, files


def _snapshot_file(source: Path, target_dir: Path, earlier: Path | None) -> str | None:
    """Put a copy of ``source`` into ``target_dir``: "linked" to ``earlier`` when that is the
    unchanged copy from the previous backup, else "copied". None: the source is gone."""
    target = target_dir / source.name
    try:
        live = source.stat()
    except FileNotFoundError:
        return None
    if earlier is not None:
        try:
            before = earlier.stat()
            same = (before.st_size, before.st_mtime_ns) == (live.st_size, live.st_mtime_ns)
            # File times tick coarsely: two versions written within one tick share a time. A
            # version already a second old when the earlier copy was made is the one it holds.
            settled = live.st_mtime_ns < before.st_ctime_ns - SETTLED_NS
            if same and settled:
                os.link(earlier, target)
                return "linked"
        except OSError:  # no earlier copy, or no hard links here: copy instead
            pass
    try:
        data = source.read_bytes()
        current = source.stat()
    except FileNotFoundError:
        return None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(target, flags, 0o600)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(data)
    # The live file's time, so tomorrow can tell whether it changed. If it was replaced while
    # we read, the bytes may be newer than this time: tomorrow then copies it again (safe).
    os.utime(target, ns=(current.st_atime_ns, min(live.st_mtime_ns, current.st_mtime_ns)))
    return "copied"
