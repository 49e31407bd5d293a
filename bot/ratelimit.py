"""How the bot talks to Telegram under load: a rate limiter with two lanes, and the pool.

Telegram allows about 30 new messages a second across chats ("bulk notifications") and about
one a second per chat ("short bursts are allowed"), and answers more with 429 and
``retry_after``. PTB's ``AIORateLimiter`` holds *every* request while any 429 is waited out
(its docs say so; PTB #3765, #4003, #5338): one 429 during a broadcast stalled every user's
reply by a second or more. So:

**The lane rule.** A request is in the *reply lane* when it goes to the chat whose update is
being handled right now: :class:`LaneUpdateProcessor` puts that chat in :data:`REPLY_CHAT`
while PTB processes the update (handlers, and tasks they start, inherit it). Everything else
is *bulk*: broadcasts, JobQueue reminders, schedules, sends to other chats from a handler.
A broadcast task is started in a fresh context (``bot.broadcasting.tasks``), so it is bulk even
when a staff member's tap started it. No feature has to choose; ``rate_limit_args={"lane":
"bulk"|"reply"}`` on a call overrides the rule.

* **Reply lane**: never waits for bulk. It waits only for its own chat: a 429 Telegram gave
  for that chat, or a chat that had ``chat_burst`` messages and edits in the last
  ``chat_burst / per_chat`` seconds (a short burst, then about one a second: cheaper than
  the 429 it would draw). A reply that is a new message still counts against the overall
  limit, so bulk yields, but for one window (a second) at most: however long replies ran
  over the budget, the window that counts what really went out is clear a second after
  they calm down (uncapped, an hour of busy chats would hold a broadcast back for minutes).
* **Bulk lane**: paced a little under the limit (``pace`` x 30/s, evenly spaced) and never
  more than 30 messages in any ``1 + margin`` seconds, counted at the instant each request
  went on the wire (the request layer calls :data:`DEPARTURE`; :mod:`bot.broadcasting.wire`):
  a request held up after its slot (an fsync, a busy loop) would otherwise make 31 in one
  second of a sliding window with the ones that followed on time. At most ``per_chat`` a
  second per chat. A message Telegram refused (403 blocked, 400 chat not found, 429) does
  not count and gives its slot back: nothing was sent.
* **A 429**: when the chat had other recent messages, Telegram's per-chat limit was hit: that
  chat pauses for ``retry_after``. Otherwise the overall limit was hit: the bulk lane pauses
  for ``retry_after`` (and, at a second one within ``recover_after`` seconds, slows down by
  10 %, recovering after ``recover_after`` quiet seconds); replies keep going. The request
  is retried up to ``max_retries`` times, then RetryAfter is raised to the caller.

Only sends and edits to a chat are limited; everything else (getUpdates, answerCallbackQuery,
getMe, ...) passes straight through.
"""

from __future__ import annotations

import asyncio
import functools
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import BaseRateLimiter, SimpleUpdateProcessor

# httpcore walks every pooled connection on each request; PTB's default of 256 connections
# made that walk cost more CPU than the handlers themselves. 32 connections carry ~400
# requests/s at an 80 ms round trip, more than two cores can produce; a request waits up to
# POOL_TIMEOUT seconds for a free connection instead of PTB's 1 s before it fails.
POOL_SIZE = 32
POOL_TIMEOUT = 10.0

REPLY_CHAT: ContextVar[int | str | None] = ContextVar("regiescan_reply_chat", default=None)
# Set by the limiter around a limited request: the request layer calls it at the instant the
# request goes on the wire, so the limiter counts the message then, not when its slot came.
DEPARTURE: ContextVar[Callable[[], None] | None] = ContextVar("regiescan_departure", default=None)

MESSAGE_ENDPOINTS = frozenset(
    {"sendMessage", "sendDocument", "sendPhoto", "sendMediaGroup", "sendVideo", "sendAudio",
     "sendVoice", "sendAnimation", "sendSticker", "sendLocation", "sendContact", "sendPoll",
     "copyMessage", "forwardMessage"}
)  # fmt: skip
EDIT_ENDPOINTS = frozenset(
    {"editMessageText", "editMessageReplyMarkup", "editMessageCaption", "editMessageMedia"}
)
REPLY, BULK = "reply", "bulk"

Result = bool | dict[str, Any] | list[dict[str, Any]]


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class _Stamp:
    """One message counted against a limit: when it went (or, until then, its slot)."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


class Window:
    """At most ``limit`` messages in any ``seconds`` (a sliding window), by their stamps."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self.stamps: list[_Stamp] = []

    def free_at(self, now: float) -> float:
        """The first instant from ``now`` on when one more message fits."""
        self.stamps = [s for s in self.stamps if s.at > now - self.seconds]
        if len(self.stamps) < self.limit:
            return now
        times = sorted(s.at for s in self.stamps)
        return times[len(times) - self.limit] + self.seconds

    def take(self, now: float) -> _Stamp:
        stamp = _Stamp(now)
        self.stamps.append(stamp)
        return stamp

    def give_back(self, stamp: _Stamp) -> None:
        self.stamps = [s for s in self.stamps if s is not stamp]


