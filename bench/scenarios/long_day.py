"""Scenario 6, a long day (issue 17): a day of traffic compressed, sampling the bot's memory.

``regiescan run`` on a store of ``--stored`` coordinators (10,000), against the strict fake Bot
API of the tests (it refuses what the Bot API spec does, and an edit that changes nothing), is
sent ``--long-day`` updates by the hostile soak driver (``tests/helpers/soak_driver.py``):
noise from 200 users (unicode up to 10,000 characters, junk and real commands, forged and
copied buttons, edits, media, groups, channels), while workers walk whole scans, get the
diagnosis with its radar chart and export a PDF, one after the other. Five stored coordinators
sit mid-scan and send nothing. Broadcasts are not part of this day (scenario 3 measures them).

RSS (VmRSS) of the bot process is sampled twice a second, and of its render process apart.
Targets: after the warm-up (the first fifth of the day: the first charts and PDFs are drawn),
growth <= 10 % to the end, and the peak (VmHWM) <= 100 MB.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import threading
import time
from typing import Any

from bench.datagen import user_id
from bench.procs import BotProcess
from bench.runner import Bench
from bench.stats import table
from storage.screen_marks import FILE as SCREEN_MARKS
from tests.helpers.fake_bot_api import FakeBotAPI, FakeBotAPIServer
from tests.helpers.soak_driver import WORKER_BASE, SoakDriver, Worker, children, rss_mb, wait_quiet
from tests.helpers.updates import make_command_update

WARMUP = 0.2  # of the day


def _drive(
    driver: SoakDriver, total: int, bot: BotProcess, samples: list[dict[str, float]]
) -> None:
    api = driver.api
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            kids = children(bot.pid)
            samples.append(
                {
                    "t": time.perf_counter(),
                    "pushed": driver.pushed,
                    "bot": rss_mb(bot.pid).get("VmRSS", 0.0),
                    "render": sum(rss_mb(k).get("VmRSS", 0.0) for k in kids),
                }
            )
            stop.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        while driver.pushed < total and bot.alive():
            driver.pace(bot.alive)
            for _ in range(10):
                driver.noise()
            driver.step_workers()
            for worker in driver.workers:  # a finished worker starts a new scan the next day
                if worker.phase == "done":
                    worker.phase, worker.calls_seen = "scan", -1
                    worker.user_id += 1000
        wait_quiet(api, bot.alive)
    finally:
        stop.set()
        sampler.join(timeout=5)


async def run(bench: Bench) -> dict[str, Any]:
    count = bench.opts.stored
    data_dir = bench.stores.get(count)
    # A new fake is a new Telegram: the screen messages that earlier scenarios' bots marked in
    # this shared store do not exist in it (removing their keyboards would be refused).
    (data_dir / SCREEN_MARKS).unlink(missing_ok=True)
    victims = [user_id(i) for i in list(bench.gen.mid_scan(0, count))[:5]]
    api = FakeBotAPI(max_poll_wait=0.5)
    samples: list[dict[str, float]] = []
    with FakeBotAPIServer(api) as server:
        bot = BotProcess.regiescan(server.base_url, data_dir, bench.log("long-day"))
        try:
            while not api.calls("getUpdates"):
                if not bot.alive():
                    raise RuntimeError(f"bot exited:\n{bot.tail()}")
                await asyncio.sleep(0.1)
            started = bot.memory_mb().get("VmRSS", 0.0)
            for victim in victims:
                api.push_update(make_command_update("/scan", user_id=victim))
            driver = SoakDriver(api, random.Random(6), users=200, victims=victims)
            driver.workers = [Worker(WORKER_BASE + n) for n in range(4)]
            began = time.perf_counter()
            await asyncio.to_thread(_drive, driver, bench.opts.long_day, bot, samples)
            seconds = time.perf_counter() - began
            peak = bot.memory_mb().get("VmHWM", 0.0)
            alive = bot.alive()
        finally:
            code = await bot.stop()
    calls = api.calls()
    refused = [(c.method, c.description) for c in calls if not c.ok]
    if refused:  # which ones, so a failure on a loaded machine can be told apart
        print("refused calls:", refused[:5], file=sys.stderr)
    answered = {c.params["callback_query_id"] for c in calls if c.method == "answerCallbackQuery"}
    bots = [s["bot"] for s in samples if s["bot"]]
    warm = next((s["bot"] for s in samples if s["pushed"] >= WARMUP * driver.pushed), bots[0])
    end = bots[-1] if bots else 0.0
    renders = sum(1 for c in calls if c.method in ("sendPhoto", "sendDocument") and c.ok)
    row = {
        "stored": count,
        "updates": driver.pushed,
        "seconds": round(seconds, 1),
        "charts_and_files": renders,
        "rss_start_mb": round(started, 1),
        "rss_after_warmup_mb": round(warm, 1),
        "rss_end_mb": round(end, 1),
        "growth_pct": round((end / warm - 1) * 100, 1) if warm else None,
        "peak_mb": round(peak, 1),
        "render_process_max_mb": round(max((s["render"] for s in samples), default=0.0), 1),
        "refused_calls": sum(1 for c in calls if not c.ok),
        "unanswered_taps": len(driver.queries - answered),
        "alive": alive,
        "exit": code,
    }
    targets = {
        "growth after warm-up <= 10 %": row["growth_pct"] is not None and row["growth_pct"] <= 10,
        f"peak <= 100 MB with {count:,} stored": peak <= 100,
    }
    print(table("A long day of `regiescan run`", [row], list(row)))
    print("targets:", json.dumps(targets))
    curve = [
        {
            "pushed": int(s["pushed"]),
            "bot_mb": round(s["bot"], 1),
            "render_mb": round(s["render"], 1),
        }
        for s in samples[:: max(1, len(samples) // 40)]
    ]
    return {"rows": [row], "targets": targets, "curve": curve}
