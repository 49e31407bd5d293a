"""/taal: Dutch or English, per user."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, filters

from bot.buttons.scan import language_data
from bot.context import App, Context, services, translator, user_locks
from bot.replies import send_outcome
from bot.reply_chain import queue_reply
from dialogs.texts import text

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


async def choose_language(update: Update, context: Context) -> None:
    """Offer the languages as buttons."""
    user = update.effective_user
    if user is None:
        return
    t = translator(context, user.id)
    buttons = [
        [InlineKeyboardButton(name, callback_data=language_data(code))]
        for code, name in LANGUAGE_NAMES.items()
    ]
    await context.bot.send_message(
        user.id,
        t(text("In welke taal wilt u de scan?")),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def apply_language(update: Update, context: Context, locale: str) -> None:
    """Switch the user's language and show the current step in it."""
    user = update.effective_user
    if user is None:
        return
    async with user_locks(context).get(user.id):
        outcome = services(context).scans.set_locale(user.id, locale)
        outcome.notices.append(text("De taal is nu Nederlands."))
        reply = queue_reply(context, user.id, send_outcome(context, user.id, outcome))
    await reply


def register(app: App) -> None:
    """/taal; the language buttons are the scan's (``l``), handled by its button handler."""
    app.add_handler(
        CommandHandler(["taal", "language"], choose_language, filters=filters.ChatType.PRIVATE)
    )
