"""Scenario 2, save cost: durably saving one answer as the store grows.

Ours: ``TinyUserStore`` (one small file per coordinator, temp file + fsync + rename + directory
fsync). Baseline: the naive TinyDB layout, one stock ``JSONStorage`` file holding everyone
(``TinyDB(path).table("users").update(...)``: TinyDB reads the whole file and writes it back
whole on every change; the stock storage flushes and fsyncs, but writes in place).
Per save: wall time, and bytes handed to write() (``wchar`` from /proc/self/io).
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from bench.datagen import user_id, write_naive
from bench.runner import Bench
from bench.stats import percentile, ratio, table
from storage.users import TinyUserStore

STATEMENT = "leerproces.evaluatie"


def _wchar() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    return 0


def _answer(doc: dict[str, Any], value: int) -> None:
    """One more answer in the scan under way (only coordinators mid-scan are picked)."""
    doc["current"]["answers"][STATEMENT] = {"value": value, "at": "2026-11-29T09:00:00+00:00"}


class _Ours:
    """Timed saves into one generated store."""

    def __init__(self, data_dir: Path, count: int, samples: int, pressable: list[int]) -> None:
        self.store = TinyUserStore(data_dir)
        self.count = count
        rng = random.Random(count)
        self.picks = [user_id(rng.choice(pressable)) for _ in range(samples)]
        self.docs = {uid: self.store.load(uid) or {} for uid in self.picks}
        self.times: list[float] = []
        self.written = 0

    def save_some(self, n: int) -> None:
        for uid in self.picks[len(self.times) : len(self.times) + n]:
            doc = self.docs[uid]
            _answer(doc, 1 + len(self.times) % 5)
            before = _wchar()
            started = time.perf_counter()
            self.store.save(uid, doc)
            self.times.append(time.perf_counter() - started)
            self.written += _wchar() - before

    def row(self) -> dict[str, Any]:
        n = len(self.times)
        return _row("TinyUserStore (ours)", self.count, self.times, self.written, n)


class _Product:
    """The product's whole save path: ``ScanService.handle`` of a tap (load, engine,
    ``store.save`` and the ``on_saved`` listeners that keep the product's indexes current).

    Per picked coordinator: answer taps up to the end of the knelpunt, then the tap that passes
    the note step to the next knelpunt (that one also changes the coordinator's index entry).
    """

    def __init__(self, data_dir: Path, count: int, samples: int, pressable: list[int]) -> None:
        from regiescan.wiring.services import build_services
        from regiescan.wiring.settings import Settings

        self.services = build_services(Settings(data_dir=data_dir))
        regional = getattr(self.services, "regional", None)
        if regional is not None:  # built at the first save otherwise: not part of one save
            regional.index.load()
        self.count = count
        rng = random.Random(count + 1)
        self.picks = [user_id(i) for i in rng.sample(pressable, min(samples, len(pressable)))]
        self.done = 0
        self.times: dict[str, list[float]] = {"answer": [], "next": []}
        self.written = {"answer": 0, "next": 0}

    def _tap(self, uid: int, option: str, seq: int, kind: str) -> None:
        from dialogs.scan.steps import Event

        before = _wchar()
        started = time.perf_counter()
        outcome = self.services.scans.handle(uid, Event.choice(option, seq))
        self.times[kind].append(time.perf_counter() - started)
        self.written[kind] += _wchar() - before
        if not outcome.saved:
            raise RuntimeError(f"the tap {option} of {uid} was not saved")

    def save_some(self, n: int) -> None:
        scans = self.services.scans
        for uid in self.picks[self.done : self.done + max(1, n // 4)]:
            self.done += 1
            for _ in range(6):
                step = scans.show(uid).step
                if step.kind != "statement":
                    break
                self._tap(uid, f"a:{1 + len(self.times['answer']) % 5}", step.seq, "answer")
            step = scans.show(uid).step
            if step.kind == "note" and "skip_note" in [o.id for o in step.options]:
                self._tap(uid, "skip_note", step.seq, "next")

    def rows(self) -> list[dict[str, Any]]:
        self.services.close()
        labels = {"answer": "product: answer tap", "next": "product: tap to next knelpunt"}
        return [
            _row(labels[k], self.count, self.times[k], self.written[k], len(self.times[k]))
            for k in ("answer", "next")
        ]


def _measure_ours(stores: list[Any], samples: int, seed: int) -> None:
    """Rounds of a few saves per size, in shuffled order: disk noise hits every size alike."""
    rng = random.Random(seed)
    per_round = 10
    for _ in range(0, samples, per_round):
        order = list(stores)
        rng.shuffle(order)
        for ours in order:
            ours.save_some(per_round)


def _naive(bench: Bench, count: int) -> dict[str, Any]:
    opts = bench.opts
    if count > opts.naive_max:
        return {"layout": "naive TinyDB", "stored": count, "note": f"capped at {opts.naive_max:,}"}
    path = bench.work / f"naive-{count}.json"
    started = time.perf_counter()
    size = write_naive(path, bench.gen, count)
    build = time.perf_counter() - started
    rng = random.Random(count)
    times: list[float] = []
    written = 0
    deadline = time.perf_counter() + opts.naive_budget
    with TinyDB(path) as db:  # stock JSONStorage, the way TinyDB's docs show it
        users = db.table("users")
        pressable = list(bench.gen.mid_scan(0, count))
        while len(times) < opts.save_samples and (not times or time.perf_counter() < deadline):
            doc_id = 1 + rng.choice(pressable)  # doc ids are index + 1
            doc = json.loads(json.dumps(users.get(doc_id=doc_id)))  # as the bot would hold it
            _answer(doc, 1 + len(times) % 5)
            before = _wchar()
            started = time.perf_counter()
            users.update({"current": doc["current"]}, doc_ids=[doc_id])
            times.append(time.perf_counter() - started)
            written += _wchar() - before
    path.unlink()
    os.sync()
    row = _row("naive TinyDB (baseline)", count, times, written, len(times))
    row["file_mb"] = round(size / 1e6, 1)
    row["note"] = f"{len(times)} saves (time budget {opts.naive_budget:.0f} s; build {build:.1f} s)"
    return row


def _row(layout: str, count: int, times: list[float], written: int, n: int) -> dict[str, Any]:
    return {
        "layout": layout,
        "stored": count,
        "saves": n,
        "p50_ms": round(percentile(times, 50) * 1000, 2),
        "p95_ms": round(percentile(times, 95) * 1000, 2),
        "mean_ms": round(sum(times) / len(times) * 1000, 2) if times else None,
        "bytes_per_save": round(written / n) if n else None,
    }


async def run(bench: Bench) -> dict[str, Any]:
    opts = bench.opts
    sizes = sorted(opts.save_sizes)
    print(f"  save cost: preparing stores of {', '.join(f'{c:,}' for c in sizes)} ...", flush=True)
    dirs = {count: bench.stores.get(count) for count in reversed(sizes)}  # largest grows first
    pressable = {c: list(bench.gen.mid_scan(0, c)) for c in sizes}
    ours = [_Ours(dirs[c], c, opts.save_samples, pressable[c]) for c in sizes]
    _measure_ours(ours, opts.save_samples, seed=len(sizes))
    print("  save cost: the product's save path ...", flush=True)
    product = [_Product(dirs[c], c, opts.save_samples, pressable[c]) for c in sizes]
    _measure_ours(product, opts.save_samples, seed=len(sizes) + 1)
    store_rows = [o.row() for o in ours]
    product_rows = [row for p in product for row in p.rows()]
    naive_rows = []
    for count in sizes:
        print(f"  save cost: naive TinyDB with {count:,} ...", flush=True)
        naive_rows.append(_naive(bench, count))
    answers = [r for r in product_rows if r["layout"].endswith("answer tap")]
    moves = [r for r in product_rows if r["layout"].endswith("next knelpunt")]
    naive = [r for r in naive_rows if r.get("mean_ms")]
    first, last = sizes[0], sizes[-1]
    ratios = {
        f"store_growth_{first}_to_{last}": _growth(store_rows),
        "store_bytes_growth": _growth(store_rows, "bytes_per_save"),
        f"product_answer_growth_{first}_to_{last}": _growth(answers),
        f"product_next_knelpunt_growth_{first}_to_{last}": _growth(moves),
        "product_next_knelpunt_bytes_growth": _growth(moves, "bytes_per_save"),
        "naive_growth_over_measured_sizes": _growth(naive),
        "naive_vs_store_at_largest_naive": ratio(
            naive[-1]["p50_ms"],
            next(r["p50_ms"] for r in store_rows if r["stored"] == naive[-1]["stored"]),
        )
        if naive
        else None,
    }
    targets = {
        "store: save cost growth <= 1.2 x": _within(_growth(store_rows), 1.2),
        "product: answer tap growth <= 1.2 x": _within(_growth(answers), 1.2),
        "product: next-knelpunt tap growth <= 1.2 x": _within(_growth(moves), 1.2),
    }
    rows = [*store_rows, *product_rows, *naive_rows]
    columns = [
        "layout",
        "stored",
        "saves",
        "p50_ms",
        "p95_ms",
        "mean_ms",
        "bytes_per_save",
        "file_mb",
        "note",
    ]
    print(table("Save cost: one answer, durably", rows, columns))
    print("ratios:", json.dumps(ratios), "\ntargets:", json.dumps(targets))
    return {"rows": rows, "ratios": ratios, "targets": targets}


def _growth(rows: list[dict[str, Any]], key: str = "p50_ms") -> float | None:
    return ratio(rows[-1].get(key), rows[0].get(key)) if len(rows) > 1 else None


def _within(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit
