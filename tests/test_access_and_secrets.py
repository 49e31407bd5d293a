"""Access control and secrets: the token never shows, logs carry no text or answers, data files
are private, a webhook call without the right secret is refused, the image runs unprivileged."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram.ext import CommandHandler

from bot.context import UserLocks
from regiescan.wiring.logs import configure_logging
from regiescan.wiring.maintenance import run_maintenance
from regiescan.wiring.settings import Secret, Settings, SettingsError
from tests.helpers.bot_harness import BotHarness
from tests.helpers.data_dir_scan import mentions, modes
from tests.helpers.fake_bot_api import FakeBotAPI, FakeBotAPIServer
from tests.helpers.updates import make_command_update

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "987654321:SECRETtokenVALUEthatMUSTnotLEAKxyz0123"
ME, OTHER = 1001, 2002
NOTE = "GeheimeNotitieXYZ over de burgemeester en het college"
ROLE = "Kwartiermaker ondermijning QQQ"
TYPED = "mijn stille antwoord ZZZ"


@pytest.fixture
def real_logging() -> Iterator[io.StringIO]:
    """The product's logging set-up (redacting handler on the root), into a buffer; undone."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, sys.excepthook)
    telegram_level = logging.getLogger("telegram").level
    buffer = io.StringIO()
    configure_logging(Settings(token=Secret(TOKEN), log_level="INFO"))
    root.handlers[0].setStream(buffer)  # type: ignore[attr-defined]
    yield buffer
    root.handlers[:], root.level, sys.excepthook = saved[0], saved[1], saved[2]
    logging.getLogger("telegram").setLevel(telegram_level)


async def walk_with_secrets(bot: BotHarness) -> None:
    """A first knelpunt with a typed role, a note and text where a button was expected."""
    await bot.command("/start")
    await bot.tap_label_starting("Start de scan")
    await bot.tap_label_starting("Beginnen")
    await bot.say("Dén Bósch")
    await bot.say(ROLE)
    await bot.say(TYPED)
    for _ in range(5):
        await bot.tap_label_starting("5 ·")
    await bot.say(NOTE)
    assert "Knelpunt 2 van 10" in bot.screen()


async def test_the_token_never_reaches_logs_users_or_exports(
    real_logging: io.StringIO, data_dir: Path
):
    api = FakeBotAPI()
    async with BotHarness(api, data_dir) as bot:
        bot.services.settings = Settings(data_dir=data_dir, token=Secret(TOKEN))

        async def leaky(update: object, context: object) -> None:
            raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage: 502")

        bot.app.add_handler(CommandHandler("boom", leaky), group=-1)
        await walk_with_secrets(bot)
        await bot.command("/boom")
        said = [c.params["text"] for c in api.calls("sendMessage", ME)]
        assert any(t.startswith("Excuses, er ging iets mis") for t in said)
        api.fail_network("editMessageText", times=1)
        await bot.tap_label_starting("3 ·")
        await bot.command("/mijngegevens")
        await bot.command("/privacy")
    logged = real_logging.getvalue()
    assert "RuntimeError" in logged and "[REDACTED]" in logged  # the traceback was logged
    assert TOKEN not in logged and TOKEN.split(":")[1] not in logged
    for call in api.calls():
        assert TOKEN not in json.dumps(call.params, ensure_ascii=False)
        for upload in call.files.values():
            assert TOKEN.encode() not in upload.data
    assert mentions(data_dir, TOKEN, TOKEN.split(":")[1]) == []
    assert TOKEN not in repr(Settings(token=Secret(TOKEN)))


def test_a_malformed_token_is_refused_without_being_repeated():
    with pytest.raises(SettingsError) as info:
        Settings(token=Secret("not-a-token SECRETtokenVALUE")).require_token()
    assert "SECRETtokenVALUE" not in str(info.value)


def _env(data_dir: Path, server: FakeBotAPIServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REGIESCAN_"))}
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": server.base_url,
        "TELEGRAM_BASE_FILE_URL": server.base_file_url,
        "REGIESCAN_DATA_DIR": str(data_dir),
    }
    return env


