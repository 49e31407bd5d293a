"""Crash safety that fires: `regiescan chat` killed with SIGKILL at random moments, again and
again; after every kill the store opens, holds every answer the user saw saved, nothing twice,
and the restarted chat continues at the right statement (see tests/helpers/kill_driver.py).

50 kills in the normal run (a few seconds: the chats are forked from a preloaded server), more
until one scan is finished; `pytest --soak` makes it 500. The seed is fixed; the kill moments
depend on timing, the checks do not.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dialogs.scan.content import Content
from tests.helpers.kill_driver import KillDriver


def test_sigkill_at_random_moments_never_loses_or_doubles_an_answer(
    tmp_path: Path, content: Content, request: pytest.FixtureRequest
):
    wanted = 500 if request.config.getoption("--soak") else 50
    errors = tmp_path / "stderr.log"
    driver = KillDriver(tmp_path / "data", errors, content, random.Random(20260302))
    chat = driver.start_user()
    # The kill moments are random in wall-clock time, so on a loaded machine a chat gets less
    # done between kills: go on past `wanted` until one scan is finished (bounded).
    while driver.kills < wanted or (driver.users_done < 1 and driver.kills < 8 * wanted):
        chat = driver.cycle(chat) or driver.start_user()
    chat.kill()
    assert driver.users_done >= 1, "a scan was walked to its end through the kills"
    # Kills landed before lines were read, between a save and its screen, and inside a write.
    assert driver.landed["lost_in_flight"] > 0, driver.landed
    errors_seen = errors.read_text() if errors.exists() else ""
    assert "Traceback" not in errors_seen, errors_seen
