"""Scenario 3, broadcast: a staff member sends /bericht to every coordinator of a region, while
coordinators elsewhere keep tapping.

Drives the product's own broadcast (``bot.broadcasting.tasks`` / ``bot.handlers.bericht``)
through the chat, as a person would: ``/bericht`` -> audience "all" -> the text -> "Versturen".
The store holds ``broadcast`` coordinators in one veiligheidsregio (a share of them blocked the
bot: the fake answers 403) and tappers in another (``broadcast_taps``). Once per model of
Telegram's limit (``bench.flood_limits.MODELS``), in one bot process: the tappers tap at
``tap_rate``/s with no broadcast, then "Versturen" and they go on tapping until the last
delivery, then as many taps without a broadcast again. Throughput: from the "Versturen" tap to
the last delivery arriving at the fake, against the floor delivered / 30 s. Tap p99 during the
broadcast against tap p99 without, same process. Lost: a reachable recipient without a
message; duplicated: a recipient with more than one. When the product has no broadcast (module
missing, or the flow is not found) the scenario says "not available" -- nothing else stands in
for it.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import random
import time
from collections import Counter
from typing import Any

from bench.datagen import Generator, user_id
from bench.fake_api import CallRecord
from bench.flood_limits import MODELS
from bench.procs import BotProcess
from bench.runner import Bench, BenchError, wait_until
from bench.scenarios.broadcast_taps import Tappers
from bench.stats import percentile, ratio, table
from dialogs.municipalities import MunicipalityRegistry
from storage.staff import StaffStore
from tests.helpers.updates import make_callback_update, make_command_update, make_message_update

STAFF = 99_000_001
TEXT = "Wilt u de Regiescan deze week afronden? Dank u wel."
MODULES = ("bot.broadcasting.tasks", "bot.handlers.bericht")


def available() -> str | None:
    """None when the product's broadcast exists; else why not."""
    missing = [m for m in MODULES if importlib.util.find_spec(m) is None]
    return f"not available (no {', '.join(missing)})" if missing else None


def _largest_region() -> tuple[str, list[str]]:
    vr, codes, _ = _regions()
    return vr, codes


def _regions() -> tuple[str, list[str], list[str]]:
    """The largest veiligheidsregio (the broadcast's) and the municipalities of another."""
    registry = MunicipalityRegistry.load_default()
    regions = {vr: [m.code for m in registry.in_region(vr)] for vr in registry.regions()}
    vr = max(regions, key=lambda code: len(regions[code]))
    other = next(code for code in regions if code != vr)
    return vr, regions[vr], regions[other]


def _button(record: CallRecord | None, prefix: str) -> str | None:
    rows = (record.markup or {}).get("inline_keyboard", []) if record else []
    for row in rows:
        for button in row:
            if str(button.get("callback_data", "")).startswith(prefix):
                return str(button["callback_data"])
    return None


async def _bot_message(bench: Bench, after: int, prefix: str, what: str) -> CallRecord:
    """The first message to the staff chat, from call ``after`` on, with a button ``prefix``."""

    def found() -> CallRecord | None:
        for record in bench.api.stats.calls[after:]:
            if record.chat_id == STAFF and record.status == 200 and _button(record, prefix):
                return record
        return None

    try:
        await wait_until(lambda: found() is not None, 30, what)
    except BenchError as exc:
        raise BenchError(f"{exc}: the /bericht flow did not offer it") from None
    record = found()
    assert record is not None
    return record


async def _tap(bench: Bench, record: CallRecord, prefix: str) -> int:
    data = _button(record, prefix)
    assert data is not None and record.message_id is not None
    mark = len(bench.api.stats.calls)
    bench.api.push(
        [
            make_callback_update(
                data,
                record.message_id,
                user_id=STAFF,
                message_text=record.text or "x",
                reply_markup=record.markup,
            )
        ]
    )
    return mark


