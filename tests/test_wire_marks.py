"""The on-the-wire mark of a broadcast send comes at its first byte, not when it was handed on.

Over real HTTP (the fake Bot API's server): a send waiting for a free pooled connection has
certainly not reached Telegram, so it is not marked ``sending`` (a crash then leaves it
pending, not uncertain); it is marked the instant its headers start to be written."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.broadcasting.wire import HTTPX_KWARGS, WATCH, WireRequest, WireWatch
from tests.helpers.bot_harness import TEST_TOKEN
from tests.helpers.fake_bot_api import FakeBotAPI, FakeBotAPIServer


async def test_a_send_waiting_for_a_free_connection_is_not_yet_on_the_wire():
    api = FakeBotAPI()
    api.set_latency(0.5, "sendMessage")
    marks: list[str] = []

    def watch(name: str) -> WireWatch:
        async def on_wire() -> None:
            marks.append(f"{name} on the wire")

        async def on_answer(code: int) -> None:
            marks.append(f"{name} answered {code}")

        async def on_unsent() -> None:
            marks.append(f"{name} unsent")

        return WireWatch(on_wire, on_answer, on_unsent)

    with FakeBotAPIServer(api) as server:
        inner = HTTPXRequest(connection_pool_size=1, pool_timeout=10, httpx_kwargs=HTTPX_KWARGS)
        request = WireRequest(inner, traced=True)
        bot: ExtBot[Any] = ExtBot(TEST_TOKEN, base_url=server.base_url, request=request)
        async with bot:

            async def send(name: str, chat: int) -> None:
                WATCH.set(watch(name))  # in this task only
                await bot.send_message(chat, "Herinnering")

            first = asyncio.create_task(send("first", 2001))
            while "first on the wire" not in marks:
                await asyncio.sleep(0.01)
            second = asyncio.create_task(send("second", 2002))
            await asyncio.sleep(0.25)  # the second waits for the one connection meanwhile
            assert marks == ["first on the wire"]
            await asyncio.gather(first, second)
    assert marks == [
        "first on the wire",
        "first answered 200",
        "second on the wire",
        "second answered 200",
    ]


async def test_one_send_at_a_time_is_between_its_durable_mark_and_its_first_byte():
    """So a kill finds at most one recipient marked ``sending`` whose request had not left:
    every other one marked was written to the socket (uncertain <= on the wire, plus that
    one). Two sends at once: the second's mark starts after the first's headers went."""
    api = FakeBotAPI()
    steps: list[str] = []

    def watch(name: str) -> WireWatch:
        async def on_wire() -> None:  # the journal's fsync, slow here
            steps.append(f"{name} marking")
            await asyncio.sleep(0.1)
            steps.append(f"{name} marked")

        async def nothing(*args: Any) -> None:
            pass

        return WireWatch(on_wire, nothing, nothing)

    with FakeBotAPIServer(api) as server:
        inner = HTTPXRequest(connection_pool_size=4, httpx_kwargs=HTTPX_KWARGS)
        bot: ExtBot[Any] = ExtBot(
            TEST_TOKEN, base_url=server.base_url, request=WireRequest(inner, traced=True)
        )
        async with bot:

            async def send(name: str, chat: int) -> None:
                WATCH.set(watch(name))
                await bot.send_message(chat, "Herinnering")

            await asyncio.gather(send("a", 2001), send("b", 2002))
    assert steps in (
        ["a marking", "a marked", "b marking", "b marked"],
        ["b marking", "b marked", "a marking", "a marked"],
    )
