"""Small pieces every toets screen uses: who is tapping, sending or editing, labels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from telegram import User as TgUser
from telegram.error import BadRequest

from bot.buttons import toets as tc
from bot.context import Context, services, translator
from bot.edits import edit_query_message
from bot.formatting import fit
from dialogs.peers.contacts import Person
from dialogs.texts import N_, Text, text
from dialogs.toets.model import (
    ASKED,
    CANCELLED,
    DECLINED,
    DRAFT,
    ERASED,
    EXPIRED,
    IN,
    INVITED,
    JUDGING,
    OPEN_SLOT,
    PREPARING,
    REPORTED,
    SETTLED,
    WITHDRAWN,
    Toets,
)
from dialogs.toets.texts import town

MAX_LABEL = 60
Button = tuple[Text | str, str]  # label, callback data

STATE_NAMES = {
    DRAFT: N_("in voorbereiding door u"),
    INVITED: N_("uitnodigingen verstuurd"),
    PREPARING: N_("voorbereiding van het gesprek"),
    JUDGING: N_("het team oordeelt"),
    SETTLED: N_("oordeel vastgesteld, rapport nog niet verstuurd"),
    REPORTED: N_("rapport verstuurd"),
    CANCELLED: N_("geannuleerd"),
    EXPIRED: N_("verlopen"),
}
MEMBER_STATUS = {
    OPEN_SLOT: N_("link nog niet geopend"),
    ASKED: N_("uitgenodigd, nog geen antwoord"),
    IN: N_("doet mee"),
    DECLINED: N_("doet niet mee"),
    WITHDRAWN: N_("teruggetrokken"),
    ERASED: N_("gegevens verwijderd"),
}


def person(user: TgUser) -> Person:
    return Person(user.id, user.full_name, user.username)


def label(value: str) -> str:
    return value if len(value) <= MAX_LABEL else value[: MAX_LABEL - 1] + "…"


def markup(
    context: Context, user_id: int, rows: Iterable[Sequence[Button]]
) -> InlineKeyboardMarkup:
    t = translator(context, user_id)
    keyboard = [
        [
            InlineKeyboardButton(
                label(t(name) if isinstance(name, Text) else name), callback_data=data
            )
            for name, data in row
        ]
        for row in rows
        if row
    ]
    return InlineKeyboardMarkup(keyboard)


async def send(
    context: Context,
    user_id: int,
    lines: Iterable[Text],
    rows: Iterable[Sequence[Button]] = (),
    query: CallbackQuery | None = None,
) -> None:
    """One message of translated lines with buttons; edited in place when ``query`` is given."""
    t = translator(context, user_id)
    body = fit("\n".join(t(line) for line in lines))
    keyboard = markup(context, user_id, rows)
    reply_markup = keyboard if keyboard.inline_keyboard else None
    if query is not None and query.message is not None:
        try:  # unchanged: skipped (bot.edits); too old to edit: sent anew
            await edit_query_message(context.bot_data.shown, query, body, reply_markup)
            return
        except BadRequest:
            pass
    await context.bot.send_message(user_id, body, reply_markup=reply_markup)


async def say(context: Context, user_id: int, *lines: Text) -> None:
    await send(context, user_id, lines)


def town_of(context: Context, toets: Toets) -> Text:
    return town(services(context).registry, toets.gemeente)


def back_to(toets: Toets) -> Button:
    return (text("Naar het overzicht van de toets"), tc.act(toets.id, "o"))
