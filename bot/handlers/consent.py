"""/toestemming: the user's consents with their time, each given or withdrawn with one tap."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.buttons.codec import parse, pattern
from bot.buttons.privacy import ALL_CONSENTS, ConsentCallback, consent_data
from bot.context import App, Context, services, translator, user_locks
from bot.edits import edit_text
from bot.formatting import paragraphs
from dialogs.model import User
from dialogs.privacy import consents
from dialogs.texts import text
from regiescan.wiring.i18n import Translator


def _keyboard(t: Translator, user: User | None) -> InlineKeyboardMarkup:
    rows = []
    for name in consents.DEFAULTS:
        given = consents.is_given(user, name)
        label = t(consents.toggle_label(name, given))
        rows.append([InlineKeyboardButton(label, callback_data=consent_data(name, not given))])
    if any(consents.is_given(user, name) for name in consents.DEFAULTS):
        label = t(text(consents.WITHDRAW_ALL))
        rows.append([InlineKeyboardButton(label, callback_data=consent_data(ALL_CONSENTS, False))])
    return InlineKeyboardMarkup(rows)


async def show_consents(update: Update, context: Context) -> None:
    """Show both consents, since when, and a button to flip each."""
    user = update.effective_user
    if user is None:
        return
    async with user_locks(context).get(user.id):
        stored = services(context).scans.user(user.id)
        t = translator(context, user.id)
        await context.bot.send_message(
            user.id,
            paragraphs(t, consents.overview_texts(stored)),
            reply_markup=_keyboard(t, stored),
        )


async def consent_button(update: Update, context: Context) -> None:
    """Give or withdraw a consent; it is on disk before the message changes."""
    query = update.callback_query
    if query is None:
        return
    parsed = parse(query.data)
    if not isinstance(parsed, ConsentCallback):
        await query.answer()
        return
    user_id = query.from_user.id
    scans = services(context).scans
    async with user_locks(context).get(user_id):
        stored = scans.user(user_id) or User.new(user_id, scans.now())
        names = list(consents.DEFAULTS) if parsed.name == ALL_CONSENTS else [parsed.name]
        now = scans.now()
        changed = [consents.record(stored, name, parsed.given, now) for name in names]
        if any(changed):
            scans.save(stored)
        t = translator(context, user_id)
        await query.answer(t(text("Uw keuze is bewaard."))[:200])
        body = paragraphs(t, consents.overview_texts(stored))
        markup = _keyboard(t, stored)
        message = query.message
        if isinstance(message, Message):
            try:  # the same choice tapped twice: the message stays as it is
                await edit_text(context.bot_data.shown, message, body, markup)
                return
            except BadRequest:
                pass
        await context.bot.send_message(user_id, body, reply_markup=markup)


def register(app: App) -> None:
    app.add_handler(
        CommandHandler(["toestemming", "consent"], show_consents, filters=filters.ChatType.PRIVATE)
    )
    app.add_handler(CallbackQueryHandler(consent_button, pattern=pattern("c")))
