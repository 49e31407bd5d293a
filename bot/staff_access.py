"""What staff handlers share: the role check, the regional services and the broadcaster.

:func:`require_staff` is called first by every staff command *and* every staff button, on every
call: a coordinator (or a forged button) gets "Dit is alleen voor regionale medewerkers." and
nothing else happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update

from bot.context import Context, services, translator
from dialogs.regional.access import NOT_STAFF, NOT_YOUR_REGION, StaffMember
from dialogs.texts import N_, Text, text
from regiescan.wiring.regional_services import Regional

if TYPE_CHECKING:
    from bot.broadcasting.tasks import Broadcaster

STALE = N_("Deze knop hoort bij een eerdere stap.")  # a staff button of an earlier step


def regional(context: Context) -> Regional:
    return services(context).regional


def broadcaster(context: Context) -> Broadcaster:
    return context.bot_data.broadcaster


async def say(context: Context, user_id: int, *lines: Text) -> None:
    t = translator(context, user_id)
    await context.bot.send_message(user_id, "\n\n".join(t(line) for line in lines))


async def deny(update: Update, context: Context, notice: str = NOT_STAFF) -> None:
    """Refuse: a toast for a button, a message for a command. Nothing else happens."""
    user = update.effective_user
    if user is None:
        return
    message = translator(context, user.id)(text(notice))
    if update.callback_query is not None:
        await update.callback_query.answer(message[:200], show_alert=True)
    else:
        await context.bot.send_message(user.id, message)


async def require_staff_scope(
    update: Update, context: Context
) -> tuple[StaffMember, tuple[str, ...]] | None:
    """The sender's role and the regions the command's argument names (all theirs without
    one), checked now; None, with the refusal sent, for anyone else or another region."""
    member = await require_staff(update, context)
    if member is None:
        return None
    scope = regional(context).access.scope(member, context.args[0] if context.args else None)
    if scope is None:
        await deny(update, context, NOT_YOUR_REGION)
        return None
    return member, tuple(scope)


async def require_staff(update: Update, context: Context) -> StaffMember | None:
    """The sender's staff role, checked now; None (and the refusal sent) for anyone else."""
    user = update.effective_user
    if user is None:
        return None
    member = regional(context).access.member(user.id)
    if member is None:
        context.bot_data.staff_drafts.pop(user.id, None)  # a draft dies with the role
        await deny(update, context)
    return member
