"""The render process (issue 17): charts and documents are drawn in a recycled child, so the
bot's own process never loads matplotlib, fpdf2 or openpyxl and its memory stays flat."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import subprocess
import sys

import pytest

from regiescan.renderers.radar_chart import radar_chart
from regiescan.renderers.render_pool import RenderPool

LABELS = [f"Knelpunt {n}" for n in range(1, 11)]
SCORES: list[float | None] = [3.0, 2.5, None, 4.0, 1.5, 3.0, 2.0, 4.5, 3.5, 2.0]


def _pid() -> int:
    return os.getpid()


def _fail() -> None:
    raise ValueError("no chart for you")


def _die() -> None:
    os._exit(3)


async def test_a_chart_is_drawn_in_a_child_that_is_replaced_after_its_jobs():
    pool = RenderPool(jobs_per_process=2)
    try:
        png = await pool.run(radar_chart, SCORES, LABELS)
        assert png.startswith(b"\x89PNG")
        pids = [await pool.run(_pid) for _ in range(4)]
        assert os.getpid() not in pids
        assert len(set(pids)) >= 2  # a fresh process after every two jobs
    finally:
        pool.close()
    assert not pool.alive


async def test_errors_come_back_and_a_dead_child_is_replaced():
    pool = RenderPool()
    try:
        with pytest.raises(ValueError, match="no chart for you"):
            await pool.run(_fail)
        first = pool.started
        with pytest.raises(Exception):  # noqa: B017 -- a child that dies twice: BrokenProcessPool
            await pool.run(_die)
        assert pool.started == first + 1  # replaced and tried once more, then given up
        assert (await pool.run(radar_chart, SCORES, LABELS)).startswith(b"\x89PNG")
        assert pool.started == first + 2
    finally:
        pool.close()


async def test_an_idle_child_is_stopped():
    pool = RenderPool(idle_seconds=0.2)
    try:
        await pool.run(_pid)
        assert pool.alive
        await asyncio.sleep(0.5)
        assert not pool.alive
        await pool.run(_pid)  # and started again when there is work
        assert pool.alive and pool.started == 2
    finally:
        pool.close()


def test_the_bot_process_does_not_load_the_drawing_libraries():
    code = (
        "import sys\n"
        "import bot.app, bot.handlers.results, bot.handlers.export, bot.handlers.region\n"
        "import regiescan.cli\n"
        "heavy = [m for m in ('matplotlib', 'numpy', 'fpdf', 'openpyxl', 'fontTools')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)


async def test_a_stopping_bot_waits_for_the_child_then_terminates_it():
    def running() -> set[int]:
        return {child.pid for child in multiprocessing.active_children() if child.pid}

    pool = RenderPool()
    idle = await pool.run(_pid)
    await pool.aclose()  # an idle child: gone, and the pool's manager thread with it
    assert not pool.alive and idle not in running()
    with pytest.raises(RuntimeError):  # a stopped pool starts no new child
        await pool.run(_pid)

    pool = RenderPool()
    busy = await pool.run(_pid)
    stuck = asyncio.ensure_future(pool.run(_sleep, 60))
    await asyncio.sleep(0.5)  # the job is in the child
    await pool.aclose(timeout=0.5)  # a render that does not end is not waited for
    assert busy not in running()
    with pytest.raises(BaseException):  # noqa: B017 -- cancelled or a broken pool
        await stuck
