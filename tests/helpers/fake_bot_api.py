"""A strict fake Telegram Bot API for driving the real PTB ``Application`` in tests.

In-process::

    api = FakeBotAPI()
    app = (
        ApplicationBuilder().token("123:ABC")
        .request(FakeRequest(api)).get_updates_request(FakeRequest(api)).build()
    )

Over loopback HTTP (e.g. for a ``regiescan run`` subprocess with TELEGRAM_BASE_URL)::

    with FakeBotAPIServer(api) as server:
        bot = Bot("123:ABC", base_url=server.base_url)

Standalone: ``python -m tests.helpers.fake_bot_api --port 8081`` prints the base url and serves
until interrupted.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from tests.helpers.bot_api_spec import BotAPIError, validate_call
from tests.helpers.fake_bot_api_core import FakeBotAPI
from tests.helpers.fake_bot_api_models import (
    Call,
    Fault,
    InjectedNetworkError,
    StoredMessage,
    UploadedFile,
)
from tests.helpers.fake_bot_api_server import FakeBotAPIServer
from tests.helpers.fake_request import FakeRequest

__all__ = [
    "BotAPIError",
    "Call",
    "FakeBotAPI",
    "FakeBotAPIServer",
    "FakeRequest",
    "Fault",
    "InjectedNetworkError",
    "StoredMessage",
    "UploadedFile",
    "main",
    "validate_call",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a fake Telegram Bot API on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", help="accept only this bot token (default: any)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each call")
    parser.add_argument("--max-poll-wait", type=float, default=None, help="cap on long polling")
    args = parser.parse_args(argv)
    api = FakeBotAPI(token=args.token, max_poll_wait=args.max_poll_wait)
    if args.latency:
        api.set_latency(args.latency)
    stopped = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    with FakeBotAPIServer(api, port=args.port) as server:
        print(server.base_url, flush=True)
        while not stopped.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
