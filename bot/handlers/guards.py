"""What is answered before any feature looks at an update: groups and channels (the scan is
private) and edited messages (the original was handled; edits are not applied)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ChatMemberHandler, MessageHandler, filters

from bot.context import App, Context, services, translator
from bot.replies import show_with_notice
from dialogs.texts import text


async def edited(update: Update, context: Context) -> None:
    """An edited message: the original was handled; edits are not applied."""
    await show_with_notice(
        update,
        context,
        text(
            "Een bewerkt bericht verwerk ik niet. Wilt u iets wijzigen? Stuur een nieuw bericht "
            "of gebruik /overzicht."
        ),
    )


async def group_message(update: Update, context: Context) -> None:
    """Any message or button in a group: the scan is private."""
    chat = update.effective_chat
    if update.callback_query is not None:
        await update.callback_query.answer()
    if chat is None or not update.effective_message or not update.effective_message.text:
        return
    if update.effective_message.text.startswith("/"):
        await _say_private_only(context, chat.id, update.effective_user)


async def added_to_group(update: Update, context: Context) -> None:
    """The bot was added to a group or channel: explain once, in the group."""
    member = update.my_chat_member
    if member is None or member.chat.type == ChatType.PRIVATE:
        return
    if member.new_chat_member.status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR):
        await _say_private_only(context, member.chat.id, update.effective_user)


async def _say_private_only(context: Context, chat_id: int, user: object) -> None:
    t = services(context).translators.get("nl")
    if user is not None and hasattr(user, "id"):
        t = translator(context, user.id)
    await context.bot.send_message(
        chat_id,
        t(
            text(
                "Regiescan werkt alleen in een privégesprek, omdat uw antwoorden vertrouwelijk "
                "zijn. Open een gesprek met mij en stuur /start."
            )
        ),
    )


def register(app: App) -> None:
    """First of all features: nothing else sees group updates or edits."""
    app.add_handler(ChatMemberHandler(added_to_group, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS, group_message))
    # Edits before the commands and the text handler, which would treat them as new messages.
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, edited))
