"""Groups and channels: the scan is private, so the bot stays quiet there.

* A channel: the bot posts nothing and leaves (added as admin, or any post that reaches it).
* A group: when the bot is added, it says once that it works in private chats only. After
  that a command addressed to it (``/start`` or ``/start@thisbot``) gets the same explanation
  only if the group has not heard it yet; commands for other bots (``/help@otherbot``),
  ordinary chatter, media and edits get nothing.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ChatMemberHandler, MessageHandler, filters

from bot.context import App, Context, services, translator
from dialogs.texts import text

log = logging.getLogger(__name__)

PRIVATE_ONLY = text(
    "Regiescan werkt alleen in een privégesprek, omdat uw antwoorden vertrouwelijk zijn. Open "
    "een gesprek met mij en stuur /start."
)
_PRESENT = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


def register(app: App) -> None:
    """Before every other handler: nothing else should see a group's or channel's updates."""
    app.add_handler(ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.ChatType.CHANNEL, channel_post))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS, group_message))


def addressee(message: Message, bot_username: str) -> str | None:
    """Who a command is for: "" for this bot (bare or ``@thisbot``), the other bot's name, or
    None when the message is no command."""
    body = message.text or message.caption or ""
    if not body.startswith("/"):
        return None
    head = body.split(maxsplit=1)[0] if body.strip() else body
    _, at, name = head.partition("@")
    if not at or name.lower() == bot_username.lower():
        return ""
    return name


async def membership(update: Update, context: Context) -> None:
    """The bot was added to or removed from a group or channel."""
    member = update.my_chat_member
    if member is None or member.chat.type == ChatType.PRIVATE:
        return
    chat = member.chat
    present = member.new_chat_member.status in _PRESENT
    if chat.type == ChatType.CHANNEL:
        if present:
            await _leave(context, chat.id)
        return
    if not present:  # removed: if it is added again, it explains again
        context.bot_data.groups_told.discard(chat.id)
        return
    await _tell_once(context, chat.id, update)


async def channel_post(update: Update, context: Context) -> None:
    """A post in a channel the bot is in: post nothing, leave."""
    chat = update.effective_chat
    if chat is not None:
        await _leave(context, chat.id)


async def group_message(update: Update, context: Context) -> None:
    """A message in a group: only a command for this bot, and only once per group."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None or update.edited_message is not None:
        return
    if addressee(message, context.bot.username) != "":
        return  # chatter, media, or a command for another bot
    await _tell_once(context, chat.id, update)


async def _tell_once(context: Context, chat_id: int, update: Update) -> None:
    told = context.bot_data.groups_told
    if chat_id in told:
        return
    told.add(chat_id)  # before the call: two quick commands must not both be answered
    user = update.effective_user
    t = translator(context, user.id) if user else services(context).translators.get("nl")
    await _send(context, chat_id, t(PRIVATE_ONLY))


async def _send(context: Context, chat_id: int, body: str) -> None:
    try:
        await context.bot.send_message(chat_id, body)
    except TelegramError as exc:  # removed meanwhile, or not allowed to write: nothing to do
        log.info("could not explain in group %s: %s", chat_id, exc)


async def _leave(context: Context, chat_id: int) -> None:
    try:
        await context.bot.leave_chat(chat_id)
    except TelegramError as exc:  # already gone
        log.info("could not leave channel %s: %s", chat_id, exc)
