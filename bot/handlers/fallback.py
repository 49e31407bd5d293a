"""The last handlers: what no feature claimed. The scan's catch-all button and text handlers,
unknown commands, and media, in a private chat. Each gets an answer. Groups and channels are
:mod:`bot.handlers.groups`."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.context import App, Context
from bot.handlers import scan
from bot.handlers.groups import addressee
from bot.replies import show_with_notice
from dialogs.texts import text


async def media(update: Update, context: Context) -> None:
    """Stickers, photos, voice, files: not something the scan can read."""
    await show_with_notice(
        update,
        context,
        text("Ik kan alleen tekst en de knoppen verwerken. Hieronder staat de huidige vraag."),
    )


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have, or one addressed to another bot (``/help@otherbot``)."""
    message = update.effective_message
    if message is not None and addressee(message, context.bot.username):
        notice = text("Die opdracht is voor een andere bot bedoeld. Met /help ziet u wat ik kan.")
    else:
        notice = text("Die opdracht ken ik niet. Met /help ziet u wat kan.")
    await show_with_notice(update, context, notice)


def register(app: App) -> None:
    """After every feature: each of these matches more than what it is meant for."""
    private = filters.ChatType.PRIVATE
    # Any button no feature's pattern took: the scan's steps, the language choice, stale data.
    app.add_handler(CallbackQueryHandler(scan.button))
    # Unknown commands before the text handler, which would take "/xyz" as an answer.
    app.add_handler(MessageHandler(filters.COMMAND & private, unknown_command))
    app.add_handler(MessageHandler(filters.TEXT & private, scan.typed_text))
    # Last: anything else in a private chat (stickers, photos, voice, files, locations, ...).
    app.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, media))