class LaneUpdateProcessor(SimpleUpdateProcessor):
    """PTB's concurrent update processing, with the update's chat as :data:`REPLY_CHAT`."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat: int | None = None
        if isinstance(update, Update):
            if update.effective_chat is not None:
                chat = update.effective_chat.id
            elif update.effective_user is not None:
                chat = update.effective_user.id
        token = REPLY_CHAT.set(chat)
        try:
            await coroutine
        finally:
            REPLY_CHAT.reset(token)


class LanedRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """Two lanes over Telegram's limits (see the module docstring for the rule)."""

    def __init__(
        self,
        *,
        overall: float = 30.0,
        pace: float = 0.97,
        margin: float = 0.05,  # seconds added to the one-second window (jitter on the way)
        per_chat: float = 0.9,  # bulk, a little under the documented 1/s
        chat_burst: int = 3,  # any lane: at most this many in chat_burst / per_chat seconds
        max_retries: int = 3,
        recover_after: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.base_rate = overall * pace
        self.rate = self.base_rate  # bulk messages per second now (slower after a 429)
        self.per_chat = per_chat
        self.chat_burst = chat_burst
        self.max_retries = max_retries
        self.recover_after = recover_after
        self.clock, self.sleep = clock, sleep
        self.bulk_paused_until = 0.0
        self._bulk_next = 0.0  # the next free slot of the overall budget
        self._window = Window(max(1, int(overall)), 1.0 + margin)  # when messages went out
        self._last_429 = -1e9
        self._chat_next: dict[int | str, float] = {}  # bulk: next free slot per chat
        self._chat_paused: dict[int | str, float] = {}  # a 429 for this chat: until then
        self._chats: dict[int | str, Window] = {}  # messages and edits per chat, any lane

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def lane_for(self, chat: int | str, rate_limit_args: dict[str, Any] | None) -> str:
        lane = (rate_limit_args or {}).get("lane")
        if lane in (REPLY, BULK):
            return str(lane)
        return REPLY if chat == REPLY_CHAT.get() else BULK

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> Result:
        chat = data.get("chat_id")
        overall = endpoint in MESSAGE_ENDPOINTS
        if not isinstance(chat, int | str) or not (overall or endpoint in EDIT_ENDPOINTS):
            return await callback(*args, **kwargs)
        lane = self.lane_for(chat, rate_limit_args)
        attempt = 0
        while True:
            stamps = await self._turn(lane, chat, overall)
            token = DEPARTURE.set(functools.partial(self._departed, stamps))
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as exc:
                self._on_429(lane, chat, retry_after_seconds(exc))
                self._refused(chat, stamps, overall)
                attempt += 1
                if attempt > self.max_retries:
                    raise
                continue
            except (Forbidden, BadRequest):  # refused (blocked, chat gone): nothing went out
                self._refused(chat, stamps, overall)
                raise
            finally:
                DEPARTURE.reset(token)
            if lane == BULK and overall:
                self._recover()
            return result

    # --- pacing ----------------------------------------------------------------------------
    async def _turn(self, lane: str, chat: int | str, overall: bool) -> list[_Stamp]:
        """Wait until this request may go, then take its slots; its stamps."""
        window = self._chats.get(chat)
        if window is None:
            window = self._chats[chat] = Window(self.chat_burst, self.chat_burst / self.per_chat)
        while True:
            now = self.clock()
            at = max(self._chat_paused.get(chat, 0.0), window.free_at(now))
            if lane == BULK:
                at = max(at, self.bulk_paused_until, self._chat_next.get(chat, 0.0))
                if overall:
                    at = max(at, self._bulk_next, self._window.free_at(now))
            if at <= now:
                break
            await self.sleep(at - now)
        window = self._chats.setdefault(chat, window)  # (pruned meanwhile: kept again)
        stamps = [window.take(now)]
        if overall:  # a reply takes the slot too, so bulk leaves room for it
            # On schedule: a request woken a little late does not push every later one back
            # (that drift cost 5 % of the pace), and a slot given back is not lost; after an
            # idle spell the schedule restarts. Catching up never makes a burst that a
            # sliding window would count: the window above counts when messages really went.
            after = max(self._bulk_next, now - 1 / self.rate) + 1 / self.rate
            if lane == REPLY:  # more replies than the budget hold bulk back one window at most
                after = min(after, now + max(self._window.seconds, 1 / self.rate))
            self._bulk_next = after
            stamps.append(self._window.take(now))
        self._chat_next[chat] = max(self._chat_next.get(chat, 0.0), now) + 1 / self.per_chat
        if len(self._chats) > 4096:
            self._prune(now)
        return stamps

    def _departed(self, stamps: list[_Stamp]) -> None:
        """The request is going on the wire now: count it from this instant."""
        now = self.clock()
        for stamp in stamps:
            stamp.at = max(stamp.at, now)

    def _refused(self, chat: int | str, stamps: list[_Stamp], overall: bool) -> None:
        """Telegram refused the message (nothing was sent): its stamps and slot come back."""
        window = self._chats.get(chat)
        if window is not None:
            window.give_back(stamps[0])
        if overall:
            self._window.give_back(stamps[1])
            self._bulk_next -= 1 / self.rate

    def _on_429(self, lane: str, chat: int | str, retry_after: float) -> None:
        now = self.clock()
        until = now + retry_after
        self._chat_paused[chat] = max(self._chat_paused.get(chat, 0.0), until)
        window = self._chats.get(chat)
        if window is not None and len(window.stamps) >= 2:
            return  # this chat had several messages just now: its own limit
        self.bulk_paused_until = max(self.bulk_paused_until, until)
        if lane == BULK and now - self._last_429 < self.recover_after:  # again: slow down
            self.rate = max(self.base_rate / 2, self.rate * 0.9)
        self._last_429 = now

    def _recover(self) -> None:
        if self.rate < self.base_rate and self.clock() - self._last_429 > self.recover_after:
            self.rate = min(self.base_rate, self.rate * 1.05)
            self._last_429 = self.clock() - self.recover_after / 2  # step up gradually

    def _prune(self, now: float) -> None:
        for chat, window in list(self._chats.items()):
            window.free_at(now)  # drops the stamps older than its window
            if not window.stamps:
                del self._chats[chat]
        self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        self._chat_paused = {c: t for c, t in self._chat_paused.items() if t > now}
