"""The one-tap nudge of one municipality: shared by /regio's button and the dashboard.

Once a day per municipality (the broadcast id carries the date, and the outbox creates an id
only once), to the coordinators there who have not finished and did not turn reminders off,
sent in the background by the rate-limited :class:`~bot.broadcasting.tasks.Broadcaster`.
The caller has checked the staff role; the region is checked here again.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import BotData
from dialogs.regional.access import NOT_YOUR_REGION, StaffMember
from dialogs.regional.audience import OPEN, select
from dialogs.texts import Text, text, verbatim

SENT, ALREADY, NOBODY, DENIED = "sent", "already", "nobody", "denied"


@dataclass(frozen=True)
class NudgeOutcome:
    kind: str  # SENT, ALREADY, NOBODY or DENIED
    notice: Text

    @property
    def ok(self) -> bool:
        return self.kind == SENT


def nudge_id(code: str, day: str) -> str:
    return f"n-{code}-{day}"


def nudge(bot_data: BotData, member: StaffMember, code: str) -> NudgeOutcome:
    """Remind the coordinators of municipality ``code`` who have not finished (once a day)."""
    r = bot_data.services.regional
    m = r.registry.get(code)
    if m is None or not r.access.may_reach(member, m.vr_code):
        return NudgeOutcome(DENIED, text(NOT_YOUR_REGION))
    name = verbatim(m.name)
    if not select(r.index.entries((m.vr_code,)), OPEN, gemeente=m.code).recipients:
        return NudgeOutcome(NOBODY, text("In {name} is niemand om te herinneren.", name=name))
    doc = bot_data.broadcaster.create(
        broadcast_id=nudge_id(m.code, f"{r.now():%Y%m%d}"),
        by=member.user_id,
        kind="nudge",
        audience=OPEN,
        regions=(m.vr_code,),
        message=None,
        gemeente=m.code,
    )
    if doc is None:
        return NudgeOutcome(ALREADY, text("{name} kreeg vandaag al een herinnering.", name=name))
    bot_data.broadcaster.start(doc["id"])
    return NudgeOutcome(SENT, text("De herinnering aan {name} wordt verstuurd.", name=name))


def nudged_today(bot_data: BotData, code: str) -> bool:
    r = bot_data.services.regional
    return r.outbox.exists(nudge_id(code, f"{r.now():%Y%m%d}"))
