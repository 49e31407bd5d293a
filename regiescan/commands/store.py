"""`regiescan backup | restore | retention`, the start-up check, and readable storage errors."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime

from regiescan.wiring.settings import Settings
from storage.backups import Backups
from storage.errors import CorruptStoreError, StorageError, UnsupportedSchemaError
from storage.health import check_data_dir, check_writable, recovery_advice

COMMANDS = ("backup", "restore", "retention")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser("backup", help="make today's backup of the data dir now, drop expired ones")
    restore = sub.add_parser(
        "restore", help="put data files back from an automatic backup (stop the bot first)"
    )
    restore.add_argument("--from", dest="day", metavar="YYYY-MM-DD", help="default: the latest")
    restore.add_argument("--only", metavar="PATH", help="only this data file, as named in errors")
    restore.add_argument("--list", action="store_true", help="list the backups and stop")
    retention = sub.add_parser("retention", help="delete users past the retention period")
    retention.add_argument(
        "--dry-run", action="store_true", help="list who would be deleted; delete nothing"
    )


def _backups(settings: Settings) -> Backups:
    return Backups(settings.data_dir, settings.backup_days)


def check_at_start(settings: Settings) -> None:
    """Refuse to start on a missing, read-only or damaged data dir (cheap: user files are
    checked when loaded)."""
    check_writable(settings.data_dir)
    check_data_dir(settings.data_dir)


def explain(exc: StorageError, settings: Settings) -> str:
    """The error, plus for a damaged file the backup that holds it and how to restore it."""
    path = getattr(exc, "path", None)
    if isinstance(exc, CorruptStoreError | UnsupportedSchemaError) and path is not None:
        return f"{exc}\n{recovery_advice(_backups(settings), path)}"
    return str(exc)


def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.command == "backup":
        return _backup(settings)
    if args.command == "restore":
        return _restore(settings, args)
    return _retention(settings, dry_run=args.dry_run)


def _backup(settings: Settings) -> int:
    backups = _backups(settings)
    today = datetime.now(UTC).date()
    made = backups.create(today)
    pruned = backups.prune(today)
    if made is None:
        print(f"the backup of {today} exists already: {backups.path(today.isoformat())}")
    else:
        print(f"backup of {made.day}: {made.files} files in {backups.path(made.day)}")
    if pruned:
        print(f"removed backups older than {settings.backup_days} days: {', '.join(pruned)}")
    return 0


def _restore(settings: Settings, args: argparse.Namespace) -> int:
    backups = _backups(settings)
    if args.list:
        for day in backups.days():
            print(day)
        return 0
    source = args.day or backups.latest()
    restored = backups.restore(source, args.only)
    print(f"restored {len(restored)} files from the backup of {source} into {settings.data_dir}")
    return 0


def _retention(settings: Settings, *, dry_run: bool) -> int:
    from dialogs.privacy.retention import months_before
    from regiescan.wiring.maintenance import apply_retention
    from regiescan.wiring.services import build_services

    services = build_services(settings)
    now = datetime.now(UTC)
    try:
        report = asyncio.run(apply_retention(services, now, dry_run=dry_run))
    finally:
        services.close()
    cutoff = months_before(now, settings.retention_months).date()
    for expired in report.expired:
        print(f"user {expired.user_id}: last active {expired.last_activity[:10]}")
    verb = "would be deleted (dry run)" if dry_run else "deleted"
    count = len(report.expired) if dry_run else len(report.erased)
    print(f"{count} users last active before {cutoff} ({settings.retention_months} months) {verb}")
    if report.failed:
        print(f"{len(report.failed)} could not be deleted completely; see the log")
        return 1
    return 0
