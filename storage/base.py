"""The storage interface the domain core and the fronts depend on.

Everything is plain JSON (dicts, lists, str, int, float, bool, None): no pickled objects, so a
stored document stays readable across releases and by other tools.
"""

from __future__ import annotations

from collections.abc import Iterator
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
