"""What staff handlers share: the regional services, the broadcaster, drafts, and the role check.

:func:`require_staff` is called first by every staff command *and* every staff button, on every
call: a coordinator (or a forged button) gets "Dit is alleen voor regionale medewerkers." and
nothing else happens.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from telegram import Update

from bot.context import Context, services, translator
from dialogs.regional.access import NOT_STAFF, NOT_YOUR_REGION, StaffMember
from dialogs.texts import Text, text
from regiescan.wiring.regional_services import Regional

if TYPE_CHECKING:
    from bot.broadcasting.tasks import Broadcaster


@dataclass
class Draft:
    """A staff member's message or schedule being put together (kept across a restart)."""

    kind: str  # "bericht" or "planning"
    regions: tuple[str, ...]
    stage: str = "audience"  # audience -> (when ->) text -> confirm
    audience: str | None = None
    message: str | None = None
    rule: dict[str, Any] | None = None
    token: str = field(default_factory=lambda: secrets.token_hex(4))


def regional(context: Context) -> Regional:
    return services(context).regional


def broadcaster(context: Context) -> Broadcaster:
    return context.bot_data.broadcaster


class StaffDrafts:
    """The drafts of all staff members: in memory, and every change in ``storage.staff_drafts``
    (so a restart between typing the text and "Versturen" loses nothing). Handlers change a
    draft in place; the staff dispatcher and the draft text handler :meth:`save` it after."""

    def __init__(self, regional: Regional) -> None:
        self.regional = regional
        self.store = regional.drafts
        self._live: dict[int, Draft] = {}

    def get(self, user_id: int) -> Draft | None:
        draft = self._live.get(user_id)
        if draft is None:
            stored = self.store.get(user_id, self.regional.now())
            if stored is None:
                return None
            fields = {k: v for k, v in stored.items() if k in Draft.__dataclass_fields__}
            draft = Draft(**{**fields, "regions": tuple(fields.get("regions", ()))})
            self._live[user_id] = draft
        return draft

    def __setitem__(self, user_id: int, draft: Draft) -> None:
        self._live[user_id] = draft
        self.save(user_id)

    def pop(self, user_id: int, default: None = None) -> Draft | None:
        draft = self._live.pop(user_id, None)
        self.store.remove(user_id)
        return draft

    def save(self, user_id: int) -> None:
        draft = self._live.get(user_id)
        if draft is not None:
            self.store.put(user_id, {**asdict(draft), "regions": list(draft.regions)},
                           self.regional.now())  # fmt: skip


def drafts(context: Context) -> StaffDrafts:
    bot_data = context.bot_data
    if bot_data.staff_drafts is None:
        bot_data.staff_drafts = StaffDrafts(regional(context))
    return bot_data.staff_drafts


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
        drafts(context).pop(user.id, None)
        await deny(update, context)
    return member
