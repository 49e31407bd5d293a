"""What every scenario shares: options, the fake server, generated stores, bot start-up."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.datagen import Generator
from bench.fake_api import BenchBotAPI
from bench.procs import BotProcess
from storage.users import USERS_DIR

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Options:
    rtt: float = 0.08
    burst: int = 500
    warmup: int = 5
    repeat: int = 3  # rounds of the quick burst bots (the sequential baseline runs once)
    burst_bots: tuple[str, ...] = ("regiescan", "floor", "floor-tuned", "sequential")
    stored: int = 10_000
    save_sizes: tuple[int, ...] = (1_000, 10_000, 100_000)
    save_samples: int = 200
    naive_max: int = 100_000
    naive_budget: float = 20.0  # seconds of naive saves per size before it is capped
    broadcast: int = 1_000
    broadcast_taps: int = 100  # taps before and again after the broadcast; during: as it lasts
    flood_models: tuple[str, ...] = ("token_bucket", "sliding_window")
    tap_rate: float = 5.0  # taps per second, with and without a broadcast
    blocked: float = 0.05
    memory_sizes: tuple[int, ...] = (10_000, 100_000)
    xlsx_scans: int = 1_000
    limit_edits: bool = False
    profile: str | None = None  # "py-spy": record the regiescan bot during the burst
    long_day: int = 5_000  # updates in the long-day scenario
    scenarios: tuple[str, ...] = (
        "burst",
        "save",
        "broadcast",
        "memory",
        "exports",
        "dashboard",
        "long_day",
    )
    out: Path = RESULTS / "latest.json"
    workdir: Path | None = None
    keep: bool = False


class BenchError(RuntimeError):
    """A scenario could not run (a bot died, a wait timed out)."""


async def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Poll ``condition`` every 5 ms; the instant it held. BenchError after ``timeout`` s."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise BenchError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.005)
    return time.perf_counter()


@dataclass
class Stores:
    """Generated data dirs: one that grows (never shrinks), others made for a smaller size."""

    root: Path
    gen: Generator
    sizes: dict[Path, int] = field(default_factory=dict)

    @staticmethod
    def forget_derived(data_dir: Path) -> None:
        """Remove what the product derives from the user files (indexes): generated users
        bypass the product, so it must rebuild them -- at its next start, as after an upgrade."""
        for entry in data_dir.iterdir():
            if entry.name != USERS_DIR:
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()

    def get(self, count: int) -> Path:
        """A data dir holding exactly ``count`` generated coordinators."""
        growing = self.root / "store"
        have = self.sizes.get(growing, 0)
        if have > count:
            other = self.root / f"store-{count}"
            if other not in self.sizes:
                self.gen.fill(other, 0, count)
                self.forget_derived(other)
                os.sync()
                self.sizes[other] = count
            return other
        if have < count:
            started = time.perf_counter()
            self.gen.fill(growing, have, count)
            self.forget_derived(growing)
            os.sync()  # write the generated files back now, not during a measurement
            took = time.perf_counter() - started
            print(f"  (generated coordinators {have:,}..{count:,} in {took:.1f} s)", flush=True)
            self.sizes[growing] = count
        return growing


class Bench:
    """The run's shared state: options, the fake (``api``, served at ``base_url``), stores."""

    def __init__(self, opts: Options, api: BenchBotAPI, base_url: str, work: Path) -> None:
        self.opts = opts
        self.api = api
        self.base_url = base_url
        self.work = work
        self.gen = Generator()
        self.stores = Stores(work, self.gen)
        self.logs = work / "logs"

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    async def started(self, bot: BotProcess, timeout: float = 60.0) -> float:
        """Wait until ``bot`` long-polls the fake; seconds since it was started."""

        def polling() -> bool:
            if not bot.alive():
                raise BenchError(f"bot exited with {bot.proc.returncode}:\n{bot.tail()}")
            return self.api.polls_waiting > 0

        at = await wait_until(polling, timeout, "the bot to poll")
        return at - bot.started

    async def press_and_wait(self, update: dict[str, Any], chat: int, timeout: float = 20) -> float:
        """Push one update and wait for the chat's visible reply; the latency in seconds."""
        pushed = self.api.push([update])
        visible = self.api.stats.visible_at
        at = await wait_until(lambda: chat in visible, timeout, f"a reply in chat {chat}")
        return at - pushed

    async def idle_poll(self, timeout: float = 10.0) -> None:
        """Wait until the bot is parked in a long poll again (nothing queued)."""

        def parked() -> bool:
            return self.api.polls_waiting > 0 and self.api.pending() == 0

        await wait_until(parked, timeout, "the bot to wait for updates")

    def cleanup(self) -> None:
        if not self.opts.keep:
            shutil.rmtree(self.work, ignore_errors=True)
