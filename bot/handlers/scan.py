"""The scan in the chat: commands, typed text and button taps become core events."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.buttons.codec import parse
from bot.buttons.scan import LanguageCallback, StepCallback
from bot.context import App, Context, services, translator, user_locks
from bot.handlers.language import apply_language
from bot.handlers.results import send_result
from bot.replies import edit_outcome, send_outcome
from dialogs.scan.steps import Event
from dialogs.texts import text


async def _command(update: Update, context: Context, name: str) -> None:
    user = update.effective_user
    if user is None:
        return
    async with user_locks(context).get(user.id):
        outcome = services(context).scans.handle(user.id, Event.command(name))
        await send_outcome(context, user.id, outcome)


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
        outcome = services(context).scans.handle(user.id, Event.text(message.text))
        await send_outcome(context, user.id, outcome)


async def button(update: Update, context: Context) -> None:
    """A tapped inline button: the answer is saved before the message changes."""
    query = update.callback_query
    if query is None:
        return
    user = query.from_user
    parsed = parse(query.data)
    if isinstance(parsed, LanguageCallback):
        await query.answer()
        await apply_language(update, context, parsed.locale)
        return
    async with user_locks(context).get(user.id):
        scans = services(context).scans
        if not isinstance(parsed, StepCallback):
            outcome = scans.show(user.id)
            outcome.notices.append(
                text("Deze knop begrijp ik niet. Hieronder staat de huidige vraag.")
            )
            await query.answer()
            await send_outcome(context, user.id, outcome)
            return
        outcome = scans.handle(user.id, Event.choice(parsed.option, parsed.seq))
        if outcome.duplicate:
            await query.answer()
            return
        if outcome.stale:
            t = translator(context, user.id)
            await query.answer(t(outcome.notices[0])[:200])
            await send_outcome(context, user.id, outcome)
            return
        try:  # the visible reply first: acknowledging must not delay it by a round trip
            await edit_outcome(context, query, outcome)
        finally:
            await query.answer()
        if outcome.finished:
            await send_result(context, user.id)


def register(app: App) -> None:
    """The scan's commands; its catch-all button and text handlers: ``bot.handlers.fallback``."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["scan"], scan, filters=private))
    app.add_handler(CommandHandler(["overzicht", "overview"], overview, filters=private))
    app.add_handler(CommandHandler(["stop", "pauze", "pause"], pause, filters=private))
