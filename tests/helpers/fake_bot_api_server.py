"""The fake Bot API over real HTTP on 127.0.0.1 (stdlib ``http.server``, one thread per request).

Serves ``/bot<token>/<method>`` for GET (query string) and POST (form-encoded, JSON or
multipart bodies), plus a small control API for out-of-process drivers (benchmarks)::

    POST /_fake/updates        body: an update or a list of updates -> queued for getUpdates
    GET  /_fake/calls?method=&chat_id=                              -> recorded calls as JSON
    POST /_fake/clear_calls
"""

from __future__ import annotations

import email.message
import json
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.helpers.fake_bot_api_core import FakeBotAPI
from tests.helpers.fake_bot_api_models import Call, InjectedNetworkError, UploadedFile
from tests.helpers.fake_request import split_bot_url

HOST = "127.0.0.1"


def _header_params(value: str) -> email.message.Message:
    message = email.message.Message()
    message["content-type"] = value
    return message


def parse_multipart(
    content_type: str, body: bytes
) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """Split a multipart/form-data body into text fields and file parts."""
    boundary = _header_params(content_type).get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise ValueError("multipart body without boundary")
    fields: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    for section in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if section.startswith(b"--"):
            break
        head, _, data = section.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        data = data.removesuffix(b"\r\n")
        headers = email.message.Message()
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            if key.strip():
                headers[key.strip()] = value.strip()
        name = headers.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            raise ValueError("multipart part without a name")
        filename = headers.get_filename()
        if filename is None:
            fields[name] = data.decode("utf-8")
        else:
            mime = headers.get_content_type() if "content-type" in headers else None
            files[name] = UploadedFile(name, filename, mime, data)
    return fields, files


def parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parameters and files of a Bot API request body, whatever its encoding."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}, {}
    if kind == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        return data, {}
    if kind == "multipart/form-data":
        fields, files = parse_multipart(content_type, body)
        return dict(fields), files
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), {}


def call_to_json(call: Call) -> dict[str, Any]:
    return {
        "method": call.method,
        "params": call.params,
        "files": {
            name: {"filename": f.filename, "mime_type": f.mime_type, "size": f.size}
            for name, f in call.files.items()
        },
        "error_code": call.error_code,
        "description": call.description,
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # socketserver's default backlog of 5 drops connections when a bot opens its pool (up to
    # 32) at once on a loaded machine: the bot then sees httpx.ReadError, Telegram never does.
    request_queue_size = 128
    api: FakeBotAPI


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _send(self, code: int, body: Any) -> None:
        payload = json.dumps(body).encode("utf-8")
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (e.g. a long poll)
            self.close_connection = True

    def _serve(self) -> None:
        api = self.server.api
        split = urlsplit(self.path)
        body = self._read_body()
        if split.path.startswith("/_fake/"):
            self._control(api, split.path, dict(parse_qsl(split.query)), body)
            return
        target = split_bot_url(split.path)
        if target is None:
            self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = target
        try:
            params, files = parse_body(self.headers.get("Content-Type", ""), body)
        except ValueError as exc:
            description = f"Bad Request: can't parse request body: {exc}"
            self._send(400, {"ok": False, "error_code": 400, "description": description})
            return
        params = {**dict(parse_qsl(split.query)), **params}
        api.before_call(method, params)
        try:
            code, answer = api.handle(method, params, files, token=token)
        except InjectedNetworkError:
            self.close_connection = True  # hang up without an answer
            return
        delay = api.late_answer_delay()
        if delay:  # carried out; the answer comes late (after the client's timeout)
            time.sleep(delay)
        self._send(code, answer)

    def _control(self, api: FakeBotAPI, path: str, query: Mapping[str, str], body: bytes) -> None:
        if path == "/_fake/updates" and self.command == "POST":
            data = json.loads(body or b"[]")
            pushed = [api.push_update(u) for u in (data if isinstance(data, list) else [data])]
            self._send(200, {"ok": True, "result": [u["update_id"] for u in pushed]})
        elif path == "/_fake/calls":
            chat_id = query.get("chat_id")
            calls = api.calls(query.get("method"), chat_id)
            self._send(200, {"ok": True, "result": [call_to_json(c) for c in calls]})
        elif path == "/_fake/clear_calls" and self.command == "POST":
            api.clear_calls()
            self._send(200, {"ok": True, "result": True})
        else:
            self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})


class FakeBotAPIServer:
    """``api`` served on http://127.0.0.1:<port> (0: an ephemeral port) in a background thread.

    Point PTB at it with ``Bot(token, base_url=server.base_url)`` or a subprocess with
    ``TELEGRAM_BASE_URL=server.base_url``. Use as a context manager or call start()/stop().
    """

    def __init__(self, api: FakeBotAPI | None = None, *, port: int = 0) -> None:
        self.api = api if api is not None else FakeBotAPI()
        self._requested_port = port
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("FakeBotAPIServer is not running")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        """The value for PTB's ``base_url`` / TELEGRAM_BASE_URL (the token is appended)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def start(self) -> FakeBotAPIServer:
        if self._httpd is not None:
            return self
        self.api.reopen()
        httpd = _Server((HOST, self._requested_port), _Handler)
        httpd.api = self.api
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
            name=f"fake-bot-api:{self.port}",
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self.api.close()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeBotAPIServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
