"""Sending one broadcast from its outbox: every recipient at most once, within Telegram's limits.

Testable without a chat: the caller injects ``send`` (one message to one user; raises PTB's
errors), ``prepare`` (the personal message, or a status when it must not be sent), the clock
and ``sleep``. Per recipient the outbox (:class:`~storage.outbox_journal.BroadcastJournal`) goes
``pending`` -> ``sending`` -> ``delivered`` / ``blocked`` / ``failed`` / ``uncertain``.
``sending`` is stored only for the instant the request is on the wire
(:mod:`bot.broadcasting.wire`: after the rate limiter's wait and after any 429 retry); a 429
or another answer from Telegram puts the recipient back to ``pending`` at once.

* 429 ``RetryAfter`` that reaches us (the rate limiter gave up, or there is none): this run's
  workers wait out ``retry_after``, then the same message is tried again.
* A failure before the request left (connection refused, no free connection) or an error
  answer (5xx): retried with exponential backoff, a bounded number of times, then ``failed``.
* A failure after the request may have reached Telegram (``TimedOut``, a connection lost after
  writing): ``uncertain``, never retried automatically -- Telegram has no idempotent send, and
  the message may well be on the recipient's screen. Staff see them in the report and may
  choose to resend (:meth:`bot.broadcasting.tasks.Broadcaster.resend_uncertain`).
* 403 ``Forbidden``: ``blocked``; ``on_blocked`` marks the user inactive, so the next broadcast
  skips them.
* A stop request: the workers finish the message under way and stop; the rest stays
  ``pending`` and is sent when the run is resumed. A process that dies while a request is on
  the wire leaves that recipient ``sending``; the resumed run turns it into ``uncertain``.
  So after a crash, uncertain <= the requests that were on the wire (at most ``workers``; the
  one send that may be between its durable mark and its first byte included).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.broadcasting.wire import WATCH, WireWatch, may_have_arrived
from bot.ratelimit import retry_after_seconds
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
from storage.outbox_journal import BroadcastJournal

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
    # Concurrent sends, and so the most requests a crash can leave uncertain. At the paced
    # ~29/s with an 80 ms round trip about 3 are on the wire at a time whatever the number
    # (bench scenario 3: mean 3.0, max 4-6 with 4, 6 or 12 workers, the same throughput);
    # 6 keep the pace up to a round trip of about 190 ms with two journal fsyncs per message.
    workers: int = 6
    network_retries: int = 4
    backoff: float = 1.0  # seconds before the first retry after a network error, then doubled
    max_backoff: float = 30.0
    rate_limited_retries: int = 10  # 429s for one message before it counts as failed
    progress_every: float = 3.0  # seconds between edits of the status message


class _Wire:
    """What the request layer told us about one attempt (see :mod:`bot.broadcasting.wire`)."""

    def __init__(self, journal: BroadcastJournal, uid: str, now: Callable[[], str]) -> None:
        self.on_wire = False  # the request was (being) written: it may arrive
        self.answer: int | None = None  # Telegram's HTTP status, once it answered
        self.unsent = False  # the last attempt certainly did not reach Telegram
        self._journal, self._uid, self._now = journal, uid, now

    def watch(self) -> WireWatch:
        async def on_wire() -> None:
            await self._journal.mark(self._uid, SENDING, self._now())
            self.on_wire, self.answer, self.unsent = True, None, False

        async def on_answer(code: int) -> None:
            self.answer = code
            if not 200 <= code <= 299:  # refused (429, 5xx, ...): nothing was delivered
                await off_wire()

        async def off_wire() -> None:
            was_on_wire, self.on_wire, self.unsent = self.on_wire, False, True
            if was_on_wire:  # else still pending on disk: nothing to write
                await self._journal.mark(self._uid, PENDING, None)

        return WireWatch(on_wire, on_answer, off_wire)


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
        self._journal: BroadcastJournal | None = None
        self._stopping = False
        self._until = 0.0  # nobody sends before this monotonic moment (after a 429)
        self._changes = 0
        self._error: BaseException | None = None

    def request_stop(self) -> None:
        """Finish the messages under way, then stop (the rest stays pending)."""
        self._stopping = True

    @property
    def journal(self) -> BroadcastJournal:
        if self._journal is None:
            journal = self.outbox.open(self.broadcast_id)
            if journal is None:
                raise LookupError(f"no broadcast {self.broadcast_id}")
            self._journal = journal
        return self._journal

    @property
    def doc(self) -> dict[str, Any]:
        return self.journal.doc

    async def run(self) -> Counter[str]:
        journal = self.journal
        recipients = journal.doc["recipients"]
        for uid in [u for u, e in recipients.items() if e["status"] == SENDING]:
            await self._mark(uid, UNCERTAIN)  # on the wire when the process died
        queue = deque(uid for uid, entry in recipients.items() if entry["status"] == PENDING)
        ticker = asyncio.create_task(self._tick())
        try:
            workers = [self._worker(queue) for _ in range(max(1, self.policy.workers))]
            await asyncio.gather(*workers)
        finally:
            ticker.cancel()
        if self._error is not None:
            raise self._error
        found = counts(journal.doc)
        done = not any(found[s] for s in OPEN_STATUSES)
        if done:
            if journal.doc.get("state") != "done":
                await journal.set(state="done", finished=self.now())
            await asyncio.to_thread(self.outbox.close, self.broadcast_id, compact=True)
        if self.on_progress is not None:
            await self.on_progress(found, done)
        return found

    async def _tick(self) -> None:
        """Report progress at once, then every few seconds when something changed."""
        seen = -1
        while True:
            if self._changes != seen and self.on_progress is not None:
                seen = self._changes
                try:
                    await self.on_progress(counts(self.doc), False)
                except Exception:
                    log.warning("could not show the progress of %s", self.broadcast_id)
            await asyncio.sleep(self.policy.progress_every)

    async def _mark(self, uid: str, status: str) -> None:
        await self.journal.mark(uid, status, self.now())
        self._changes += 1

    async def _worker(self, queue: deque[str]) -> None:
        while queue and not self._stopping:
            uid = queue.popleft()
            try:
                await self._deliver(uid)
            except Exception as exc:  # not a Telegram answer (e.g. the disk): stop, resume later
                self._stopping = True
                self._error = exc

    async def _deliver(self, uid: str) -> None:
        try:
            prepared = await self.prepare(int(uid))
        except Exception as exc:  # e.g. a damaged user file: this recipient only
            log.warning("cannot prepare the message for a recipient (%s)", type(exc).__name__)
            prepared = FAILED
        if isinstance(prepared, str):
            await self._mark(uid, prepared)
            return
        wire = _Wire(self.journal, uid, self.now)
        try:
            status = await self._attempts(int(uid), prepared, wire)
        except asyncio.CancelledError:
            if not wire.on_wire:
                await asyncio.shield(self._mark(uid, PENDING))
            raise
        except Exception:  # not Telegram's answer (the app is shutting down, the disk, ...)
            if not wire.on_wire:
                await self._mark(uid, PENDING)
            raise
        if status == BLOCKED and self.on_blocked is not None:
            try:
                await self.on_blocked(int(uid))
            except Exception:
                log.exception("could not mark user %s inactive", uid)
        await self._mark(uid, status)

    async def _gate(self) -> None:
        while (wait := self._until - self.monotonic()) > 0:
            await self.sleep(wait)

    async def _attempts(self, uid: int, message: Message, wire: _Wire) -> str:
        network = limited = 0
        while True:
            await self._gate()
            token = WATCH.set(wire.watch())
            try:
                await self.send(uid, message)
            except RetryAfter as exc:
                limited += 1
                if limited > self.policy.rate_limited_retries:
                    return FAILED
                wait = retry_after_seconds(exc)
                log.info("rate limited: waiting %.1f s", wait)
                self._until = max(self._until, self.monotonic() + wait)
            except Forbidden:
                return BLOCKED
            except BadRequest as exc:  # a NetworkError subclass, but final
                log.info("message to a recipient refused: %s", type(exc).__name__)
                return FAILED
            except NetworkError as exc:
                if isinstance(exc.__cause__, RuntimeError):  # our own request was shut down
                    raise  # (the bot is stopping): pending, and the run stops until restart
                if wire.answer is None and not wire.unsent and may_have_arrived(exc):
                    log.info("no answer to a message (%s): uncertain", type(exc).__name__)
                    return UNCERTAIN  # it may have arrived: never sent twice automatically
                if wire.on_wire:  # it certainly did not leave: pending while we wait
                    wire.on_wire = False
                    await self._mark(str(uid), PENDING)
                network += 1
                if network > self.policy.network_retries:
                    return FAILED
                await self.sleep(
                    min(self.policy.backoff * 2 ** (network - 1), self.policy.max_backoff)
                )
            except TelegramError:
                return FAILED
            else:
                return DELIVERED
            finally:
                WATCH.reset(token)
