"""Errors raised by the storage layer.

They carry enough context (path, schema) for an operator to act without reading the code.
"""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base class for all storage errors."""


class CorruptStoreError(StorageError):
    """A store file exists but cannot be parsed.

    Never treated as empty: doing so would let the next save overwrite user data.
    """

    def __init__(self, path: Path | str, reason: str = "not valid JSON") -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(
            f"corrupt store file {self.path}: {reason}. Refusing to read or overwrite it. "
            "Move it aside and restore it from a backup, or repair the JSON by hand."
        )


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
