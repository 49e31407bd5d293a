"""``UserStore`` implementations on TinyDB: one small TinyDB file per user, or in memory.

On-disk layout under ``data_dir``::

    users/                   0700
      05/                    0700, shard = last two decimal digits of abs(user_id)
        1234505.json         0600, TinyDB file: {"user": {"1": {...the user's document...}}}
        .1234505.json.<hex>.tmp   only transiently (or after a crash; removed on open)

Why one file per user: TinyDB's storage API reads and rewrites the *whole* database file on
every write, so a single shared file makes each answer cost O(number of users) in I/O and
fsync time, and a crash mid-write could damage everyone's data. With one file per user a
save rewrites a few kilobytes no matter how many users exist, and the atomic
temp-file + fsync + rename in ``storage.atomic`` bounds any damage to "the old version".

Why shards: 100,000 users in one directory makes listings, backups and some filesystems
slow; 100 shards keep each directory around 1,000 entries. The last two digits spread
Telegram ids evenly. The shard is derived from the id, so a load or save touches exactly one
directory and one file -- nothing is scanned except by ``user_ids()`` and on open.

TinyDB instances are short-lived (one per call): ``AtomicJSONStorage`` holds no file handle
and TinyDB itself caches nothing we need, so there is no cache to invalidate and no limit on
open files. Single writer process assumed (opening a store removes stray temp files).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document

from dialogs.stores import JSONDoc
from storage.atomic import AtomicJSONStorage, dumps_json, ensure_dir, fsync_dir, remove_temp_files
from storage.errors import CorruptStoreError, UnsupportedSchemaError
from storage.migrations import CURRENT_SCHEMA, migrate
from storage.user_schema import problem

TABLE = "user"
DOC_ID = 1
USERS_DIR = "users"
SHARDS = 100
_SHARD_RE = re.compile(r"[0-9]{2}")
_FILE_RE = re.compile(r"(0|-?[1-9][0-9]*)\.json")


def _check_user_id(user_id: int) -> None:
    if isinstance(user_id, bool) or not isinstance(user_id, int):
        raise TypeError(f"user_id must be an int, not {type(user_id).__name__}")


def _read_doc(db: TinyDB) -> JSONDoc | None:
    """The user's document from ``db``, migrated to the current schema, as a fresh dict."""
    stored = db.table(TABLE, cache_size=0).get(doc_id=DOC_ID)
    return None if stored is None else migrate(dict(stored))


def _checked(doc: JSONDoc, user_id: int, path: Path | str) -> JSONDoc:
    """``doc`` if it fits the stored format (storage.user_schema); else the file is damaged."""
    reason = problem(doc)
    if reason is None and doc["user_id"] != user_id:
        reason = f"it holds the document of user {doc['user_id']}"
    if reason is not None:
        raise CorruptStoreError(path, reason)
    return doc


def _write_doc(db: TinyDB, doc: JSONDoc) -> None:
    """Store ``doc`` as the single document of ``db``, replacing it whole (not merging)."""
    stored: JSONDoc = dict(doc)  # the caller's dict is not modified
    stored.setdefault("schema", CURRENT_SCHEMA)
    table = db.table(TABLE, cache_size=0)

    def replace(existing: MutableMapping[Any, Any]) -> None:
        existing.clear()
        existing.update(stored)

    if table.contains(doc_id=DOC_ID):
        table.update(replace, doc_ids=[DOC_ID])
    else:
        table.insert(Document(stored, doc_id=DOC_ID))


class TinyUserStore:
    """Durable ``UserStore``: one atomically written TinyDB file per user (see module doc)."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / USERS_DIR
        ensure_dir(self.root)
        remove_temp_files(self.root)
        for shard in self._shard_dirs():
            remove_temp_files(shard)

    def path_for(self, user_id: int) -> Path:
        """The file holding ``user_id``'s document (whether or not it exists)."""
        _check_user_id(user_id)
        return self.root / f"{abs(user_id) % SHARDS:02d}" / f"{user_id}.json"

    def _db(self, path: Path) -> TinyDB:
        # Saves replace the whole file atomically, so an empty file can only be a truncation.
        return TinyDB(path, storage=AtomicJSONStorage, create_dirs=True, empty_is_corrupt=True)

    def load(self, user_id: int) -> JSONDoc | None:
        """The document, checked against the stored format; a file that holds none, or one
        that does not fit, raises ``CorruptStoreError`` (never read as a new user)."""
        path = self.path_for(user_id)
        with self._db(path) as db:
            try:
                doc = _read_doc(db)
            except UnsupportedSchemaError as exc:
                exc.path = path
                exc.add_note(f"in {path}")
                raise
        if doc is None:
            if path.exists():  # reduced to {} or {"user": {}}: damaged, not a new user
                raise CorruptStoreError(path, "the file holds no user document")
            return None
        return _checked(doc, user_id, path)

    def save(self, user_id: int, doc: JSONDoc) -> None:
        with self._db(self.path_for(user_id)) as db:
            _write_doc(db, doc)

    def delete(self, user_id: int) -> None:
        path = self.path_for(user_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        fsync_dir(path.parent)

    def user_ids(self) -> Iterator[int]:
        """Every stored user id, in no particular order; temp and foreign files are skipped."""
        for shard in self._shard_dirs():
            with os.scandir(shard) as entries:
                for entry in entries:
                    match = _FILE_RE.fullmatch(entry.name)
                    if match is None or not entry.is_file(follow_symlinks=False):
                        continue
                    user_id = int(match[1])
                    if abs(user_id) % SHARDS == int(shard.name):
                        yield user_id

    def close(self) -> None:
        """Nothing to release: no file handles or caches are kept between calls."""

    def _shard_dirs(self) -> list[Path]:
        with os.scandir(self.root) as entries:
            return sorted(
                Path(entry.path)
                for entry in entries
                if _SHARD_RE.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
            )


class _JSONMemoryStorage(MemoryStorage):
    """``MemoryStorage`` that keeps a JSON round-tripped copy, exactly as a file would.

    So non-JSON values fail on save and tuples/int keys come back as lists/str keys, like on
    disk, and nothing the caller holds aliases the stored data.
    """

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.memory = _json_copy(data)


def _json_copy(data: Any) -> Any:
    return json.loads(dumps_json(data))


class MemoryUserStore:
    """In-memory ``UserStore`` for tests: one TinyDB on ``MemoryStorage`` per user."""

    def __init__(self) -> None:
        self._dbs: dict[int, TinyDB] = {}

    def load(self, user_id: int) -> JSONDoc | None:
        _check_user_id(user_id)
        db = self._dbs.get(user_id)
        doc = None if db is None else _read_doc(db)
        return None if doc is None else _checked(doc, user_id, f"memory:{user_id}")

    def save(self, user_id: int, doc: JSONDoc) -> None:
        _check_user_id(user_id)
        db = self._dbs.get(user_id)
        if db is None:  # not `or`: an empty TinyDB is falsy
            db = TinyDB(storage=_JSONMemoryStorage)
        _write_doc(db, doc)
        self._dbs[user_id] = db  # only once the write succeeded

    def delete(self, user_id: int) -> None:
        _check_user_id(user_id)
        self._dbs.pop(user_id, None)

    def user_ids(self) -> Iterator[int]:
        return iter(list(self._dbs))

    def close(self) -> None:
        """Keeps the data, like the on-disk store keeps its files."""
