"""Scenario 7, a long day (issue 17): a day of traffic compressed, sampling the bot's memory.

``regiescan run`` on a store of ``--stored`` coordinators (10,000), against the strict fake Bot
API of the tests (it refuses what the Bot API spec does, and an edit that changes nothing), is
sent ``--long-day`` updates by the hostile soak driver (``tests/helpers/soak_driver.py``):
noise from 200 users (unicode up to 10,000 characters, junk and real commands, forged and
copied buttons, edits, media, groups, channels), while seven workers at a time finish scans,
get the diagnosis with its radar chart and export a PDF: six stored coordinators a few answers
from the end (when one is done the next takes over, so charts and PDFs are drawn all day
long), and one new coordinator who walks a whole scan. Half-way through the day a regional
staff member sends a broadcast to their region (``/bericht``, through the chat). Five stored
coordinators sit mid-scan and send nothing.

The day begins when the bot's start is done: it polls, and its region index is ready (a first
start rebuilds it from the user files in the background; scenario 4 measures that). RSS
(VmRSS) of the bot process is sampled twice a second, and of its render process apart (with
multiprocessing's resource tracker). Targets: after the warm-up (the first fifth of the day),
growth <= 10 % to the end, and the peak (VmHWM) <= 100 MB; the day must have had charts and
PDFs (>= 10 each at 3,000 updates) and the broadcast must have reached every recipient.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

from bench.datagen import user_id
from bench.procs import BotProcess
from bench.runner import Bench, BenchError
from bench.scenarios.long_day_staff import TEXT, StaffBroadcast, middle_region, recipients
from bench.stats import table
from storage.screen_marks import FILE as SCREEN_MARKS
from tests.helpers.fake_bot_api import FakeBotAPI, FakeBotAPIServer
from tests.helpers.soak_driver import WORKER_BASE, SoakDriver, Worker, children, rss_mb, wait_quiet
from tests.helpers.updates import make_command_update

WARMUP = 0.2  # of the day
BROADCAST_AT = 0.5  # of the day
FINISHING = 6  # stored coordinators finishing their scans at a time
OUTSTANDING = 15  # noise updates unanswered at most (the workers queue behind them)
INDEX_READY = "region index ready after"  # bot.lifecycle's log line (INFO)


def _drive(
    driver: SoakDriver,
    total: int,
    bot: BotProcess,
    samples: list[dict[str, float]],
    staff: StaffBroadcast,
    finishing: Iterator[int],
) -> None:
    api = driver.api
    stop = threading.Event()
    newcomers = itertools.count(WORKER_BASE + 1000, 1000)  # one after the other, a whole scan

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
            driver.pace(bot.alive, limit=OUTSTANDING)
            for _ in range(10):
                driver.noise()
            driver.step_workers()
            staff.step()
            for n, worker in enumerate(driver.workers):
                if worker.phase == "done":  # the next stored one finishes theirs, or a new one
                    stored = next(finishing, None) if n else None
                    driver.workers[n] = Worker(stored or next(newcomers))
        deadline = time.monotonic() + 60
        while staff.phase != "sent" and bot.alive() and time.monotonic() < deadline:
            staff.step()  # a short day (the smoke run) ends before the broadcast went
            time.sleep(0.05)
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
    finishing = (u for u in map(user_id, bench.gen.near_end(0, count)) if u not in victims)
    region, codes = middle_region()
    audience = recipients(bench.gen, count, codes)
    StaffBroadcast.appoint(data_dir, region)
    api = FakeBotAPI(max_poll_wait=0.5)
    samples: list[dict[str, float]] = []
    with FakeBotAPIServer(api) as server:
        bot = BotProcess.regiescan(
            server.base_url, data_dir, bench.log("long-day"), REGIESCAN_LOG_LEVEL="INFO"
        )
        try:
            # The day begins once the start is done. Before this wait, a first start's index
            # rebuild (24 s here) ran into the day and looked like growth (finding 14).
            deadline = time.monotonic() + 120
            while not (api.calls("getUpdates") and INDEX_READY in bot.tail(200)):
                if not bot.alive() or time.monotonic() > deadline:
                    raise BenchError(f"the bot did not start:\n{bot.tail()}")
                await asyncio.sleep(0.1)
            started = bot.memory_mb().get("VmRSS", 0.0)
            for victim in victims:
                api.push_update(make_command_update("/scan", user_id=victim))
            driver = SoakDriver(api, random.Random(6), users=200, victims=victims)
            first = itertools.islice(finishing, FINISHING)  # fewer in a small store
            driver.workers = [Worker(WORKER_BASE), *map(Worker, first)]
            staff = StaffBroadcast(driver, at=int(BROADCAST_AT * bench.opts.long_day))
            began = time.perf_counter()
            total = bench.opts.long_day
            await asyncio.to_thread(_drive, driver, total, bot, samples, staff, finishing)
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
    charts = sum(1 for c in calls if c.method == "sendPhoto" and c.ok)
    pdfs = sum(
        1
        for c in calls
        if c.method == "sendDocument" and c.ok
        for f in c.files.values()
        if f.mime_type == "application/pdf"
    )
    sent = [
        c for c in calls if c.method == "sendMessage" and c.ok and TEXT in str(c.params["text"])
    ]
    delivered = {c.chat_id for c in sent if c.chat_id in audience}
    row = {
        "stored": count,
        "updates": driver.pushed,
        "seconds": round(seconds, 1),
        "charts": charts,
        "pdfs": pdfs,
        "broadcast_to": len(audience),
        "broadcast_delivered": len(delivered),
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
        ">= 10 charts and PDFs, the broadcast delivered to all": (
            charts >= 10 and pdfs >= 10 and delivered == audience and staff.phase == "sent"
        ),
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