async def run(bench: Bench) -> dict[str, Any]:
    why = available()
    if why:
        print(f"  broadcast: {why}")
        return {"available": False, "note": why}
    unknown = set(bench.opts.flood_models) - set(MODELS)
    if unknown:
        raise BenchError(f"unknown flood model(s) {sorted(unknown)}; known: {MODELS}")
    rows = [await _one_model(bench, model) for model in bench.opts.flood_models]
    targets: dict[str, bool] = {}
    ratios: dict[str, float | None] = {}
    for row in rows:
        m = row["model"]
        ratios[f"tap_p99_during_vs_without_{m}"] = row["tap_p99_ratio"]
        targets[f"{m}: >= 90 % of the limit"] = (row["pct_of_limit"] or 0) >= 90
        targets[f"{m}: tap p99 during <= 1.25 x without"] = (row["tap_p99_ratio"] or 99) <= 1.25
        targets[f"{m}: 0 lost, 0 duplicated"] = row["lost"] == 0 and row["duplicated"] == 0
    columns = [
        "model", "recipients", "blocked", "delivered", "lost", "duplicated", "http_429",
        "seconds", "floor_s", "msgs_per_s", "pct_of_limit", "taps_without", "tap_p99_without_ms",
        "taps_during", "tap_p99_during_ms", "tap_p99_ratio", "bot_wrote_mb", "outbox_kb",
    ]  # fmt: skip
    vr = rows[0]["region"]
    print(table(f"Broadcast: /bericht to everyone in {vr}, taps elsewhere", rows, columns))
    print("ratios:", json.dumps(ratios), "\ntargets:", json.dumps(targets))
    return {"available": True, "region": vr, "rows": rows, "ratios": ratios, "targets": targets}


def _store(bench: Bench, model: str) -> tuple[Any, str, Tappers, int]:
    opts = bench.opts
    vr, codes, elsewhere = _regions()
    data_dir = bench.work / f"broadcast-{model}"
    Generator(codes=codes).fill(data_dir, 0, opts.broadcast)
    gen = Generator(codes=elsewhere)
    start = opts.broadcast
    # about half the generated coordinators are mid-scan; during the broadcast more taps
    pool = 3 * (opts.warmup + 2 * opts.broadcast_taps + int(opts.tap_rate * opts.broadcast / 25))
    gen.fill(data_dir, start, start + pool)
    return data_dir, vr, Tappers(data_dir, gen, start, pool), start


