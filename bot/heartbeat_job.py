"""A heartbeat on PTB's JobQueue: proof for `regiescan health` (Docker's HEALTHCHECK) that the
bot's event loop still runs its jobs. It says nothing about Telegram being reachable."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from bot.context import App, Context, services
from storage.errors import StorageError
from storage.heartbeat import write_heartbeat

log = logging.getLogger("regiescan.bot")

INTERVAL = 30.0  # seconds; `regiescan health` allows a few missed beats


async def heartbeat(context: Context) -> None:
    """Write the heartbeat file (off the event loop: it is a disk write; wall-clock time)."""
    s = services(context)
    try:
        await asyncio.to_thread(write_heartbeat, s.settings.data_dir, datetime.now(UTC))
    except (OSError, StorageError) as exc:
        log.warning("heartbeat not written: %s", exc.__class__.__name__)


def register(app: App) -> None:
    if app.job_queue is None:
        return
    app.job_queue.run_repeating(heartbeat, interval=INTERVAL, first=0.0, name="heartbeat")
