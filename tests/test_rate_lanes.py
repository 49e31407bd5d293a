"""The rate limiter's two lanes: a 429 on bulk sending never delays a reply to a user's tap."""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import time
from typing import Any

from telegram.error import Forbidden
from telegram.ext import ExtBot

from bot.ratelimit import DEPARTURE, REPLY_CHAT, LanedRateLimiter, LaneUpdateProcessor
from tests.helpers.bot_harness import TEST_TOKEN
from tests.helpers.fake_bot_api import FakeBotAPI, FakeRequest
from tests.helpers.updates import make_command_update, to_update

TAPPER, RECIPIENTS = 1001, range(2001, 2011)


async def test_a_429_on_bulk_pauses_bulk_while_a_reply_goes_through():
    api = FakeBotAPI()
    limiter = LanedRateLimiter(max_retries=3)
    bot: ExtBot[Any] = ExtBot(TEST_TOKEN, request=FakeRequest(api), rate_limiter=limiter)
    async with bot:
        api.fail_retry_after("sendMessage", retry_after=2, chat_id=RECIPIENTS[0])
        bulk = asyncio.create_task(bot.send_message(RECIPIENTS[0], "Herinnering"))
        while not limiter.bulk_paused_until:  # the 429 came: bulk waits 2 s
            await asyncio.sleep(0.01)
        more_bulk = asyncio.create_task(bot.send_message(RECIPIENTS[1], "Herinnering"))
        started = time.monotonic()
        token = REPLY_CHAT.set(TAPPER)  # as while the tapper's update is handled
        try:
            await bot.send_message(TAPPER, "Stelling 2 van 4")
        finally:
            REPLY_CHAT.reset(token)
        replied = time.monotonic() - started
        assert replied < 0.5  # not held by the bulk lane's 2 s pause
        assert not more_bulk.done()  # bulk did wait
        await asyncio.gather(bulk, more_bulk)
        waited = time.monotonic() - started
    assert waited >= 1.5
    sent = [c.params["chat_id"] for c in api.calls("sendMessage") if c.ok]
    assert sent[0] == TAPPER  # the reply first ...
    assert sorted(sent[1:]) == [RECIPIENTS[0], RECIPIENTS[1]]  # ... and nobody twice


async def test_a_429_for_one_busy_chat_pauses_only_that_chat():
    api = FakeBotAPI()
    limiter = LanedRateLimiter(max_retries=3, per_chat=50)
    bot: ExtBot[Any] = ExtBot(TEST_TOKEN, request=FakeRequest(api), rate_limiter=limiter)
    async with bot:
        staff = 99
        await bot.send_message(staff, "Uw bericht wordt verstuurd")
        api.fail_retry_after("editMessageText", retry_after=2, chat_id=staff)
        edit = asyncio.create_task(bot.edit_message_text("1 van 10", chat_id=staff, message_id=1))
        while not limiter._chat_paused:
            await asyncio.sleep(0.01)
        started = time.monotonic()
        await asyncio.gather(*(bot.send_message(uid, "Herinnering") for uid in RECIPIENTS[:3]))
        assert time.monotonic() - started < 1.0  # other chats go on: not an overall 429
        assert limiter.bulk_paused_until == 0.0
        await edit


async def test_bulk_paces_itself_just_under_the_overall_limit():
    slept: list[float] = []
    now = [0.0]

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = LanedRateLimiter(clock=lambda: now[0], sleep=sleep)

    async def callback(*args: Any, **kwargs: Any) -> bool:
        return True

    for chat in range(1, 61):  # 60 recipients: two seconds at 30/s, a bit more when paced
        data = {"chat_id": chat, "text": "x"}
        await limiter.process_request(callback, (), {}, "sendMessage", data, None)
    rate = 59 / now[0]
    assert 28.0 <= rate <= 29.5  # a little under 30/s, evenly spaced (no burst) ...
    assert max(slept) < 0.06  # ... but for the 1.05 s window's longer gap after each 30th


async def test_the_update_processor_names_the_reply_chat():
    seen: list[int | str | None] = []

    async def handle() -> None:
        seen.append(REPLY_CHAT.get())

    api = FakeBotAPI()
    bot: ExtBot[Any] = ExtBot(TEST_TOKEN, request=FakeRequest(api))
    processor = LaneUpdateProcessor(8)
    update = to_update(make_command_update("/scan", user_id=TAPPER), bot)
    await processor.process_update(update, handle())
    assert seen == [TAPPER] and REPLY_CHAT.get() is None


async def test_replies_and_edits_do_not_spend_the_overall_message_budget():
    limiter = LanedRateLimiter(overall=1 / 3600)  # one new message an hour

    async def callback(*args: Any, **kwargs: Any) -> bool:
        return True

    data = {"chat_id": TAPPER, "text": "x"}
    for endpoint in ("answerCallbackQuery", "editMessageText", "sendMessage"):
        request = limiter.process_request(callback, (), {}, endpoint, data, {"lane": "reply"})
        await asyncio.wait_for(request, 5)
    assert limiter._bulk_next > 1000  # the reply's new message took the slot: bulk yields


