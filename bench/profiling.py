"""``--profile``: py-spy attached to a bot process for the measured part of a scenario.

Writes a collapsed-stack file (``*.txt``, one ``frame;frame;... count`` per line: flamegraph.pl,
speedscope) and prints the functions that took the most samples, idle time (I/O waits such as
fsync) included. Needs ``py-spy`` on PATH or in the venv (`pip install py-spy`).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path


def _py_spy() -> str | None:
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


class Profiler:
    def __init__(self, pid: int, out: Path) -> None:
        self.out = out
        self._proc: subprocess.Popen[bytes] | None = None
        exe = _py_spy()
        if exe is None:
            print("  (py-spy not installed: no profile)", flush=True)
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        argv = [
            exe,
            "record",
            "--pid",
            str(pid),
            "--idle",
            "--rate",
            "250",
            "--format",
            "raw",
            "--output",
            str(out),
            "--nonblocking",
        ]
        self._proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> str:
        """Stop recording; a short report of where the samples went."""
        if self._proc is None:
            return ""
        self._proc.send_signal(signal.SIGINT)
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        return summarize(self.out) if self.out.exists() else "(py-spy wrote no profile)"


def summarize(path: Path, top: int = 12) -> str:
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        total += n
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    if not total:
        return "(empty profile)"
    lines = [f"profile: {path} ({total} samples)", "  own time:"]
    lines += [f"    {100 * n / total:5.1f}%  {f[:110]}" for f, n in own.most_common(top)]
    return "\n".join(lines)
