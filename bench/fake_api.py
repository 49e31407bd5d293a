"""The bench's Bot API fake: the tests' fake's big brother, on asyncio, on 127.0.0.1 only.

It parses requests with the tests' helpers (``tests.helpers.fake_bot_api_server.parse_body``,
``tests.helpers.fake_request.split_bot_url``), but keeps no message store and validates little:
it has to answer hundreds of concurrent connections from one core without becoming the
bottleneck. What it adds:

* a round-trip time per call (default 80 ms): every answer is sent ``rtt`` after the request
  arrived (for a waiting long poll: after the update became available);
* Telegram's flood limits (``bench.flood_limits``): 429 with ``parameters.retry_after``;
* blocked chats (403) for broadcasts;
* timing: when each update became available, and when the bot's first visible reply for that
  chat (sendMessage / editMessageText) arrived -- the press-to-visible-reply latency.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from bench.flood_limits import FloodLimits
from bench.http_server import HttpServer, Request
from tests.helpers.fake_bot_api_server import parse_body
from tests.helpers.fake_request import split_bot_url

VISIBLE = frozenset({"sendMessage", "editMessageText", "sendDocument", "sendPhoto"})
BOT_ID = 123
BLOCKED = "Forbidden: bot was blocked by the user"


@dataclass
class CallRecord:
    t: float  # arrival, time.perf_counter()
    method: str
    chat_id: int | None
    status: int
    text: str | None = None
    markup: Any = None  # the inline keyboard sent or edited in (parsed JSON)
    message_id: int | None = None


@dataclass
class Stats:
    """What happened since the last reset: calls, and the latency per pressed chat."""

    calls: list[CallRecord] = field(default_factory=list)
    pushed_at: dict[int, float] = field(default_factory=dict)  # chat -> update available
    visible_at: dict[int, float] = field(default_factory=dict)  # chat -> first visible reply
    first_call: dict[int, str] = field(default_factory=dict)  # chat -> first method for it
    query_chat: dict[str, int] = field(default_factory=dict)  # callback query id -> chat

    def latencies(self) -> dict[int, float]:
        return {
            c: self.visible_at[c] - t for c, t in self.pushed_at.items() if c in self.visible_at
        }

    def to_chat(self, chat: int, method: str | None = None) -> list[CallRecord]:
        return [c for c in self.calls if c.chat_id == chat and method in (None, c.method)]

    def count(self, method: str | None = None, status: int | None = None) -> int:
        return sum(
            1
            for c in self.calls
            if (method is None or c.method == method) and (status is None or c.status == status)
        )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        with contextlib.suppress(ValueError):
            return json.loads(value)
    return value


class BenchBotAPI:
    """Bot API state for one bot at a time: an update queue, limits, blocked chats, stats."""

    def __init__(self, *, rtt: float = 0.08, limits: FloodLimits | None = None) -> None:
        self.rtt = rtt
        self.limits = limits if limits is not None else FloodLimits()
        self.blocked: set[int] = set()
        self.stats = Stats()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(10_000)
        self._arrived = asyncio.Event()
        self._closing = False
        self.polls_waiting = 0

    # -- driver side ------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget updates, calls, limits and blocks (between bots; update ids keep rising)."""
        self._updates.clear()
        self.stats = Stats()
        self.limits.reset()
        self.blocked.clear()

    def push(self, updates: list[dict[str, Any]]) -> float:
        """Make updates available to getUpdates at once; returns that instant."""
        now = time.perf_counter()
        for update in updates:
            update["update_id"] = next(self._update_ids)
            chat = _chat_of(update)
            if chat is not None:
                self.stats.pushed_at[chat] = now
                self.stats.visible_at.pop(chat, None)
                self.stats.first_call.pop(chat, None)
            query = update.get("callback_query")
            if query and chat is not None:
                self.stats.query_chat[str(query["id"])] = chat
            self._updates.append(update)
        self._arrived.set()
        return now

    def close(self) -> None:
        """Wake every waiting long poll (at shutdown)."""
        self._closing = True
        self._arrived.set()

    def pending(self) -> int:
        return len(self._updates)

    def new_message_id(self) -> int:
        return next(self._message_ids)

    # -- the HTTP side ----------------------------------------------------------------------

    async def serve(self, request: Request) -> tuple[int, bytes]:
        arrival = time.perf_counter()
        target = split_bot_url(request.path)
        if target is None:
            return 404, b'{"ok":false,"error_code":404,"description":"Not Found"}'
        method = target[1]
        try:
            params, _files = parse_body(request.content_type, request.body)
        except ValueError as exc:
            return 400, _error(400, f"Bad Request: {exc}")
        params = {**request.query, **params}
        if method == "getUpdates":
            status, body = await self._get_updates(params)
        else:
            status, body = self._call(method, params, arrival)
        await asyncio.sleep(self.rtt)
        return status, body

    def _call(self, method: str, params: dict[str, Any], now: float) -> tuple[int, bytes]:
        chat_id = _int(params.get("chat_id"))
        if method == "answerCallbackQuery":
            chat_id = self.stats.query_chat.get(str(params.get("callback_query_id")))
        text = params.get("text") if isinstance(params.get("text"), str) else None
        status, body, message_id = self._answer(method, params, chat_id, now)
        markup = _json(params["reply_markup"]) if params.get("reply_markup") else None
        record = CallRecord(now, method, chat_id, status, text, markup, message_id)
        self.stats.calls.append(record)
        if chat_id is not None:
            self.stats.first_call.setdefault(chat_id, method)
            if status == 200 and method in VISIBLE and chat_id in self.stats.pushed_at:
                self.stats.visible_at.setdefault(chat_id, now)
        return status, body

    def _answer(
        self, method: str, params: dict[str, Any], chat_id: int | None, now: float
    ) -> tuple[int, bytes, int | None]:
        if chat_id is not None and chat_id in self.blocked and method != "answerCallbackQuery":
            return 403, _error(403, BLOCKED), None
        retry_after = self.limits.check(method, chat_id, now)
        if retry_after is not None:
            description = f"Too Many Requests: retry after {retry_after}"
            return 429, _error(429, description, {"retry_after": retry_after}), None
        if method == "getMe":
            return 200, _ok(_bot_user()), None
        if method in VISIBLE or method in ("editMessageReplyMarkup", "editMessageCaption"):
            message = self._message(method, params, chat_id)
            return 200, _ok(message), message["message_id"]
        if method == "getMyCommands":
            return 200, _ok([]), None
        return 200, _ok(True), None

    def _message(self, method: str, params: dict[str, Any], chat_id: int | None) -> dict[str, Any]:
        now = int(time.time())
        message_id = _int(params.get("message_id")) or self.new_message_id()
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": now,
            "chat": {"id": chat_id or 0, "type": "private", "first_name": f"User {chat_id}"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bench", "username": "bench_bot"},
        }
        if method.startswith("edit"):
            message["edit_date"] = now
        if isinstance(params.get("text"), str):
            message["text"] = params["text"]
        if params.get("reply_markup"):
            message["reply_markup"] = _json(params["reply_markup"])
        if method == "sendDocument":
            message["document"] = {
                "file_id": f"doc{message_id}",
                "file_unique_id": f"u{message_id}",
            }
        return message

    async def _get_updates(self, params: dict[str, Any]) -> tuple[int, bytes]:
        offset = _int(params.get("offset"))
        limit = min(max(_int(params.get("limit")) or 100, 1), 100)
        timeout = float(_int(params.get("timeout")) or 0)
        if offset is not None and offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.perf_counter() + timeout
        self.polls_waiting += 1
        try:
            while not self._updates and not self._closing:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    break
                self._arrived.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._arrived.wait(), remaining)
        finally:
            self.polls_waiting -= 1
        now = time.perf_counter()
        self.stats.calls.append(CallRecord(now, "getUpdates", None, 200))
        return 200, _ok(self._updates[:limit])


def _chat_of(update: dict[str, Any]) -> int | None:
    for key in ("message", "edited_message"):
        if key in update:
            return int(update[key]["chat"]["id"])
    query = update.get("callback_query")
    if query:
        return (
            int(query["message"]["chat"]["id"]) if "message" in query else int(query["from"]["id"])
        )
    return None


def _bot_user() -> dict[str, Any]:
    return {
        "id": BOT_ID,
        "is_bot": True,
        "first_name": "Bench",
        "username": "bench_bot",
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def _ok(result: Any) -> bytes:
    return json.dumps({"ok": True, "result": result}, ensure_ascii=False).encode("utf-8")


def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> bytes:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return json.dumps(body).encode("utf-8")


class BenchServer:
    """``BenchBotAPI`` served on http://127.0.0.1:<ephemeral port> inside the running loop."""

    def __init__(self, api: BenchBotAPI) -> None:
        self.api = api
        self._http = HttpServer(api.serve)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._http.port}/bot"

    async def __aenter__(self) -> BenchServer:
        await self._http.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.api.close()
        await self._http.stop()
