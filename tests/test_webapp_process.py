"""`regiescan run` as a real process serves the dashboard, in polling and in webhook mode, and
closes it when it stops."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.bot_harness import TEST_TOKEN
from tests.helpers.fake_bot_api import FakeBotAPI, FakeBotAPIServer
from tests.helpers.webapp import init_data

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 7
LISTENING = re.compile(r"dashboard listening on http://127\.0\.0\.1:(\d+)")


def _get(url: str, auth: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"tma {auth}"} if auth else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_run_serves_the_dashboard_and_stops_it(tmp_path: Path, mode: str):
    api = FakeBotAPI(max_poll_wait=0.5)
    with FakeBotAPIServer(api) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REGIESCAN_"))}
        env |= {
            "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
            "TELEGRAM_BASE_URL": server.base_url,
            "TELEGRAM_BASE_FILE_URL": server.base_file_url,
            "REGIESCAN_DATA_DIR": str(tmp_path),
            "REGIESCAN_ADMINS": str(ADMIN),
            "REGIESCAN_WEBAPP_URL": "https://dashboard.example/",
            "REGIESCAN_WEBAPP_LISTEN": "127.0.0.1:0",
        }
        argv = [sys.executable, "-m", "regiescan.cli", "run"]
        if mode == "webhook":
            argv += ["--webhook", "https://bot.example/hook", "--port", "0"]
            env["REGIESCAN_WEBHOOK_SECRET"] = "s3cret-token"
        proc = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        lines: list[str] = []
        found = threading.Event()

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line)
                if LISTENING.search(line):
                    found.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            assert found.wait(60), "".join(lines)
            match = next(m for line in lines if (m := LISTENING.search(line)))
            base = f"http://127.0.0.1:{match.group(1)}"
            status, page = _get(base + "/")
            assert status == 200 and b"static/app.js" in page
            status, body = _get(base + "/api/me", init_data(ADMIN))
            assert status == 200 and json.loads(body)["role"] == "beheerder"
            menus = [c for c in api.calls("setChatMenuButton") if c.ok]
            assert len(menus) == 1, [(c.method, c.ok) for c in api.calls()]
            [menu] = menus
            assert menu.params["chat_id"] == ADMIN
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
            reader.join(timeout=5)
        assert proc.returncode == 0, "".join(lines)
        with (
            pytest.raises(OSError),
            socket.create_connection(("127.0.0.1", int(match.group(1))), 2),
        ):
            pass
    assert TEST_TOKEN not in "".join(lines)
