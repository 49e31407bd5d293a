"""Regional staff in the Application: handlers, and what happens at start and stop.

``register`` is called from :func:`bot.app._register`; ``on_start`` from ``post_init`` (load
the region index, resume interrupted broadcasts, run missed schedules once, register the
schedule jobs); ``on_stop`` from ``post_stop``/``post_shutdown`` (let messages under way
finish, then stop; the rest resumes at the next start).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.broadcasting.tasks import Broadcaster
from bot.callbacks import StaffCallback, parse
from bot.context import App, Context
from bot.handlers import bericht, planning, region, reminder_settings, staff_roles
from bot.schedule_jobs import register_jobs, run_due
from bot.staff_context import drafts, require_staff

log = logging.getLogger(__name__)

REACHABLE_GROUP = -2  # before everything: a returning user who had blocked the bot
DRAFT_GROUP = -1  # before the scan's text handler: text a staff draft waits for

STAFF_COMMANDS = [
    (["staf", "staff"], staff_roles.staff),
    (["uitnodiging", "invite"], staff_roles.invite),
    (["bericht", "message"], bericht.bericht),
    (["planning", "schedule"], planning.planning_command),
    (["regio", "region"], region.region_command),
]


async def staff_button(update: Update, context: Context) -> None:
    """Every staff button: the role is checked first, on every tap, then the area handles it."""
    query = update.callback_query
    if query is None:
        return
    member = await require_staff(update, context)
    if member is None:
        return
    parsed = parse(query.data)
    if not isinstance(parsed, StaffCallback):
        await query.answer()
        return
    handlers = {"b": bericht.on_button, "p": planning.on_button, "r": region.on_button}
    try:
        await handlers[parsed.area](update, context, member, parsed)
    finally:
        drafts(context).save(member.user_id)  # the step the draft is at survives a restart


def register(app: App) -> None:
    """Add the staff and reminder handlers (call before the scan's catch-all handlers)."""
    app.bot_data.broadcaster = Broadcaster(app)
    private = filters.ChatType.PRIVATE
    app.add_handler(
        TypeHandler(Update, reminder_settings.reachable_again, block=True), REACHABLE_GROUP
    )
    app.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & private, bericht.draft_text), DRAFT_GROUP
    )
    for names, callback in STAFF_COMMANDS:
        app.add_handler(CommandHandler(names, callback, filters=private))
    app.add_handler(
        CommandHandler(["herinneringen", "reminders"], reminder_settings.reminders, filters=private)
    )
    app.add_handler(CallbackQueryHandler(reminder_settings.resume_button, pattern=r"^g\|"))
    app.add_handler(CallbackQueryHandler(staff_button, pattern=r"^m\|"))


async def on_start(app: App) -> None:
    services = app.bot_data.services
    services.regional.index.ensure_loaded()  # normally done already, in _post_init's thread
    broadcaster = app.bot_data.broadcaster
    resumed = await broadcaster.resume_unfinished()
    due = await run_due(app)
    jobs = register_jobs(app)
    if resumed or due or jobs:
        log.info(
            "regional: %d broadcasts resumed, %d missed schedules run, %d schedule jobs",
            len(resumed),
            len(due),
            jobs,
        )


async def on_stop(app: App) -> None:
    if app.bot_data.has_broadcaster:
        await app.bot_data.broadcaster.stop()
