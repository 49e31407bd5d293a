"""Sending one broadcast from its outbox: every recipient at most once, within Telegram's limits.

Testable without a chat: the caller injects ``send`` (one message to one user; raises PTB's
errors), ``prepare`` (the personal message, or a status when it must not be sent), the clock
and ``sleep``. Per recipient the outbox goes ``pending`` -> ``sending`` (stored *before* the
request) -> ``delivered`` / ``blocked`` / ``failed``, each change stored atomically at once.

* 429 ``RetryAfter``: everyone waits out ``retry_after`` (a shared gate), then the same message
  is tried again; PTB's ``AIORateLimiter`` keeps the pace (about 30/s overall, 1/s per chat).
* Network errors: retried with exponential backoff, a bounded number of times, then ``failed``.
* 403 ``Forbidden``: ``blocked``; ``on_blocked`` marks the user inactive, so the next broadcast
  skips them.
* A stop request: the workers finish the message under way and stop; the rest stays
  ``pending`` and is sent when the run is resumed. A task cancelled while a request is under
  way leaves that recipient ``sending``; a resumed run turns it into ``uncertain`` and does not
  send again (Telegram has no idempotent send: at most once is the only safe choice).
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from dialogs.regional.broadcast_document import counts
from dialogs.regional.delivery import (
    BLOCKED,
    DELIVERED,
    FAILED,
    OPEN_STATUSES,
    PENDING,
    SENDING,
    UNCERTAIN,
)
from storage.outbox import OutboxStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    text: str
    markup: InlineKeyboardMarkup | None = None


Prepared = Message | str  # a status (opted_out, inactive, moved, failed) means "do not send"
SendFn = Callable[[int, Message], Awaitable[Any]]
PrepareFn = Callable[[int], Awaitable[Prepared]]
ProgressFn = Callable[[Counter[str], bool], Awaitable[None]]
BlockedFn = Callable[[int], Awaitable[None]]


@dataclass(frozen=True)
class Policy:
    workers: int = 4  # concurrent sends; the rate limiter sets the actual pace
    network_retries: int = 4
    backoff: float = 1.0  # seconds before the first retry after a network error, then doubled
    max_backoff: float = 30.0
    rate_limited_retries: int = 10  # 429s for one message before it counts as failed
    progress_every: float = 3.0  # seconds between edits of the status message


class _Attempt:
    in_flight = False  # a request is under way: cancelling now leaves the outcome unknown


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class BroadcastRun:
    """One run over the open recipients of one stored broadcast."""

    def __init__(
        self,
        outbox: OutboxStore,
        broadcast_id: str,
        *,
        send: SendFn,
        prepare: PrepareFn,
        now: Callable[[], str],
        on_progress: ProgressFn | None = None,
        on_blocked: BlockedFn | None = None,
        policy: Policy | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.outbox = outbox
        self.broadcast_id = broadcast_id
        self.send = send
        self.prepare = prepare
        self.now = now
        self.on_progress = on_progress
        self.on_blocked = on_blocked
        self.policy = policy or Policy()
        self.sleep = sleep
        self.monotonic = monotonic
        self._doc: dict[str, Any] = {}
        self._stopping = False
        self._until = 0.0  # nobody sends before this monotonic moment (after a 429)
        self._changes = 0
        self._error: BaseException | None = None

    def request_stop(self) -> None:
        """Finish the messages under way, then stop (the rest stays pending)."""
        self._stopping = True

    @property
    def doc(self) -> dict[str, Any]:
        return self._doc

    async def run(self) -> Counter[str]:
        doc = self.outbox.load(self.broadcast_id)
        if doc is None:
            raise LookupError(f"no broadcast {self.broadcast_id}")
        self._doc = doc
        recipients = doc["recipients"]
        for uid, entry in recipients.items():  # under way when the process died
            if entry["status"] == SENDING:
                self._mark(uid, UNCERTAIN)
        queue = deque(uid for uid, entry in recipients.items() if entry["status"] == PENDING)
        ticker = asyncio.create_task(self._tick())
        try:
            workers = [self._worker(queue) for _ in range(max(1, self.policy.workers))]
            await asyncio.gather(*workers)
        finally:
            ticker.cancel()
        if self._error is not None:
            raise self._error
        found = counts(doc)
        done = not any(found[s] for s in OPEN_STATUSES)
        if done and doc.get("state") != "done":
            doc["state"], doc["finished"] = "done", self.now()
            self.outbox.save(doc)
        if self.on_progress is not None:
            await self.on_progress(found, done)
        return found

    async def _tick(self) -> None:
        """Report progress every few seconds, only when something changed."""
        seen = -1
        while True:
            await asyncio.sleep(self.policy.progress_every)
            if self._changes != seen and self.on_progress is not None:
                seen = self._changes
                try:
                    await self.on_progress(counts(self._doc), False)
                except Exception:
                    log.warning("could not show the progress of %s", self.broadcast_id)

    def _mark(self, uid: str, status: str) -> None:
        self._doc["recipients"][uid] = {"status": status, "at": self.now()}
        self.outbox.save(self._doc)
        self._changes += 1

    async def _worker(self, queue: deque[str]) -> None:
        while queue and not self._stopping:
            uid = queue.popleft()
            try:
                await self._deliver(uid)
            except Exception as exc:  # not a Telegram answer: stop, resume later
                self._stopping = True
                self._error = exc

    async def _deliver(self, uid: str) -> None:
        try:
            prepared = await self.prepare(int(uid))
        except Exception as exc:  # e.g. a damaged user file: this recipient only
            log.warning("cannot prepare the message for a recipient (%s)", type(exc).__name__)
            prepared = FAILED
        if isinstance(prepared, str):
            self._mark(uid, prepared)
            return
        self._mark(uid, SENDING)
        attempt = _Attempt()
        try:
            status = await self._attempts(int(uid), prepared, attempt)
        except asyncio.CancelledError:
            if not attempt.in_flight:
                self._mark(uid, PENDING)
            raise
        except Exception:
            self._mark(uid, PENDING)  # the request never got an answer from Telegram
            raise
        if status == BLOCKED and self.on_blocked is not None:
            try:
                await self.on_blocked(int(uid))
            except Exception:
                log.exception("could not mark user %s inactive", uid)
        self._mark(uid, status)

    async def _gate(self) -> None:
        while (wait := self._until - self.monotonic()) > 0:
            await self.sleep(wait)

    async def _attempts(self, uid: int, message: Message, attempt: _Attempt) -> str:
        network = limited = 0
        while True:
            await self._gate()
            attempt.in_flight = True
            try:
                await self.send(uid, message)
            except asyncio.CancelledError:
                raise
            except RetryAfter as exc:
                attempt.in_flight = False
                limited += 1
                if limited > self.policy.rate_limited_retries:
                    return FAILED
                wait = retry_after_seconds(exc)
                log.info("rate limited: waiting %.1f s", wait)
                self._until = max(self._until, self.monotonic() + wait)
            except Forbidden:
                attempt.in_flight = False
                return BLOCKED
            except BadRequest as exc:  # a NetworkError subclass, but final
                attempt.in_flight = False
                log.info("message to a recipient refused: %s", type(exc).__name__)
                return FAILED
            except NetworkError:
                attempt.in_flight = False
                network += 1
                if network > self.policy.network_retries:
                    return FAILED
                await self.sleep(
                    min(self.policy.backoff * 2 ** (network - 1), self.policy.max_backoff)
                )
            except TelegramError:
                attempt.in_flight = False
                return FAILED
            else:
                attempt.in_flight = False
                return DELIVERED
