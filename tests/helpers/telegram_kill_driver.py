"""Drives `regiescan run` (the Telegram bot) against the fake Bot API over HTTP, taps through
several users' scans at once, SIGKILLs the process at random moments and restarts it.

What is held, after every kill and restart:

* **no acknowledged answer lost**: a tap whose next screen the user saw is in the store;
* **no tap lost**: every tap sent is applied once after the restart (the screen moves on, the
  store holds the value, nothing is in the history: nothing applied twice);
* **every finished scan's result delivered**: the diagnosis arrives, once. A second copy is
  allowed only for a kill that landed after the diagnosis had reached Telegram and before the
  bot had recorded that (``window_kills``): no sender can tell those apart.

The bot processes are forked from the preloaded forkserver of :mod:`tests.helpers.kill_driver`,
each running ``regiescan.cli.main(["run"])`` with the environment an operator would set.
"""

from __future__ import annotations

import os
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.buttons.codec import parse
from bot.buttons.scan import StepCallback
from dialogs.municipalities import MunicipalityRegistry
from dialogs.scan.content import Content
from dialogs.scan.engine import ScanEngine
from dialogs.scan.service import ScanService
from storage.users import TinyUserStore
from tests.helpers.bot_harness import TEST_TOKEN
from tests.helpers.fake_bot_api import FakeBotAPI, FakeBotAPIServer, StoredMessage
from tests.helpers.kill_driver import WAIT, _forkserver
from tests.helpers.regional_seed import to_knelpunt
from tests.helpers.updates import _callback, make_command_update, make_user

HEADER = re.compile(r"Knelpunt (\d+) van \d+ · ")
STATEMENT = re.compile(r"Stelling (\d+) van \d+")
DIAGNOSIS = "Diagnose voor "
TOWNS = ("Utrecht", "Oss", "Zwolle", "Delft", "Emmen", "Venlo", "Tiel", "Assen")


