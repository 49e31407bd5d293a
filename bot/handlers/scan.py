"""The scan in the chat: commands, typed text and button taps become core events.

Each handler holds the user's lock only while the core applies the event and saves it; the
reply is queued (:mod:`bot.reply_chain`) and sent after the lock is released. Every event
carries its update id (``Event.ref``), so one handled before a crash and replayed after it
(:mod:`bot.update_journal`) changes nothing and only brings the screen up to date.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message, Update
from telegram.error import TimedOut
from telegram.ext import CommandHandler, filters

from bot.buttons.codec import parse
from bot.buttons.scan import LanguageCallback, StepCallback
from bot.context import App, Context, services, translator, user_locks
from bot.handlers.language import apply_language
from bot.handlers.results import deliver_result
from bot.replies import edit_outcome, is_old_screen, send_outcome
from bot.reply_chain import acknowledge, queue_reply
from dialogs.scan.steps import Event, Outcome
from dialogs.texts import text

log = logging.getLogger(__name__)


async def _new_message(context: Context, user_id: int, outcome: Outcome) -> None:
    """The outcome as a new message, after the diagnosis a crash kept from being sent."""
    if outcome.result_pending:
        await deliver_result(context, user_id, only_if_due=True)
    await send_outcome(context, user_id, outcome)


async def _command(update: Update, context: Context, name: str) -> None:
    user = update.effective_user
    if user is None:
        return
    async with user_locks(context).get(user.id):
        outcome = services(context).scans.handle(
            user.id, Event.command(name, ref=str(update.update_id))
        )
        reply = queue_reply(context, user.id, _new_message(context, user.id, outcome))
    await reply


async def scan(update: Update, context: Context) -> None:
    """Start a scan, or show where the running one is."""
    await _command(update, context, "scan")


async def overview(update: Update, context: Context) -> None:
    """Show the answers so far, to change any of them."""
    await _command(update, context, "overview")


async def pause(update: Update, context: Context) -> None:
    """Pause the scan; everything answered is kept."""
    await _command(update, context, "pause")


async def typed_text(update: Update, context: Context) -> None:
    """Typed text: a municipality, a role, a note, or text where a button was expected."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    async with user_locks(context).get(user.id):
        outcome = services(context).scans.handle(
            user.id, Event.text(message.text, ref=str(update.update_id))
        )
        reply = queue_reply(context, user.id, _new_message(context, user.id, outcome))
    await reply


async def _stale(context: Context, query: CallbackQuery, outcome: Outcome) -> None:
    t = translator(context, query.from_user.id)
    await acknowledge(query, t(outcome.notices[0])[:200])
    await send_outcome(context, query.from_user.id, outcome)


async def _edited(context: Context, query: CallbackQuery, outcome: Outcome) -> None:
    try:  # the visible reply first: acknowledging must not delay it by a round trip
        await edit_outcome(context, query, outcome)
    except TimedOut:  # it may well have arrived: no apology, and the result still goes out
        log.info("the edit for a tap of user %s timed out", query.from_user.id)
    finally:
        await acknowledge(query)
    if outcome.finished or outcome.result_pending:
        await deliver_result(context, query.from_user.id, only_if_due=True)


async def button(update: Update, context: Context) -> None:
    """A tapped inline button: the answer is saved before the message changes."""
    query = update.callback_query
    if query is None:
        return
    user = query.from_user
    parsed = parse(query.data)
    if isinstance(parsed, LanguageCallback):
        await acknowledge(query)
        await apply_language(update, context, parsed.locale)
        return
    async with user_locks(context).get(user.id):
        scans = services(context).scans
        if not isinstance(parsed, StepCallback):
            outcome = scans.show(user.id)
            outcome.notices.append(
                text("Deze knop begrijp ik niet. Hieronder staat de huidige vraag.")
            )
            await acknowledge(query)
            reply = queue_reply(context, user.id, send_outcome(context, user.id, outcome))
        elif isinstance(query.message, Message) and is_old_screen(context, query.message):
            # Only the newest copy of a screen takes answers (an older one shows the same step).
            outcome = scans.show(user.id)
            outcome.notices.append(
                text("Deze knop hoort bij een eerdere vraag. Hieronder staat de huidige vraag.")
            )
            reply = queue_reply(context, user.id, _stale(context, query, outcome))
        else:
            event = Event.choice(parsed.option, parsed.seq, ref=str(update.update_id))
            outcome = scans.handle(user.id, event)
            if outcome.duplicate and not outcome.replayed:  # a double tap: nothing to redo
                reply = queue_reply(context, user.id, acknowledge(query))
            elif outcome.stale:
                reply = queue_reply(context, user.id, _stale(context, query, outcome))
            else:  # a replay after a crash redraws the screen (and sends an unsent result)
                reply = queue_reply(context, user.id, _edited(context, query, outcome))
    await reply


def register(app: App) -> None:
    """The scan's commands; its catch-all button and text handlers: ``bot.handlers.fallback``."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["scan"], scan, filters=private))
    app.add_handler(CommandHandler(["overzicht", "overview"], overview, filters=private))
    app.add_handler(CommandHandler(["stop", "pauze", "pause"], pause, filters=private))
