"""What happens when the Application starts and stops (PTB's post_init, post_stop, post_shutdown).

At start: the command menu is published and the region index loaded (concurrently: nothing else
runs yet, polling starts after this), then interrupted broadcasts resume, missed schedules run
once, the schedule jobs are registered and plan reminders missed while down are sent. At stop:
messages under way finish while the bot still works; the rest resumes at the next start. At
shutdown the services are closed.
"""

from __future__ import annotations

import asyncio
import logging

from bot import command_menu, plan_reminders
from bot.context import App
from bot.schedule_jobs import register_jobs, run_due
from bot.webapp.buttons import set_all_staff_menus

log = logging.getLogger(__name__)


async def post_init(app: App) -> None:
    services = app.bot_data.services
    # Concurrently: two round trips to Telegram and loading (on a first start: building) the
    # region index, which reads files.
    await asyncio.gather(
        command_menu.publish(app),
        asyncio.to_thread(services.regional.index.ensure_loaded),
    )
    await _resume_regional(app)
    await plan_reminders.send_due(app)  # plan reminders missed while the bot was down
    # The dashboard (off without REGIESCAN_WEBAPP_URL) and its menu button for staff.
    if services.settings.webapp_url is not None:
        from bot.webapp.server import start_dashboard  # aiohttp loads only when it is used

        await start_dashboard(app)
        await set_all_staff_menus(app.bot, services)


async def post_stop(app: App) -> None:
    await _stop_dashboard(app)  # no nudge from the dashboard while the broadcaster stops
    await _stop_broadcasts(app)  # messages under way finish while the bot still works


async def post_shutdown(app: App) -> None:
    await _stop_dashboard(app)
    await _stop_broadcasts(app)
    app.bot_data.services.close()


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
