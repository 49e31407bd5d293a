"""The in-memory fake Telegram Bot API server: state, dispatch, fault injection, queries.

Transport-independent: :class:`FakeRequest` (in-process) and :class:`FakeBotAPIServer` (HTTP)
both call :meth:`FakeBotAPI.before_call` / :meth:`FakeBotAPI.before_call_async` (latency and
long polling) and then :meth:`FakeBotAPI.handle`. Thread-safe.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from telegram import Update

from tests.helpers.bot_api_spec import (
    BotAPIError,
    bad_request,
    canonical_method,
    decode_call,
)
from tests.helpers.fake_bot_api_faults import FaultInjection
from tests.helpers.fake_bot_api_menu import MenuButtons
from tests.helpers.fake_bot_api_models import (
    Call,
    InjectedNetworkError,
    StoredMessage,
    UploadedFile,
)
from tests.helpers.fake_bot_api_queue import UpdateQueue
from tests.helpers.fake_bot_api_store import ChatStore

_TOKEN = re.compile(r"(\d+):[\w-]+")
_U = TypeVar("_U", Update, dict[str, Any])
Handler = Callable[[dict[str, Any], dict[str, UploadedFile]], Any]


class FakeBotAPI(FaultInjection):
    """A strict, in-memory stand-in for api.telegram.org (Bot API 10.1).

    ``token``: if set, other well-formed tokens get 401 "Unauthorized" (malformed ones always
    get 404 "Not Found"). The bot's id is ``bot_id`` or the numeric part of the first token
    seen (``"123:ABC"`` -> 123). ``known_chats_only``: answer "chat not found" for chats not
    learnt from a pushed/tracked update. ``min_poll_wait``: real seconds an empty getUpdates
    waits even with timeout=0; ``max_poll_wait`` caps long polling (None: honour ``timeout``).
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_id: int | None = None,
        bot_username: str = "regiescan_test_bot",
        bot_first_name: str = "Regiescan Test",
        known_chats_only: bool = False,
        min_poll_wait: float = 0.05,
        max_poll_wait: float | None = None,
    ) -> None:
        self.token = token
        self._bot_id = bot_id
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.min_poll_wait = min_poll_wait
        self.max_poll_wait = max_poll_wait
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._closing = False
        self._calls: list[Call] = []
        self._init_faults()
        self.queue = UpdateQueue()
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._answered: set[str] = set()
        self.store = ChatStore(self.bot_sender, known_chats_only=known_chats_only)
        self.menus = MenuButtons()
        self._handlers: dict[str, Handler] = {
            "getMe": lambda p, f: self.bot_user(),
            "getUpdates": lambda p, f: self.queue.get_updates(p),
            "setWebhook": lambda p, f: self.queue.set_webhook(p),
            "deleteWebhook": lambda p, f: self.queue.delete_webhook(p),
            "getWebhookInfo": lambda p, f: self.queue.webhook_info(),
            "setMyCommands": lambda p, f: self._set_commands(p),
            "getMyCommands": lambda p, f: self._commands.get(_scope_key(p), []),
            "deleteMyCommands": lambda p, f: self._delete_commands(p),
            "sendMessage": lambda p, f: self.store.send_message(p),
            "editMessageText": lambda p, f: self.store.edit("editMessageText", p),
            "editMessageReplyMarkup": lambda p, f: self.store.edit("editMessageReplyMarkup", p),
            "answerCallbackQuery": lambda p, f: self._answer_callback(p),
            "sendDocument": lambda p, f: self.store.send_file("sendDocument", p, f),
            "sendPhoto": lambda p, f: self.store.send_file("sendPhoto", p, f),
            "sendChatAction": lambda p, f: bool(self.store.resolve_chat(p["chat_id"])),
            "editMessageCaption": lambda p, f: self.store.edit("editMessageCaption", p),
            "deleteMessage": lambda p, f: self.store.delete(p),
            "deleteMessages": lambda p, f: self.store.delete_many(p),
            "getChat": lambda p, f: self.store.get_chat(p),
            "setChatMenuButton": lambda p, f: self.menus.set(p),
            "getChatMenuButton": lambda p, f: self.menus.get(p),
        }

    # -- identity ---------------------------------------------------------------------------

    @property
    def bot_id(self) -> int:
        return self._bot_id if self._bot_id is not None else 123

    def bot_sender(self) -> dict[str, Any]:
        """The bot as the ``from`` of its messages."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def bot_user(self) -> dict[str, Any]:
        """The getMe result."""
        return {
            **self.bot_sender(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _check_token(self, token: str) -> None:
        match = _TOKEN.fullmatch(token)
        if match is None:
            raise BotAPIError("Not Found", 404)
        if self.token is not None and token != self.token:
            raise BotAPIError("Unauthorized", 401)
        if self._bot_id is None:
            self._bot_id = int(match.group(1))

    # -- the request path -------------------------------------------------------------------

    def handle(
        self,
        method: str,
        params: Mapping[str, Any],
        files: Mapping[str, UploadedFile] | None = None,
        *,
        token: str | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Answer one call: (HTTP status, Bot API JSON body). Records it in :meth:`calls`.

        Raises :class:`InjectedNetworkError` for an injected network fault.
        """
        uploads = dict(files or {})
        with self._lock:
            name = canonical_method(method) or method
            decoded: dict[str, Any] = dict(params)
            try:
                if token is not None:
                    self._check_token(token)
                name, decoded = decode_call(method, params, uploaded=uploads)
                fault = self._take_fault(name, decoded)
                if fault is not None and fault.kind == "network":
                    self._calls.append(Call(name, decoded, uploads, 0, "network error (injected)"))
                    raise InjectedNetworkError(f"injected network error on {name}")
                if fault is not None and fault.kind == "late":
                    self._late.delay = fault.delay
                elif fault is not None:
                    raise BotAPIError(fault.description, fault.error_code, fault.parameters)
                result = self._handlers.get(name, lambda p, f: True)(decoded, uploads)
            except BotAPIError as exc:
                self._calls.append(Call(name, decoded, uploads, exc.error_code, exc.description))
                return exc.error_code, exc.response()
            self._calls.append(Call(name, decoded, uploads))
            return 200, {"ok": True, "result": result}

    def _wait_plan(self, method: str, params: Mapping[str, Any]) -> tuple[float, float, Any]:
        """(latency, seconds getUpdates may wait for updates, offset) for a call."""
        name = canonical_method(method) or method
        latency = self.latency_for(name)
        if name != "getUpdates" or self.queue.webhook.get("url"):
            return latency, 0.0, None
        try:
            timeout = float(params.get("timeout") or 0)
            offset = int(params["offset"]) if params.get("offset") is not None else None
        except (TypeError, ValueError):
            return latency, 0.0, None
        wait = max(timeout, self.min_poll_wait)
        if self.max_poll_wait is not None:
            wait = min(wait, self.max_poll_wait)
        return latency, wait, offset

    def _ready(self, offset: int | None) -> bool:
        if self._closing:
            return True
        return self.queue.ready(offset)

    def before_call(self, method: str, params: Mapping[str, Any]) -> None:
        """Blocking: apply the artificial latency, and let an empty getUpdates long-poll."""
        latency, wait, offset = self._wait_plan(method, params)
        if latency:
            time.sleep(latency)
        if wait:
            with self._cond:
                self._cond.wait_for(lambda: self._ready(offset), timeout=wait)

    async def before_call_async(self, method: str, params: Mapping[str, Any]) -> None:
        """:meth:`before_call` for the event loop (cancellable, never blocks the loop)."""
        latency, wait, offset = self._wait_plan(method, params)
        if latency:
            await asyncio.sleep(latency)
        deadline = time.monotonic() + wait
        while True:
            with self._lock:
                if self._ready(offset):
                    return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            await asyncio.sleep(min(0.01, remaining))

    def close(self) -> None:
        """Wake every waiting long poll (used when the HTTP server stops)."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()

    def reopen(self) -> None:
        """Undo :meth:`close` (a restarted server long-polls again)."""
        with self._lock:
            self._closing = False

    # -- updates ----------------------------------------------------------------------------

    def push_update(self, update: Update | Mapping[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (learning its chats, messages and files)."""
        data = update.to_dict() if isinstance(update, Update) else copy.deepcopy(dict(update))
        with self._cond:
            self.store.remember_update(data)
            self.queue.push(data)
            self._cond.notify_all()
        return data

    def track(self, update: _U) -> _U:
        """Learn chats, messages and files from an update given to ``process_update``."""
        data = update.to_dict() if isinstance(update, Update) else update
        with self._lock:
            self.store.remember_update(data)
        return update

    def pending_updates(self) -> list[dict[str, Any]]:
        with self._lock:
            return self.queue.pending()

    def webhook(self) -> dict[str, Any]:
        """The webhook as set (url, max_connections, allowed_updates, secret_token); {} if none."""
        with self._lock:
            return self.queue.webhook

    # -- other methods ----------------------------------------------------------------------

    def _set_commands(self, p: dict[str, Any]) -> bool:
        self._commands[_scope_key(p)] = [dict(command) for command in p["commands"]]
        return True

    def _delete_commands(self, p: dict[str, Any]) -> bool:
        self._commands.pop(_scope_key(p), None)
        return True

    def commands(
        self, scope: Mapping[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """The commands set for exactly this scope and language (as getMyCommands answers)."""
        params = {"scope": scope or {"type": "default"}, "language_code": language_code}
        with self._lock:
            return copy.deepcopy(self._commands.get(_scope_key(params), []))

    def _answer_callback(self, p: dict[str, Any]) -> bool:
        query_id = str(p["callback_query_id"])
        if query_id in self._answered:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._answered.add(query_id)
        return True

    # -- queries for tests ------------------------------------------------------------------

    def calls(self, method: str | None = None, chat_id: int | str | None = None) -> list[Call]:
        """Recorded calls, oldest first, failed ones included (see ``Call.ok``)."""
        name = None if method is None else (canonical_method(method) or method)
        with self._lock:
            return [
                call
                for call in self._calls
                if (name is None or call.method == name)
                and (chat_id is None or str(call.chat_id) == str(chat_id))
            ]

    def clear_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    def messages(self, chat_id: int) -> list[StoredMessage]:
        """The bot's messages in a chat that are still there, oldest first (after edits)."""
        with self._lock:
            return self.store.bot_messages(chat_id)

    def last_message(self, chat_id: int) -> StoredMessage:
        """The bot's latest message in the chat as it looks now; LookupError if none."""
        found = self.messages(chat_id)
        if not found:
            sent = [f"{c.method}({c.description or 'ok'})" for c in self.calls(chat_id=chat_id)]
            raise LookupError(f"no bot message in chat {chat_id}; calls for it: {sent}")
        return found[-1]

    def buttons(self, chat_id: int) -> list[tuple[str, str | None]]:
        """(text, callback_data) of the inline keyboard of the bot's latest message."""
        return self.last_message(chat_id).buttons

    def documents(self, chat_id: int) -> list[UploadedFile]:
        return [m.file for m in self.messages(chat_id) if m.kind == "document" and m.file]

    def photos(self, chat_id: int) -> list[UploadedFile]:
        return [m.file for m in self.messages(chat_id) if m.kind == "photo" and m.file]


def _scope_key(p: Mapping[str, Any]) -> tuple[str, str]:
    scope = p.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(p.get("language_code") or "")
