"""Drives `regiescan chat` as a process, kills it with SIGKILL at random moments, and checks
after every kill what the store holds against what the user was shown.

The walk of one scan is linear: for each knelpunt its statements, then its note step. The user
is "told" an answer was saved when the next step is on screen (the terminal shows it only after
the save). So after a kill, with ``shown`` the last position seen on screen and ``r`` where the
stored scan stands: every position before ``shown`` must be stored with the value sent,
``shown <= r``, the positions ``shown..r-1`` hold exactly the values sent for them (in-flight
lines that made it), nothing from ``r`` on is stored, and after a restart the screen shows
``r``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialogs.scan.content import Content
from storage.users import TinyUserStore

HEADER = re.compile(r"Knelpunt (\d+) van (\d+) · ")
STATEMENT = re.compile(r"^Stelling (\d+) van (\d+)$")
NOTE = "Wilt u bij dit knelpunt iets toelichten?"
OVERVIEW = "Overzicht van uw antwoorden"
LANDINGS = ("saved_unseen", "lost_in_flight", "temp_file_left")
WAIT = 60.0  # seconds for a screen to appear: generous for a loaded machine


@dataclass(frozen=True)
class Position:
    knelpunt: str
    statement: str | None  # None: the note step


def walk(content: Content) -> list[Position]:
    steps: list[Position] = []
    for k in content.knelpunten:
        steps += [Position(k.id, s.id) for s in k.statements]
        steps.append(Position(k.id, None))
    return steps


# The chat processes are forked from a server that has imported the product once, so a restart
# costs milliseconds instead of a fresh interpreter's second: many kills fit in a short test.
# Each is still its own process running `regiescan chat` (regiescan.cli.main), killed by SIGKILL.
_PRELOAD = ["regiescan.cli", "regiescan.terminal", "regiescan.wiring.services", "bot.app"]


def _forkserver() -> Any:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    return ctx


def _run_chat(data_dir: str, user: int, stdin: Any, stdout: Any, errors: str) -> None:
    """In the child: `regiescan chat --user N` on the given pipes, stderr appended to a file."""
    err = os.open(errors, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(err, 2)
    os.environ["REGIESCAN_DATA_DIR"] = data_dir
    for name in [k for k in os.environ if k.startswith("TELEGRAM_")]:
        del os.environ[name]
    sys.stdin = os.fdopen(os.dup(stdin.fileno()), "r", encoding="utf-8")
    sys.stdout = os.fdopen(os.dup(stdout.fileno()), "w", encoding="utf-8")
    sys.stderr = os.fdopen(2, "w", encoding="utf-8", closefd=False)
    stdin.close()
    stdout.close()
    from regiescan.cli import main

    code = main(["chat", "--user", str(user)])
    sys.stdout.flush()
    os._exit(code)


class ChatProcess:
    """One `regiescan chat --user N` process; its output lines arrive on a queue."""

    def __init__(self, data_dir: Path, user: int, errors: Path) -> None:
        ctx = _forkserver()
        child_in, self._in = ctx.Pipe(duplex=False)
        self._out, child_out = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(
            target=_run_chat, args=(str(data_dir), user, child_in, child_out, str(errors))
        )
        self.proc.start()
        child_in.close()
        child_out.close()
        self.stdin = os.fdopen(os.dup(self._in.fileno()), "w", encoding="utf-8")
        stdout = os.fdopen(os.dup(self._out.fileno()), "r", encoding="utf-8")
        self._in.close()
        self._out.close()
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(stdout,), daemon=True).start()

    def _read(self, stdout: Any) -> None:
        with stdout:
            for line in stdout:
                self.lines.put(line.rstrip("\n").removeprefix("> "))
        self.lines.put(None)

    def send(self, lines: list[str]) -> None:
        try:
            self.stdin.write("".join(f"{line}\n" for line in lines))
            self.stdin.flush()
        except BrokenPipeError:  # it died already: the lines are simply lost
            pass

    def kill(self) -> None:
        self.proc.kill()  # SIGKILL
        self.proc.join(WAIT)
        assert self.proc.exitcode is not None, "the killed chat did not die"
        with contextlib.suppress(BrokenPipeError):
            self.stdin.close()


@dataclass
class KillDriver:
    data_dir: Path
    errors: Path
    content: Content
    rng: random.Random
    user: int = 1
    kills: int = 0
    steps: list[Position] = field(init=False)
    sent: dict[int, str] = field(default_factory=dict)  # walk index -> line sent for it
    shown: int = 0  # the furthest position seen on screen in this scan
    users_done: int = 0
    # How the kills landed: in-flight lines saved though not yet shown, lost, temp files left.
    landed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LANDINGS, 0))

    def __post_init__(self) -> None:
        self.steps = walk(self.content)
        self._header: int | None = None

    # --- reading screens --------------------------------------------------------------------
    def _index(self, knelpunt_n: int, statement_i: int | None) -> int:
        k = self.content.knelpunten[knelpunt_n - 1]
        if statement_i is None:
            return self.steps.index(Position(k.id, None))
        return self.steps.index(Position(k.id, k.statements[statement_i - 1].id))

    def _position_of(self, line: str) -> int | None:
        """The walk index a screen line reveals (len(steps) for the overview), else None."""
        header = HEADER.search(line)
        if header:
            self._header = int(header[1])
            return None
        if line == OVERVIEW:
            return len(self.steps)
        statement = STATEMENT.match(line)
        if statement and self._header is not None:
            return self._index(self._header, int(statement[1]))
        if line.startswith(NOTE) and self._header is not None:
            return self._index(self._header, None)
        return None

    def next_screen(self, chat: ChatProcess, timeout: float = WAIT) -> int | None:
        """Read until the next step is on screen; its walk index (None: the process ended)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = chat.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError("no screen within the time limit") from None
            if line is None:
                return None
            position = self._position_of(line)
            if position is not None:
                return position

    # --- what to type -----------------------------------------------------------------------
    def line_for(self, index: int) -> str:
        if self.steps[index].statement is not None:
            return str(self.rng.randint(1, 6))  # 1-5, or 6: "weet ik niet"
        if self.rng.random() < 0.5:
            return "1"  # "Geen toelichting"
        return f"Toelichting {self.user}-{index}-{self.rng.randrange(10**6)}: één stap verder"

    # --- one user ---------------------------------------------------------------------------
    def start_user(self) -> ChatProcess:
        """A new user walks to the first statement (not killed: the walk is what is checked)."""
        self.sent, self.shown = {}, 0
        chat = ChatProcess(self.data_dir, self.user, self.errors)
        chat.send(["1", "1", "Utrecht", "1"])
        assert self.next_screen(chat) == 0
        return chat

    def cycle(self, chat: ChatProcess) -> ChatProcess | None:
        """Send a burst, kill at a random moment, check the store, restart. None: user done."""
        burst = range(self.shown, min(self.shown + self.rng.randint(1, 5), len(self.steps)))
        lines = []
        for index in burst:
            self.sent[index] = self.line_for(index)
            lines.append(self.sent[index])
        chat.send(lines)
        how = self.rng.random()
        if how < 0.4:  # wait for some of the screens to be shown first
            for _ in range(self.rng.randint(0, len(lines))):
                seen = self.next_screen(chat)
                if seen is None:
                    break
                self.shown = max(self.shown, seen)
        elif how < 0.8:
            time.sleep(self.rng.uniform(0, 0.02))
        chat.kill()
        self.kills += 1
        resumed = self.check_store()
        if resumed >= len(self.steps):
            self.users_done += 1
            self.user += 1
            return None
        chat = ChatProcess(self.data_dir, self.user, self.errors)
        first = self.next_screen(chat)
        assert first == resumed, f"restarted at {first}, the store stands at {resumed}"
        self.shown = resumed
        return chat

    def check_store(self) -> int:
        """Check the store against what was shown; return the walk index it stands at."""
        users = self.data_dir / "users"
        if any(p.name.endswith(".tmp") for p in users.rglob(".*")):
            self.landed["temp_file_left"] += 1
        doc = TinyUserStore(self.data_dir).load(self.user)  # opens (removing temps), or raises
        assert doc is not None and doc["current"] is not None
        scan = doc["current"]
        if doc["state"] == "overview":
            stands = len(self.steps)
        else:
            stands = self.steps.index(Position(scan["knelpunt"], scan["statement"]))
        assert stands >= self.shown, f"shown {self.shown} as saved, but the store is at {stands}"
        assert stands <= (max(self.sent) + 1 if self.sent else 0), "stored more than was sent"
        for index, step in enumerate(self.steps):
            self._check_position(scan, index, step, stored=index < stands)
        assert scan["history"] == [], "an answer was applied twice"
        self.landed["saved_unseen"] += stands > self.shown
        self.landed["lost_in_flight"] += stands <= max(self.sent, default=-1)
        return stands

    def _check_position(self, scan: dict, index: int, step: Position, *, stored: bool) -> None:
        if step.statement is not None:
            answer = scan["answers"].get(step.statement)
            if not stored:
                assert answer is None, f"{step.statement} stored beyond the position"
                return
            line = self.sent[index]
            expected: int | str = int(line) if line != "6" else "dk"
            assert answer is not None and answer["value"] == expected, (step, answer, line)
            return
        note = scan["notes"].get(step.knelpunt)
        if not stored or self.sent[index] == "1":
            assert note is None, f"note {step.knelpunt}: {note}"
        else:
            assert note is not None and note["text"] == self.sent[index]
