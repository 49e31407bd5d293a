"""Reading one of the small JSON documents the stores keep (outbox, plans, schedules, staff
drafts, the register), checked the same way everywhere: a JSON object, holding its main field
with the right type, at the schema this release writes. Anything else is a damaged file or a
newer release's, never something to overwrite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storage.errors import CorruptStoreError, UnsupportedSchemaError


def read_document(
    path: Path, *, kind: str, key: str, shape: type, schema: int
) -> dict[str, Any] | None:
    """The checked document at ``path``; None when there is no such file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse_document(path, raw, kind=kind, key=key, shape=shape, schema=schema)


def parse_document(
    path: Path, raw: bytes, *, kind: str, key: str, shape: type, schema: int
) -> dict[str, Any]:
    """``raw`` (read from ``path``) as a checked document, named ``kind`` in errors."""
    try:
        doc = json.loads(raw)
    except ValueError as exc:
        raise CorruptStoreError(path, f"not valid JSON ({exc})") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get(key), shape):
        raise CorruptStoreError(path, f"not a {kind} document")
    if doc.get("schema") != schema:
        raise UnsupportedSchemaError(doc.get("schema"), schema)
    return doc
