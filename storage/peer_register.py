"""The register of good practices: one JSON file in the data dir, replaced whole by an import.

Implements :class:`dialogs.peers.stores.RegisterStore`. The CSV an operator keeps and its rules
are the core's: :func:`dialogs.peers.register_csv.import_register_csv` checks a file whole and
then calls :meth:`PeerRegister.replace`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dialogs.peers.stores import RegisterEntry
from storage.atomic import atomic_write_bytes, dumps_json, ensure_dir
from storage.errors import CorruptStoreError
from storage.json_documents import read_document

REGISTER_FILE = "peer_register.json"
SCHEMA = 1


class PeerRegister:
    """The good practices that peer suggestions point to, stored in ``data_dir``."""

    def __init__(self, data_dir: Path | str) -> None:
        self.path = Path(data_dir) / REGISTER_FILE

    def entries(self) -> list[RegisterEntry]:
        """All entries in import order; empty before the first import."""
        data = read_document(self.path, kind="register", key="entries", shape=list, schema=SCHEMA)
        if data is None:
            return []
        try:
            return [RegisterEntry(**entry) for entry in data["entries"]]
        except TypeError as exc:
            raise CorruptStoreError(self.path, f"malformed entry ({exc})") from exc

    def replace(self, entries: Sequence[RegisterEntry]) -> None:
        """Make the register exactly ``entries``, replacing the file atomically."""
        doc: dict[str, Any] = {"schema": SCHEMA, "entries": [vars(e) for e in entries]}
        ensure_dir(self.path.parent)
        atomic_write_bytes(self.path, dumps_json(doc))
