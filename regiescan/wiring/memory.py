"""Keeping a long-running process's memory flat: fewer glibc malloc arenas, freed heap returned.

glibc gives each thread that contends for the heap an arena of its own (up to 8 per core).
The bot runs short jobs in worker threads (``asyncio.to_thread``: fsyncs, the region index,
the journal's group commit), so over a day the heap spreads over many arenas, each fragmented,
and the freed memory is not returned. Measured (issue 17, the 10,000-update hostile soak):
RSS grew 11-13 % from a quarter of the run to its end, while tracemalloc showed Python's own
allocations flat (52-55 MB across the run): the growth is freed memory that glibc keeps. Two arenas
(what ``MALLOC_ARENA_MAX=2`` gives; the environment still wins) and a periodic
``malloc_trim(0)``, which hands free pages in the middle of every arena back to the system,
keep it flat, with a fixed mmap threshold (glibc raises it after each large free, so later
large buffers, documents and long messages, come from the heap and fragment it). With all
three the soak ran 58 -> 77 MB (peak 78 MB) and within 10 % after its first quarter.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import os

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # from glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 128 * 1024  # glibc's starting value
ARENAS = 2


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def trim_heap() -> bool:
    """Return freed heap memory to the system (glibc's ``malloc_trim``); False where the C
    library has no such call. Takes a few milliseconds for a heap of 100 MB."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is None:
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    trim(0)
    return True


def tune_malloc(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas and fix its mmap threshold (call before the threads start).
    Each is left alone when the operator set it in the environment; False where nothing was
    changed (another C library: musl has no mallopt, or both set by the operator)."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is None:
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    changed = False
    if not os.environ.get("MALLOC_ARENA_MAX"):
        changed |= bool(mallopt(M_ARENA_MAX, arenas))
    if not os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        # Fixed: glibc otherwise raises it after each large free, and big buffers (documents,
        # long messages) then come from the heap and fragment it.
        changed |= bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    log.debug("malloc tuned: %s", changed)
    return changed
