"""Showing the core's outcomes in a chat: a new message, or the tapped message edited in place."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message
from telegram.error import BadRequest

from bot.context import Context, services
from bot.edits import edit_text
from bot.render import keyboard, step_text
from dialogs.scan.steps import Outcome

log = logging.getLogger(__name__)


async def send_outcome(context: Context, chat_id: int, outcome: Outcome) -> Message:
    """Send the outcome's notices and step as a new message."""
    t = services(context).translators.get(outcome.locale)
    message: Message = await context.bot.send_message(
        chat_id, step_text(t, outcome), reply_markup=keyboard(t, outcome.step)
    )
    return message


async def edit_outcome(context: Context, query: CallbackQuery, outcome: Outcome) -> None:
    """Turn the message whose button was tapped into the current step."""
    t = services(context).translators.get(outcome.locale)
    message = query.message
    if not isinstance(message, Message):  # inaccessible (too old): send afresh
        if query.from_user:
            await send_outcome(context, query.from_user.id, outcome)
        return
    try:  # an edit that would change nothing (a replayed button) is skipped
        await edit_text(
            context.bot_data.shown, message, step_text(t, outcome), keyboard(t, outcome.step)
        )
    except BadRequest as exc:
        log.info("could not edit message %s (%s); sending a new one", message.message_id, exc)
        await send_outcome(context, message.chat_id, outcome)
