"""A cheap start-up check of the data dir, and how to recover from a damaged file.

Start-up must stay fast with 100,000 users, so the check does not read user files: it checks
the layout and parses the few shared files (registers, indexes, outboxes: every ``*.json``
outside ``users/`` and ``backups/``). A damaged user file is found when that user is loaded:
the store raises :class:`~storage.errors.CorruptStoreError` and never treats it as empty.
Either way :func:`recovery_advice` tells the operator which backup holds the file and the exact
command that puts it back.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path

from storage.atomic import ensure_dir, is_temp_file
from storage.backups import BACKUPS_DIR, Backups
from storage.errors import CorruptStoreError, StorageError
from storage.users import USERS_DIR

SKIPPED_DIRS = (USERS_DIR, BACKUPS_DIR)
INDEX_DIR = "index"  # indexes kept by other stores, derived from the user files


def check_writable(data_dir: Path | str) -> None:
    """Create the data dir if needed and prove it takes a file; one-line ``StorageError`` if not.

    Checked at start, so a missing, unmakeable or read-only dir is reported before the first
    user is told that an answer was saved.
    """
    root = Path(data_dir)
    try:
        ensure_dir(root)
    except OSError as exc:
        raise StorageError(
            f"the data dir {root} does not exist and cannot be created ({_reason(exc)}): "
            "create it, or point REGIESCAN_DATA_DIR at a writable directory"
        ) from None
    if not root.is_dir():
        raise StorageError(f"the data dir {root} is not a directory")
    probe = root / f".write-check.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except OSError as exc:
        raise StorageError(
            f"the data dir {root} is not writable ({_reason(exc)}): nothing could be saved; "
            "make it writable for this user, or point REGIESCAN_DATA_DIR elsewhere"
        ) from None
    with contextlib.suppress(OSError):
        probe.unlink()


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def check_data_dir(data_dir: Path | str) -> int:
    """Raise ``CorruptStoreError``/``StorageError`` for a damaged data dir; return files checked."""
    root = Path(data_dir)
    if not root.exists():
        return 0
    if not root.is_dir():
        raise StorageError(f"the data dir {root} is not a directory")
    users = root / USERS_DIR
    if users.exists() and not users.is_dir():
        raise StorageError(f"{users} should be a directory of user files")
    checked = 0
    for current, dirs, names in os.walk(root):
        if Path(current) == root:
            dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        for name in names:
            if name.endswith(".json") and not is_temp_file(name):
                _check_json(Path(current) / name)
                checked += 1
    return checked


def _check_json(path: Path) -> None:
    raw = path.read_bytes()
    if not raw.strip():
        raise CorruptStoreError(path, "the file is empty (truncated)")
    try:
        json.loads(raw)
    except ValueError as exc:
        raise CorruptStoreError(path, f"not valid JSON ({exc})") from exc


def recovery_advice(backups: Backups, path: Path | str) -> str:
    """What an operator can do about the damaged data file ``path`` (several lines, English)."""
    try:
        rel = backups.relative(path)
    except StorageError:
        return "The file is outside the data dir; repair or remove it by hand."
    day = backups.containing(rel)
    live = backups.data_dir / rel
    if rel.parts[0] == INDEX_DIR:  # derived from the user files: rebuilding loses nothing
        return (
            f"It is an index derived from the user files: stop the bot, move it aside "
            f"(mv {live} {live}.damaged) and run `regiescan index rebuild`."
        )
    if day is None:
        return (
            f"No backup in {backups.root} holds {rel}. Move the damaged file aside "
            f"(mv {live} {live}.damaged) to start without it; what it held is then lost."
        )
    copy = backups.root / day / rel
    return (
        f"The latest backup holding it is of {day}. Stop the bot, then restore it with\n"
        f"    regiescan restore --from {day} --only {rel}\n"
        f"or copy it by hand: cp -p {copy} {live}"
    )
