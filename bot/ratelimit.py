"""How the bot talks to Telegram under load: the rate limiter and the connection pool.

Both were measured with ``python -m bench`` (bench/README.md): 500 coordinators tapping at once.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

# httpcore walks every pooled connection on each request; PTB's default of 256 connections
# made that walk cost more CPU than the handlers themselves. 32 connections carry ~400
# requests/s at an 80 ms round trip, more than two cores can produce; a request waits up to
# POOL_TIMEOUT seconds for a free connection instead of PTB's 1 s before it fails.
POOL_SIZE = 32
POOL_TIMEOUT = 10.0

# Replies to a user's own tap: not bulk notifications, so not held to the overall ~30/s budget
# (a 429 from Telegram is still waited out and retried).
REPLY_ENDPOINTS = frozenset(
    {"answerCallbackQuery", "editMessageText", "editMessageReplyMarkup", "editMessageCaption"}
)

Result = bool | dict[str, Any] | list[dict[str, Any]]


class RepliesFirstRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` whose overall limit applies to new messages, not to replies to taps.

    With the plain limiter every edit in answer to a button press queues behind the 30/s
    budget: 500 coordinators tapping at once waited up to 500 / 30 = 17 s for their screen.
    Broadcasts (sendMessage) keep the budget.
    """

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        if endpoint in REPLY_ENDPOINTS:
            # The limiter picks its buckets from `data` alone; the request itself is in `args`.
            data = {key: value for key, value in data.items() if key != "chat_id"}
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
