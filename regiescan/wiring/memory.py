"""Keeping a long-running process's memory flat: fewer glibc malloc arenas.

glibc gives each thread that contends for the heap an arena of its own (up to 8 per core).
The bot runs short jobs in worker threads (``asyncio.to_thread``: fsyncs, the region index,
the journal's group commit), so over a day the heap spreads over many arenas, each fragmented,
and the freed memory is not returned. Measured (issue 17, the 10,000-update hostile soak):
RSS grew 11 % from a quarter of the run to its end with the default, and stayed within 10 %
with two arenas. Two is what ``MALLOC_ARENA_MAX=2`` gives; the environment still wins.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # from glibc's malloc.h
ARENAS = 2


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas (call before the threads start); False where it does not
    apply (another C library, or ``MALLOC_ARENA_MAX`` already set by the operator)."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(M_ARENA_MAX, arenas))
    log.debug("malloc arenas capped at %d: %s", arenas, done)
    return done
