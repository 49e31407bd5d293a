"""Retention: users inactive longer than the retention are deleted, live and from the backups."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.context import UserLocks
from bot.maintenance_job import JOB_NAME
from dialogs.model import User
from dialogs.privacy.retention import find_expired, months_before
from regiescan.wiring.maintenance import apply_retention, run_maintenance
from regiescan.wiring.settings import Settings, SettingsError
from storage.users import TinyUserStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.data_dir_scan import mentions
from tests.helpers.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STALE, RECENT, BORDER = 3141592653, 2718281828, 1618033988


def user_doc(user_id: int, updated: str) -> dict:
    return User.new(user_id, updated).to_doc()


def seed(data_dir: Path) -> TinyUserStore:
    store = TinyUserStore(data_dir)
    store.save(STALE, user_doc(STALE, "2024-03-01T08:59:59+00:00"))  # 24 months and a day
    store.save(BORDER, user_doc(BORDER, "2024-03-02T09:00:00+00:00"))  # exactly 24 months
    store.save(RECENT, user_doc(RECENT, "2026-02-01T10:00:00+00:00"))
    return store


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 3, 31), 1, datetime(2026, 2, 28)),
        (datetime(2026, 3, 2), 24, datetime(2024, 3, 2)),
        (datetime(2024, 2, 29), 12, datetime(2023, 2, 28)),
        (datetime(2026, 1, 15), 13, datetime(2024, 12, 15)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


def test_find_expired_reads_only_and_skips_what_it_cannot_judge(data_dir: Path, caplog):
    store = seed(data_dir)
    store.save(99, {"user_id": 99, "state": "idle"})  # no stamp: never deleted by the rule
    store.save(98, user_doc(98, "2020-01-01T00:00:00+00:00"))
    store.path_for(98).write_bytes(b"{broken")
    with caplog.at_level(logging.WARNING):
        expired = list(find_expired(store, months_before(NOW, 24)))
    assert [e.user_id for e in expired] == [STALE]
    assert expired[0].last_activity == "2024-03-01T08:59:59+00:00"
    assert store.path_for(98).read_bytes() == b"{broken"
    assert any("cannot be read" in r.getMessage() for r in caplog.records)


async def test_daily_maintenance_deletes_the_inactive_everywhere_and_makes_a_backup(
    data_dir: Path,
):
    store = seed(data_dir)
    api = FakeBotAPI()
    async with BotHarness(api, data_dir) as bot:
        assert [j.name for j in bot.app.job_queue.jobs() if j.name == JOB_NAME] == [JOB_NAME]
        backups = bot.services.personal_data.backups
        backups.create(datetime(2026, 3, 1).date())  # yesterday's backup holds the stale user
        report = await run_maintenance(bot.services, NOW, locks=UserLocks())
    assert report.erased == [STALE] and report.failed == []
    assert report.backup is not None and report.backup.day == "2026-03-02"
    assert mentions(data_dir, str(STALE)) == []
    assert store.load(RECENT) is not None and store.load(BORDER) is not None
    assert TinyUserStore(backups.path("2026-03-02")).load(RECENT) is not None
    assert "1 users past retention deleted" in report.summary()


async def test_a_user_who_comes_back_while_waiting_is_kept(data_dir: Path):
    store = seed(data_dir)

    class ReturningUser:
        """The user answers something just before the job gets their lock."""

        def get(self, user_id: int):
            @asynccontextmanager
            async def held():
                store.save(user_id, user_doc(user_id, NOW.isoformat()))
                yield

            return held()

    async with BotHarness(FakeBotAPI(), data_dir) as bot:
        report = await apply_retention(bot.services, NOW, locks=ReturningUser())
    assert [e.user_id for e in report.expired] == [STALE]
    assert report.erased == []
    assert store.load(STALE) is not None


def _retention(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REGIESCAN_"))}
    env |= {"REGIESCAN_DATA_DIR": str(data_dir), "REGIESCAN_RETENTION_MONTHS": "3"}
    return subprocess.run(
        [sys.executable, "-m", "regiescan.cli", "retention", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_retention_command_dry_run_lists_and_keeps_then_deletes(data_dir: Path):
    now = datetime.now(UTC)  # the command uses the real clock
    store = TinyUserStore(data_dir)
    stale = months_before(now, 4).isoformat(timespec="seconds")
    store.save(STALE, user_doc(STALE, stale))
    store.save(RECENT, user_doc(RECENT, (now - timedelta(days=10)).isoformat()))
    dry = _retention(data_dir, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[0] == f"user {STALE}: last active {stale[:10]}"
    assert "1 users last active before" in dry.stdout and "would be deleted (dry run)" in dry.stdout
    assert sorted(store.user_ids()) == sorted([STALE, RECENT])

    real = _retention(data_dir)
    assert real.returncode == 0, real.stderr
    assert "1 users last active before" in real.stdout and "deleted" in real.stdout
    assert list(store.user_ids()) == [RECENT]


def test_retention_and_backup_days_come_from_the_environment():
    configured = Settings.from_env(
        {"REGIESCAN_RETENTION_MONTHS": "18", "REGIESCAN_BACKUP_DAYS": "3"}
    )
    assert (configured.retention_months, configured.backup_days) == (18, 3)
    default = Settings.from_env({"REGIESCAN_ORGANISATION": ""})
    assert (default.retention_months, default.backup_days) == (24, 7)
    assert default.organisation == Settings.organisation
    for bad in ("0", "zes", "-1", "1.5"):
        with pytest.raises(SettingsError, match="REGIESCAN_BACKUP_DAYS"):
            Settings.from_env({"REGIESCAN_BACKUP_DAYS": bad})
