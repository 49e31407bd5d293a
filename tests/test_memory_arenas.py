"""``regiescan run`` caps glibc's malloc arenas (issue 17: memory flat over a long day)."""

from __future__ import annotations

import subprocess
import sys


def test_the_arena_cap_applies_once_and_leaves_an_operators_setting_alone():
    code = (
        "import os\n"
        "from regiescan.wiring.memory import limit_malloc_arenas\n"
        "print(limit_malloc_arenas())\n"
        "os.environ['MALLOC_ARENA_MAX'] = '4'\n"
        "print(limit_malloc_arenas())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert out == ["True", "False"]  # glibc here (Debian); the operator's value wins
