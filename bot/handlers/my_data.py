"""/mijngegevens and /vergeetmij: a copy of everything stored about the user, and erasing it.

The copy is built in memory and sent as a document, so no file is ever left on disk. Erasing
needs a confirmation whose button carries a one-time token kept in memory: a forged or old
button erases nothing (after a restart the user simply sends /vergeetmij again).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.buttons.codec import parse, pattern
from bot.buttons.privacy import CANCEL, ForgetCallback, forget_data
from bot.context import App, Context, services, translator, user_locks
from bot.edits import edit_text
from dialogs.texts import text
from regiescan.renderers.personal_data_document import export_document

log = logging.getLogger("regiescan.bot")


async def my_data(update: Update, context: Context) -> None:
    """Send everything stored about the user as a JSON document."""
    user = update.effective_user
    if user is None:
        return
    s = services(context)
    async with user_locks(context).get(user.id):
        t = translator(context, user.id)
        now = s.scans.now()
        payload = export_document(s, t, user.id, now)
    if payload is None:
        await context.bot.send_message(
            user.id, t(text("Regiescan bewaart op dit moment geen gegevens over u."))
        )
        return
    await context.bot.send_document(
        user.id,
        document=payload,
        filename=f"regiescan-mijn-gegevens-{now[:10]}.json",
        caption=t(text("Alle gegevens die Regiescan over u bewaart.")),
    )


def _pending(context: Context) -> dict[int, str]:
    pending = context.bot_data.forget_tokens
    return pending


async def forget(update: Update, context: Context) -> None:
    """Ask for confirmation before erasing everything about the user."""
    user = update.effective_user
    if user is None:
        return
    token = secrets.token_urlsafe(6)  # 8 characters
    _pending(context)[user.id] = token
    t = translator(context, user.id)
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(text("Ja, verwijder alles")), callback_data=forget_data(token)
                )
            ],
            [
                InlineKeyboardButton(
                    t(text("Nee, niets verwijderen")), callback_data=forget_data(CANCEL)
                )
            ],
        ]
    )
    message = t(
        text(
            "Wilt u dat Regiescan alles over u verwijdert? Het gaat om uw scans, antwoorden, "
            "toelichtingen en toestemmingen en alles wat verder over u is bewaard, ook in de "
            "reservekopieën. Dit kan niet ongedaan worden gemaakt. Wilt u eerst een kopie? "
            "Stuur dan /mijngegevens."
        )
    )
    await context.bot.send_message(user.id, message, reply_markup=buttons)


async def forget_button(update: Update, context: Context) -> None:
    """The answer to the confirmation: erase everything, or nothing."""
    query = update.callback_query
    if query is None:
        return
    parsed = parse(query.data)
    user = query.from_user
    if not isinstance(parsed, ForgetCallback):
        await query.answer()
        return
    s = services(context)
    async with user_locks(context).get(user.id):
        t = translator(context, user.id)  # before the erasure: the user's own language
        pending = _pending(context)
        if parsed.token == CANCEL:
            pending.pop(user.id, None)
            await query.answer()
            await _replace(context, query.message, user.id, t(text("Er is niets verwijderd.")))
            return
        expected = pending.get(user.id)
        if expected is None or not hmac.compare_digest(expected, parsed.token):
            notice = t(
                text(
                    "Deze bevestiging is verlopen; er is niets verwijderd. Stuur /vergeetmij "
                    "opnieuw als u uw gegevens wilt laten verwijderen."
                )
            )
            await query.answer(notice[:200])
            await context.bot.send_message(user.id, notice)
            return
        del pending[user.id]
        result = s.personal_data.erase_live(user.id)
        context.application.drop_user_data(user.id)
        context.application.drop_chat_data(user.id)
        # Backups are scrubbed in a thread: it may wait for a backup that is being made.
        result = await asyncio.to_thread(s.personal_data.erase_backups, [user.id], result)
        log.info("erased a user on request (%s)", "complete" if result.complete else "incomplete")
        await query.answer()
        if result.complete:
            done = text(
                "Alles wat Regiescan over u bewaarde, is verwijderd, ook uit de "
                "reservekopieën. Telegram bewaart zelf dit gesprek; dat kunt u in Telegram "
                "verwijderen. Wilt u later opnieuw een scan doen? Stuur dan /start."
            )
        else:
            done = text(
                "Niet alles kon worden verwijderd. Probeer het over een paar minuten opnieuw met "
                "/vergeetmij, of neem contact op met de beheerder (zie /privacy)."
            )
        await _replace(context, query.message, user.id, t(done))


async def _replace(context: Context, message: object, chat_id: int, body: str) -> None:
    """Turn the confirmation into ``body`` (its buttons gone), or send ``body`` afresh."""
    if isinstance(message, Message):
        try:
            await edit_text(context.bot_data.shown, message, body)
            return
        except BadRequest:
            pass
    await context.bot.send_message(chat_id, body)


def register(app: App) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["mijngegevens", "mydata"], my_data, filters=private))
    app.add_handler(CommandHandler(["vergeetmij", "forgetme"], forget, filters=private))
    app.add_handler(CallbackQueryHandler(forget_button, pattern=pattern("v")))
