"""The daily maintenance on PTB's JobQueue: retention, backup, pruning.

The work itself is :mod:`regiescan.wiring.maintenance`.

It runs every day at 02:30 UTC, and once shortly after start, so an installation that is not
running at night still gets its daily backup (a second run on the same day keeps the backup
that is there).
"""

from __future__ import annotations

import logging
from datetime import time

from bot.context import App, Context, services, user_locks
from regiescan.wiring.maintenance import run_maintenance

log = logging.getLogger("regiescan.bot")

JOB_NAME = "regiescan-maintenance"
DAILY_AT = time(2, 30)  # naive: PTB reads it in the JobQueue's time zone (UTC by default)
AFTER_START = 60.0  # seconds


async def maintenance_job(context: Context) -> None:
    """One maintenance round, with the bot's user locks so no change is lost."""
    s = services(context)
    await run_maintenance(s, s.scans.clock(), locks=user_locks(context))


def register(app: App) -> None:
    """The daily job (and one shortly after start) on the application's JobQueue."""
    if app.job_queue is None:
        log.warning("no JobQueue (install python-telegram-bot[job-queue]): no daily maintenance")
        return
    app.job_queue.run_daily(maintenance_job, DAILY_AT, name=JOB_NAME)
    app.job_queue.run_once(maintenance_job, AFTER_START, name=f"{JOB_NAME}-after-start")
