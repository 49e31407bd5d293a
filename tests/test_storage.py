"""Tests for the per-user stores: durability, crash consistency, layout, migration on read."""

from __future__ import annotations

import copy
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storage import (
    CURRENT_SCHEMA,
    CorruptStoreError,
    MemoryUserStore,
    TinyUserStore,
    UnsupportedSchemaError,
    UserStore,
    atomic_write_bytes,
)

AT = "2025-01-01T10:05:00"
SCAN = {
    "started": "2025-01-01T10:00:00",
    "answers": {"1.1": {"value": 3, "at": AT}, "1.2": {"value": "dk", "at": AT}},
}


class SimulatedCrash(BaseException):
    """Stands in for the process dying: not an Exception, so nothing handles it."""


def doc_for(user_id: int, **extra: Any) -> dict[str, Any]:
    current = copy.deepcopy(SCAN)
    return {"user_id": user_id, "locale": "nl", "state": "statement", "current": current, **extra}


def write_raw(store: TinyUserStore, user_id: int, payload: Any) -> Path:
    """Put a TinyDB file on disk behind the store's back (as an older release would have)."""
    path = store.path_for(user_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, json.dumps(payload).encode())
    return path


@pytest.fixture(params=["disk", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[UserStore]:
    s: UserStore = TinyUserStore(tmp_path) if request.param == "disk" else MemoryUserStore()
    yield s
    s.close()


@pytest.fixture
def disk(tmp_path: Path) -> TinyUserStore:
    return TinyUserStore(tmp_path)


# --- behaviour shared by both stores -------------------------------------------------------


def test_round_trip(store: UserStore) -> None:
    assert store.load(5) is None
    store.save(5, doc_for(5))
    assert store.load(5) == {**doc_for(5), "schema": CURRENT_SCHEMA}


def test_save_replaces_whole_document_and_keeps_given_schema(store: UserStore) -> None:
    store.save(5, doc_for(5, extra="x"))
    store.save(5, {"user_id": 5, "schema": CURRENT_SCHEMA, "state": "done"})
    assert store.load(5) == {"user_id": 5, "schema": CURRENT_SCHEMA, "state": "done"}


def test_copy_semantics(store: UserStore) -> None:
    doc = doc_for(5, finished=[])
    store.save(5, doc)
    assert "schema" not in doc, "save must not modify the caller's dict"
    doc["current"]["answers"]["1.1"] = 0  # mutate after save
    doc["finished"].append("late")
    loaded = store.load(5)
    assert loaded is not None
    assert loaded["current"]["answers"]["1.1"]["value"] == 3 and loaded["finished"] == []
    loaded["current"]["answers"]["1.1"] = 99  # mutate a loaded copy
    loaded["state"] = "changed"
    again = store.load(5)
    assert again == {**doc_for(5, finished=[]), "schema": CURRENT_SCHEMA}
    assert again is not loaded


def test_json_only(store: UserStore) -> None:
    store.save(5, {"user_id": 5, "pair": (1, 2)})
    assert store.load(5) == {"user_id": 5, "pair": [1, 2], "schema": CURRENT_SCHEMA}
    with pytest.raises((TypeError, ValueError)):
        store.save(6, {"user_id": 6, "bad": float("nan")})
    assert store.load(6) is None and list(store.user_ids()) == [5]


def test_user_ids_and_delete(store: UserStore) -> None:
    ids = [0, 7, 100, 1234507, 987654321, -42]
    for user_id in ids:
        store.save(user_id, doc_for(user_id))
    assert sorted(store.user_ids()) == sorted(ids)
    store.delete(7)
    store.delete(7)  # deleting an unknown user is a no-op
    assert store.load(7) is None
    assert sorted(store.user_ids()) == sorted(set(ids) - {7})


def test_rejects_non_int_user_id(store: UserStore) -> None:
    for bad in ("5", True, 5.0, "../5"):
        with pytest.raises(TypeError):
            store.save(bad, doc_for(5))  # type: ignore[arg-type]


def test_v0_document_is_migrated_in_memory(store: UserStore) -> None:
    v0 = {"schema": 0, "user_id": 5, "lang": "nl", "state": "statement", "scan": SCAN}
    store.save(5, v0)
    assert store.load(5) == {**doc_for(5), "finished": [], "schema": 1}


# --- on-disk specifics ------------------------------------------------------------------


def test_layout(disk: TinyUserStore) -> None:
    disk.save(1234505, doc_for(1234505))
    path = disk.path_for(1234505)
    assert path == disk.root / "05" / "1234505.json"
    assert json.loads(path.read_text())["user"]["1"]["user_id"] == 1234505


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o277])
def test_modes_ignore_umask(tmp_path: Path, umask: int) -> None:
    old_umask = os.umask(umask)
    try:
        store = TinyUserStore(tmp_path / "data")
        store.save(42, doc_for(42))
    finally:
        os.umask(old_umask)
    path = store.path_for(42)
    for directory in (tmp_path / "data", store.root, path.parent):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("crash_at", ["fsync", "replace"])
