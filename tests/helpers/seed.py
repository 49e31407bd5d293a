"""Seeding a store with finished scans of other coordinators, through the real service."""

from __future__ import annotations

from dialogs.privacy import consents
from dialogs.scan.service import ScanService
from dialogs.scan.steps import Event
from tests.helpers.scan_driver import press


def finished_scan(
    scans: ScanService,
    user_id: int,
    municipality: str,
    values: dict[str, int] | None = None,
    default: int = 3,
    peer: bool = True,
) -> None:
    """A coordinator of ``municipality`` finishes a scan with ``values`` per knelpunt id
    (every statement of that knelpunt gets the value), ``default`` elsewhere."""
    values = values or {}
    scans.handle(user_id, Event.command("scan"))
    press(scans, user_id, "confirm")
    outcome = scans.handle(user_id, Event.text(municipality))
    assert outcome.step.kind == "role", municipality
    press(scans, user_id, "role:coordinator")
    for _ in range(200):
        user = scans.user(user_id)
        assert user is not None
        step = scans.show(user_id).step
        if step.kind == "statement":
            knelpunt = (user.current.knelpunt if user.current else "") or ""
            press(scans, user_id, f"a:{values.get(knelpunt, default)}")
        elif step.kind == "note":
            press(scans, user_id, "skip_note")
        else:
            break
    press(scans, user_id, "finish")
    user = scans.user(user_id)
    assert user is not None
    if consents.record(user, consents.PEER_LISTING, peer, scans.now()):
        scans.save(user)
