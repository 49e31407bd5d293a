"""The one error handler: log with context (never message text or the token), apologise."""

from __future__ import annotations

import logging

from telegram import Update

from bot.context import Context, translator
from dialogs.texts import text

log = logging.getLogger("regiescan.bot")


async def on_error(update: object, context: Context) -> None:
    """Log what failed where, and tell the user something went wrong."""
    error = context.error
    if isinstance(update, Update):
        chat = update.effective_chat
        log.error(
            "error while handling update %s (chat %s, kind %s): %s",
            update.update_id,
            chat.id if chat else "-",
            _kind(update),
            type(error).__name__,
            exc_info=error,
        )
        user = update.effective_user
        if user is not None and chat is not None and chat.type == "private":
            try:
                t = translator(context, user.id)
                await context.bot.send_message(
                    chat.id,
                    t(
                        text(
                            "Sorry, er ging iets mis bij het verwerken van uw bericht. Uw eerdere "
                            "antwoorden zijn bewaard. Probeer het nog eens, of stuur /scan."
                        )
                    ),
                )
            except Exception:  # the apology itself failed: nothing more to do than log
                log.warning("could not send the apology for update %s", update.update_id)
    else:
        log.error("error outside an update: %s", type(error).__name__, exc_info=error)


def _kind(update: Update) -> str:
    for kind in ("message", "edited_message", "callback_query", "channel_post", "my_chat_member"):
        if getattr(update, kind, None) is not None:
            return kind
    return "other"