async def _one_model(bench: Bench, model: str) -> dict[str, Any]:
    opts, api = bench.opts, bench.api
    data_dir, vr, tappers, _ = _store(bench, model)
    recipients = [user_id(i) for i in range(opts.broadcast)]
    recipients_set = set(recipients)
    blocked = set(
        random.Random(opts.broadcast).sample(recipients, int(opts.broadcast * opts.blocked))
    )
    api.reset()
    api.limits.model = model
    api.blocked |= blocked
    # Regional staff of the broadcast's region only: "everyone" is then its 1,000 coordinators,
    # not the tappers' region as well (as an administrator's "everyone" would be).
    StaffStore(data_dir).put(STAFF, "regio", [vr], by=None, now="2026-11-01T09:00:00+00:00")
    bot = BotProcess.regiescan(bench.base_url, data_dir, bench.log(f"broadcast-{model}"))
    try:
        await bench.started(bot)
        await tappers.tap(bench, opts.tap_rate, count=opts.warmup)  # first-call costs
        without = await tappers.tap(bench, opts.tap_rate, count=opts.broadcast_taps)
        mark = bericht = len(api.stats.calls)
        api.push([make_command_update("/bericht", user_id=STAFF)])
        menu = await _bot_message(bench, mark, "m|b|aud|all", "the audience buttons")
        mark = await _tap(bench, menu, "m|b|aud|all")
        await wait_until(lambda: any(c.chat_id == STAFF for c in api.stats.calls[mark:]), 30, "ack")
        mark = len(api.stats.calls)
        api.push([make_message_update(TEXT, user_id=STAFF)])
        preview = await _bot_message(bench, mark, "m|b|send|", "the preview with Versturen")
        written = bot.bytes_written()
        await _tap(bench, preview, "m|b|send|")
        t0 = time.perf_counter()
        reachable = set(recipients) - blocked
        delivered: Counter[int] = Counter()
        refused: set[int] = set()
        seen = 0
        timeout = 120 + opts.broadcast / 30 * 3

        def progress() -> bool:
            nonlocal seen
            calls = api.stats.calls
            for record in calls[seen:]:
                if record.method == "sendMessage" and record.chat_id in blocked:
                    refused.add(record.chat_id)
                elif (
                    record.method == "sendMessage"
                    and record.status == 200
                    and record.chat_id in reachable
                ):
                    delivered[record.chat_id or 0] += 1
            seen = len(calls)
            return reachable <= delivered.keys() and refused >= blocked

        taps = asyncio.create_task(tappers.tap(bench, opts.tap_rate, until=progress))
        try:
            await wait_until(progress, timeout, "every recipient")
        except BenchError as exc:
            print(f"  broadcast: {exc}")
        during = await taps
        written = bot.bytes_written() - written
        # half the taps without a broadcast come after it: load on the machine that drifts
        # during the run then weighs on both sides alike
        without += await tappers.tap(bench, opts.tap_rate, count=opts.broadcast_taps)
        last = max(
            (
                c.t
                for c in api.stats.calls
                if c.method == "sendMessage" and c.status == 200 and c.chat_id in reachable
            ),
            default=t0,
        )

        def reported() -> bool:
            return any(
                c.chat_id == STAFF and c.status == 200 and (c.text or "").startswith("Verzend")
                for c in api.stats.calls[mark:]
            )

        try:  # the report comes after the compaction: then measure the outbox
            await wait_until(reported, 60, "the delivery report")
        except BenchError as exc:
            print(f"  broadcast: {exc}")
        outbox = sum(p.stat().st_size for p in (data_dir / "outbox").iterdir())
    finally:
        code = await bot.stop()
    sent = sum(delivered[c] > 0 for c in reachable)
    # Requests to recipients at the fake at once (arrived, answer not yet sent: it answers one
    # round trip after arrival): what a crash could leave uncertain at that instant.
    arrivals = sorted(
        c.t for c in api.stats.calls if c.method == "sendMessage" and c.chat_id in recipients_set
    )
    at_once = [sum(1 for y in arrivals if x - opts.rtt < y <= x) for x in arrivals]
    first = min(
        (c.t for c in api.stats.calls if c.method == "sendMessage" and c.chat_id in reachable),
        default=t0,
    )
    took = last - t0
    floor = sent / 30
    p99_without, p99_during = percentile(without, 99), percentile(during, 99)
    return {
        "model": model,
        "region": vr,
        "recipients": len(recipients),
        "blocked": len(blocked),
        "delivered": sent,
        "lost": len(reachable - delivered.keys()),
        "duplicated": sum(n - 1 for n in delivered.values() if n > 1),
        "refused_403_seen": len(refused),
        "http_429": api.stats.count(status=429),
        "http_429_staff_chat": sum(
            1 for c in api.stats.calls if c.status == 429 and c.chat_id == STAFF
        ),
        "staff_chat_calls": [  # from /bericht on: where a 429 in that chat came from
            [c.method, round(c.t - t0, 2), c.status]
            for c in api.stats.calls[bericht:]
            if c.chat_id == STAFF and c.method != "answerCallbackQuery"
        ],
        "seconds": round(took, 1),
        "floor_s": round(floor, 1),
        "first_delivery_s": round(first - t0, 2),  # start-up: "Versturen" to the first send
        "on_wire_max": max(at_once, default=0),
        "on_wire_mean": round(sum(at_once) / max(1, len(at_once)), 1),
        "msgs_per_s": round(sent / took, 1) if took > 0 else None,
        "pct_of_limit": round(100 * floor / took, 1) if took > 0 else None,
        "taps_without": len(without),
        "tap_p99_without_ms": round(p99_without * 1000, 1),
        "taps_during": len(during),
        "tap_p99_during_ms": round(p99_during * 1000, 1),
        "tap_p99_ratio": ratio(p99_during, p99_without),
        "bot_wrote_mb": round(written / 1e6, 2),
        "bot_wrote_per_recipient_kb": round(written / 1e3 / max(1, len(recipients)), 2),
        "outbox_kb": round(outbox / 1e3, 1),
        "report_sent": reported(),
        "exit": code,
    }
