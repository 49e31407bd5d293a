"""Scenario 3, broadcast: a staff member sends /bericht to every coordinator of a region.

Drives the product's own broadcast (issue 5: ``bot.broadcasting.tasks`` / ``bot.handlers.bericht``)
through the chat, as a person would: ``/bericht`` -> audience "all" -> the text -> "Versturen".
The store holds ``broadcast`` coordinators, all in one veiligheidsregio; a share of them has
blocked the bot (the fake answers 403). Measured from the "Versturen" tap to the last delivery
arriving at the fake; the floor is delivered / 30 s (Telegram's limit). Lost: a reachable
recipient without a message; duplicated: a recipient with more than one.
When the product has no broadcast (module missing, or the flow is not found) the scenario says
"not available" -- nothing else stands in for it.
"""

from __future__ import annotations

import importlib.util
import json
import random
import time
from collections import Counter
from typing import Any

from bench.datagen import Generator, user_id
from bench.fake_api import CallRecord
from bench.procs import BotProcess
from bench.runner import Bench, BenchError, wait_until
from bench.stats import ratio, table
from dialogs.municipalities import MunicipalityRegistry
from tests.helpers.updates import make_callback_update, make_command_update, make_message_update

STAFF = 99_000_001
TEXT = "Wilt u de Regiescan deze week afronden? Dank u wel."
MODULES = ("bot.broadcasting.tasks", "bot.handlers.bericht")


def available() -> str | None:
    """None when the product's broadcast exists; else why not."""
    missing = [m for m in MODULES if importlib.util.find_spec(m) is None]
    return f"not available (no {', '.join(missing)})" if missing else None


def _largest_region() -> tuple[str, list[str]]:
    registry = MunicipalityRegistry.load_default()
    regions = {vr: [m.code for m in registry.in_region(vr)] for vr in registry.regions()}
    vr = max(regions, key=lambda code: len(regions[code]))
    return vr, regions[vr]


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
    opts, api = bench.opts, bench.api
    vr, codes = _largest_region()
    data_dir = bench.work / "broadcast-store"
    Generator(codes=codes).fill(data_dir, 0, opts.broadcast)
    recipients = [user_id(i) for i in range(opts.broadcast)]
    blocked = set(
        random.Random(opts.broadcast).sample(recipients, int(opts.broadcast * opts.blocked))
    )
    api.reset()
    api.blocked |= blocked
    env = {"REGIESCAN_ADMINS": str(STAFF)}
    bot = BotProcess.regiescan(bench.base_url, data_dir, bench.log("broadcast"), **env)
    try:
        await bench.started(bot)
        mark = len(api.stats.calls)
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
                    and record.chat_id != STAFF
                ):
                    delivered[record.chat_id or 0] += 1
            seen = len(calls)
            return reachable <= delivered.keys() and refused >= blocked

        try:
            await wait_until(progress, timeout, "every recipient")
        except BenchError as exc:
            print(f"  broadcast: {exc}")
        written = bot.bytes_written() - written
        last = max(
            (
                c.t
                for c in api.stats.calls
                if c.method == "sendMessage" and c.status == 200 and c.chat_id in reachable
            ),
            default=t0,
        )
    finally:
        code = await bot.stop()
    sent = sum(delivered[c] > 0 for c in reachable)
    took = last - t0
    floor = sent / 30
    row = {
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
        "seconds": round(took, 1),
        "floor_s": round(floor, 1),
        "msgs_per_s": round(sent / took, 1) if took > 0 else None,
        "pct_of_limit": round(100 * floor / took, 1) if took > 0 else None,
        "bot_wrote_mb": round(written / 1e6, 1),
        "exit": code,
    }
    targets = {
        ">= 90 % of the limit": (row["pct_of_limit"] or 0) >= 90,
        "0 lost": row["lost"] == 0,
        "0 duplicated": row["duplicated"] == 0,
    }
    ratios = {"seconds_vs_floor": ratio(took, floor)}
    columns = [
        "recipients",
        "blocked",
        "delivered",
        "lost",
        "duplicated",
        "http_429",
        "seconds",
        "floor_s",
        "msgs_per_s",
        "pct_of_limit",
        "bot_wrote_mb",
    ]
    print(table(f"Broadcast: /bericht to everyone in {vr}", [row], columns))
    print("ratios:", json.dumps(ratios), "\ntargets:", json.dumps(targets))
    return {"available": True, "region": vr, "rows": [row], "ratios": ratios, "targets": targets}
