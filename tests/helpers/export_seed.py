"""Scans for the export tests, walked through the real service: answers, "weet ik niet" and
notes per knelpunt, finished or left in progress."""

from __future__ import annotations

from dialogs.privacy import consents
from dialogs.scan.service import ScanService
from dialogs.scan.steps import Event
from tests.helpers.scan_driver import press, start_scan


def walk_scan(
    scans: ScanService,
    user_id: int,
    municipality: str,
    values: dict[str, int | str] | None = None,
    *,
    default: int | str = 3,
    notes: dict[str, str] | None = None,
    stop_after: int | None = None,
    finish: bool = True,
    peer: bool | None = None,
) -> None:
    """Answer every statement of a knelpunt with ``values[knelpunt]`` (1-5 or "dk"), else
    ``default``; type ``notes[knelpunt]`` at its note step. ``stop_after``: leave the scan in
    progress after that many knelpunten. ``peer``: record the peer-listing consent."""
    values, notes = values or {}, notes or {}
    start_scan(scans, user_id, municipality)
    done = 0
    for _ in range(300):
        user = scans.user(user_id)
        assert user is not None
        step = scans.show(user_id).step
        knelpunt = (user.current.knelpunt if user.current else "") or ""
        if step.kind == "statement":
            press(scans, user_id, f"a:{values.get(knelpunt, default)}")
        elif step.kind == "note":
            if knelpunt in notes:
                scans.handle(user_id, Event.text(notes[knelpunt]))
                if scans.show(user_id).step.kind == "note":  # a confirmation step, if any
                    press(scans, user_id, "skip_note")
            else:
                press(scans, user_id, "skip_note")
            done += 1
            if stop_after is not None and done >= stop_after:
                break
        else:
            break
    if finish and stop_after is None:
        press(scans, user_id, "finish")
    if peer is not None:
        user = scans.user(user_id)
        assert user is not None
        if consents.record(user, consents.PEER_LISTING, peer, scans.now()):
            scans.save(user)
