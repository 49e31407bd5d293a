"""Demo data: clearly marked coordinators with finished scans, so a newcomer sees peers and a
regional median. Created only on request (`regiescan demo`), removed with one command.

Demo users have negative ids from :data:`FIRST_ID` down, ``profile["demo"] = True`` and scans
with ``demo = True``; demo scans only ever meet demo scans (peers, medians), and everything a
demo scan shows carries "(demo)".
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from dialogs.model import User
from dialogs.privacy import consents
from dialogs.scan.service import ScanService
from dialogs.scan.steps import Event

FIRST_ID = -1_000_000
DEMO_CHAT_USER = -1  # the terminal user of `regiescan chat --demo`
REGIONS = ("VR21", "VR22", "VR20", "VR15")
PER_REGION = 6
SEED = 20261129


def is_demo(user: User) -> bool:
    return bool(user.profile.get("demo"))


def demo_user_ids(count: int) -> Iterator[int]:
    return (FIRST_ID - n for n in range(count))


def make_demo_user(scans: ScanService, user_id: int, code: str, rng: random.Random) -> User:
    """One demo coordinator of municipality ``code`` with one finished demo scan."""
    user = scans.user(user_id) or User.new(user_id, scans.now())
    user.profile["demo"] = True
    scans.save(user)
    scans.handle(user_id, Event.command("scan"))
    _press(scans, user_id, "confirm")
    _press(scans, user_id, f"gm:{code}")
    _press(scans, user_id, "role:coordinator")
    strengths = {k: rng.choice((1, 2, 3, 4, 5)) for k in scans.engine.content.knelpunten}
    for _ in range(100):
        step = scans.show(user_id).step
        current = scans.user(user_id)
        if step.kind == "statement" and current and current.current:
            k = scans.engine.content.knelpunt(current.current.knelpunt or "")
            value = max(1, min(5, strengths[k] + rng.choice((-1, 0, 0, 1))))
            _press(scans, user_id, f"a:{value}")
        elif step.kind == "note":
            _press(scans, user_id, "skip_note")
        else:
            break
    _press(scans, user_id, "finish")
    finished = scans.user(user_id)
    assert finished is not None
    user = finished
    consents.record(user, consents.PEER_LISTING, True, scans.now())
    scans.save(user)
    return user


def _press(scans: ScanService, user_id: int, option: str) -> None:
    seq = scans.show(user_id).step.seq
    outcome = scans.handle(user_id, Event.choice(option, seq))
    if outcome.notices and not outcome.advanced:
        raise RuntimeError(f"demo scan could not take {option!r}")
