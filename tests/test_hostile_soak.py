"""The hostile soak (issue 17) against the real ``regiescan run`` process and the strict fake
Bot API server: generated noise from many users, workers who finish a scan (diagnosis, chart)
and export a PDF, victims mid-scan who send nothing.

At the end: the process is alive and stops cleanly, every button tap was answered, every
private message got a reply, no call of the bot was refused (the fake refuses what the Bot API
spec does, and an edit that changes nothing), no victim's file changed, nothing was logged as
an error, and the bot's memory stayed within bounds: peak <= 100 MB, and under ``--soak``
(10,000 updates from 200 users) at most 10 % growth from a quarter of the run to its end.
In the normal run 400 updates from 40 users.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regiescan.wiring.services import build_services
from regiescan.wiring.settings import Settings
from storage.users import TinyUserStore
from tests.helpers.bot_harness import TEST_TOKEN
from tests.helpers.export_seed import walk_scan
from tests.helpers.fake_bot_api import FakeBotAPI, FakeBotAPIServer
from tests.helpers.soak_driver import (
    VICTIM_BASE,
    WORKER_BASE,
    SoakDriver,
    Worker,
    children,
    rss_mb,
    wait_quiet,
)
from tests.helpers.updates import make_command_update

ROOT = Path(__file__).resolve().parent.parent
TOWNS = ("Utrecht", "Oss", "Heusden", "Vught", "Zeist")
PEAK_MB = 100.0
REPLIES = ("sendMessage", "sendPhoto", "sendDocument")


def _start_bot(server: FakeBotAPIServer, data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REGIESCAN_"))}
    env |= {
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_BASE_URL": server.base_url,
        "TELEGRAM_BASE_FILE_URL": server.base_file_url,
        "REGIESCAN_DATA_DIR": str(data_dir),
        "REGIESCAN_LOG_LEVEL": "WARNING",
    }
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "regiescan.cli", "run"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _dump_stacks(pid: int, log: Path) -> None:
    """What a bot that does not stop is doing, in its log (when py-spy is at hand)."""
    spy = os.environ.get("PY_SPY") or shutil.which("py-spy")
    if spy:
        dump = subprocess.run([spy, "dump", "--pid", str(pid)], capture_output=True, timeout=30)
        with log.open("ab") as out:
            out.write(b"\n--- py-spy dump at the stop timeout ---\n" + dump.stdout + dump.stderr)


def _wait(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_regiescan_run_survives_a_hostile_soak(tmp_path: Path, request: pytest.FixtureRequest):
    soak = bool(request.config.getoption("--soak"))
    total, users, workers = (10_000, 200, 8) if soak else (400, 40, 2)
    data_dir = tmp_path / "data"
    services = build_services(Settings(data_dir=data_dir))
    victims = [VICTIM_BASE + n for n in range(len(TOWNS))]
    for victim, town in zip(victims, TOWNS, strict=True):
        walk_scan(services.scans, victim, town, stop_after=2, finish=False)
    services.close()
    api = FakeBotAPI(max_poll_wait=0.5)
    log = tmp_path / "bot.log"
    driver = SoakDriver(api, random.Random(17), users=users, victims=victims)
    driver.workers = [Worker(WORKER_BASE + n) for n in range(workers)]
    samples: list[float] = []
    with FakeBotAPIServer(api) as server:
        proc = _start_bot(server, data_dir, log)
        alive = lambda: proc.poll() is None  # noqa: E731
        try:
            _wait(lambda: api.calls("getUpdates") or not alive(), 60, "the bot to poll")
            for victim in victims:  # their current screen, so attackers can copy its buttons
                api.push_update(make_command_update("/scan", user_id=victim))
            _wait(lambda: all(api.messages(v) for v in victims), 60, "the victims' screens")
            store = TinyUserStore(data_dir)
            before = {v: store.path_for(v).read_bytes() for v in victims}
            last_sample = 0.0
            while driver.pushed < total and alive():
                driver.pace(alive)
                for _ in range(10):
                    driver.noise()
                driver.step_workers()
                if time.monotonic() - last_sample > 0.25:
                    samples.append(rss_mb(proc.pid).get("VmRSS", 0.0))
                    last_sample = time.monotonic()
            deadline = time.monotonic() + (600 if soak else 180)
            while any(w.phase != "done" for w in driver.workers) and time.monotonic() < deadline:
                driver.step_workers()
                time.sleep(0.05)
            wait_quiet(api, alive)
            samples.append(rss_mb(proc.pid).get("VmRSS", 0.0))
            peak = rss_mb(proc.pid).get("VmHWM", 0.0)
            render_processes = children(proc.pid)
            assert alive(), "the bot died"
        finally:
            stopping = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                _dump_stacks(proc.pid, log)
                proc.kill()
                proc.wait()
    stop_seconds = time.monotonic() - stopping
    output = log.read_text(errors="replace")
    assert proc.returncode == 0, output[-3000:]
    assert "Traceback" not in output and "ERROR" not in output, output[-3000:]
    assert TEST_TOKEN not in output

    calls = api.calls()
    refused = [(c.method, c.error_code, c.description) for c in calls if not c.ok]
    if refused:  # the first refused call, with what came before it in its chat
        first = next(c for c in calls if not c.ok)
        chat_calls = [c for c in calls if c.chat_id == first.chat_id]
        at = next(i for i, c in enumerate(chat_calls) if c is first)
        trail = [(c.method, c.params.get("message_id"), c.ok) for c in chat_calls[at - 10 : at + 1]]
        pushed = driver.log.get(int(first.chat_id or 0), [])[-15:]
        raise AssertionError(f"refused {refused[:20]}; before the first: {trail}; pushed {pushed}")
    answered = {c.params["callback_query_id"] for c in calls if c.method == "answerCallbackQuery"}
    assert driver.queries - answered == set(), "taps not answered"
    for chat, sent in driver.private_messages.items():
        replies = [c for c in calls if c.method in REPLIES and c.chat_id == chat]
        assert len(replies) >= sent, f"chat {chat}: {sent} messages, {len(replies)} replies"
    stuck = [
        (w.user_id, w.pushed, (api.last_message(w.user_id).text or "")[:80])
        for w in driver.workers
        if w.phase != "done"
    ]
    if stuck:  # what the first stuck worker saw, to tell a product fault from a driver one
        uid = stuck[0][0]
        chat_calls = [c for c in calls if c.chat_id == uid]
        last = (chat_calls[-1].params.get("text") or "")[:30] if chat_calls else ""
        first = next(
            (i for i, c in enumerate(chat_calls) if (c.params.get("text") or "")[:30] == last), 0
        )
        trail = [
            (c.method, (c.params.get("text") or "")[:50], c.params.get("reply_markup"))
            for c in chat_calls[max(0, first - 4) : first + 1]
        ]
        worker = next(w for w in driver.workers if w.user_id == uid)
        doc = store.load(uid) or {}
        raise AssertionError(
            f"stuck {stuck}: at {doc.get('state')} (seq {doc.get('seq')}); the screen first "
            f"came after {trail}; the worker sent {worker.history[-30:]}"
        )
    for victim in victims:
        assert store.path_for(victim).read_bytes() == before[victim], f"victim {victim} changed"
    groups = [c for c in calls if c.method == "sendMessage" and int(c.chat_id) < 0]
    told = 20 + driver.group_removals  # 20 groups, told again only after being removed
    assert len(groups) <= told, f"groups told {len(groups)} times, at most {told} (channel never)"

    assert peak <= PEAK_MB, f"peak RSS {peak:.0f} MB (samples {samples[::10]})"
    if soak:
        settled = samples[len(samples) // 4]
        assert samples[-1] <= settled * 1.10, (
            f"RSS grew from {settled:.0f} to {samples[-1]:.0f} MB (samples {samples[::20]})"
        )
    print(
        f"\nsoak: {driver.pushed} updates ({dict(driver.kinds)}), {len(calls)} calls, "
        f"RSS {samples[0]:.0f} -> {samples[-1]:.0f} MB, peak {peak:.0f} MB, "
        f"render processes at the end: {len(render_processes)}, stopped in {stop_seconds:.1f} s"
    )
