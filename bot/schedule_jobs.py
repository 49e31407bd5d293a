"""Scheduled reminders in the running bot: one PTB JobQueue job per active schedule.

At start every schedule is re-registered and whatever fell due while the bot was down is run
once (:func:`run_due`); each job runs what is due and registers the next moment. The outbox id
of a run is derived from the schedule and its due moment, so a run is never created twice.
"""

from __future__ import annotations

import logging
from datetime import UTC
from typing import Any

from telegram.ext import CallbackContext

from bot.context import App
from dialogs.regional.schedules import broadcast_id_for
from regiescan.wiring.services import Services

log = logging.getLogger(__name__)
JOB_PREFIX = "regiescan-planning-"


def _services(app: App) -> Services:
    return app.bot_data.services


async def run_due(app: App) -> list[str]:
    """Start the broadcast of every schedule that is due now (once per due moment)."""
    regional = _services(app).regional
    broadcaster = app.bot_data.broadcaster
    started = []
    for schedule, due in regional.planner.due():
        owner = regional.access.member(schedule["by"])
        if owner is None or not set(schedule["regions"]) <= set(owner.regions):
            log.warning("schedule %s paused: its owner no longer has the role", schedule["id"])
            regional.planner.set_paused(schedule, True)
            continue
        broadcast_id = broadcast_id_for(schedule, due)
        existing = regional.outbox.load(broadcast_id)
        if existing is None:
            broadcaster.create(
                broadcast_id=broadcast_id,
                by=schedule["by"],
                kind="planning",
                audience=schedule["audience"],
                regions=tuple(schedule["regions"]),
                message=schedule["message"],
                schedule=schedule["id"],
                due=due.astimezone(UTC).isoformat(timespec="seconds"),
            )
        regional.planner.advance(schedule, due)
        if existing is None or existing.get("state") != "done":
            broadcaster.start(broadcast_id)
            started.append(broadcast_id)
        log.info("scheduled reminder %s ran for %s", schedule["id"], due.isoformat())
    return started


async def _fire(context: CallbackContext[Any, Any, Any, Any]) -> None:
    app = context.application
    await run_due(app)
    register_jobs(app)


def register_jobs(app: App) -> int:
    """(Re-)register one job per active schedule at its next moment; returns how many."""
    queue = app.job_queue
    if queue is None:
        log.warning("no JobQueue (install python-telegram-bot[job-queue]): schedules run at start")
        return 0
    for job in queue.jobs():
        if job.name and job.name.startswith(JOB_PREFIX):
            job.schedule_removal()
    upcoming = _services(app).regional.planner.upcoming()
    for schedule, moment in upcoming:
        queue.run_once(_fire, when=moment, name=f"{JOB_PREFIX}{schedule['id']}")
    return len(upcoming)
