"""Tests for schema migration and the standalone atomic-write helpers."""

from __future__ import annotations

import copy
import stat
from pathlib import Path
from typing import Any

import pytest

from storage import CURRENT_SCHEMA, UnsupportedSchemaError, atomic_write_bytes, migrate
from storage.atomic import remove_temp_files
from storage.migrations import STEPS

SCAN = {"answers": {"1.1": 2}}
V0: dict[str, Any] = {
    "user_id": 5,
    "lang": "nl",
    "state": "statement",
    "scan": SCAN,
    "old_scans": [SCAN],
    "extra": {"kept": True},
}


def test_every_version_has_a_step() -> None:
    assert sorted(STEPS) == list(range(CURRENT_SCHEMA))


def test_v0_to_current() -> None:
    original = copy.deepcopy(V0)
    assert migrate(V0) == {
        "schema": 1,
        "user_id": 5,
        "locale": "nl",
        "state": "statement",
        "current": SCAN,
        "finished": [SCAN],
        "extra": {"kept": True},
    }
    assert original == V0, "migrate must not modify its input"


def test_v0_with_null_scans_and_explicit_schema_0() -> None:
    doc = {"schema": 0, "user_id": 5, "lang": "en", "state": "intro", "scan": None}
    out = migrate(doc)
    assert out["current"] is None and out["finished"] == [] and out["schema"] == 1


def test_current_doc_is_returned_as_a_deep_copy() -> None:
    doc = {"schema": CURRENT_SCHEMA, "current": {"answers": {}}}
    out = migrate(doc)
    assert out == doc and out is not doc and out["current"] is not doc["current"]


@pytest.mark.parametrize("schema", [CURRENT_SCHEMA + 1, 99])
def test_newer_schema_is_refused(schema: int) -> None:
    with pytest.raises(UnsupportedSchemaError, match="refusing to downgrade"):
        migrate({"schema": schema})


@pytest.mark.parametrize("schema", [-1, "1", 1.0, True, None])
def test_invalid_schema_is_refused(schema: object) -> None:
    with pytest.raises(UnsupportedSchemaError, match="invalid schema"):
        migrate({"schema": schema})


def test_atomic_write_bytes(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]


def test_remove_temp_files_keeps_real_files(tmp_path: Path) -> None:
    (tmp_path / ".a.json.0123.tmp").write_bytes(b"partial")
    (tmp_path / "a.json").write_bytes(b"{}")
    assert remove_temp_files(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
