"""`regiescan health`: exit 0 while the running bot's heartbeat is fresh (Docker HEALTHCHECK).

The bot rewrites ``<data_dir>/heartbeat`` every 30 seconds (:mod:`bot.heartbeat_job`); a
heartbeat older than :data:`STALE_AFTER` means the process hangs or is gone.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta

from regiescan.wiring.settings import Settings
from storage.heartbeat import read_heartbeat

COMMANDS = ("health",)
STALE_AFTER = timedelta(seconds=120)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser("health", help="exit 0 when the running bot's heartbeat is fresh")


def run(settings: Settings, args: argparse.Namespace) -> int:
    beat = read_heartbeat(settings.data_dir)
    if beat is None:
        print(f"regiescan: unhealthy: no heartbeat in {settings.data_dir} (is the bot running?)")
        return 1
    age = datetime.now(UTC) - beat
    if age > STALE_AFTER:
        print(f"regiescan: unhealthy: last heartbeat {int(age.total_seconds())} s ago")
        return 1
    print(f"regiescan: healthy (heartbeat {max(0, int(age.total_seconds()))} s ago)")
    return 0