def test_a_rejected_token_stops_the_bot_without_printing_it(data_dir: Path):
    api = FakeBotAPI(token="111:" + "B" * 35)  # any other token is Unauthorized
    with FakeBotAPIServer(api) as server:
        result = subprocess.run(
            [sys.executable, "-m", "regiescan.cli", "run"],
            env=_env(data_dir, server),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert "Telegram rejected TELEGRAM_BOT_TOKEN" in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert TOKEN.split(":")[1] not in result.stdout + result.stderr


async def test_info_logs_carry_no_message_text_notes_or_answers(
    caplog: pytest.LogCaptureFixture, data_dir: Path
):
    api = FakeBotAPI()
    with caplog.at_level(logging.INFO):
        async with BotHarness(api, data_dir) as bot:
            await walk_with_secrets(bot)
            api.fail_network("editMessageText", times=2)
            await bot.tap_label_starting("2 ·")
            await bot.command("/toestemming")
            await bot.tap_label_starting("Alle toestemmingen intrekken")
            await bot.command("/mijngegevens")
            await bot.command("/vergeetmij")
            await bot.tap_label_starting("Ja, verwijder alles")
    assert caplog.records, "something was logged (the check below is not vacuous)"
    for record in caplog.records:
        line = record.getMessage() + (record.exc_text or "")
        for secret in (NOTE, ROLE, TYPED, "Dén Bósch", "helemaal eens", '"value"', "a:5"):
            assert secret not in line, (secret, line)


async def test_data_files_are_0600_in_0700_directories(data_dir: Path):
    old = os.umask(0o022)  # a permissive umask must not matter
    try:
        api = FakeBotAPI()
        async with BotHarness(api, data_dir) as bot:
            await walk_with_secrets(bot)
            await bot.command("/toestemming")
            await bot.tap_label_starting("Mijn gemeente als collega-gemeente tonen")
            now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
            await run_maintenance(bot.services, now, locks=UserLocks())
            await bot.command("/start", user=OTHER)
            await bot.command("/vergeetmij", user=OTHER)
            await bot.tap_label_starting("Ja, verwijder alles", OTHER)
    finally:
        os.umask(old)
    found = modes(data_dir)
    assert "backups/2026-03-02" in found and any(p.startswith("users/") for p in found)
    wrong = {
        path: mode
        for path, mode in found.items()
        if mode != ("0o700" if (data_dir / path).is_dir() else "0o600")
    }
    assert wrong == {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post(url: str, body: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, ConnectionError):  # not listening yet
        return 0


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_webhook_refuses_calls_without_the_right_secret(data_dir: Path):
    api = FakeBotAPI()
    port = _free_port()
    public = "https://regiescan.example.nl/telegram-hook"  # TLS ends at a reverse proxy
    url = f"http://127.0.0.1:{port}/telegram-hook"  # where the proxy forwards to
    secret = "s3cret-Webhook_token"
    with FakeBotAPIServer(api) as server:
        proc = subprocess.Popen(
            [sys.executable, "-m", "regiescan.cli", "run", "--webhook", public, "--listen",
             "127.0.0.1", "--port", str(port), "--secret-token", secret],
            env=_env(data_dir, server),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        try:
            _wait_for(lambda: api.webhook().get("url") == public, "setWebhook")
            assert api.webhook().get("secret_token") == secret
            _wait_for(lambda: _post(url, {}, "wrong") == 403, "the webhook server")
            forged = make_command_update("/start", user_id=ME)
            assert _post(url, forged, None) == 403
            assert _post(url, forged, "wrong") == 403
            assert _post(url, forged, secret.upper()) == 403
            assert _post(url, make_command_update("/start", user_id=ME), secret) == 200
            _wait_for(lambda: len(api.calls("sendMessage", ME)) >= 2, "greeting and first step")
        finally:
            proc.terminate()
            output, _ = proc.communicate(timeout=30)
    assert TOKEN not in output and secret not in output
    greetings = [c for c in api.calls("sendMessage", ME) if "de zelfscan" in c.params["text"]]
    assert len(greetings) == 1, "only the update with the right secret was handled"


def test_the_docker_image_runs_as_an_unprivileged_user():
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    users = [line.split()[1] for line in lines if line.strip().upper().startswith("USER ")]
    assert users, "the Dockerfile sets a USER"
    assert users[-1] not in ("root", "0", "0:0")
    assert any("chmod 0700" in line for line in lines), "the data volume is private"
