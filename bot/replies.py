"""Answering in a chat: the core's outcomes (a new message, or the tapped message edited in
place), a column of buttons, a made file as a document.

One live keyboard: the message that shows the current step is remembered per user
(``BotData.screens``, stored by ``storage.screen_marks`` so it holds across a restart); when a
new message takes over, the keyboard of the one it replaces is removed, and a tap that still
reaches an older copy (its keyboard kept by a kill or a failed edit) is answered as stale by
the scan handler.
"""

from __future__ import annotations

import logging

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.error import BadRequest, TelegramError

from bot.context import Context, services, user_locks
from bot.edits import edit_text
from bot.formatting import keyboard, step_text
from bot.reply_chain import queue_reply
from dialogs.exports.files import ExportFile
from dialogs.scan.steps import Outcome
from dialogs.texts import Text

log = logging.getLogger(__name__)


async def send_outcome(context: Context, chat_id: int, outcome: Outcome) -> Message:
    """Send the outcome's notices and step as a new message."""
    t = services(context).translators.get(outcome.locale)
    markup = keyboard(t, outcome.step)
    message: Message = await context.bot.send_message(
        chat_id, step_text(t, outcome), reply_markup=markup
    )
    bare = markup is None or not markup.inline_keyboard
    context.bot_data.shown.set_bare(chat_id, message.message_id, bare)
    await _take_over_screen(context, chat_id, message.message_id)
    return message


def is_old_screen(context: Context, message: Message) -> bool:
    """Whether a newer message than ``message`` shows the user's current step."""
    current = context.bot_data.screens.get(message.chat_id)
    return current is not None and current != message.message_id


async def _take_over_screen(context: Context, chat_id: int, message_id: int) -> None:
    screens = context.bot_data.screens
    previous = screens.get(chat_id)
    if previous == message_id:  # edited in place: nothing to write
        return
    screens.set(chat_id, message_id)  # on disk before the old copy's keyboard goes
    if previous is None:
        return
    shown = context.bot_data.shown
    async with shown.guard(chat_id):  # an edit of ``previous`` under way lands first
        shown.forget(chat_id, previous)  # its keyboard changes outside bot.edits
        if shown.is_bare(chat_id, previous):  # shows no keyboard already
            return
        try:  # the older copy must not take answers: its buttons go
            await context.bot.edit_message_reply_markup(chat_id, previous, reply_markup=None)
            shown.set_bare(chat_id, previous, True)
        except TelegramError as exc:  # deleted, too old, no keyboard left, a hiccup: best effort
            log.debug("keyboard of message %s not removed (%s)", previous, exc)


async def edit_outcome(context: Context, query: CallbackQuery, outcome: Outcome) -> None:
    """Turn the message whose button was tapped into the current step."""
    t = services(context).translators.get(outcome.locale)
    message = query.message
    if not isinstance(message, Message):  # inaccessible (too old): send afresh
        if query.from_user:
            await send_outcome(context, query.from_user.id, outcome)
        return
    shown = context.bot_data.shown
    try:  # an edit that would change nothing (a replayed button) is skipped
        changed = await edit_text(shown, message, step_text(t, outcome), keyboard(t, outcome.step))
    except BadRequest as exc:
        log.info("could not edit message %s (%s); sending a new one", message.message_id, exc)
        await send_outcome(context, message.chat_id, outcome)
        return
    if not changed and shown.get(message.chat_id, message.message_id) is None:
        # Skipped only because the message, as the tap carries it, already shows this step: no
        # call was made, so nothing says it is the bot's own message; the screen stays.
        return
    # The edited message is the screen now (a copy sent meanwhile, e.g. by a /scan that raced
    # this tap, loses its buttons).
    await _take_over_screen(context, message.chat_id, message.message_id)


async def show_with_notice(update: Update, context: Context, notice: Text) -> None:
    """Answer something the scan cannot use: the notice, then the current step again."""
    user = update.effective_user
    if user is None:
        return
    async with user_locks(context).get(user.id):
        outcome = services(context).scans.show(user.id)
        outcome.notices.append(notice)
        reply = queue_reply(context, user.id, send_outcome(context, user.id, outcome))
    await reply


def button_column(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per row: (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in rows]
    )


async def send_document(context: Context, chat_id: int, made: ExportFile, caption: str) -> None:
    document = InputFile(made.data, filename=made.filename)
    document.mimetype = made.mime_type  # not left to the system's mime.types
    await context.bot.send_document(chat_id, document=document, caption=caption)
