"""A toets survives SIGKILL: a process recording verdicts is killed at random moments; after
every kill the document opens, and every verdict the process reported saved is there."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from dialogs.scan.content import KNELPUNT_IDS
from dialogs.toets.model import CHAIR_YES, IN, JUDGING, PEER, VERDICTS, Member, Toets
from storage.toetsen import ToetsFiles

ROOT = Path(__file__).resolve().parent.parent
MEMBER = 2002


def test_sigkill_never_loses_a_saved_verdict(tmp_path: Path):
    files = ToetsFiles(tmp_path)
    now = "2026-03-02T09:00:00+00:00"
    toets = Toets("0a1b2c3d4e", 1001, "GM0797", "scan1", now, now, state=JUDGING, state_since=now)
    toets.members = [
        Member(0, PEER, IN, MEMBER, "GM0855", "Karim", chair=CHAIR_YES),
        Member(1, PEER, IN, 3003, "GM0758", "Els"),
    ]
    files.put(toets.to_doc())
    rng = random.Random(20260302)
    start = 0
    for _ in range(12):
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.helpers.toets_kill_child",
                str(tmp_path),
                toets.id,
                str(MEMBER),
                str(start),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert child.stdout is not None
        wanted = rng.randint(1, 25)
        seen: list[str] = []
        while len(seen) < wanted:
            line = child.stdout.readline()
            assert line, "the child stopped by itself"
            seen.append(line)
        time.sleep(rng.random() * 0.02)  # land the kill anywhere, inside a write too
        child.send_signal(signal.SIGKILL)
        child.wait()
        rest = child.stdout.read()
        seen += [line for line in rest.splitlines() if line.startswith("saved")]
        doc = ToetsFiles(tmp_path).get(toets.id)  # a new process would open it like this
        assert doc is not None and doc["state"] == JUDGING
        judged = doc["members"][0]["judgements"]
        last = seen[-1].split()
        n = int(last[1])
        # The last verdict it reported saved is stored (or a later one that landed in flight).
        stored = judged[last[2]]["verdict"]
        later = {VERDICTS[m % 3] for m in (n, n + len(KNELPUNT_IDS))}
        assert stored in later, (last, stored)
        start = n + 1
    leftovers = [p.name for p in (tmp_path / "toetsen").iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 12  # a temp file a kill left behind is never read
    assert len(ToetsFiles(tmp_path).all()) == 1
