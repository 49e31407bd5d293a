"""An operator's mistake or a network hiccup at start: one clear line, never a traceback.

Each case runs `regiescan` as the process an operator starts (subprocess), except the staff
command at the end, which runs the real Application on the fake Bot API.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import STAFF09
from tests.helpers.bot_harness import TEST_TOKEN, BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI, FakeBotAPIServer
from tests.helpers.seed import finished_scan
from tests.helpers.updates import make_command_update

ROOT = Path(__file__).resolve().parent.parent


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REGIESCAN_"))}
    return env | {"REGIESCAN_DATA_DIR": str(data_dir), **extra}


def _regiescan(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "regiescan.cli", *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _one_line(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def test_an_unknown_log_level_names_the_allowed_values(tmp_path: Path):
    result = _regiescan("chat", env=_env(tmp_path / "data", REGIESCAN_LOG_LEVEL="LOUD"))
    assert result.returncode == 2
    line = _one_line(result)
    assert "REGIESCAN_LOG_LEVEL" in line and "'LOUD'" in line
    assert all(level in line for level in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))
    assert result.stdout == "", "nothing of the chat was shown"


@pytest.mark.parametrize("command", ["chat", "run"])
def test_a_data_dir_that_cannot_be_made_stops_the_start(tmp_path: Path, command: str):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    env = _env(blocker / "data", TELEGRAM_BOT_TOKEN=TEST_TOKEN)
    env["TELEGRAM_BASE_URL"] = "http://127.0.0.1:9/bot"  # never reached: checked before
    result = _regiescan(command, env=env, stdin="1\n")
    assert result.returncode == 2
    line = _one_line(result)
    assert str(blocker / "data") in line and "cannot be created" in line
    assert TEST_TOKEN not in line
    assert result.stdout == "", "nothing of the chat was shown"


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """``path`` unwritable even for root (immutable) or by its mode for anyone else."""
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if made.returncode != 0:
            pytest.skip("running as root on a filesystem without chattr +i")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o500)
        try:
            yield
        finally:
            path.chmod(0o700)


@pytest.mark.parametrize("command", ["chat", "run"])
def test_a_read_only_data_dir_stops_the_start_before_the_chat_shows(tmp_path: Path, command: str):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = _env(data_dir, TELEGRAM_BOT_TOKEN=TEST_TOKEN)
    env["TELEGRAM_BASE_URL"] = "http://127.0.0.1:9/bot"
    with _read_only(data_dir):
        result = _regiescan(command, env=env, stdin="1\n")
    assert result.returncode == 2
    line = _one_line(result)
    assert str(data_dir) in line and "not writable" in line
    assert result.stdout == "", "nothing of the chat was shown"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_an_unreachable_bot_api_is_retried_one_line_per_attempt_until_it_answers(tmp_path: Path):
    port = _free_port()  # nothing listens there yet
    base = f"http://127.0.0.1:{port}"
    env = _env(
        tmp_path / "data",
        TELEGRAM_BOT_TOKEN=TEST_TOKEN,
        TELEGRAM_BASE_URL=f"{base}/bot",
        TELEGRAM_BASE_FILE_URL=f"{base}/file/bot",
    )
    log = tmp_path / "bot.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "regiescan.cli", "run"], env=env, cwd=ROOT, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        attempt = f"cannot reach the Telegram Bot API at 127.0.0.1:{port}"
        _wait_for(lambda: log.read_text().count(attempt) >= 2)
        assert proc.poll() is None, "it waits for the Bot API instead of exiting"
        api = FakeBotAPI(max_poll_wait=0.5)
        api.push_update(make_command_update("/start", user_id=1001))
        with FakeBotAPIServer(api, port=port):
            _wait_for(lambda: bool(api.calls("sendMessage", 1001)))
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    output = log.read_text()
    assert proc.returncode == 0, output
    assert "Traceback" not in output and TEST_TOKEN not in output
    attempts = [line for line in output.splitlines() if attempt in line]
    assert attempts and all("(attempt " in line and "retrying" in line for line in attempts)
    assert len(output.splitlines()) < 10 + 2 * len(attempts), output


def test_a_pdf_export_does_not_flood_the_log(tmp_path: Path):
    from regiescan.wiring.services import build_services
    from regiescan.wiring.settings import Settings

    data_dir = tmp_path / "data"
    services = build_services(Settings(data_dir=data_dir))
    finished_scan(services.scans, 1001, "Utrecht", {}, peer=False)
    services.close()
    target = tmp_path / "scan.pdf"
    result = _regiescan(
        "export", "--user", "1001", "--format", "pdf", "-o", str(target), env=_env(data_dir)
    )
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 1000
    assert "fontTools" not in result.stderr, result.stderr[:2000]
    assert len(result.stderr.splitlines()) <= 2, result.stderr


async def test_planning_for_a_region_the_member_does_not_hold_is_refused(staffed: Path):
    api = FakeBotAPI()
    async with BotHarness(api, staffed) as bot:
        await bot.command("/planning", "VR13", user=STAFF09)
        assert bot.screen(STAFF09) == "Die regio valt niet onder uw rol."
        await bot.command("/planning", "VR09", user=STAFF09)
        assert "Geplande herinneringen" in bot.screen(STAFF09)
