"""How the bot talks to Telegram under load: a rate limiter with two lanes, and the pool.

Telegram allows about 30 new messages a second across chats ("bulk notifications") and about
one a second per chat, and answers more with 429 and ``retry_after``. PTB's ``AIORateLimiter``
holds *every* request while any 429 is waited out (its docs say so; PTB #3765, #4003, #5338):
one 429 during a broadcast stalled every user's reply by a second or more. So:

**The lane rule.** A request is in the *reply lane* when it goes to the chat whose update is
being handled right now: :class:`LaneUpdateProcessor` puts that chat in :data:`REPLY_CHAT`
while PTB processes the update (handlers, and tasks they start, inherit it). Everything else
is *bulk*: broadcasts, JobQueue reminders, schedules, sends to other chats from a handler.
A broadcast task is started in a fresh context (``bot.broadcasting.tasks``), so it is bulk even
when a staff member's tap started it. No feature has to choose; ``rate_limit_args={"lane":
"bulk"|"reply"}`` on a call overrides the rule.

* **Reply lane**: goes at once. It only waits for a 429 Telegram gave for *its own chat*.
  A reply that is a new message still spends a slot of the overall budget, so bulk yields.
* **Bulk lane**: paced a little under the limit (``pace`` x 30/s, evenly spaced, so it also
  fits a sliding one-second window) and at most ``per_chat`` a second per chat. A message
  Telegram refused (403 blocked, 400 chat not found) gives its slot back: nothing was sent.
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
        pace: float = 0.95,
        per_chat: float = 0.9,  # a little under the documented 1/s
        max_retries: int = 3,
        recover_after: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.base_rate = overall * pace
        self.rate = self.base_rate  # bulk messages per second now (slower after a 429)
        self.per_chat = per_chat
        self.max_retries = max_retries
        self.recover_after = recover_after
        self.clock, self.sleep = clock, sleep
        self.bulk_paused_until = 0.0
        self._bulk_next = 0.0  # the next free slot of the overall budget
        self._last_429 = -1e9
        self._chat_next: dict[int | str, float] = {}  # bulk: next free slot per chat
        self._chat_paused: dict[int | str, float] = {}  # a 429 for this chat: until then
        self._recent: dict[int | str, list[float]] = {}  # when messages went to each chat

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
            await self._turn(lane, chat, overall)
            try:
                result = await callback(*args, **kwargs)
            except RetryAfter as exc:
                self._on_429(lane, chat, retry_after_seconds(exc))
                attempt += 1
                if attempt > self.max_retries:
                    raise
                continue
            except (Forbidden, BadRequest):
                if overall:  # refused (blocked, chat gone): no message went out, slot back
                    self._bulk_next -= 1 / self.rate
                raise
            if lane == BULK and overall:
                self._recover()
            return result

    # --- pacing ----------------------------------------------------------------------------
    async def _turn(self, lane: str, chat: int | str, overall: bool) -> None:
        """Wait until this request may go, then take its slots."""
        while True:
            now = self.clock()
            at = self._chat_paused.get(chat, 0.0)
            if lane == BULK:
                at = max(at, self.bulk_paused_until, self._chat_next.get(chat, 0.0))
                if overall:
                    at = max(at, self._bulk_next)
            if at <= now:
                break
            await self.sleep(at - now)
        if overall:  # a reply takes the slot too, so bulk leaves room for it
            # On schedule: a request woken a little late does not push every later one back
            # (that drift cost 5 % of the pace); after an idle spell the schedule restarts.
            # It may catch up half an interval at most: never a burst, as a sliding window of
            # one second would count it (a whole interval drew 429s there, through the jitter
            # of the journal's fsync between the slot and the request leaving).
            self._bulk_next = max(self._bulk_next, now - 0.5 / self.rate) + 1 / self.rate
        self._chat_next[chat] = max(self._chat_next.get(chat, 0.0), now) + 1 / self.per_chat
        recent = [t for t in self._recent.get(chat, ()) if now - t < 3 / self.per_chat]
        self._recent[chat] = [*recent, now]
        if len(self._recent) > 4096:
            self._prune(now)

    def _on_429(self, lane: str, chat: int | str, retry_after: float) -> None:
        now = self.clock()
        until = now + retry_after
        self._chat_paused[chat] = max(self._chat_paused.get(chat, 0.0), until)
        if len(self._recent.get(chat, ())) >= 2:
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
        horizon = 3 / self.per_chat
        self._recent = {c: ts for c, ts in self._recent.items() if ts and now - ts[-1] < horizon}
        self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        self._chat_paused = {c: t for c, t in self._chat_paused.items() if t > now}
