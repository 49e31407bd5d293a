"""Telegram's flood limits as the bench fake enforces them (token buckets, 429 + retry_after).

Telegram documents them loosely: "avoid sending more than one message per second per chat; short
bursts are allowed" and "bulk notifications: not more than about 30 messages per second". The
fake models both as token buckets -- the same shape as PTB's ``AIORateLimiter`` (aiolimiter), so
a client that paces itself correctly never sees a 429:

* across chats: ``global_rate`` messages per second, bursts of up to ``global_rate``;
* per chat: ``per_chat_rate`` per second, bursts of up to ``per_chat_burst``.

New messages (sendMessage, sendDocument, ...) count against both. Edits count against the chat's
bucket, and against the global one only with ``count_edits_globally`` (edits in reply to a
user's tap are not bulk notifications; see bench/README.md). Everything else
(answerCallbackQuery, getUpdates, ...) is free.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

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
class FloodLimits:
    """Decides per call whether Telegram would answer 429, and with which retry_after."""

    global_rate: float = 30.0
    per_chat_rate: float = 1.0
    per_chat_burst: float = 3.0
    count_edits_globally: bool = False
    enabled: bool = True
    _global: _Bucket | None = None
    _chats: dict[int, _Bucket] = field(default_factory=dict)

    def check(self, method: str, chat_id: int | None, now: float) -> int | None:
        """None when the call may pass (its tokens are taken); else retry_after in seconds."""
        counts_chat = method in MESSAGE_METHODS or method in EDIT_METHODS
        if not self.enabled or chat_id is None or not counts_chat:
            return None
        counts_global = method in MESSAGE_METHODS or self.count_edits_globally
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
