"""A staff message (/bericht) or schedule (/planning) being put together: the draft, stored on
every change so a restart loses nothing, and the screens both flows share (audience buttons,
cancel button, preview)."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.regional import staff_data
from bot.context import Context, translator
from bot.formatting import fit
from bot.staff_access import regional
from dialogs.model import Scan, User
from dialogs.regional.audience import AUDIENCES, audience_label, select
from dialogs.regional.message_texts import reminder_for
from dialogs.texts import Text, text, verbatim
from regiescan.wiring.i18n import Translator
from regiescan.wiring.regional_services import Regional


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
    return context.bot_data.staff_drafts


def scope_text(r: Regional, regions: tuple[str, ...]) -> Text:
    if len(regions) == 1:
        return text(
            "Veiligheidsregio {region}", region=verbatim(r.region_name(regions[0]) or regions[0])
        )
    if set(regions) == set(r.access.all_regions()):
        return text("alle veiligheidsregio's")
    return verbatim(", ".join(regions))


def audience_keyboard(
    t: Translator, r: Regional, area: str, regions: tuple[str, ...]
) -> InlineKeyboardMarkup:
    entries = r.index.entries(regions)
    rows = []
    for audience in AUDIENCES:
        n = len(select(entries, audience).recipients)
        label = f"{t(audience_label(audience))} ({n})"
        rows.append([InlineKeyboardButton(label, callback_data=staff_data(area, "aud", audience))])
    rows.append(
        [InlineKeyboardButton(t(text("Annuleren")), callback_data=staff_data(area, "cancel"))]
    )
    return InlineKeyboardMarkup(rows)


def cancel_keyboard(t: Translator, area: str) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(t(text("Annuleren")), callback_data=staff_data(area, "cancel"))
    return InlineKeyboardMarkup([[button]])


def sample_user(r: Regional, audience: str) -> User:
    """A made-up coordinator to preview the personal lines with."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    user = User.new(0, now)
    if audience != "not_started":
        scan = Scan.new(r.content.version, now)
        scan.knelpunt = r.content.knelpunten[min(5, len(r.content.knelpunten) - 1)].id
        if audience == "finished":
            scan.finished = now
            user.finished = [scan]
        else:
            user.current = scan
    return user


async def send_preview(
    context: Context, user_id: int, draft: Draft, area: str, confirm: Text, head: Text | None = None
) -> None:
    """The message as a coordinator would see it, the recipients, and who is left out."""
    r = regional(context)
    t = translator(context, user_id)
    audience = draft.audience or "all"
    chosen = select(r.index.entries(draft.regions), audience)
    sample = reminder_for(
        sample_user(r, audience), draft.message, r.region_name(draft.regions[0]), r.content
    )
    lines: list[Text] = [head] if head is not None else []
    lines += [
        text("Voorbeeld van het bericht:"),
        verbatim("\n\n".join(t(x) for x in sample.body)),
        text(
            "Ontvangers: {count} in {scope} ({audience}).",
            count=len(chosen.recipients),
            scope=scope_text(r, draft.regions),
            audience=audience_label(audience),
        ),
        text(
            "Niet verstuurd: {opted_out} met herinneringen uit, {inactive} niet bereikbaar "
            "(bot geblokkeerd of account weg).",
            opted_out=len(chosen.opted_out),
            inactive=len(chosen.inactive),
        ),
    ]
    rows = [[InlineKeyboardButton(t(text("Annuleren")), callback_data=staff_data(area, "cancel"))]]
    if chosen.recipients or area == "p":
        confirm_button = InlineKeyboardButton(
            t(confirm), callback_data=staff_data(area, "send", draft.token)
        )
        rows.insert(0, [confirm_button])
    else:
        lines.append(text("Er is nu niemand om het bericht aan te sturen."))
    await context.bot.send_message(
        user_id, fit("\n\n".join(t(x) for x in lines)), reply_markup=InlineKeyboardMarkup(rows)
    )
