"""PTB transport that routes requests to a :class:`FakeBotAPI` in-process (no sockets)."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from tests.helpers.fake_bot_api_core import FakeBotAPI
from tests.helpers.fake_bot_api_models import InjectedNetworkError, UploadedFile

_NOT_FOUND = json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}).encode()


def split_bot_url(path: str) -> tuple[str, str] | None:
    """``/bot<token>/<method>`` (any prefix) -> (token, method); None for other paths."""
    parts = [part for part in path.split("/") if part]
    if len(parts) < 2 or not parts[-2].startswith("bot") or "file" in parts[:-2]:
        return None
    return parts[-2][3:], parts[-1]


class FakeRequest(BaseRequest):
    """A ``telegram.request.BaseRequest`` answering from ``api`` instead of the network.

    Use one instance for ``ApplicationBuilder().request(...)`` and another for
    ``.get_updates_request(...)`` (both on the same ``api``). Sees exactly what
    ``HTTPXRequest`` would put on the wire: ``RequestData.json_parameters`` (every value a
    string, nested objects JSON-encoded) plus the multipart files. Like ``HTTPXRequest`` it
    raises RuntimeError after :meth:`shutdown` until initialised again, ``NetworkError`` for an
    injected network fault and ``TimedOut`` when the (injected) latency exceeds the read timeout.
    """

    __slots__ = ("_closed", "_read_timeout", "api")

    def __init__(self, api: FakeBotAPI, *, read_timeout: float | None = 5.0) -> None:
        self.api = api
        self._read_timeout = read_timeout
        self._closed = False

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        self._closed = False

    async def shutdown(self) -> None:
        self._closed = True

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
        if self._closed:
            raise RuntimeError("This FakeRequest is not initialized!")
        split = urlsplit(url)
        target = split_bot_url(split.path)
        if target is None:
            return 404, _NOT_FOUND
        token, api_method = target
        params: dict[str, Any] = dict(parse_qsl(split.query))
        files: dict[str, UploadedFile] = {}
        if request_data is not None:
            params.update(request_data.json_parameters)
            for name, (filename, content, mime) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                files[name] = UploadedFile(name, filename, mime, data)
        timeout = self._read_timeout if read_timeout is BaseRequest.DEFAULT_NONE else read_timeout
        try:
            await asyncio.wait_for(self.api.before_call_async(api_method, params), timeout)
        except TimeoutError:
            raise TimedOut() from None
        try:
            code, body = self.api.handle(api_method, params, files, token=token)
        except InjectedNetworkError as exc:
            raise NetworkError(f"httpx.ConnectError: {exc}") from httpx.ConnectError(str(exc))
        delay = self.api.late_answer_delay()
        if delay:  # carried out, but the answer comes after the timeout
            try:
                await asyncio.wait_for(asyncio.sleep(delay), timeout)
            except TimeoutError:
                raise TimedOut() from httpx.ReadTimeout("late answer (injected)")
        return code, json.dumps(body).encode("utf-8")
