"""The bench harness's own parts, quickly: flood limits, the loopback fake, the generator.

The whole harness at tiny sizes is ``make bench-smoke`` (about half a minute, in CI).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram import Bot
from telegram.error import Forbidden, RetryAfter

from bench.datagen import Generator, check_sample, read_user, user_id
from bench.fake_api import BenchBotAPI, BenchServer
from bench.flood_limits import FloodLimits
from tests.helpers.bot_harness import TEST_TOKEN
from tests.helpers.updates import make_callback_update


def test_flood_limits_allow_a_burst_of_thirty_then_ask_to_wait():
    limits = FloodLimits()
    passed = [limits.check("sendMessage", chat, now=100.0) for chat in range(1, 31)]
    assert passed == [None] * 30
    assert limits.check("sendMessage", 31, now=100.0) == 1
    assert limits.check("sendMessage", 31, now=100.5) is None  # 15 tokens back after 0.5 s


def test_flood_limits_per_chat_and_what_counts():
    limits = FloodLimits(per_chat_burst=1)
    assert limits.check("sendMessage", 7, now=0.0) is None
    assert limits.check("editMessageText", 7, now=0.1) == 1  # the chat's own bucket
    assert limits.check("answerCallbackQuery", 7, now=0.1) is None  # never counted
    for chat in range(100, 160):  # edits do not spend the 30/s budget across chats ...
        assert limits.check("editMessageText", chat, now=5.0) is None
    strict = FloodLimits(count_edits_globally=True)  # ... unless told to
    results = [strict.check("editMessageText", chat, now=5.0) for chat in range(100, 160)]
    assert results.count(None) == 30


async def test_the_fake_times_a_press_and_enforces_limits_over_http():
    api = BenchBotAPI(rtt=0.0, limits=FloodLimits(per_chat_burst=1))
    async with BenchServer(api) as server:
        bot = Bot(TEST_TOKEN, base_url=server.base_url)
        async with bot:
            api.push([make_callback_update("a:3", 50, user_id=7)])
            updates = await bot.get_updates(timeout=1)
            assert [u.callback_query.data for u in updates if u.callback_query] == ["a:3"]
            assert 7 not in api.stats.visible_at
            await bot.edit_message_text("Stelling 2", chat_id=7, message_id=50)
            assert 7 in api.stats.latencies()
            with pytest.raises(RetryAfter):
                await bot.send_message(7, "te snel")  # the chat's bucket is empty
            api.blocked.add(8)
            with pytest.raises(Forbidden):
                await bot.send_message(8, "geblokkeerd")
    assert api.stats.count("sendMessage", 429) == 1
    assert api.stats.count("sendMessage", 403) == 1


def test_generated_coordinators_load_through_the_store(tmp_path: Path):
    gen = Generator()
    gen.fill(tmp_path, 0, 60)
    check_sample(tmp_path, gen, [0, 17, 59])
    mid = list(gen.mid_scan(0, 60))
    assert mid and all(read_user(tmp_path, user_id(i))["state"] == "statement" for i in mid)


def test_the_sliding_window_model_counts_any_one_second():
    limits = FloodLimits(model="sliding_window")
    assert [limits.check("sendMessage", c, now=10.0) for c in range(1, 31)] == [None] * 30
    assert limits.check("sendMessage", 31, now=10.5) == 1  # the bucket would have let it pass
    assert limits.check("sendMessage", 31, now=11.0) is None  # the first ones left the window
    paced = FloodLimits(model="sliding_window")
    times = [20.0 + i / 28.5 for i in range(300)]  # evenly, a little under 30/s
    assert all(paced.check("sendMessage", 100 + i, now=t) is None for i, t in enumerate(times))
    chat = FloodLimits(model="sliding_window")
    assert [chat.check("sendMessage", 7, now=t) for t in (0.0, 0.1, 0.2, 0.3)] == [
        None, None, None, 3
    ]  # fmt: skip
