"""The ways into the dashboard (web_app buttons, the staff menu button) and its settings; and
that without REGIESCAN_WEBAPP_URL nothing of it exists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regiescan.wiring.settings import Settings, SettingsError
from tests.conftest import ADMIN, STAFF09, STAFF21
from tests.helpers.bot_api_spec import validate_call
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.regional_seed import finish
from tests.helpers.webapp import WEBAPP

URL = WEBAPP["webapp_url"]


def web_apps(api: FakeBotAPI, user: int) -> list[tuple[str, str]]:
    markup = api.calls("sendMessage", user)[-1].params.get("reply_markup") or {}
    return [
        (b["text"], b["web_app"]["url"])
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "web_app" in b
    ]


async def test_buttons_under_regio_and_the_diagnosis_and_the_staff_menu(
    api: FakeBotAPI, staffed: Path
):
    async with BotHarness(api, staffed, admins=(ADMIN,), **WEBAPP) as bot:
        assert api.menus.button(STAFF21) == {
            "type": "web_app",
            "text": "Dashboard",
            "web_app": {"url": URL},
        }
        assert api.menus.button(STAFF09)["type"] == "web_app"
        assert api.menus.button(ADMIN)["type"] == "web_app"
        assert api.menus.button(101) == {"type": "default"}
        finish(bot.services.scans, 101, "Oss", "3")
        await bot.command("/regio", "VR21", user=STAFF21)
        call = next(
            c for c in reversed(api.calls("sendMessage", STAFF21)) if "reply_markup" in c.params
        )
        buttons = [b for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
        assert {"text": "Open het dashboard", "web_app": {"url": URL + "?region=VR21"}} in buttons
        await bot.command("/regio", user=ADMIN)  # every region: asked which, or the dashboard
        assert ("Open het dashboard", URL) in web_apps(api, ADMIN)
        await bot.command("/resultaat", user=101)
        diagnosis = next(c for c in api.calls("sendMessage", 101) if "Diagnose" in c.params["text"])
        [button] = diagnosis.params["reply_markup"]["inline_keyboard"][0]
        assert button["web_app"] == {"url": URL + "?view=own"}
        await bot.command("/staf", "toevoegen 700 regio VR22", user=ADMIN)
        assert api.menus.button(700)["type"] == "web_app"
        await bot.command("/staf", "verwijderen 700", user=ADMIN)
        assert api.menus.button(700) == {"type": "default"}


async def test_without_the_url_the_feature_is_off(api: FakeBotAPI, staffed: Path):
    async with BotHarness(api, staffed, admins=(ADMIN,)) as bot:
        assert bot.app.bot_data.dashboard is None
        finish(bot.services.scans, 101, "Oss", "3")
        await bot.command("/regio", "VR21", user=STAFF21)
        await bot.command("/resultaat", user=101)
        assert web_apps(api, STAFF21) == [] and web_apps(api, 101) == []
        assert api.calls("setChatMenuButton") == []


def test_the_fake_bot_api_checks_web_apps_per_spec():
    keyboard = '{"inline_keyboard": [[{"text": "x", "web_app": {"url": "http://a.example/"}}]]}'
    error = validate_call("sendMessage", {"chat_id": 1, "text": "t", "reply_markup": keyboard})
    assert error is not None and "Only HTTPS links are allowed" in error
    menu = '{"type": "web_app", "text": "Dashboard", "web_app": {"url": "https://a.example/"}}'
    assert validate_call("setChatMenuButton", {"chat_id": 1, "menu_button": menu}) is None
    assert validate_call("setChatMenuButton", {"chat_id": 1, "menu_buton": menu}) is not None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, (None, ("127.0.0.1", 8080), 3600)),
        (
            {
                "REGIESCAN_WEBAPP_URL": "https://regiescan.example/dash",
                "REGIESCAN_WEBAPP_LISTEN": "0.0.0.0:9000",
            },
            ("https://regiescan.example/dash/", ("0.0.0.0", 9000), 3600),
        ),
        (
            {"REGIESCAN_WEBAPP_URL": "https://r.example/", "REGIESCAN_WEBAPP_MAX_AGE": "600"},
            ("https://r.example/", ("127.0.0.1", 8080), 600),
        ),
    ],
)
def test_settings(env: dict[str, str], expected: tuple[Any, ...]):
    s = Settings.from_env(env)
    assert (s.webapp_url, s.webapp_listen, s.webapp_max_age) == expected


@pytest.mark.parametrize(
    "env",
    [
        {"REGIESCAN_WEBAPP_URL": "http://regiescan.example/"},
        {"REGIESCAN_WEBAPP_URL": "regiescan.example"},
        {"REGIESCAN_WEBAPP_LISTEN": "8080"},
        {"REGIESCAN_WEBAPP_LISTEN": "localhost:http"},
    ],
)
def test_bad_settings_are_one_line(env: dict[str, str]):
    with pytest.raises(SettingsError) as error:
        Settings.from_env(env)
    assert "\n" not in str(error.value)
