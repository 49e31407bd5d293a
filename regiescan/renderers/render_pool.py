"""Charts and documents drawn in a child process that is recycled, so the bot's memory stays flat.

Measured (issue 17): drawing in the bot's own process took its RSS from 47 MB to 120 MB after
ten charts and PDFs and to 150-185 MB after a hundred, never coming back down. matplotlib,
numpy, fpdf2, fontTools and openpyxl cost about 65 MB once imported, and each render leaves
the heap more fragmented (every worker thread of ``asyncio.to_thread`` gets its own malloc
arena, and a figure's cycles wait for the garbage collector). None of that is returned to the
system while the process lives.

So the bot never imports them: :class:`RenderPool` sends each job (a top-level function and
picklable arguments, e.g. :func:`~regiescan.renderers.radar_chart.radar_chart`) to one child
process (``spawn``: a fresh interpreter, nothing inherited from the bot's threads). The child
is replaced after :data:`JOBS_PER_PROCESS` jobs and stopped after :data:`IDLE_SECONDS`
without work, so its memory is returned to the system in whole. One child at a time: a render
is CPU-bound, and a second one would double the memory for little gain on two cores; the bot's
event loop no longer shares the GIL with matplotlib while it draws.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from regiescan.wiring.memory import trim_heap

log = logging.getLogger(__name__)

T = TypeVar("T")
JOBS_PER_PROCESS = 100
IDLE_SECONDS = 300.0
STOP_SECONDS = 10.0  # a stopping bot waits this long for a render under way


def _in_child(job: Callable[[], T]) -> T:
    """Run ``job`` in the child, then hand what it freed back to the system: a figure's cycles
    wait for the garbage collector, and glibc keeps freed pages (see wiring/memory.py)."""
    try:
        return job()
    finally:
        gc.collect()
        trim_heap()


class RenderPool:
    """One recycled child process for rendering; ``await pool.run(fn, *args)``."""

    def __init__(
        self, jobs_per_process: int = JOBS_PER_PROCESS, idle_seconds: float = IDLE_SECONDS
    ) -> None:
        self._jobs_per_process = jobs_per_process
        self._idle_seconds = idle_seconds
        self._executor: ProcessPoolExecutor | None = None
        self._jobs = 0  # done by the current child
        self._busy = 0
        self._last_done = time.monotonic()
        self._idle_timer: asyncio.TimerHandle | None = None
        self.started = 0  # how many child processes were started (for tests and the bench)
        self._closed = False  # after aclose: no new child

    def _ensure(self) -> ProcessPoolExecutor:
        if self._closed:
            raise RuntimeError("the render pool is stopped")
        if self._executor is None:
            # Recycled here rather than with max_tasks_per_child: with that option CPython 3.11
            # can leave the executor's shutdown hanging once a child has retired itself.
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
            self._jobs = 0
            self.started += 1
        return self._executor

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in the child process; its exceptions are raised here. A child
        that died (killed, out of memory) is replaced and the job tried once more."""
        loop = asyncio.get_running_loop()
        job = functools.partial(_in_child, functools.partial(fn, *args, **kwargs))
        self._busy += 1
        try:
            for attempt in (1, 2):
                executor = self._ensure()
                try:
                    result = await loop.run_in_executor(executor, job)
                except BrokenProcessPool:
                    if self._closed:  # terminated by aclose
                        raise
                    log.warning("the render process died; starting a new one (try %d)", attempt)
                    self._drop(executor)
                    if attempt == 2:
                        raise
                    continue
                self._jobs += 1
                if self._jobs >= self._jobs_per_process and self._busy == 1:
                    self._drop(executor)  # retired with nothing queued; the next job starts anew
                return result
            raise AssertionError("unreachable")
        finally:
            self._busy -= 1
            self._last_done = time.monotonic()
            self._schedule_idle_stop(loop)

    def _schedule_idle_stop(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        self._idle_timer = loop.call_later(self._idle_seconds, self._stop_if_idle)

    def _stop_if_idle(self) -> None:
        self._idle_timer = None
        idle_for = time.monotonic() - self._last_done
        if self._busy == 0 and self._executor is not None and idle_for >= self._idle_seconds:
            log.debug("render process idle for %.0f s: stopped", idle_for)
            self._drop(self._executor)

    def _drop(self, executor: ProcessPoolExecutor) -> None:
        if self._executor is executor:
            self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)

    @property
    def alive(self) -> bool:
        return self._executor is not None

    def _detach(self) -> ProcessPoolExecutor | None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        executor, self._executor = self._executor, None
        return executor

    def close(self) -> None:
        """Stop the child without waiting: queued jobs are cancelled; the child ends once its
        pipe closes. For a process that goes on living (tests); a stopping bot uses aclose."""
        executor = self._detach()
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    async def aclose(self, timeout: float = STOP_SECONDS) -> None:
        """Stop the child and wait until it and the executor's manager thread are gone: at most
        ``timeout`` for a render under way, then the child is terminated.

        Not waiting is not an option for a process about to exit: CPython 3.11's exit hook
        for process pools writes to the wakeup pipe of every pool it knows, and races the
        manager thread that is closing that pipe ("OSError: Bad file descriptor" at exit)."""
        self._closed = True
        executor = self._detach()
        if executor is None:
            return
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()

        def finished() -> None:
            if not done.done():
                done.set_result(None)

        def stop() -> None:
            executor.shutdown(wait=True, cancel_futures=True)
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits any more
                loop.call_soon_threadsafe(finished)

        threading.Thread(target=stop, name="render-pool-stop", daemon=True).start()
        try:
            await asyncio.wait_for(asyncio.shield(done), timeout)
        except TimeoutError:
            log.warning("the render process did not stop within %.0f s: terminated", timeout)
            # The executor's own children (no public API names them; other pools may run).
            children: dict[int, Any] = getattr(executor, "_processes", None) or {}
            for child in list(children.values()):
                child.terminate()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(done), timeout)
