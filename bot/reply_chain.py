"""One user's replies go out in order, without holding the user's lock.

The lock (:class:`bot.context.UserLocks`) guards a user's stored document: it is held from
loading to saving, and released as soon as the answer is on disk and its reply is queued here.
A slow Bot API answer then delays only that reply, never the next tap's save. Replies of one
user are still sent in order: each waits for the one before it. A reply that timed out is not
an error the user needs to hear about (it may well have arrived): it is logged, no apology.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

from telegram import CallbackQuery
from telegram.error import BadRequest, TimedOut

from bot.context import Context

log = logging.getLogger(__name__)


def queue_reply(context: Context, user_id: int, reply: Awaitable[object]) -> asyncio.Task[None]:
    """Send ``reply`` after the user's earlier replies; the task to await (outside the lock)."""
    replies = context.bot_data.replies
    previous = replies.get(user_id)

    async def run() -> None:
        if previous is not None:
            await asyncio.wait({previous})  # its errors are its own handler's to report
        try:
            await reply
        except TimedOut:
            log.info("a reply to user %s timed out; it may have arrived: not resent", user_id)

    task = asyncio.create_task(run())
    replies[user_id] = task

    def forget(done: asyncio.Task[None]) -> None:
        if replies.get(user_id) is done:
            del replies[user_id]

    task.add_done_callback(forget)
    return task


async def acknowledge(query: CallbackQuery, notice: str | None = None) -> None:
    """Answer a tap; one answered already (a replay after a crash) or too old to answer is
    not an error: the screen is what the user looks at."""
    try:
        await query.answer(notice)
    except BadRequest as exc:
        if "query is too old" not in str(exc).lower():
            raise
        log.debug("tap %s not answered: %s", query.id, exc)
