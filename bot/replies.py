"""Showing the core's outcomes in a chat: a new message, or the tapped message edited in place.

One live keyboard: the message that shows the current step is remembered per user
(``BotData.screens``); when a new message takes over, the keyboard of the one it replaces is
removed, and a tap that still reaches an older copy is answered as stale by the scan handler.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message
from telegram.error import BadRequest, TelegramError

from bot.context import Context, services
from bot.render import keyboard, step_text
from dialogs.scan.steps import Outcome

log = logging.getLogger(__name__)


async def send_outcome(context: Context, chat_id: int, outcome: Outcome) -> Message:
    """Send the outcome's notices and step as a new message."""
    t = services(context).translators.get(outcome.locale)
    message: Message = await context.bot.send_message(
        chat_id, step_text(t, outcome), reply_markup=keyboard(t, outcome.step)
    )
    await _take_over_screen(context, chat_id, message.message_id)
    return message


def is_old_screen(context: Context, message: Message) -> bool:
    """Whether a newer message than ``message`` shows the user's current step."""
    current = context.bot_data.screens.get(message.chat_id)
    return current is not None and current != message.message_id


async def _take_over_screen(context: Context, chat_id: int, message_id: int) -> None:
    screens = context.bot_data.screens
    previous = screens.get(chat_id)
    screens[chat_id] = message_id
    if previous is None or previous == message_id:
        return
    try:  # the older copy must not take answers: its buttons go
        await context.bot.edit_message_reply_markup(chat_id, previous, reply_markup=None)
    except TelegramError as exc:  # deleted, too old, no keyboard left, or a hiccup: best effort
        log.debug("keyboard of message %s not removed (%s)", previous, exc)


async def edit_outcome(context: Context, query: CallbackQuery, outcome: Outcome) -> None:
    """Turn the message whose button was tapped into the current step."""
    t = services(context).translators.get(outcome.locale)
    message = query.message
    if not isinstance(message, Message):  # inaccessible (too old): send afresh
        if query.from_user:
            await send_outcome(context, query.from_user.id, outcome)
        return
    try:
        await message.edit_text(step_text(t, outcome), reply_markup=keyboard(t, outcome.step))
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            log.info("could not edit message %s (%s); sending a new one", message.message_id, exc)
            await send_outcome(context, message.chat_id, outcome)
            return
    # The edited message is the screen now (a copy sent meanwhile, e.g. by a /scan that raced
    # this tap, loses its buttons).
    await _take_over_screen(context, message.chat_id, message.message_id)
