"""Coordinators tapping at a steady pace, for the broadcast scenario: press -> visible reply.

The tappers live in another veiligheidsregio than the broadcast's recipients, so the only
visible messages in their chats are the replies to their own taps. Each tapper taps once (their
next answer, as stored), ``rate`` taps per second, pushed on schedule without waiting for the
previous reply; the latency is the fake's: the update available in getUpdates until the bot's
first visible reply for the chat arrived.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.datagen import Generator, user_id
from bench.presses import Press, regiescan_presses
from bench.runner import Bench, wait_until


class Tappers:
    def __init__(self, data_dir: Path, gen: Generator, start: int, count: int) -> None:
        indexes = list(gen.mid_scan(start, start + count))
        self._presses: Iterator[Press] = iter(regiescan_presses(data_dir, indexes, seed=start))
        self.available = len(indexes)

    async def tap(
        self, bench: Bench, rate: float, *, count: int | None = None,
        until: Callable[[], bool] | None = None,
    ) -> list[float]:  # fmt: skip
        """Tap ``count`` times (or until ``until()``), ``rate`` per second; the latencies."""
        chats: list[int] = []
        started = time.perf_counter()
        while count is None or len(chats) < count:
            if until is not None and until():
                break
            press = next(self._presses, None)
            if press is None:
                break
            chat, update, _ = press
            bench.api.push([update])
            chats.append(chat)
            due = started + len(chats) / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
        visible = bench.api.stats.visible_at
        await wait_until(lambda: all(c in visible for c in chats), 60, "every tap's reply")
        latencies = bench.api.stats.latencies()
        return [latencies[c] for c in chats]


def tapper_ids(gen: Generator, start: int, count: int) -> set[int]:
    return {user_id(i) for i in range(start, start + count)}
