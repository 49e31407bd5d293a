"""Crash-safe file writes, and a TinyDB storage built on them.

``atomic_write_bytes`` writes a temp file in the target's directory, flushes and fsyncs it,
``os.replace``s it onto the target and then fsyncs the directory, so after a crash at any
instant the target holds either the complete old or the complete new content, and once the
call returns the new content survives a power cut. Temp files are named ``.<name>.<hex>.tmp``;
one left behind by a crash is never read and ``remove_temp_files`` cleans it up.

POSIX only (directory fsync); files are created 0600 and directories 0700 regardless of umask.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from storage.errors import CorruptStoreError

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_PREFIX = "."
TEMP_SUFFIX = ".tmp"


def dumps_json(data: Any) -> bytes:
    """Serialize to strict UTF-8 JSON (NaN/Infinity rejected: other tools cannot read them)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")


def fsync_dir(directory: Path | str) -> None:
    """Make renames, creations and removals of entries in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(directory: Path | str, mode: int = DIR_MODE) -> None:
    """Create ``directory`` and missing parents with ``mode``, durably. Existing ones are kept."""
    path = Path(directory)
    if path.is_dir():
        return
    ensure_dir(path.parent, mode)
    try:
        path.mkdir(mode=mode)
    except FileExistsError:
        if path.is_dir():  # created concurrently
            return
        raise
    os.chmod(path, mode)  # mkdir's mode is masked by the umask
    fsync_dir(path.parent)


def is_temp_file(name: str) -> bool:
    """Whether a directory entry name is an (possibly abandoned) ``atomic_write_bytes`` temp."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def remove_temp_files(directory: Path | str) -> int:
    """Delete temp files left in ``directory`` by a crashed write; return how many.

    Only safe while no other process is writing into ``directory``.
    """
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return 0
    for entry in entries:
        if is_temp_file(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed += 1
    if removed:
        fsync_dir(directory)
    return removed


def atomic_write_bytes(
    path: Path | str, data: bytes, *, mode: int = FILE_MODE, durable: bool = True
) -> None:
    """Replace ``path`` with ``data`` atomically and durably. The parent directory must exist.

    Returns only once the data and the directory entry are on disk. On error the target is
    untouched and the temp file is removed (a hard crash may leave it; see module docstring).
    ``durable=False`` skips both fsyncs, for a caller that writes many files and then makes
    them durable at once (:func:`sync_all`).
    """
    target = Path(path)
    directory = target.parent
    tmp = directory / f"{TEMP_PREFIX}{target.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)  # the open() mode is masked by the umask
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(directory)


def sync_all(directories: list[Path]) -> None:
    """Make earlier ``durable=False`` writes durable: one system-wide sync, then the
    directories' entries. Cheaper than an fsync per file when thousands were written."""
    os.sync()
    for directory in directories:
        fsync_dir(directory)


class AtomicJSONStorage(Storage):
    """TinyDB storage: one JSON file, re-read on every ``read``, replaced atomically on ``write``.

    Holds no open file handle, so a TinyDB instance on it can be short-lived and cheap.
    A missing file reads as empty (None), and so does a zero-byte one unless ``empty_is_corrupt``
    (a store that only ever writes whole documents atomically never leaves an empty file, so
    there an empty file means truncation); anything else that does not parse as a TinyDB
    document tree raises ``CorruptStoreError`` instead of being treated as empty.
    """

    def __init__(
        self, path: Path | str, *, create_dirs: bool = False, empty_is_corrupt: bool = False
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._create_dirs = create_dirs
        self._empty_is_corrupt = empty_is_corrupt

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw:
            if self._empty_is_corrupt:
                raise CorruptStoreError(self.path, "the file is empty (truncated)")
            return None
        try:
            data = json.loads(raw)
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
            raise CorruptStoreError(self.path, f"not valid JSON ({exc})") from exc
        if not _is_tinydb_tree(data):
            raise CorruptStoreError(self.path, "JSON is not a TinyDB {table: {id: doc}} object")
        return data  # type: ignore[no-any-return]

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        payload = dumps_json(data)  # serialize first: a TypeError must not touch the disk
        if self._create_dirs:
            ensure_dir(self.path.parent)
        atomic_write_bytes(self.path, payload)


def _is_tinydb_tree(data: Any) -> bool:
    return isinstance(data, dict) and all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    )
