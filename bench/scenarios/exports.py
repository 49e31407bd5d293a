"""Scenario 5, exports (issue 6): one scan as PDF, a region's scans as XLSX.

On a store of ``xlsx_scans`` coordinators in one veiligheidsregio, each with a finished scan
(some with a second one under way). Measured two ways: in this process through the product's
own functions (``regiescan.renderers.scan_documents.export_scan``,
``regiescan.renderers.region_documents.export_region``;
the first call builds what the product builds lazily, the second is warm), and as the CLI a
person runs (``regiescan export`` / ``regiescan export-region``: interpreter start and imports
included). When the product has no exports, the scenario says "not available".
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.datagen import Generator, user_id
from bench.procs import CODE, bot_env
from bench.runner import Bench
from bench.scenarios.broadcast import _largest_region
from bench.stats import table

MODULES = (
    "regiescan.renderers.scan_documents",
    "regiescan.renderers.region_documents",
    "regiescan.commands.export",
)


def available() -> str | None:
    missing = [m for m in MODULES if importlib.util.find_spec(m) is None]
    return f"not available (no {', '.join(missing)})" if missing else None


def _in_process(data_dir: Path, uid: int, vr: str) -> list[dict[str, Any]]:
    from regiescan.renderers.region_documents import export_region
    from regiescan.renderers.scan_documents import export_scan, pick_scan
    from regiescan.wiring.services import build_services
    from regiescan.wiring.settings import Settings

    services = build_services(Settings(data_dir=data_dir))
    t = services.translators.get("nl")
    now = services.scans.now()
    rows = []
    for attempt in ("first", "warm"):
        user = services.scans.user(uid)
        assert user is not None
        started = time.perf_counter()
        made = export_scan(services, user, pick_scan(user, None), "pdf", t, now, who="bench")
        rows.append(_row("PDF, one scan", f"in process ({attempt})", started, made.data))
    for attempt in ("first", "warm"):
        started = time.perf_counter()
        made = export_region(services, [vr], "xlsx", t, now, named=False, who="bench")
        rows.append(_row("XLSX, region", f"in process ({attempt})", started, made.data))
    services.close()
    return rows


def _row(what: str, how: str, started: float, data: bytes) -> dict[str, Any]:
    return {
        "export": what,
        "how": how,
        "seconds": round(time.perf_counter() - started, 3),
        "bytes": len(data),
    }


def _cli(bench: Bench, data_dir: Path, what: str, args: list[str], out: Path) -> dict[str, Any]:
    env = bot_env(bench.base_url, REGIESCAN_DATA_DIR=str(data_dir))
    argv = [sys.executable, "-m", "regiescan.cli", *args, "-o", str(out)]
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=CODE, capture_output=True, timeout=300)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return {
        "export": what,
        "how": "CLI (whole process)",
        "seconds": round(took, 3),
        "bytes": out.stat().st_size,
    }


async def run(bench: Bench) -> dict[str, Any]:
    why = available()
    if why:
        print(f"  exports: {why}")
        return {"available": False, "note": why}
    opts = bench.opts
    vr, codes = _largest_region()
    data_dir = bench.work / "export-store"
    gen = Generator(codes=codes, finished_only=True)
    gen.fill(data_dir, 0, opts.xlsx_scans)
    uid = user_id(0)
    rows = _in_process(data_dir, uid, vr)
    rows.append(
        _cli(
            bench,
            data_dir,
            "PDF, one scan",
            ["export", "--user", str(uid), "--format", "pdf"],
            bench.work / "one.pdf",
        )
    )
    rows.append(
        _cli(
            bench,
            data_dir,
            "XLSX, region",
            ["export-region", "--regio", vr, "--format", "xlsx"],
            bench.work / "r.xlsx",
        )
    )
    pdf = next(r["seconds"] for r in rows if r["how"] == "in process (warm)")
    xlsx = [r["seconds"] for r in rows if r["export"].startswith("XLSX") and "warm" in r["how"]]
    targets = {
        "PDF well under a second": pdf < 0.5,
        "XLSX of the region in a few seconds": bool(xlsx) and xlsx[0] <= 5,
    }
    print(
        table(
            f"Exports: {opts.xlsx_scans:,} coordinators in {vr}, each with a finished scan",
            rows,
            ["export", "how", "seconds", "bytes"],
        )
    )
    print("targets:", json.dumps(targets))
    return {"available": True, "region": vr, "rows": rows, "targets": targets}
