"""Who a regional message goes to: the audience chosen by staff, minus who must be left out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from dialogs.regional.progress import FINISHED, IN_PROGRESS, NOT_STARTED, IndexEntry
from dialogs.texts import N_, Text, text

ALL = "all"
OPEN = "open"  # not finished: not started or in progress
AUDIENCES: dict[str, str] = {
    ALL: N_("Iedereen in de regio"),
    NOT_STARTED: N_("Nog niet begonnen"),
    IN_PROGRESS: N_("Begonnen, nog niet klaar"),
    OPEN: N_("Nog niet klaar (niet begonnen of bezig)"),
    FINISHED: N_("Scan afgerond"),
}


def audience_label(audience: str) -> Text:
    return text(AUDIENCES.get(audience, AUDIENCES[ALL]))


def in_audience(entry: IndexEntry, audience: str) -> bool:
    if audience == OPEN:
        return entry.status != FINISHED
    return audience == ALL or entry.status == audience


@dataclass
class Selection:
    """The recipients of a broadcast, and who was left out and why (in user id order)."""

    recipients: list[int] = field(default_factory=list)
    opted_out: list[int] = field(default_factory=list)  # turned reminders off
    inactive: list[int] = field(default_factory=list)  # blocked the bot / account gone

    @property
    def total(self) -> int:
        return len(self.recipients) + len(self.opted_out) + len(self.inactive)


def select(entries: Iterable[IndexEntry], audience: str, gemeente: str | None = None) -> Selection:
    """The audience among ``entries`` (already limited to the sender's regions).

    ``gemeente`` narrows it to one municipality (a nudge).
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    chosen = Selection()
    for entry in sorted(entries, key=lambda e: e.user_id):
        if not in_audience(entry, audience):
            continue
        if gemeente is not None and entry.gemeente != gemeente:
            continue
        if not entry.active:
            chosen.inactive.append(entry.user_id)
        elif not entry.reminders:
            chosen.opted_out.append(entry.user_id)
        else:
            chosen.recipients.append(entry.user_id)
    return chosen
