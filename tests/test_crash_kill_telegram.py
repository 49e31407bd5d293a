"""Crash safety of `regiescan run` itself: the Telegram bot SIGKILLed at random moments while
three coordinators tap through their scans (tests/helpers/telegram_kill_driver.py). After
every restart no acknowledged answer is lost, no tap is lost, nothing is applied twice, and
every finished scan's diagnosis is delivered, once.

12 kills in the normal run; `pytest --soak` makes it 120. The seed is fixed; the kill moments
depend on timing, the checks do not.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dialogs.scan.content import Content
from tests.helpers.telegram_kill_driver import TelegramKillDriver


def test_sigkill_of_the_telegram_bot_loses_no_tap_and_no_result(
    tmp_path: Path, content: Content, request: pytest.FixtureRequest
):
    wanted = 120 if request.config.getoption("--soak") else 12
    driver = TelegramKillDriver(
        tmp_path / "data", tmp_path / "bot.log", content, random.Random(20261201)
    )
    try:
        driver.add_users()
        driver.start()
        driver.wait_settled()
        while driver.kills < wanted:
            driver.cycle()
        output = driver.stop()
    finally:
        driver.close()
    taps = sum(w.taps for w in driver.walkers + driver.done)
    assert driver.done, "scans were finished through the kills"
    for walker in driver.done:  # a late second copy of a result would show now
        assert driver.diagnoses(walker.user_id) <= 1 + driver.window_kills.get(walker.user_id, 0)
    assert "Traceback" not in output, output
    assert taps > wanted
