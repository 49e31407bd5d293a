"""Everything the scan cannot use: media, edits, unknown commands, groups. Each gets an answer."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.context import Context, services, translator, user_locks
from bot.replies import send_outcome
from dialogs.texts import Text, text


async def _explain(update: Update, context: Context, notice: Text) -> None:
    user = update.effective_user
    if user is None:
        return
    async with user_locks(context).get(user.id):
        outcome = services(context).scans.show(user.id)
        outcome.notices.append(notice)
        await send_outcome(context, user.id, outcome)


async def media(update: Update, context: Context) -> None:
    """Stickers, photos, voice, files: not something the scan can read."""
    await _explain(
        update,
        context,
        text("Ik kan alleen tekst en de knoppen verwerken. Hieronder staat de huidige vraag."),
    )


async def edited(update: Update, context: Context) -> None:
    """An edited message: the original was handled; edits are not applied."""
    await _explain(
        update,
        context,
        text(
            "Een bewerkt bericht verwerk ik niet. Wilt u iets wijzigen? Stuur een nieuw bericht "
            "of gebruik /overzicht."
        ),
    )


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have."""
    await _explain(update, context, text("Die opdracht ken ik niet. Met /help ziet u wat kan."))


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
