"""Scheduled reminders: create, list, pause, delete, and find what is due (clock injected).

Nothing is lost across a restart and nothing runs twice: a due schedule's broadcast gets the
id ``p-<schedule>-<due>``, derived from the due moment, and the schedule moves on to its next
moment only after that broadcast is in the outbox. A reminder that fell due while the bot was
down is found by :meth:`Planner.due` at start and run once; however many of its moments were
missed, it then moves on to the first moment after *now*, so it is not repeated.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from dialogs.regional.access import StaffMember
from dialogs.regional.schedule_rules import Rule, next_due
from dialogs.regional.stores import ScheduleStore

Schedule = dict[str, Any]


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def broadcast_id_for(schedule: Schedule, due: datetime) -> str:
    """The outbox id of one run: the same for the same schedule and due moment."""
    return f"{schedule['id']}-{due:%Y%m%d%H%M}"


class Planner:
    def __init__(self, store: ScheduleStore, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def create(
        self,
        member: StaffMember,
        regions: tuple[str, ...],
        audience: str,
        message: str,
        rule: Rule,
    ) -> Schedule:
        now = self.clock()
        schedule: Schedule = {
            "id": f"p-{secrets.token_hex(4)}",
            "by": member.user_id,
            "regions": sorted(regions),
            "audience": audience,
            "message": message,
            "rule": rule,
            "created": _iso(now),
            "paused": False,
            "next_due": _iso(next_due(rule, now)),
            "last_due": None,
        }
        self.store.put(schedule)
        return schedule

    def visible_to(self, member: StaffMember) -> list[Schedule]:
        """Schedules whose regions all fall under the member's role."""
        return [s for s in self.store.all() if set(s["regions"]) <= set(member.regions)]

    def get_for(self, member: StaffMember, schedule_id: str) -> Schedule | None:
        found = self.store.get(schedule_id)
        if found is None or not set(found["regions"]) <= set(member.regions):
            return None
        return found

    def set_paused(self, schedule: Schedule, paused: bool) -> Schedule:
        """Pause, or resume from the next moment after now (paused moments are not caught up)."""
        schedule = dict(schedule, paused=paused)
        if not paused:
            schedule["next_due"] = _iso(next_due(schedule["rule"], self.clock()))
        self.store.put(schedule)
        return schedule

    def delete(self, schedule_id: str) -> bool:
        return self.store.delete(schedule_id)

    def due(self) -> list[tuple[Schedule, datetime]]:
        """Active schedules whose next moment has come, with that moment."""
        now = self.clock()
        found = []
        for schedule in self.store.all():
            if schedule["paused"] or not schedule["next_due"]:
                continue
            moment = datetime.fromisoformat(schedule["next_due"])
            if moment <= now:
                found.append((schedule, moment))
        return found

    def advance(self, schedule: Schedule, due: datetime) -> Schedule:
        """Record that ``due`` was handled; the next moment is the first after now."""
        current = self.store.get(schedule["id"])
        if current is None:  # deleted meanwhile
            return schedule
        after = max(self.clock(), due)
        current = dict(current, last_due=_iso(due), next_due=_iso(next_due(current["rule"], after)))
        self.store.put(current)
        return current

    def upcoming(self) -> list[tuple[Schedule, datetime]]:
        """Active schedules with a next moment, for registering jobs."""
        return [
            (s, datetime.fromisoformat(s["next_due"]))
            for s in self.store.all()
            if not s["paused"] and s["next_due"]
        ]
