"""Drives a scan through the core the way a front does, for tests."""

from __future__ import annotations

from dialogs.scan.service import ScanService
from dialogs.scan.steps import Event, Outcome


def press(service: ScanService, user_id: int, option: str) -> Outcome:
    """Tap the option with id ``option`` on the user's current step (checked to be there)."""
    step = service.show(user_id).step
    ids = [o.id for o in step.options]
    assert option in ids, f"{option!r} is not on the {step.kind} step: {ids}"
    return service.handle(user_id, Event.choice(option, step.seq))


def start_scan(service: ScanService, user_id: int, municipality: str = "Utrecht") -> Outcome:
    """From a new user to the first statement."""
    service.handle(user_id, Event.command("scan"))
    press(service, user_id, "confirm")
    outcome = service.handle(user_id, Event.text(municipality))
    assert outcome.step.kind == "role", outcome
    return press(service, user_id, "role:coordinator")


def answer_all(service: ScanService, user_id: int, value: str = "4") -> Outcome:
    """Answer every remaining statement with ``value`` and pass every note step."""
    outcome = service.show(user_id)
    for _ in range(200):
        kind = outcome.step.kind
        if kind == "statement":
            outcome = press(service, user_id, f"a:{value}")
        elif kind == "note":
            outcome = press(service, user_id, "skip_note")
        else:
            return outcome
    raise AssertionError("the walk did not end")
