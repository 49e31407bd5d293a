"""/start: a greeting, the invite from a deep link, and the way into the scan."""

from __future__ import annotations

import re
from collections.abc import Awaitable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, filters

from bot.buttons.regional import resume_data
from bot.context import App, Context, services, translator, user_locks
from bot.formatting import paragraphs
from bot.handlers import toets
from bot.replies import send_outcome
from bot.reply_chain import queue_reply
from dialogs.scan.steps import Outcome
from dialogs.texts import text

# Telegram allows 1-64 characters A-Z, a-z, 0-9, _ and - in a deep-link payload.
PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


async def start(update: Update, context: Context) -> None:
    """Greet, record a deep-link invite, and show the way into (or back into) the scan."""
    user = update.effective_user
    if user is None:
        return
    scans = services(context).scans
    async with user_locks(context).get(user.id):
        payload = context.args[0] if context.args and len(context.args) == 1 else None
        if payload and toets.is_link(payload):  # a one-time invitation to a collegiale toets
            await toets.join_link(context, user, payload[len(toets.TOKEN_PREFIX) :])
            return
        if payload and PAYLOAD.match(payload):
            scans.record_invite(user.id, payload)
        t = translator(context, user.id)
        greeting = [
            text(
                "Welkom bij Regiescan, de zelfscan voor de gemeentelijke regie op integrale "
                "veiligheid."
            ),
            text(
                "U beoordeelt tien knelpunten die gemeenten vaak tegenkomen. Daarna krijgt u een "
                "korte diagnose en gemeenten die u verder kunnen helpen."
            ),
            text(
                "Uw antwoorden worden per stuk bewaard; u kunt altijd stoppen en later verder. "
                "Wat er met uw gegevens gebeurt, leest u via /privacy."
            ),
        ]
        stored = scans.user(user.id)
        if stored is not None and stored.current is not None:  # a scan is running: continue it
            resume = InlineKeyboardButton(t(text("Ga verder")), callback_data=resume_data())
            markup = InlineKeyboardMarkup([[resume]])
            welcome: Awaitable[object] = context.bot.send_message(
                user.id, paragraphs(t, greeting), reply_markup=markup
            )
        else:
            welcome = _welcome(context, user.id, paragraphs(t, greeting), scans.show(user.id))
        reply = queue_reply(context, user.id, welcome)  # in order with the user's other replies
    await reply


async def _welcome(context: Context, user_id: int, greeting: str, outcome: Outcome) -> None:
    await context.bot.send_message(user_id, greeting)
    await send_outcome(context, user_id, outcome)  # "Start de scan"


def register(app: App) -> None:
    app.add_handler(CommandHandler(["start"], start, filters=filters.ChatType.PRIVATE))
