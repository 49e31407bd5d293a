"""Coordinators at known places in their scan, for regional-staff tests (through the core)."""

from __future__ import annotations

from datetime import datetime, timedelta

from dialogs.privacy.consents import PEER_LISTING, REMINDERS, record
from dialogs.scan.service import ScanService
from tests.helpers.scan_driver import answer_all, press, start_scan


class SetClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def to_knelpunt(service: ScanService, user_id: int, municipality: str, k: int) -> None:
    """Start a scan for ``municipality`` and answer until knelpunt ``k`` (1-based) is reached."""
    start_scan(service, user_id, municipality)
    target = service.engine.content.knelpunten[k - 1].id
    for _ in range(200):
        user = service.user(user_id)
        assert user is not None and user.current is not None
        if user.current.knelpunt == target and user.current.statement is not None:
            return
        kind = service.show(user_id).step.kind
        press(service, user_id, "a:3" if kind == "statement" else "skip_note")
    raise AssertionError(f"knelpunt {k} not reached")


def finish(service: ScanService, user_id: int, municipality: str, value: str = "4") -> None:
    start_scan(service, user_id, municipality)
    answer_all(service, user_id, value)
    press(service, user_id, "finish")


def not_started(service: ScanService, user_id: int, invite: str) -> None:
    """Arrived through a regional invite, no scan yet."""
    service.record_invite(user_id, invite)


def set_consent(service: ScanService, user_id: int, name: str, given: bool) -> None:
    user = service.user(user_id)
    assert user is not None
    record(user, name, given, service.now())
    service.save(user)


def opt_out(service: ScanService, user_id: int) -> None:
    set_consent(service, user_id, REMINDERS, False)


def opt_in_as_peer(service: ScanService, user_id: int) -> None:
    set_consent(service, user_id, PEER_LISTING, True)
