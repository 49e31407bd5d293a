"""Telegram's flood limits as the bench fake enforces them (429 + retry_after), two models.

Telegram documents them loosely: "avoid sending more than one message per second per chat; short
bursts are allowed" and "bulk notifications: not more than about 30 messages per second", and
does not say how it counts. So the fake has two models, and a client should do well under both:

* ``token_bucket`` (the default): the same shape as PTB's ``AIORateLimiter`` (aiolimiter).
  Across chats ``global_rate`` messages per second, bursts of up to ``global_rate``; per chat
  ``per_chat_rate`` per second, bursts of up to ``per_chat_burst``.
* ``sliding_window``: at most ``global_rate`` messages in any one second across chats, and at
  most ``per_chat_burst`` in any ``per_chat_burst / per_chat_rate`` seconds per chat. Stricter
  about bursts after a pause: a client that sends a full second's worth at once and then
  paces at the rate is refused, where the bucket would have let it pass.

New messages (sendMessage, sendDocument, ...) count against both. Edits count against the chat's
bucket, and against the global one only with ``count_edits_globally`` (edits in reply to a
user's tap are not bulk notifications; see bench/README.md). Everything else
(answerCallbackQuery, getUpdates, ...) is free.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

MODELS = ("token_bucket", "sliding_window")

MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendMediaGroup",
        "sendVideo",
        "sendAudio",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendPoll",
        "copyMessage",
        "forwardMessage",
    }
)
EDIT_METHODS = frozenset(
    {"editMessageText", "editMessageReplyMarkup", "editMessageCaption", "editMessageMedia"}
)


@dataclass
class _Bucket:
    rate: float
    capacity: float
    tokens: float
    at: float

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now

    def wait(self) -> float:
        """Seconds until one token is there (0 when one is there now)."""
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


@dataclass
class _Window:
    limit: int
    seconds: float
    times: deque[float] = field(default_factory=deque)

    def wait(self, now: float) -> float:
        while self.times and now - self.times[0] >= self.seconds:
            self.times.popleft()
        return 0.0 if len(self.times) < self.limit else self.times[0] + self.seconds - now

    def take(self, now: float) -> None:
        self.times.append(now)


@dataclass
class FloodLimits:
    """Decides per call whether Telegram would answer 429, and with which retry_after."""

    global_rate: float = 30.0
    per_chat_rate: float = 1.0
    per_chat_burst: float = 3.0
    count_edits_globally: bool = False
    enabled: bool = True
    model: str = "token_bucket"
    _global: _Bucket | None = None
    _chats: dict[int, _Bucket] = field(default_factory=dict)
    _global_window: _Window | None = None
    _chat_windows: dict[int, _Window] = field(default_factory=dict)

    def check(self, method: str, chat_id: int | None, now: float) -> int | None:
        """None when the call may pass (its tokens are taken); else retry_after in seconds."""
        counts_chat = method in MESSAGE_METHODS or method in EDIT_METHODS
        if not self.enabled or chat_id is None or not counts_chat:
            return None
        counts_global = method in MESSAGE_METHODS or self.count_edits_globally
        if self.model == "sliding_window":
            return self._check_windows(chat_id, counts_global, now)
        buckets = [self._chat(chat_id, now)]
        if counts_global:
            buckets.append(self._global_bucket(now))
        for bucket in buckets:
            bucket.refill(now)
        wait = max(bucket.wait() for bucket in buckets)
        if wait > 0:
            return max(1, math.ceil(wait))  # Telegram answers whole seconds
        for bucket in buckets:
            bucket.tokens -= 1
        return None

    def _check_windows(self, chat_id: int, counts_global: bool, now: float) -> int | None:
        windows = [self._chat_window(chat_id)]
        if counts_global:
            if self._global_window is None:
                self._global_window = _Window(int(self.global_rate), 1.0)
            windows.append(self._global_window)
        wait = max(window.wait(now) for window in windows)
        if wait > 0:
            return max(1, math.ceil(wait))
        for window in windows:
            window.take(now)
        return None

    def _chat_window(self, chat_id: int) -> _Window:
        window = self._chat_windows.get(chat_id)
        if window is None:
            burst = int(self.per_chat_burst)
            window = self._chat_windows[chat_id] = _Window(burst, burst / self.per_chat_rate)
        return window

    def _chat(self, chat_id: int, now: float) -> _Bucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            burst = self.per_chat_burst
            bucket = self._chats[chat_id] = _Bucket(self.per_chat_rate, burst, burst, now)
        return bucket

    def _global_bucket(self, now: float) -> _Bucket:
        if self._global is None:
            rate = self.global_rate
            self._global = _Bucket(rate, rate, rate, now)
        return self._global

    def reset(self) -> None:
        self._global = None
        self._chats.clear()
        self._global_window = None
        self._chat_windows.clear()
