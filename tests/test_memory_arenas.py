"""``regiescan run`` caps glibc's malloc arenas and trims the heap (issue 17: memory flat over
a long day)."""

from __future__ import annotations

import subprocess
import sys


def _in_a_fresh_python(code: str) -> str:
    """What ``code`` prints, run in its own interpreter (malloc settings are per process)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def test_the_arena_cap_applies_once_and_leaves_an_operators_setting_alone():
    code = (
        "import os\n"
        "from regiescan.wiring.memory import tune_malloc\n"
        "print(tune_malloc())\n"
        "os.environ['MALLOC_ARENA_MAX'] = '4'\n"
        "os.environ['MALLOC_MMAP_THRESHOLD_'] = '65536'\n"
        "print(tune_malloc())\n"
    )
    out = _in_a_fresh_python(code).split()
    assert out == ["True", "False"]  # glibc here (Debian); the operator's value wins


def test_freed_heap_is_handed_back():
    code = (
        "from regiescan.wiring.memory import trim_heap\n"
        "def rss():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmRSS:'):\n"
        "            return int(line.split()[1])\n"
        "blocks = [bytearray(40_000) for _ in range(5_000)]  # 200 MB in malloc'd blocks\n"
        "keep = blocks[::50]\n"  # pinned here and there: the heap cannot shrink from the top
        "del blocks\n"
        "before = rss()\n"
        "assert trim_heap()\n"
        "print(before - rss())\n"
    )
    out = _in_a_fresh_python(code)
    assert int(out) > 100_000, f"only {out.strip()} KB returned"
