"""What happens when the Application starts and stops (PTB's post_init, post_stop, post_shutdown).

At start: updates fetched but not handled before a crash are queued first (bot.update_journal),
the command menu is published, and polling starts. The screen marks (storage.screen_marks) are
read in a thread meanwhile; a tap that comes before they are read waits for them. In the
background the region index is loaded (on a first start: built from every user file), then
interrupted broadcasts resume, missed schedules run once, the schedule jobs are registered and
plan reminders missed while down are sent: a scan tap needs none of that, so the first answer
does not wait for it.
At stop: messages under way finish while the bot still works; the rest resumes at the next
start. At shutdown the update journal and the services are closed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from typing import Any

from telegram import Update

from bot import command_menu, plan_reminders
from bot.context import App
from bot.schedule_jobs import register_jobs, run_due
from bot.webapp.buttons import set_all_staff_menus

log = logging.getLogger(__name__)


async def post_init(app: App) -> None:
    data = app.bot_data
    services = data.services
    if data.journal is not None:  # updates fetched before a kill are handled first
        for pending in await asyncio.to_thread(data.journal.open):
            await app.update_queue.put(Update.de_json(pending, app.bot))
    _in_background(app, _open_screen_marks(app), "screen marks")
    await command_menu.publish(app)
    _in_background(app, _start_in_background(app), "regional start")
    # The dashboard (off without REGIESCAN_WEBAPP_URL) and its menu button for staff.
    if services.settings.webapp_url is not None:
        from bot.webapp.server import start_dashboard  # aiohttp loads only when it is used

        await start_dashboard(app)
        await set_all_staff_menus(app.bot, services)


async def post_stop(app: App) -> None:
    await _stop_dashboard(app)  # no nudge from the dashboard while the broadcaster stops
    await _finish_background(app)
    await _stop_broadcasts(app)  # messages under way finish while the bot still works


async def post_shutdown(app: App) -> None:
    await _stop_dashboard(app)
    await _finish_background(app)
    await _stop_broadcasts(app)
    if app.bot_data.journal is not None:
        app.bot_data.journal.close()
    app.bot_data.services.close()
    if app.bot_data.owns_renderer:
        await app.bot_data.renderer.aclose()


def _in_background(app: App, work: Coroutine[Any, Any, None], name: str) -> None:
    task = asyncio.create_task(work, name=name)
    app.bot_data.background.add(task)
    task.add_done_callback(app.bot_data.background.discard)


async def _open_screen_marks(app: App) -> None:
    """Read (and compact) the screen marks off the event loop."""
    try:
        chats = await asyncio.to_thread(app.bot_data.screens.open)
    except Exception:  # a damaged file must not stop the bot: the marks start empty
        log.exception("the screen marks could not be opened")
        return
    log.debug("screen marks of %d chats loaded", chats)


async def _start_in_background(app: App) -> None:
    """The region index, then the staff side and the plan reminders that need the bot."""
    index = app.bot_data.services.regional.index
    try:
        started = time.perf_counter()
        await asyncio.to_thread(index.ensure_loaded)
        log.info("region index ready after %.1f s", time.perf_counter() - started)
        await _resume_regional(app)
        await plan_reminders.send_due(app)  # plan reminders missed while the bot was down
    except Exception:
        log.exception("the start in the background (region index, broadcasts, reminders) failed")


async def _finish_background(app: App) -> None:
    for task in list(app.bot_data.background):
        task.cancel()
    await asyncio.gather(*app.bot_data.background, return_exceptions=True)


async def _resume_regional(app: App) -> None:
    """Resume interrupted broadcasts, run missed schedules once, register the schedule jobs."""
    app.bot_data.services.regional.index.ensure_loaded()  # normally done already, in a thread
    resumed = await app.bot_data.broadcaster.resume_unfinished()
    due = await run_due(app)
    jobs = register_jobs(app)
    if resumed or due or jobs:
        log.info(
            "regional: %d broadcasts resumed, %d missed schedules run, %d schedule jobs",
            len(resumed),
            len(due),
            jobs,
        )


async def _stop_broadcasts(app: App) -> None:
    if app.bot_data.has_broadcaster:
        await app.bot_data.broadcaster.stop()


async def _stop_dashboard(app: App) -> None:
    dashboard, app.bot_data.dashboard = app.bot_data.dashboard, None
    if dashboard is not None:
        await dashboard.stop()
