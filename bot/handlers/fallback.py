"""Everything the scan cannot use in a private chat: media, edits, unknown commands. Each gets an
answer. Groups and channels are :mod:`bot.handlers.groups`."""

from __future__ import annotations

from telegram import Update

from bot.context import Context, services, user_locks
from bot.handlers.groups import addressee
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
    """A command the bot does not have, or one addressed to another bot (``/help@otherbot``)."""
    message = update.effective_message
    if message is not None and addressee(message, context.bot.username):
        notice = text("Die opdracht is voor een andere bot bedoeld. Met /help ziet u wat ik kan.")
    else:
        notice = text("Die opdracht ken ik niet. Met /help ziet u wat kan.")
    await _explain(update, context, notice)
