"""`regiescan run` as a real process, long-polling a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storage.users import TinyUserStore
from tests.helpers.bot_harness import TEST_TOKEN
from tests.helpers.fake_bot_api import FakeBotAPI, FakeBotAPIServer
from tests.helpers.updates import make_button_press, make_command_update, make_message_update

ROOT = Path(__file__).resolve().parent.parent
ME = 1001


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def last_text(api: FakeBotAPI) -> str:
    try:
        return api.last_message(ME).text or ""
    except (KeyError, LookupError):
        return ""


def labels(api: FakeBotAPI) -> list[str]:
    return [t for t, _ in api.buttons(ME)] if api.calls("sendMessage", ME) else []


def test_run_polls_answers_and_stops_cleanly(tmp_path: Path):
    api = FakeBotAPI(max_poll_wait=0.5)
    with FakeBotAPIServer(api) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
        env |= {
            "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
            "TELEGRAM_BASE_URL": server.base_url,
            "TELEGRAM_BASE_FILE_URL": server.base_file_url,
            "REGIESCAN_DATA_DIR": str(tmp_path),
        }
        # Queued before the bot starts: updates that arrive while it is down are not dropped.
        api.push_update(make_command_update("/start", user_id=ME))
        proc = subprocess.Popen(
            [sys.executable, "-m", "regiescan.cli", "run"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_until(lambda: "Start de scan" in labels(api))
            for label in ("Start de scan", "Beginnen"):
                data = next(d for t, d in api.buttons(ME) if t == label)
                api.push_update(make_button_press(api, ME, data))
                wait_until(lambda label=label: label not in labels(api))
            api.push_update(make_message_update("Utrecht", user_id=ME))
            wait_until(lambda: "Wat is uw functie?" in last_text(api))
            data = next(d for t, d in api.buttons(ME) if t.startswith("Veiligheidsco"))
            api.push_update(make_button_press(api, ME, data))
            wait_until(lambda: "Stelling 1 van 5" in last_text(api))
            data = next(d for t, d in api.buttons(ME) if t.startswith("4 ·"))
            api.push_update(make_button_press(api, ME, data))
            wait_until(lambda: "Stelling 2 van 5" in last_text(api))
        finally:
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, output
    assert TEST_TOKEN not in output
    answers = TinyUserStore(tmp_path).load(ME)["current"]["answers"]
    assert answers["systematiek.inbedding"]["value"] == 4
