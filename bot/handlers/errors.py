"""The one error handler: log with context (never message text or the token), apologise."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TimedOut

from bot.context import App, Context, services, translator
from dialogs.texts import text
from storage.errors import CorruptStoreError, StorageError, UnsupportedSchemaError
from storage.health import recovery_advice

log = logging.getLogger("regiescan.bot")


async def on_error(update: object, context: Context) -> None:
    """Log what failed where, and tell the user something went wrong."""
    error = context.error
    if isinstance(error, TimedOut) and isinstance(update, Update):
        # The request may well have arrived (and a tap's answer gone out before it): no
        # apology, and no second answer to the tap, which Telegram would refuse.
        log.info("a request for update %s timed out; it may have arrived", update.update_id)
        return
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
        path = getattr(error, "path", None)
        if isinstance(error, CorruptStoreError | UnsupportedSchemaError) and path is not None:
            # A damaged file is never read as empty or overwritten: tell the operator how to
            # restore it (the path names the user id, never what they wrote).
            backups = services(context).personal_data.backups
            log.error("%s\n%s", error, recovery_advice(backups, path))
        user = update.effective_user
        if update.callback_query is not None:
            with contextlib.suppress(Exception):  # every query is answered, even now
                await update.callback_query.answer()
        if user is not None and chat is not None and chat.type == "private":
            try:
                await context.bot.send_message(chat.id, _apology(context, user.id, error))
            except Exception:  # the apology itself failed: nothing more to do than log
                log.warning("could not send the apology for update %s", update.update_id)
    else:
        log.error("error outside an update: %s", type(error).__name__, exc_info=error)


def _apology(context: Context, user_id: int, error: object) -> str:
    if isinstance(error, StorageError):  # the user's data cannot be read: Dutch, not theirs
        t = services(context).translators.get("nl")
        return t(
            text(
                "Sorry, uw gegevens kunnen op dit moment niet worden gelezen. Er is niets "
                "overschreven of verloren gegaan; de beheerder is gewaarschuwd en kan ze "
                "herstellen. Probeer het later nog eens."
            )
        )
    return translator(context, user_id)(
        text(
            "Sorry, er ging iets mis bij het verwerken van uw bericht. Uw eerdere "
            "antwoorden zijn bewaard. Probeer het nog eens, of stuur /scan."
        )
    )


def _kind(update: Update) -> str:
    for kind in ("message", "edited_message", "callback_query", "channel_post", "my_chat_member"):
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


def register(app: App) -> None:
    """The one error handler: logs the context and answers the user."""
    app.add_error_handler(on_error)
