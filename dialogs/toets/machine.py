"""The lifecycle of a collegiale toets, declared once as a `transitions` state machine.

draft -> invited -> preparing -> judging -> settled -> reported, with ``cancel`` and ``expire``
from every open state (and ``reopen`` from settled back to judging). One machine serves every
toets: per event the service adds a :class:`Lifecycle` with the stored state, fires one trigger
and removes it again. The state is saved by the service only after the trigger returned True,
and before anyone is told about it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from transitions import EventData, Machine

from dialogs.toets.model import (
    CANCELLED,
    DRAFT,
    EXPIRED,
    INVITED,
    JUDGING,
    OPEN_STATES,
    PREPARING,
    REPORTED,
    SETTLED,
    STATES,
    Toets,
)

MIN_TEAM = 2  # members who joined, before the preparation can start
MAX_PEERS = 4  # peer municipalities invited
MAX_LINKS = 4  # invitation links
# An open toets without any change for this long expires (the inviter and the team are told).
QUIET_LIMIT: dict[str, timedelta] = {
    DRAFT: timedelta(days=14),
    INVITED: timedelta(days=28),
    PREPARING: timedelta(days=90),
    JUDGING: timedelta(days=90),
    SETTLED: timedelta(days=60),
}


class Lifecycle:
    """The model the machine moves: one toets, with the conditions of its transitions."""

    state: str
    trigger: Callable[..., bool]  # added by the machine

    def __init__(self, toets: Toets) -> None:
        self.toets = toets

    def invitees_ok(self, event: EventData) -> bool:
        t = self.toets
        return len(t.peers()) <= MAX_PEERS and len(t.members) >= MIN_TEAM

    def team_ready(self, event: EventData) -> bool:
        return len(self.toets.active()) >= MIN_TEAM and self.toets.confirmed_chair() is not None

    def has_chair(self, event: EventData) -> bool:
        return self.toets.confirmed_chair() is not None


def _transitions() -> list[dict[str, Any]]:
    return [
        {"trigger": "send", "source": DRAFT, "dest": INVITED, "conditions": "invitees_ok"},
        {"trigger": "prepare", "source": INVITED, "dest": PREPARING, "conditions": "team_ready"},
        {"trigger": "judge", "source": PREPARING, "dest": JUDGING, "conditions": "has_chair"},
        {"trigger": "settle", "source": JUDGING, "dest": SETTLED, "conditions": "has_chair"},
        {"trigger": "reopen", "source": SETTLED, "dest": JUDGING, "conditions": "has_chair"},
        {"trigger": "report", "source": SETTLED, "dest": REPORTED},
        {"trigger": "cancel", "source": list(OPEN_STATES), "dest": CANCELLED},
        {"trigger": "expire", "source": list(OPEN_STATES), "dest": EXPIRED},
    ]


def build_machine() -> Machine:
    """The one machine for every toets; models are added per event."""
    return Machine(
        model=None,
        states=list(STATES),
        transitions=_transitions(),
        initial=DRAFT,
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=True,
    )
