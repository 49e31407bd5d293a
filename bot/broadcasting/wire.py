"""The instant a request is on the wire, and what a failure says about whether it arrived.

A broadcast must store "this recipient may have the message" (``sending``) before the request
can reach Telegram, and only then: a recipient still waiting for the rate limiter, or waiting
out a 429, has certainly not been sent anything and resumes as ``pending`` after a crash.
The one place that knows that instant is the request layer, below PTB's rate limiter and its
429 retries. :class:`WireRequest` wraps the bot's ``BaseRequest``: when the task sending has a
:class:`WireWatch` in :data:`WATCH` (the broadcast sets one around each send), it awaits
``on_wire`` right before the request's first byte is written (httpcore's ``trace``: after a
free pooled connection was found and connected), and ``on_answer`` with the HTTP status once
Telegram answered (a 429 or another error answer means: not delivered), or ``on_unsent``
when it failed before anything left (:func:`may_have_arrived`). It is also where the rate
limiter learns when a message really went (:data:`bot.ratelimit.DEPARTURE`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.ratelimit import DEPARTURE
from bot.wrapped_request import WrappedRequest


@dataclass(frozen=True)
class WireWatch:
    on_wire: Callable[[], Awaitable[None]]  # the request is about to be written
    on_answer: Callable[[int], Awaitable[None]]  # Telegram answered with this HTTP status
    on_unsent: Callable[[], Awaitable[None]]  # it failed before anything left


WATCH: ContextVar[WireWatch | None] = ContextVar("regiescan_wire_watch", default=None)

# httpx errors raised before any byte of the request left: it certainly did not arrive.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def may_have_arrived(exc: BaseException) -> bool:
    """True for a failure after the request may have reached Telegram (timeouts, a connection
    lost after writing); False when it certainly did not leave (connect/pool failures)."""
    if isinstance(exc, (RuntimeError, *_NOT_SENT)):  # e.g. the request object is shut down
        return False
    if not isinstance(exc, NetworkError):
        return True
    cause = exc.__cause__
    if isinstance(cause, _NOT_SENT):
        return False
    message = str(exc)
    if isinstance(exc, TimedOut):
        return not message.startswith("Pool timeout")
    return not message.startswith(("httpx.ConnectError", "httpx.ConnectTimeout"))


class _Attempt:
    """One request through :class:`WireRequest`: who to tell when its bytes start to go."""

    def __init__(
        self,
        watch: WireWatch | None,
        departed: Callable[[], None] | None,
        gate: asyncio.Lock,
    ) -> None:
        self.watch, self.departed, self.gate = watch, departed, gate
        self.gone = False  # its first byte is (being) written
        self._holding = False

    async def going(self) -> None:
        """Right before the first byte: the mark (durable on return), then the departure."""
        if self.gone:
            return
        self.gone = True
        if self.watch is not None:
            # One watched request at a time between its durable mark and its headers being
            # written: a kill finds at most one recipient marked whose bytes had not left.
            await self.gate.acquire()
            self._holding = True
            await self.watch.on_wire()
        if self.departed is not None:  # the rate limiter counts the message from now
            self.departed()

    def written(self) -> None:
        """The headers are out (or the attempt is over): the next one may mark."""
        if self._holding:
            self._holding = False
            self.gate.release()


_ATTEMPT: ContextVar[_Attempt | None] = ContextVar("regiescan_wire_attempt", default=None)
_HEADERS_GO = ("http11.send_request_headers.started", "http2.send_request_headers.started")
_HEADERS_OUT = ("http11.send_request_headers.complete", "http2.send_request_headers.complete")


async def _trace_request(request: httpx.Request) -> None:
    """httpx request hook: have httpcore say when the request's headers start to be written,
    after a pooled connection was free and connected (its ``trace`` extension)."""
    attempt = _ATTEMPT.get()
    if attempt is None:
        return

    async def trace(event: str, info: dict[str, Any]) -> None:
        if event in _HEADERS_GO:
            await attempt.going()
        elif event in _HEADERS_OUT:
            attempt.written()

    request.extensions["trace"] = trace


# For the HTTPXRequest that WireRequest wraps (``HTTPXRequest(httpx_kwargs=HTTPX_KWARGS)``).
HTTPX_KWARGS: dict[str, Any] = {"event_hooks": {"request": [_trace_request]}}


class WireRequest(WrappedRequest):
    """A ``BaseRequest`` that tells the sending task when its request goes out.

    ``traced``: the wrapped request is an ``HTTPXRequest`` built with :data:`HTTPX_KWARGS`, so
    the instant is the first byte of the request, after any wait for a free connection or a
    connect (a request stuck there has certainly not arrived, and is not marked). Otherwise
    (a test's request) the instant is when the request is handed on."""

    def __init__(self, inner: BaseRequest, *, traced: bool = False) -> None:
        super().__init__(inner)
        self.traced = traced
        self._gate: asyncio.Lock | None = None

    @property
    def gate(self) -> asyncio.Lock:
        if self._gate is None:  # made on the bot's loop, at its first send
            self._gate = asyncio.Lock()
        return self._gate

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        watch = WATCH.get()
        attempt = _Attempt(watch, DEPARTURE.get(), self.gate)
        token = _ATTEMPT.set(attempt)
        try:
            if not self.traced:
                await attempt.going()
                attempt.written()
            code, body = await super().do_request(
                url,
                method,
                request_data=request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        except Exception as exc:
            if watch is not None and (not attempt.gone or not may_have_arrived(exc)):
                await watch.on_unsent()  # no byte of it left
            raise
        finally:
            attempt.written()
            _ATTEMPT.reset(token)
        if watch is not None:
            await watch.on_answer(code)
        return code, body
