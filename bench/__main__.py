"""``python -m bench``: run the benchmark scenarios, print tables, write JSON (see README.md)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.fake_api import BenchBotAPI, BenchServer
from bench.flood_limits import FloodLimits
from bench.runner import RESULTS, Bench, Options

SMOKE = dict(
    rtt=0.02,
    repeat=1,
    burst=20,
    warmup=2,
    stored=300,
    save_sizes=(100, 1_000),
    save_samples=20,
    naive_max=1_000,
    naive_budget=2.0,
    broadcast=40,
    broadcast_taps=5,
    tap_rate=20.0,
    flood_models=("sliding_window",),  # the bucket is unit-tested and the burst's model
    memory_sizes=(300,),
    xlsx_scans=20,
    long_day=200,
)


def _sizes(raw: str) -> tuple[int, ...]:
    return tuple(int(part.replace("_", "")) for part in raw.split(",") if part.strip())


def parse(argv: list[str] | None) -> Options:
    d = Options()
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--smoke", action="store_true", help="tiny sizes, seconds (CI)")
    p.add_argument("--only", help="comma-separated scenarios: " + ",".join(d.scenarios))
    p.add_argument("--rtt", type=float, help=f"seconds per Bot API call (default {d.rtt})")
    p.add_argument("--burst", type=int, help=f"presses at once (default {d.burst})")
    p.add_argument("--repeat", type=int, help="burst rounds of the quick bots (default 3)")
    p.add_argument("--burst-bots", help="which of regiescan,floor,sequential (default: all)")
    p.add_argument("--stored", type=int, help=f"coordinators stored for the burst ({d.stored})")
    p.add_argument("--save-sizes", type=_sizes, help="e.g. 1000,10000,100000")
    p.add_argument("--save-samples", type=int, help=f"saves timed per size ({d.save_samples})")
    p.add_argument("--naive-max", type=int, help=f"largest naive TinyDB measured ({d.naive_max})")
    p.add_argument("--broadcast", type=int, help=f"broadcast recipients ({d.broadcast})")
    p.add_argument("--memory-sizes", type=_sizes, help="e.g. 10000,100000")
    p.add_argument("--xlsx-scans", type=int, help=f"scans in the regional XLSX ({d.xlsx_scans})")
    p.add_argument("--long-day", type=int, help=f"updates in the long day ({d.long_day})")
    p.add_argument("--flood-models", help="token_bucket,sliding_window (default: both)")
    p.add_argument("--limit-edits", action="store_true", help="edits count against 30/s too")
    p.add_argument("--profile", choices=["py-spy"], help="py-spy each bot during the burst")
    p.add_argument("--out", type=Path, help=f"JSON results (default {d.out})")
    p.add_argument("--workdir", type=Path, help="where stores are generated (default: a temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the generated stores and logs")
    args = p.parse_args(argv)
    values: dict[str, Any] = dict(SMOKE) if args.smoke else {}
    if args.smoke:
        values["out"] = RESULTS / "smoke.json"
    for name in (
        "repeat",
        "rtt",
        "burst",
        "stored",
        "save_sizes",
        "save_samples",
        "naive_max",
        "broadcast",
        "memory_sizes",
        "xlsx_scans",
        "long_day",
        "profile",
        "out",
        "workdir",
    ):
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    values["limit_edits"] = args.limit_edits
    values["keep"] = args.keep
    if args.flood_models:
        values["flood_models"] = tuple(m.strip() for m in args.flood_models.split(","))
    if args.burst_bots:
        values["burst_bots"] = tuple(b.strip() for b in args.burst_bots.split(","))
    if args.only:
        values["scenarios"] = tuple(s.strip() for s in args.only.split(",") if s.strip())
    opts = Options(**values)
    unknown = set(opts.scenarios) - set(Options().scenarios)
    if unknown:
        p.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    return opts


async def _run(opts: Options) -> dict[str, Any]:
    from bench.scenarios import SCENARIOS  # imported late: argparse errors stay fast

    work = opts.workdir or Path(tempfile.mkdtemp(prefix="regiescan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    limits = FloodLimits(count_edits_globally=opts.limit_edits)
    api = BenchBotAPI(rtt=opts.rtt, limits=limits)
    results: dict[str, Any] = {}
    async with BenchServer(api) as server:
        bench = Bench(opts, api, server.base_url, work)
        try:
            for name in opts.scenarios:
                print(f"\n## {name}", flush=True)
                started = time.perf_counter()
                try:
                    results[name] = await SCENARIOS[name](bench)
                except Exception as exc:  # one failing scenario must not hide the others
                    traceback.print_exc()
                    results[name] = {"error": f"{type(exc).__name__}: {exc}"}
                results[name]["seconds"] = round(time.perf_counter() - started, 1)
        finally:
            bench.cleanup()
    return results


def main(argv: list[str] | None = None) -> int:
    opts = parse(argv)
    started = datetime.now(UTC)
    results = asyncio.run(_run(opts))
    report = {
        "date": started.date().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(opts).items()},
        "scenarios": results,
    }
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nJSON: {opts.out}")
    failed = [name for name, result in results.items() if "error" in result]
    if failed:
        print(f"scenarios that could not run: {', '.join(failed)}", file=sys.stderr)
    wrong = [
        f"{name}: {problem}"
        for name, result in results.items()
        for problem in correctness(name, result)
    ]
    for problem in wrong:
        print(f"WRONG {problem}", file=sys.stderr)
    return 1 if failed or wrong else 0


def correctness(name: str, result: dict[str, Any]) -> list[str]:
    """What must hold whatever the machine's speed (targets on speed are reported, not enforced)."""
    rows = result.get("rows") or []
    problems = []
    for row in rows:
        if name == "burst" and row.get("replies") != row.get("presses"):
            problems.append(
                f"{row['bot']}: {row.get('replies')} replies to {row['presses']} presses"
            )
        if name == "burst" and row.get("bot") == "regiescan" and row["durable"] != row["presses"]:
            problems.append(f"regiescan: {row['durable']} of {row['presses']} answers on disk")
        if name == "long_day" and (row["refused_calls"] or row["unanswered_taps"]):
            problems.append(f"{row['refused_calls']} refused calls, {row['unanswered_taps']} taps")
        if name == "long_day" and row["broadcast_delivered"] != row["broadcast_to"]:
            problems.append(f"broadcast: {row['broadcast_delivered']} of {row['broadcast_to']}")
        if name == "long_day" and not row["alive"]:
            problems.append("the bot died during the long day")
        if name == "broadcast" and (row.get("lost") or row.get("duplicated")):
            problems.append(f"{row['lost']} lost, {row['duplicated']} duplicated")
        if name == "broadcast" and row.get("report_sent") is False:
            problems.append(f"{row.get('model')}: no delivery report reached the staff member")
    return problems


if __name__ == "__main__":
    raise SystemExit(main())
