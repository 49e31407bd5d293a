"""Every place that holds personal data, in one registry: for /mijngegevens and /vergeetmij.

A store that keeps anything about a user (the user documents, staff roles, an outbox of
reminders, contact requests, an index) registers a :class:`PersonalDataSource` here, once, in
``regiescan.wiring.services.build_services`` (or right after it)::

    services.personal_data.register(OutboxSource(outbox), copies=lambda root: OutboxSource(
        Outbox(root)))

``export(user_id)`` returns what the source holds about the user as plain JSON (None when it
holds nothing); ``erase(user_id)`` removes all of it and returns whether there was something.
``copies`` builds the same source on another data dir with the same layout: the registry uses
it to erase the user from every automatic backup too (``storage.backups``). Pass
``copies=None`` only for a source that keeps nothing on disk. A source must erase synchronously
and quickly: the bot calls it on the event loop, holding the user's lock.

Erasure order: the most recently registered source first and the user documents last, so a
failure halfway leaves the user able to see their data and ask again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from dialogs.stores import UserStore
from storage.backups import Backups
from storage.errors import StorageError
from storage.users import TinyUserStore

log = logging.getLogger(__name__)


class PersonalDataSource(Protocol):
    """One place with personal data: what it holds about a user, and how to remove it."""

    @property
    def name(self) -> str: ...

    def export(self, user_id: int) -> Any: ...

    def erase(self, user_id: int) -> bool: ...


CopyFactory = Callable[[Path], PersonalDataSource]


@dataclass
class Erasure:
    """What an erasure did: the sources that held something, and those that failed."""

    erased: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.failed


class UserDocuments:
    """The user's own document: profile, scans, answers, notes, consents, language."""

    name = "gebruiker"

    def __init__(self, store: UserStore) -> None:
        self.store = store

    def export(self, user_id: int) -> Any:
        return self.store.load(user_id)

    def erase(self, user_id: int) -> bool:
        try:
            existed = self.store.load(user_id) is not None
        except StorageError:  # damaged or from a newer release: it goes all the same
            existed = True
        self.store.delete(user_id)
        return existed


class BackupCopies:
    """The automatic backups: which of them hold copies, and scrubbing the user from all."""

    name = "reservekopieen"

    def __init__(self, backups: Backups, registry: PersonalData) -> None:
        self.backups = backups
        self.registry = registry

    def export(self, user_id: int) -> Any:
        """The dates of the backups that hold a copy (the copies hold what the export shows)."""
        days = [day for day in self.backups.days() if self._holds(day, user_id)]
        return {"kopieen_van": days} if days else None

    def _holds(self, day: str, user_id: int) -> bool:
        root = self.backups.path(day)
        for factory in self.registry.copy_factories():
            try:
                if factory(root).export(user_id) is not None:
                    return True
            except Exception:  # a copy that cannot be read may well hold something
                return True
        return False

    def erase(self, user_id: int) -> bool:
        return bool(self.erase_many([user_id]))

    def erase_many(self, user_ids: Iterable[int]) -> int:
        """Erase users from every backup; how many (backup, source, user) copies were found."""
        ids = list(user_ids)
        found = 0
        failed: list[str] = []

        def erase_in(root: Path) -> None:
            nonlocal found
            for factory in self.registry.copy_factories():
                try:  # one damaged copy must not keep the user in the other backups
                    source = factory(root)
                    found += sum(1 for user_id in ids if source.erase(user_id))
                except Exception as exc:
                    failed.append(f"{root.name}: {type(exc).__name__}")

        self.backups.scrub(erase_in)
        if failed:
            raise StorageError(f"could not erase from every backup ({'; '.join(failed)})")
        return found


class PersonalData:
    """The registry of personal data sources of one installation."""

    def __init__(self, backups: Backups) -> None:
        self.backups = backups
        self._sources: list[tuple[PersonalDataSource, CopyFactory | None]] = []
        self.backup_copies = BackupCopies(backups, self)

    def register(self, source: PersonalDataSource, *, copies: CopyFactory | None) -> None:
        if any(s.name == source.name for s, _ in self._sources):
            raise ValueError(f"a personal data source named {source.name!r} is registered")
        self._sources.append((source, copies))

    def names(self) -> list[str]:
        return [s.name for s, _ in self._sources] + [self.backup_copies.name]

    def copy_factories(self) -> list[CopyFactory]:
        return [factory for _, factory in self._sources if factory is not None]

    def export(self, user_id: int) -> dict[str, Any]:
        """Everything held about ``user_id``, per source; sources holding nothing are left out."""
        found: dict[str, Any] = {}
        for source in [*(s for s, _ in self._sources), self.backup_copies]:
            data = source.export(user_id)
            if data is not None:
                found[source.name] = data
        return found

    def erase_live(self, user_id: int) -> Erasure:
        """Remove ``user_id`` from every live source (not the backups: see erase_backups)."""
        result = Erasure()
        for source, _ in reversed(self._sources):
            try:
                if source.erase(user_id):
                    result.erased.append(source.name)
            except Exception:
                log.exception("erasing a user from %s failed", source.name)
                result.failed.append(source.name)
        return result

    def erase_backups(self, user_ids: Iterable[int], result: Erasure | None = None) -> Erasure:
        """Remove users from every backup. Waits for a backup being made (may block: thread)."""
        result = result or Erasure()
        try:
            if self.backup_copies.erase_many(user_ids):
                result.erased.append(self.backup_copies.name)
        except Exception:
            log.exception("erasing users from the backups failed")
            result.failed.append(self.backup_copies.name)
        return result

    def erase(self, user_id: int) -> Erasure:
        """Everything, backups included, in one call (the CLI and tests; the bot splits it)."""
        return self.erase_backups([user_id], self.erase_live(user_id))


def personal_data_for(store: UserStore, data_dir: Path, backup_days: int) -> PersonalData:
    """The registry with the sources every installation has: user documents and backups."""
    registry = PersonalData(Backups(data_dir, backup_days))
    copies: CopyFactory | None = None
    if isinstance(store, TinyUserStore):
        copies = _user_documents_in
    registry.register(UserDocuments(store), copies=copies)
    return registry


def _user_documents_in(root: Path) -> PersonalDataSource:
    return UserDocuments(TinyUserStore(root))
