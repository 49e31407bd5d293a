"""What the core needs from every store, and how a store fails: the shared part of the contract.

The rooms define the Protocols of their own stores next to their code (``dialogs/<room>/
stores.py``); :mod:`storage` implements them all and imports nothing else from the core. Here:
the per-user documents, which every room reads, and the errors any store may raise.

Everything is plain JSON (dicts, lists, str, int, float, bool, None): no pickled objects, so a
stored document stays readable across releases and by other tools.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

JSONDoc = dict[str, Any]


class UserStore(Protocol):
    """One JSON document per Telegram (or terminal) user, saved durably.

    ``save`` returns only when the document is on disk: a crash at any later instant keeps it.
    ``load`` returns the document migrated to the current schema, or None when unknown.
    """

    def load(self, user_id: int) -> JSONDoc | None: ...

    def save(self, user_id: int, doc: JSONDoc) -> None: ...

    def delete(self, user_id: int) -> None: ...

    def user_ids(self) -> Iterator[int]: ...

    def close(self) -> None: ...


class StorageError(Exception):
    """Base class for all storage errors.

    They carry enough context (path, schema) for an operator to act without reading the code.
    """


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
