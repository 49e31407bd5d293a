"""Generated coordinators for the bench: realistic user documents, written fast.

Templates are walked through the real core (``ScanService`` on a ``MemoryUserStore``): users at
every point of the walk, some with notes, some with a finished scan behind them. Each stored
coordinator is a template with its own id, municipality, scan id and answer values, written in
``TinyUserStore``'s layout (``store.path_for``; the file holds what ``AtomicJSONStorage`` writes)
but without the per-file fsync: bench data need not survive a power cut, and 100,000 fsyncs
would take minutes. ``check_sample`` loads some back through ``TinyUserStore``.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dialogs.municipalities import MunicipalityRegistry
from dialogs.scan.content import load_content
from dialogs.scan.engine import ScanEngine
from dialogs.scan.service import ScanService
from dialogs.scan.steps import Event
from storage.atomic import dumps_json, ensure_dir
from storage.users import DOC_ID, SHARDS, TABLE, USERS_DIR, MemoryUserStore, TinyUserStore

FIRST_ID = 200_000_000  # Telegram-like nine-digit user ids
VALUES: tuple[int | str, ...] = (1, 2, 3, 3, 4, 4, 4, 5, "dk")
NOTE = "Hierover is in het college nog geen besluit genomen; we wachten op de regio."


def user_id(index: int) -> int:
    return FIRST_ID + index


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=7)
        return self.now


def _press(service: ScanService, uid: int, option: str) -> None:
    step = service.show(uid).step
    if option not in [o.id for o in step.options]:
        raise RuntimeError(f"{option!r} not on the {step.kind} step")
    service.handle(uid, Event.choice(option, step.seq))


def _walk(service: ScanService, uid: int, answers: int, rng: random.Random) -> None:
    """Answer ``answers`` statements (a note at some note steps), or all and finish if -1."""
    service.handle(uid, Event.command("scan"))
    _press(service, uid, "confirm")
    service.handle(uid, Event.text("Utrecht"))
    _press(service, uid, "role:coordinator")
    done = 0
    for _ in range(200):
        kind = service.show(uid).step.kind
        if kind == "statement" and (answers < 0 or done < answers):
            _press(service, uid, f"a:{rng.choice(VALUES)}")
            done += 1
        elif kind == "note":
            if rng.random() < 0.3:
                service.handle(uid, Event.text(NOTE))
            else:
                _press(service, uid, "skip_note")
        elif kind == "overview" and answers < 0:
            _press(service, uid, "finish")
            user = service.user(uid)
            if user is not None and user.result_pending is not None:  # they got the result
                service.result_delivered(uid, user.result_pending)
            return
        else:
            return


def build_templates(seed: int = 8) -> list[str]:
    """User documents (as JSON) at many points of the scan: mostly mid-way, some finished."""
    rng = random.Random(seed)
    service = ScanService(
        MemoryUserStore(),
        ScanEngine(load_content(), MunicipalityRegistry.load_default()),
        _Clock(),
    )
    templates: list[str] = []
    uid = 1
    for answers in [*range(0, 31, 2), *range(1, 31, 4)]:  # mid-way (never past the last one)
        _walk(service, uid, answers, rng)
        templates.append(json.dumps(service.store.load(uid)))
        uid += 1
    for answers in (-1, -1, 5, 17):  # a finished scan; some started a second one
        _walk(service, uid, -1, rng)
        if answers >= 0:
            _walk(service, uid, answers, rng)
        templates.append(json.dumps(service.store.load(uid)))
        uid += 1
    return templates


class Generator:
    """Writes coordinators ``user_id(i)`` for i in a range into a TinyUserStore data dir."""

    def __init__(
        self, seed: int = 8, codes: list[str] | None = None, finished_only: bool = False
    ) -> None:
        self.templates = build_templates(seed)
        self.finished_only = finished_only
        if finished_only:  # exactly one scan each, finished, listed as a peer (named in exports)
            self.templates = [
                t for t in self.templates if json.loads(t)["finished"] and '"current": null' in t
            ]
        self.codes = codes or [m.code for m in MunicipalityRegistry.load_default().all()]
        self.seed = seed

    def document(self, index: int) -> dict[str, Any]:
        rng = random.Random(self.seed * 1_000_003 + index)
        doc: dict[str, Any] = json.loads(self.templates[index % len(self.templates)])
        code = rng.choice(self.codes)
        doc["user_id"] = user_id(index)
        doc["profile"]["gemeente"] = code
        if self.finished_only:
            doc["consents"]["peer_listing"] = {"given": True, "at": doc["created"]}
        for scan in [doc["current"], *doc["finished"]]:
            if scan is None:
                continue
            scan["id"] = uuid.UUID(int=rng.getrandbits(128)).hex[:12]
            scan["gemeente"] = code
            for entry in scan["answers"].values():
                entry["value"] = rng.choice(VALUES)
        return doc

    def fill(self, data_dir: Path, start: int, stop: int) -> None:
        """Write coordinators start..stop-1 (existing files are replaced)."""
        store = TinyUserStore(data_dir)
        for shard in range(SHARDS):
            ensure_dir(store.root / f"{shard:02d}")
        for index in range(start, stop):
            doc = self.document(index)
            payload = dumps_json({TABLE: {str(DOC_ID): doc}})
            path = store.path_for(doc["user_id"])
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, payload)
            finally:
                os.close(fd)

    def mid_scan(self, start: int, stop: int) -> Iterator[int]:
        """Indexes in start..stop-1 whose coordinator is at a statement (can press an answer)."""
        for index in range(start, stop):
            if json.loads(self.templates[index % len(self.templates)])["state"] == "statement":
                yield index

    def near_end(self, start: int, stop: int, answered: int = 30) -> Iterator[int]:
        """Indexes in start..stop-1 whose coordinator is mid-scan with at least ``answered``
        statements answered: a few taps from the diagnosis."""
        close = [
            doc["state"] == "statement" and len(doc["current"]["answers"]) >= answered
            for doc in map(json.loads, self.templates)
        ]
        return (i for i in range(start, stop) if close[i % len(close)])


def read_user(data_dir: Path, uid: int) -> dict[str, Any] | None:
    """A coordinator's stored document, read-only: safe while a bot runs on ``data_dir``
    (opening a ``TinyUserStore`` would clear the running bot's temp files)."""
    path = data_dir / USERS_DIR / f"{abs(uid) % SHARDS:02d}" / f"{uid}.json"
    try:
        doc: dict[str, Any] = json.loads(path.read_bytes())[TABLE][str(DOC_ID)]
    except FileNotFoundError:
        return None
    return doc


def check_sample(data_dir: Path, generator: Generator, indexes: list[int]) -> None:
    """Load some coordinators back through TinyUserStore: the files are what it expects."""
    store = TinyUserStore(data_dir)
    for index in indexes:
        doc = store.load(user_id(index))
        if doc is None or doc != generator.document(index):
            raise RuntimeError(f"generated coordinator {index} does not load back as written")


def write_naive(path: Path, generator: Generator, count: int) -> int:
    """The naive layout: one TinyDB JSONStorage file holding every coordinator; its size."""
    users = {str(i + 1): generator.document(i) for i in range(count)}
    payload = json.dumps({"users": users}).encode("utf-8")
    path.write_bytes(payload)
    return len(payload)