def _run_bot(env: dict[str, str], errors: str) -> None:
    """In the child: `regiescan run`, stdout and stderr appended to ``errors``."""
    err = os.open(errors, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(err, 1)
    os.dup2(err, 2)
    for name in [k for k in os.environ if k.startswith(("TELEGRAM_", "REGIESCAN_"))]:
        del os.environ[name]
    os.environ.update(env)
    from regiescan.cli import main

    os._exit(main(["run"]))


@dataclass
class Walker:
    """One coordinator tapping through a scan."""

    user_id: int
    sent: dict[str, str] = field(default_factory=dict)  # statement id -> answer tapped
    waiting: int | None = None  # seq of the tap sent and not yet seen applied
    seen: dict[str, str] = field(default_factory=dict)  # answers whose next screen was shown
    finish_sent: bool = False
    taps: int = 0


@dataclass
class TelegramKillDriver:
    data_dir: Path
    errors: Path
    content: Content
    rng: random.Random
    users_at_once: int = 3
    kills: int = 0
    window_kills: dict[int, int] = field(default_factory=dict)
    walkers: list[Walker] = field(default_factory=list)
    done: list[Walker] = field(default_factory=list)  # finished, result checked
    next_user: int = 3001
    api: FakeBotAPI = field(default_factory=lambda: FakeBotAPI(max_poll_wait=0.2))

    def __post_init__(self) -> None:
        self.server = FakeBotAPIServer(self.api).start()
        self.ctx = _forkserver()
        self.proc: Any = None
        self.service = ScanService(
            TinyUserStore(self.data_dir),
            ScanEngine(self.content, MunicipalityRegistry.load_default()),
        )

    # --- the process ----------------------------------------------------------------------
    def start(self) -> None:
        env = {
            "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
            "TELEGRAM_BASE_URL": self.server.base_url,
            "TELEGRAM_BASE_FILE_URL": self.server.base_file_url,
            "REGIESCAN_DATA_DIR": str(self.data_dir),
        }
        self.proc = self.ctx.Process(target=_run_bot, args=(env, str(self.errors)))
        self.proc.start()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(WAIT)
        assert self.proc.exitcode is not None, "the killed bot did not die"
        self.kills += 1

    def stop(self) -> str:
        """SIGTERM, as an operator stops it; the process output."""
        self.proc.terminate()
        self.proc.join(WAIT)
        assert self.proc.exitcode == 0, self.errors.read_text()
        return self.errors.read_text() if self.errors.exists() else ""

    def close(self) -> None:
        if self.proc is not None and self.proc.exitcode is None:
            self.proc.kill()
            self.proc.join(WAIT)
        self.server.stop()

    # --- what the user sees ---------------------------------------------------------------
    def screen(self, user_id: int) -> tuple[StoredMessage, StepCallback, list[str]] | None:
        """The newest message with scan buttons: (message, a button, every option id)."""
        for message in reversed(self.api.messages(user_id)):
            steps = [parse(d) for _, d in message.buttons if d]
            steps_only = [s for s in steps if isinstance(s, StepCallback)]
            if steps_only:
                return message, steps_only[0], [s.option for s in steps_only]
        return None

    def diagnoses(self, user_id: int) -> int:
        return sum(
            1
            for call in self.api.calls("sendMessage", user_id)
            if call.ok and str(call.params.get("text", "")).startswith(DIAGNOSIS)
        )

    def statement_on(self, message: StoredMessage) -> str | None:
        header, statement = HEADER.search(message.text or ""), STATEMENT.search(message.text or "")
        if header is None or statement is None:
            return None
        k = self.content.knelpunten[int(header[1]) - 1]
        return k.statements[int(statement[1]) - 1].id

    # --- users ----------------------------------------------------------------------------
    def add_users(self) -> None:
        """New coordinators (only while the bot is down), most of them near the end."""
        while len(self.walkers) < self.users_at_once:
            uid = self.next_user
            self.next_user += 1
            k = self.rng.choice((8, 9, 10, 10, 10, 1))
            to_knelpunt(self.service, uid, TOWNS[uid % len(TOWNS)], k)
            self.walkers.append(Walker(uid))
            self.api.push_update(make_command_update("/scan", user_id=uid))

    def settled(self, walker: Walker) -> bool:
        """Whether the walker's last tap is applied and on screen (its result, if it finished)."""
        if walker.finish_sent:  # the diagnosis is sent, and that it was is on disk
            doc = self.service.store.load(walker.user_id)
            delivered = doc is not None and doc["finished"] and doc.get("result_pending") is None
            return bool(delivered) and self.diagnoses(walker.user_id) >= 1
        shown = self.screen(walker.user_id)
        if shown is None:
            return False
        return walker.waiting is None or shown[1].seq > walker.waiting

    def tap(self, walker: Walker) -> None:
        shown = self.screen(walker.user_id)
        assert shown is not None
        message, button, options = shown
        if "finish" in options:
            option = "finish"
            walker.finish_sent = True
        elif "skip_note" in options:
            option = "skip_note"
        else:
            option = f"a:{self.rng.choice(('1', '2', '3', '4', '5', 'dk'))}"
            sid = self.statement_on(message)
            assert sid is not None, message.text
            walker.sent[sid] = option[2:]
        walker.waiting = button.seq
        walker.taps += 1
        data = f"s|{button.seq}|{option}"
        user = make_user(walker.user_id, language_code="nl")
        self.api.push_update(_callback(user, dict(message.payload), data, None, None))

    # --- one cycle ------------------------------------------------------------------------
    def wait_settled(self, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while not all(self.settled(w) for w in self.walkers):
            if time.monotonic() > deadline:
                stuck = [(w.user_id, w.waiting, w.finish_sent) for w in self.walkers]
                alive = self.proc.exitcode is None
                raise AssertionError(
                    f"taps lost (user, seq, finishing): {stuck}, bot alive {alive}"
                )
            time.sleep(0.02)
        for walker in self.walkers:  # what is on screen now counts as acknowledged
            walker.seen = dict(walker.sent)
            walker.waiting = None

    def cycle(self) -> None:
        """Tap a few rounds, kill at a random moment, check the store, restart."""
        for _ in range(self.rng.randint(1, 4)):
            for walker in self.walkers:
                if not walker.finish_sent and self.settled(walker):
                    walker.seen = dict(walker.sent)
                    walker.waiting = None
                    self.tap(walker)
            time.sleep(self.rng.uniform(0, 0.06))
        self.kill()
        time.sleep(0.2)  # requests the bot had on the wire reach the fake (or never will)
        self.check_store()
        self.add_users()
        self.start()
        self.wait_settled()
        for walker in [w for w in self.walkers if w.finish_sent]:
            self.check_result(walker)
            self.walkers.remove(walker)
            self.done.append(walker)

    def check_store(self) -> None:
        for walker in self.walkers:
            doc = self.service.store.load(walker.user_id)
            assert doc is not None
            scan = doc["current"] or doc["finished"][-1]
            answers = {sid: str(a["value"]) for sid, a in scan["answers"].items()}
            for sid, value in walker.seen.items():
                assert answers.get(sid) == value, f"acknowledged answer lost: {sid}"
            assert scan["history"] == [], "an answer was applied twice"
            if doc.get("result_pending") is not None and self.diagnoses(walker.user_id):
                self.window_kills[walker.user_id] = self.window_kills.get(walker.user_id, 0) + 1

    def check_result(self, walker: Walker) -> None:
        doc = self.service.store.load(walker.user_id)
        assert doc is not None and doc["current"] is None and doc.get("result_pending") is None
        [scan] = doc["finished"]
        answers = {sid: str(a["value"]) for sid, a in scan["answers"].items()}
        for sid, value in walker.sent.items():
            assert answers.get(sid) == value, f"tap lost: {sid}"
        delivered = self.diagnoses(walker.user_id)
        allowed = 1 + self.window_kills.get(walker.user_id, 0)
        assert 1 <= delivered <= allowed, f"result delivered {delivered} times"
