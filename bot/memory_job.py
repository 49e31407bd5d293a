"""Freed heap memory handed back to the system now and then, so a bot that runs for months
stays at its size (why: :mod:`regiescan.wiring.memory`)."""

from __future__ import annotations

from bot.context import App, Context
from regiescan.wiring.memory import trim_heap

INTERVAL = 10.0  # seconds; a trim costs about 5 ms after a busy stretch, microseconds when idle


async def trim(context: Context) -> None:
    trim_heap()


def register(app: App) -> None:
    if app.job_queue is None:
        return
    app.job_queue.run_repeating(trim, interval=INTERVAL, first=INTERVAL, name="memory-trim")
