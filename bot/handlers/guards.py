"""What is answered before any feature looks at an update: edited messages in a private chat
(the original was handled; edits are not applied). Groups and channels come even earlier, in
:mod:`bot.handlers.groups`, registered right before this."""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import App, Context
from bot.replies import show_with_notice
from dialogs.texts import text


async def edited(update: Update, context: Context) -> None:
    """An edited message: the original was handled; edits are not applied."""
    await show_with_notice(
        update,
        context,
        text(
            "Een bewerkt bericht verwerk ik niet. Wilt u iets wijzigen? Stuur een nieuw bericht "
            "of gebruik /overzicht."
        ),
    )


def register(app: App) -> None:
    """Right after :mod:`bot.handlers.groups`, before every feature: nothing else sees edits."""
    # Edits before the commands and the text handler, which would treat them as new messages.
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, edited))