def test_crash_before_rename_keeps_old_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash_at: str
) -> None:
    store = TinyUserStore(tmp_path)
    store.save(7, doc_for(7, answers=1))
    target = store.path_for(7)
    before = target.read_bytes()
    left: dict[str, Any] = {}

    def crash(*args: Any) -> None:
        temps = [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
        left["path"], left["data"] = temps[0], temps[0].read_bytes()
        raise SimulatedCrash

    monkeypatch.setattr(os, crash_at, crash)
    with pytest.raises(SimulatedCrash):
        store.save(7, doc_for(7, answers=2))
    monkeypatch.undo()

    assert target.read_bytes() == before
    assert store.load(7) == {**doc_for(7, answers=1), "schema": 1}
    assert not left["path"].exists(), "the error path removes its temp file"

    # A real crash cleans nothing up: put the temp file back as it would be found on disk.
    left["path"].write_bytes(left["data"])
    assert list(store.user_ids()) == [7]  # ignored even before cleanup
    reopened = TinyUserStore(tmp_path)
    assert not left["path"].exists(), "opening the store removes leftover temp files"
    assert reopened.load(7) == {**doc_for(7, answers=1), "schema": 1}
    reopened.save(7, doc_for(7, answers=3))
    assert reopened.load(7) == {**doc_for(7, answers=3), "schema": 1}


@pytest.mark.parametrize(
    "content", [b'{"user": {"1": {"user_id": 9, "sta', b"\x00\x00\x00", b"[1, 2]", b"  "]
)
def test_corrupt_file_raises_and_is_never_overwritten(disk: TinyUserStore, content: bytes) -> None:
    disk.save(9, doc_for(9))
    path = disk.path_for(9)
    path.write_bytes(content)
    with pytest.raises(CorruptStoreError) as info:
        disk.load(9)
    assert info.value.path == path and str(path) in str(info.value)
    with pytest.raises(CorruptStoreError):
        disk.save(9, doc_for(9))
    assert path.read_bytes() == content


def test_empty_file_is_corrupt_not_an_unknown_user(disk: TinyUserStore) -> None:
    # Saves replace the file whole, so an empty file is a truncation: never a new user.
    path = disk.path_for(9)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    with pytest.raises(CorruptStoreError, match="empty"):
        disk.load(9)
    with pytest.raises(CorruptStoreError):
        disk.save(9, doc_for(9))
    assert path.read_bytes() == b""


def test_v0_document_on_disk_is_migrated_on_read(disk: TinyUserStore) -> None:
    v0 = {"user_id": 5, "lang": "en", "state": "statement", "scan": None, "old_scans": [SCAN]}
    path = write_raw(disk, 5, {"user": {"1": v0}})
    raw_before = path.read_bytes()
    assert disk.load(5) == {
        "schema": 1,
        "user_id": 5,
        "locale": "en",
        "state": "statement",
        "current": None,
        "finished": [SCAN],
    }
    assert path.read_bytes() == raw_before, "load does not write; the next save does"


def test_newer_schema_raises(disk: TinyUserStore) -> None:
    path = write_raw(disk, 5, {"user": {"1": {"schema": CURRENT_SCHEMA + 1, "user_id": 5}}})
    with pytest.raises(UnsupportedSchemaError, match="newer") as info:
        disk.load(5)
    assert str(path) in "".join(getattr(info.value, "__notes__", []))


def test_save_touches_only_that_users_file(
    disk: TinyUserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    for user_id in range(1000, 1200):
        disk.save(user_id, doc_for(user_id))
    stats = {p: p.stat() for p in disk.root.rglob("*.json")}
    assert len(stats) == 200
    target = disk.path_for(1150)

    replaced: list[Path] = []
    read: list[Path] = []
    real_replace, real_read_bytes = os.replace, Path.read_bytes

    def spy_replace(src: Any, dst: Any) -> None:
        replaced.append(Path(dst))
        real_replace(src, dst)

    def spy_read_bytes(self: Path) -> bytes:
        read.append(self)
        return real_read_bytes(self)

    monkeypatch.setattr(os, "replace", spy_replace)
    monkeypatch.setattr(Path, "read_bytes", spy_read_bytes)
    disk.save(1150, doc_for(1150, answers=[1] * 50))
    monkeypatch.undo()

    assert replaced == [target]
    assert set(read) <= {target}
    for path, before in stats.items():
        after = path.stat()
        changed = (after.st_ino, after.st_mtime_ns) != (before.st_ino, before.st_mtime_ns)
        assert changed == (path == target), path
    assert sorted(p.name for p in target.parent.iterdir()) == ["1050.json", "1150.json"]
