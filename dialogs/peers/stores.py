"""The stores the peer features need, and their vocabulary.

:class:`RegisterStore` holds the register of good practices (``storage.peer_register``); its CSV
rules are the core's (:mod:`dialogs.peers.register_csv`). :class:`ContactStore` holds contact
requests and collegiale-toets invitations (``storage.contact_requests``) in two tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

REQUESTS = "requests"  # contact requests between coordinators
REVIEWS = "reviews"  # invitations to a collegiale toets
Record = dict[str, Any]  # a plain JSON record with its "id"


@dataclass(frozen=True)
class RegisterEntry:
    """A good practice in the register: a municipality's approach to one knelpunt."""

    gemeente: str  # CBS code
    knelpunt: str
    title: str
    url: str
    contact: str | None = None


class RegisterStore(Protocol):
    def entries(self) -> list[RegisterEntry]:
        """All entries in import order; empty before the first import."""

    def replace(self, entries: Sequence[RegisterEntry]) -> None:
        """Make the register exactly ``entries`` (durably, in one step)."""


class ContactStore(Protocol):
    def add(self, record: Record, table: str = REQUESTS) -> int: ...

    def get(self, record_id: int, table: str = REQUESTS) -> Record | None: ...

    def update(self, record_id: int, fields: Record, table: str = REQUESTS) -> None: ...

    def find(self, match: Callable[[Record], bool], table: str = REQUESTS) -> list[Record]: ...

    def remove_user(self, user_id: int) -> bool:
        """Drop every request and review the user is part of."""
