"""The coordinator's side of regional reminders: /herinneringen aan|uit, "Ga verder", and
becoming reachable again after having blocked the bot."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, TypeHandler, filters

from bot.buttons.codec import pattern
from bot.context import App, Context, services, translator, user_locks
from bot.formatting import paragraphs
from bot.handler_groups import REACHABLE
from bot.replies import send_outcome
from bot.reply_chain import queue_reply
from dialogs.model import User
from dialogs.privacy.consents import REMINDERS, record
from dialogs.regional.progress import reminders_on
from dialogs.scan.steps import Event
from dialogs.texts import text
from storage.errors import StorageError

ON, OFF = ("aan", "on"), ("uit", "off")


async def reminders(update: Update, context: Context) -> None:
    """Turn reminders from the region on or off (consent "reminders", recorded with its time)."""
    user = update.effective_user
    if user is None:
        return
    choice = (context.args[0].lower() if context.args else "").strip()
    scans = services(context).scans
    async with user_locks(context).get(user.id):
        stored = scans.user(user.id) or User.new(user.id, scans.now())
        changed = choice in ON + OFF and record(stored, REMINDERS, choice in ON, scans.now())
        if changed:
            scans.save(stored)
        on = reminders_on(stored)
    t = translator(context, user.id)
    if on:
        lines = [
            text("Herinneringen van uw veiligheidsregio staan aan."),
            text("Met /herinneringen uit zet u ze uit."),
        ]
    else:
        lines = [
            text("Herinneringen van uw veiligheidsregio staan uit. U krijgt ze niet meer."),
            text("Met /herinneringen aan zet u ze weer aan."),
        ]
    await context.bot.send_message(user.id, paragraphs(t, lines))


async def resume_button(update: Update, context: Context) -> None:
    """ "Ga verder" under a reminder: the core's scan command, as if the user typed /scan."""
    query = update.callback_query
    if query is None:
        return
    user_id = query.from_user.id
    scans = services(context).scans
    await query.answer()
    async with user_locks(context).get(user_id):
        stored = scans.user(user_id)
        if stored is not None and stored.current is None and stored.finished:
            outcome = scans.show(user_id)  # finished meanwhile: do not start a new scan
            outcome.notices.append(text("Uw scan is al afgerond. Dank u wel!"))
        else:
            outcome = scans.handle(user_id, Event.command("scan"))
        reply = queue_reply(context, user_id, send_outcome(context, user_id, outcome))
    await reply


async def reachable_again(update: Update, context: Context) -> None:
    """Anyone marked inactive (blocked the bot) who writes again gets reminders again."""
    user = update.effective_user
    if user is None:
        return
    regional = services(context).regional
    index = regional.index
    # O(1), from memory: asked on every update. While the index is still loading (first
    # seconds after a first start) the user's own file tells.
    if index.loaded and not index.is_inactive(user.id):
        return
    scans = services(context).scans
    async with user_locks(context).get(user.id):
        try:
            stored = scans.user(user.id)
        except StorageError:  # a damaged file: the update's own handler reports it, once
            return
        if stored is not None and stored.inactive is not None:
            stored.inactive = None
            scans.save(stored)


def register(app: App) -> None:
    """/herinneringen, "Ga verder" under a reminder, and noticing a returning user early."""
    app.add_handler(TypeHandler(Update, reachable_again, block=True), REACHABLE)
    app.add_handler(
        CommandHandler(["herinneringen", "reminders"], reminders, filters=filters.ChatType.PRIVATE)
    )
    app.add_handler(CallbackQueryHandler(resume_button, pattern=pattern("g")))
