"""The daily maintenance: delete users past retention, back up the data dir, prune old backups.

One implementation for the bot's daily job (``bot.maintenance_job``) and the ``regiescan`` verbs.
Slow file work (reading every user, linking a snapshot, scrubbing backups) runs in a worker
thread so the bot keeps answering; each deletion itself runs on the caller's loop while holding
that user's lock, after re-checking that the user is still inactive.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from dialogs.privacy.retention import Expired, find_expired, months_before, still_expired
from storage.backups import BackupResult

if TYPE_CHECKING:
    from regiescan.wiring.services import Services

log = logging.getLogger("regiescan.wiring.maintenance")


class Locks(Protocol):
    def get(self, user_id: int) -> AbstractAsyncContextManager[object]: ...


class _NoLocks:
    """For the command line, where no bot runs alongside."""

    def get(self, user_id: int) -> AbstractAsyncContextManager[object]:
        return asyncio.Lock()


@dataclass
class MaintenanceReport:
    backup: BackupResult | None = None
    pruned: list[str] = field(default_factory=list)
    expired: list[Expired] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """One log line with counts only (no user ids at INFO)."""
        backup = (
            f"backup {self.backup.day} ({self.backup.files} files)"
            if self.backup
            else "backup of today already there"
        )
        return (
            f"{backup}; {len(self.pruned)} old backups removed; "
            f"{len(self.erased)} users past retention deleted, {len(self.failed)} failed"
        )


async def apply_retention(
    services: Services,
    now: datetime,
    *,
    locks: Locks | None = None,
    dry_run: bool = False,
    report: MaintenanceReport | None = None,
) -> MaintenanceReport:
    """Delete every user last active more than ``retention_months`` before ``now``."""
    report = report or MaintenanceReport()
    locks = locks or _NoLocks()
    cutoff = months_before(now, services.settings.retention_months)
    report.expired = await asyncio.to_thread(lambda: list(find_expired(services.store, cutoff)))
    if dry_run:
        return report
    personal = services.personal_data
    for expired in report.expired:
        async with locks.get(expired.user_id):
            if not still_expired(services.store, expired.user_id, cutoff):
                continue
            result = personal.erase_live(expired.user_id)
            (report.erased if result.complete else report.failed).append(expired.user_id)
    if report.erased:
        await asyncio.to_thread(personal.erase_backups, report.erased)
    return report


async def run_maintenance(
    services: Services, now: datetime, *, locks: Locks | None = None
) -> MaintenanceReport:
    """The whole daily round; safe to run again the same day (the backup is then kept)."""
    report = await apply_retention(services, now, locks=locks)
    backups = services.personal_data.backups
    report.backup = await asyncio.to_thread(backups.create, now.date())
    report.pruned = await asyncio.to_thread(backups.prune, now.date())
    log.info("maintenance done: %s", report.summary())
    return report
