"""Scenario 4, memory and start-up of ``regiescan run`` with many coordinators stored.

Per store size: a press is queued in getUpdates, then the process is started; the figure is
the time from starting the process to the fake receiving the reply to that press. Run twice:
the first start on the store (anything built from the user files at first start -- e.g. the
region index -- is built then), and a restart. Then a small burst (``burst / 10`` presses) and
the resident set size (VmRSS; VmHWM is the peak) of the process.
"""

from __future__ import annotations

import json
import random
from typing import Any

from bench.presses import regiescan_presses
from bench.procs import BotProcess
from bench.runner import Bench, wait_until
from bench.stats import table


async def _start_once(bench: Bench, count: int, label: str, after: int) -> dict[str, Any]:
    api = bench.api
    api.reset()
    data_dir = bench.stores.get(count)
    if label == "first":  # as after an upgrade: what the product derives is not there yet
        bench.stores.forget_derived(data_dir)
    pressable = list(bench.gen.mid_scan(0, count))
    rng = random.Random(count + after)
    activity = max(5, bench.opts.burst // 10)
    picks = rng.sample(pressable, min(len(pressable), activity + 1))
    presses = regiescan_presses(data_dir, picks, seed=count + after)
    first_chat, first_update, _ = presses[0]
    api.push([first_update])
    bot = BotProcess.regiescan(bench.base_url, data_dir, bench.log(f"memory-{count}-{label}"))
    try:
        visible = api.stats.visible_at
        at = await wait_until(lambda: first_chat in visible or not bot.alive(), 120, "first reply")
        if first_chat not in visible:
            raise RuntimeError(f"bot exited:\n{bot.tail()}")
        first_answer = at - bot.started
        idle = bot.memory_mb()
        await bench.idle_poll(30)
        chats = [chat for chat, _, _ in presses[1:]]
        api.push([update for _, update, _ in presses[1:]])
        await wait_until(lambda: all(c in visible for c in chats), 120, "replies")
        busy = bot.memory_mb()
    finally:
        code = await bot.stop()
    return {
        "stored": count,
        "start": label,
        "first_answer_s": round(first_answer, 2),
        "rss_idle_mb": round(idle.get("VmRSS", 0.0), 1),
        "rss_after_presses_mb": round(busy.get("VmRSS", 0.0), 1),
        "peak_mb": round(busy.get("VmHWM", 0.0), 1),
        "presses": len(chats),
        "exit": code,
    }


async def run(bench: Bench) -> dict[str, Any]:
    rows = []
    for count in bench.opts.memory_sizes:
        for n, label in enumerate(("first", "restart")):
            print(f"  memory: {count:,} stored, {label} start ...", flush=True)
            rows.append(await _start_once(bench, count, label, n))
    by = {(r["stored"], r["start"]): r for r in rows}
    smallest = min(bench.opts.memory_sizes)
    ref = by.get((10_000, "restart")) or by[(smallest, "restart")]
    targets = {
        f"<= 100 MB RSS with {ref['stored']:,} stored": ref["peak_mb"] <= 100,
        "first answered update within 2 s (restart)": all(
            r["first_answer_s"] <= 2 for r in rows if r["start"] == "restart"
        ),
        "first answered update within 2 s (first start)": all(
            r["first_answer_s"] <= 2 for r in rows if r["start"] == "first"
        ),
    }
    columns = [
        "stored",
        "start",
        "first_answer_s",
        "rss_idle_mb",
        "rss_after_presses_mb",
        "peak_mb",
        "presses",
    ]
    print(table("Memory and start-up of `regiescan run`", rows, columns))
    print("targets:", json.dumps(targets))
    return {"rows": rows, "targets": targets}
