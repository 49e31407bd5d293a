"""Errors raised by the storage layer.

They carry enough context (path, schema) for an operator to act without reading the code. The
two the core handles are part of its contract (:mod:`dialogs.stores`) and re-exported here.
"""

from __future__ import annotations

from pathlib import Path

from dialogs.stores import CorruptStoreError, StorageError

__all__ = ["CorruptStoreError", "StorageError", "UnsupportedSchemaError"]


class UnsupportedSchemaError(StorageError):
    """A document's schema version is invalid or newer than this release understands."""

    def __init__(self, schema: object, current: int) -> None:
        self.schema = schema
        self.current = current
        self.path: Path | None = None  # the file it was read from, once known
        if isinstance(schema, int) and not isinstance(schema, bool) and schema > current:
            detail = (
                f"document has schema {schema}, newer than this release understands "
                f"({current}); refusing to downgrade. Run a newer release of regiescan."
            )
        else:
            detail = f"document has invalid schema {schema!r} (expected an int 0..{current})"
        super().__init__(detail)
