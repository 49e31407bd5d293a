"""One render process for the whole test session: each test's Application borrows it, so the
tests exercise the real child process without paying its start (about a second) every time."""

from __future__ import annotations

import atexit
import functools

from regiescan.renderers.render_pool import RenderPool


@functools.cache
def shared_pool() -> RenderPool:
    pool = RenderPool()
    atexit.register(pool.close)
    return pool
