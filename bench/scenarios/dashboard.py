"""Scenario 6, the dashboard (issue 16): its API next to the /regio chat command, in one run.

``stored`` coordinators (10,000 by default) in one region of up to 40 municipalities. The real
Application runs in this process against the loopback fake Telegram, with the dashboard's
HTTP server on a free port. Timed, one after the other so they do not queue behind each
other: ``/regio`` as a staff member (until its message and heat map were sent), and the API
calls the page makes with Telegram-signed initData (``/api/me``, ``/api/regions/<VR>``,
``/api/regions/<VR>/trend``: the first trend call reads every scan of the region, later ones
come from the cache until a scan is finished). p50/p95 over ``samples`` calls each.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from typing import Any

import aiohttp

from bench.datagen import Generator
from bench.runner import Bench
from bench.scenarios.broadcast import _largest_region
from bench.stats import table
from tests.helpers.bot_harness import TEST_TOKEN
from tests.helpers.updates import make_command_update

ADMIN = 4_000_000_001
MUNICIPALITIES = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pcts(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"p50_ms": at(0.5), "p95_ms": at(0.95), "max_ms": round(ordered[-1] * 1000, 1)}


async def run(bench: Bench) -> dict[str, Any]:
    from telegram import Update

    from bot.app import build_application
    from bot.webapp.auth import sign
    from regiescan.wiring.services import build_services
    from regiescan.wiring.settings import Secret, Settings

    opts = bench.opts
    vr, codes = _largest_region()
    codes = codes[:MUNICIPALITIES]
    data_dir = bench.work / "dashboard-store"
    Generator(codes=codes).fill(data_dir, 0, opts.stored)
    port = _free_port()
    settings = Settings(
        data_dir=data_dir,
        token=Secret(TEST_TOKEN),
        base_url=bench.base_url,
        base_file_url=bench.base_url.replace("/bot", "/file/bot"),
        admins=(ADMIN,),
        webapp_url="https://dashboard.example/",
        webapp_listen=("127.0.0.1", port),
    )
    app = build_application(build_services(settings))
    samples = max(5, min(50, opts.stored // 200))
    rows = []
    await app.initialize()
    await app.post_init(app)  # type: ignore[misc]
    await app.start()  # the dashboard opens once the Application runs
    dashboard = app.bot_data.dashboard
    assert dashboard is not None
    await asyncio.wait_for(dashboard.listening.wait(), 30)
    try:
        regio = []
        for _ in range(samples):
            update = Update.de_json(make_command_update("/regio", vr, user_id=ADMIN), app.bot)
            started = time.perf_counter()
            await app.process_update(update)
            regio.append(time.perf_counter() - started)
        rows.append({"call": f"/regio {vr} (chat: text + heat map)", **_pcts(regio)})
        user = json.dumps({"id": ADMIN, "language_code": "nl"}, separators=(",", ":"))
        fields = {"auth_date": str(int(time.time())), "user": user}
        fields["hash"] = sign(fields, TEST_TOKEN)
        auth = {"Authorization": "tma " + "&".join(f"{k}={v}" for k, v in fields.items())}
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession(headers=auth) as session:
            for path in ("/api/me", f"/api/regions/{vr}", f"/api/regions/{vr}/trend"):
                took = []
                for _ in range(samples):
                    started = time.perf_counter()
                    async with session.get(base + path) as response:
                        await response.read()
                        if response.status != 200:
                            raise RuntimeError(f"{path}: HTTP {response.status}")
                    took.append(time.perf_counter() - started)
                rows.append({"call": f"GET {path}", **_pcts(took)})
                if path.endswith("trend"):
                    rows.append({"call": f"GET {path} (first, uncached)", **_pcts(took[:1])})
    finally:
        await app.stop()
        await app.post_stop(app)  # type: ignore[misc]
        await app.shutdown()
        await app.post_shutdown(app)  # type: ignore[misc]
        # Let the fake see the closed connections end (Python 3.11 logs a traceback for a
        # connection task the server has to cancel).
        await asyncio.sleep(0.2)
    regio_p95 = rows[0]["p95_ms"]
    region_p95 = rows[2]["p95_ms"]
    targets = {
        "region API p95 no slower than /regio": region_p95 <= regio_p95,
        "region API p95 under 250 ms": region_p95 < 250,
    }
    print(
        table(
            f"Dashboard: {opts.stored:,} coordinators in {vr} ({len(codes)} municipalities), "
            f"{samples} calls each",
            rows,
            ["call", "p50_ms", "p95_ms", "max_ms"],
        )
    )
    print("targets:", json.dumps(targets))
    return {"available": True, "region": vr, "rows": rows, "targets": targets}