class VirtualTime:
    """A clock that moves only when every task waits: concurrent senders, no real waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = 0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        self._order += 1  # equal times wake in the order they slept: the same every run
        heapq.heappush(self._timers, (self.now + max(seconds, 0.0), self._order, future))
        await future

    async def run(self, *coroutines: Any) -> None:
        tasks = [asyncio.create_task(c) for c in coroutines]
        while not all(task.done() for task in tasks):
            for _ in range(20):  # let every task that can run get to its next wait
                await asyncio.sleep(0)
            if self._timers:
                at, _, future = heapq.heappop(self._timers)
                self.now = max(self.now, at)
                future.set_result(None)
        await asyncio.gather(*tasks)


async def test_a_message_held_up_after_its_slot_holds_back_the_one_a_second_later():
    """Counted when it went on the wire: never 31 in one second of a sliding window, although
    one request stalled between its slot and the wire while the next ones came on schedule."""
    t = VirtualTime()
    limiter = LanedRateLimiter(clock=t.clock, sleep=t.sleep)
    queue = list(range(1, 121))
    went: list[float] = []

    async def callback(*args: Any, **kwargs: Any) -> bool:
        if kwargs["chat"] % 20 == 0:  # its journal fsync stalled for 80 ms after its slot
            await t.sleep(0.08)
        departed = DEPARTURE.get()
        assert departed is not None
        departed()
        went.append(t.now)
        await t.sleep(0.08)  # the round trip
        return True

    async def worker() -> None:
        while queue:
            chat = queue.pop(0)
            data = {"chat_id": chat}
            await limiter.process_request(callback, (), {"chat": chat}, "sendMessage", data, None)

    await t.run(*(worker() for _ in range(12)))
    assert len(went) == 120
    most = max(sum(1 for x in went if start <= x < start + 1.0) for start in went)
    assert most <= 30


class SteppingTime:
    """One sender at a time: a sleep moves the clock on at once."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)


async def _last_send(recipients: int, blocked_every: int) -> tuple[int, float]:
    """Send to ``recipients`` with 12 workers, a round trip each; how many were delivered and
    when the last of them went."""
    t = VirtualTime()
    limiter = LanedRateLimiter(clock=t.clock, sleep=t.sleep)
    queue = list(range(1, recipients + 1))
    went: list[float] = []

    async def callback(*args: Any, **kwargs: Any) -> bool:
        await t.sleep(0.08)  # the round trip
        if kwargs["chat"] % blocked_every == 0:
            raise Forbidden("Forbidden: bot was blocked by the user")
        went.append(t.now - 0.08)
        return True

    async def worker() -> None:
        while queue:
            chat = queue.pop(0)
            data = {"chat_id": chat}
            with contextlib.suppress(Forbidden):
                await limiter.process_request(
                    callback, (), {"chat": chat}, "sendMessage", data, None
                )

    await t.run(*(worker() for _ in range(12)))
    return len(went), max(went)


async def test_a_refused_message_gives_its_whole_slot_back():
    """403s (blocked users; Telegram answers one round trip later) cost the others no time:
    190 delivered among 200 with 5 % blocked go out as fast as 190 with nobody blocked."""
    sent, with_blocked = await _last_send(200, blocked_every=20)
    alone, without = await _last_send(190, blocked_every=10**9)
    assert sent == alone == 190
    assert with_blocked <= without + 1.2 / 29  # about one interval later at most


async def test_a_reply_waits_for_its_own_chat_after_a_short_burst():
    """Telegram's per-chat limit: a short burst, then about one a second, in the reply lane
    too: a fourth message to one chat within three seconds would draw a 429."""
    t = SteppingTime()
    limiter = LanedRateLimiter(clock=t.clock, sleep=t.sleep)
    went: list[float] = []

    async def callback(*args: Any, **kwargs: Any) -> bool:
        went.append(t.now)
        return True

    data = {"chat_id": TAPPER, "text": "x", "message_id": 1}
    for endpoint in ("sendMessage", "editMessageText", "sendMessage", "editMessageText"):
        await limiter.process_request(callback, (), {}, endpoint, data, {"lane": "reply"})
    assert went[:3] == [0.0, 0.0, 0.0]  # the burst goes at once
    assert went[3] >= 3.0  # the fourth when the first has left Telegram's three seconds


async def test_replies_over_the_budget_hold_bulk_back_one_window_at_most():
    """Sixty replies a second for ten seconds (a busy workshop): once they calm down, a
    broadcast goes out within about a second, not after the ten seconds they ran over."""
    t = SteppingTime()
    limiter = LanedRateLimiter(clock=t.clock, sleep=t.sleep)

    async def callback(*args: Any, **kwargs: Any) -> bool:
        return True

    for n in range(600):
        t.now = n / 60
        data = {"chat_id": 5000 + n, "text": "x"}
        await limiter.process_request(callback, (), {}, "sendMessage", data, {"lane": "reply"})
    calm = t.now
    data = {"chat_id": RECIPIENTS[0], "text": "Herinnering"}
    await limiter.process_request(callback, (), {}, "sendMessage", data, {"lane": "bulk"})
    assert t.now - calm <= 1.1
