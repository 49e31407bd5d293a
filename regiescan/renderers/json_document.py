"""The scan's JSON export: the core's plain data (``dialogs.exports.scan_json``), serialised."""

from __future__ import annotations

import json
from typing import Any


def render_json(document: dict[str, Any]) -> bytes:
    """UTF-8, indented, non-ASCII kept as it is (ë stays ë)."""
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
