"""The dashboard in real headless Chromium against the running Application: the staff page
with its cells, consent, nudge, dark theme, the coordinator's view and a forged initData.

Screenshots go to ``artifacts/browser/`` (``REGIESCAN_ARTIFACTS`` moves them).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dialogs.scan.service import utc_now
from tests.conftest import STAFF21
from tests.helpers.bot_harness import BotHarness
from tests.helpers.browser import (
    DARK,
    LIGHT,
    chromium,
    console_problems,
    open_as,
    require_chromium,
    resize,
    screenshot,
)
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.regional_seed import SetClock, finish, opt_in_as_peer, opt_out, to_knelpunt
from tests.helpers.webapp import WEBAPP, Plans, init_data, tampered

pytestmark = pytest.mark.usefixtures("chromium_present")


@pytest.fixture
def chromium_present() -> None:
    require_chromium()


def seed(bot: BotHarness) -> None:
    scans = bot.services.scans
    scans.clock = SetClock(datetime(2026, 3, 16, 10, 0, tzinfo=UTC))  # the spring round
    for uid, name, value in ((101, "Oss", "2"), (112, "Vught", "3"), (113, "Boxtel", "3")):
        finish(scans, uid, name, value)
    scans.clock = utc_now
    finish(scans, 101, "Oss", "3")
    finish(scans, 102, "Vught", "4")
    finish(scans, 103, "Boxtel", "5")
    finish(scans, 106, "Meierijstad", "4")
    opt_in_as_peer(scans, 102)
    opt_in_as_peer(scans, 106)
    to_knelpunt(scans, 104, "Heusden", 4)
    to_knelpunt(scans, 105, "Bernheze", 2)
    opt_out(scans, 105)


@pytest.fixture
async def bot(
    api: FakeBotAPI, staffed: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BotHarness]:
    monkeypatch.setattr("bot.webapp.server.plan_source", lambda services: Plans())
    async with BotHarness(api, staffed, **WEBAPP) as harness:
        seed(harness)
        yield harness


def base(bot: BotHarness) -> str:
    dashboard = bot.app.bot_data.dashboard
    assert dashboard is not None
    return f"http://127.0.0.1:{dashboard.port}/"


def wait_for(driver: Any, css: str, timeout: float = 15) -> Any:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, timeout)
    return wait.until(expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, css)))


def texts(driver: Any, css: str) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, css)]


async def test_the_staff_page_shows_the_region_and_nudges_once(bot: BotHarness):
    url = base(bot) + "?region=VR21"

    def browse() -> dict[str, Any]:
        from selenium.webdriver.common.by import By

        with chromium(390, 844) as driver:
            open_as(driver, url, init_data(STAFF21))
            wait_for(driver, "#progress")
            wait_for(driver, "#trend table")
            seen: dict[str, Any] = {
                "title": driver.find_element(By.ID, "title").text,
                "rows": texts(driver, "#progress tbody tr td:first-child"),
                "heat": texts(driver, "#heatmap tbody td:first-child"),
                "vught": texts(driver, "#heatmap tbody tr:nth-child(2) td"),
                "trend_head": texts(driver, "#trend thead th"),
                "measures": texts(driver, "#measures tbody td"),
                "events": driver.execute_script("return window.__tg_events"),
                "width": driver.execute_script(
                    "return [document.documentElement.scrollWidth, window.innerWidth]"
                ),
            }
            driver.find_element(By.ID, "sort-name").click()
            seen["sorted"] = texts(driver, "#progress tbody tr td:first-child")
            screenshot(driver, "staff-390-light")
            button = driver.find_element(By.CSS_SELECTOR, 'button.nudge[data-code="GM0797"]')
            button.click()
            seen["toast"] = wait_for(driver, "#toast").text
            seen["after"] = button.text
            seen["disabled"] = not button.is_enabled()
            seen["nudges"] = texts(driver, "button.nudge")
            driver.find_element(By.CSS_SELECTOR, 'button.place[data-code="GM0865"]').click()
            wait_for(driver, "#place table")
            seen["place"] = driver.find_element(By.CSS_SELECTOR, "#place h2").text
            seen["place_head"] = texts(driver, "#place thead th")
            seen["places"] = texts(driver, "button.place")
            resize(driver, 1280, 900)
            screenshot(driver, "staff-1280-light")
            seen["console"] = console_problems(driver)
            return seen

    seen = await asyncio.to_thread(browse)
    assert seen["console"] == []  # no CSP violation, no script error
    assert seen["title"] == "Brabant-Noord"
    assert len(seen["rows"]) == 11  # finished first, then in progress, then not started
    assert set(seen["rows"][:4]) == {"Boxtel", "Meierijstad", "Oss", "Vught"}
    assert seen["rows"][4:6] == ["Heusden", "Bernheze"]
    assert seen["sorted"] == sorted(seen["sorted"])
    assert seen["heat"] == ["Meierijstad", "Vught", "Regio (mediaan)"]  # Oss, Boxtel: no consent
    assert seen["vught"][:3] == ["Vught", "4,0", "4,0"]
    assert seen["trend_head"][2:] == ["2026-H1", "2026-H2"]
    assert seen["measures"] == ["1. Systematische aanpak", "2", "1"]  # through the plans hook
    assert "ready" in seen["events"] and "on:themeChanged" in seen["events"]
    assert seen["width"] == [390, 390]  # a phone's width, and nothing scrolls sideways
    assert seen["toast"] == "De herinnering aan Heusden wordt verstuurd."
    assert seen["after"] == "Vandaag herinnerd" and seen["disabled"]
    assert seen["nudges"] == ["Vandaag herinnerd"]  # Bernheze turned reminders off
    assert seen["places"] == ["Meierijstad", "Vught"]  # only who opted in opens
    assert seen["place"] == "Vught · eigen scores per halfjaar"
    assert seen["place_head"][2:] == ["2026-H2"]  # Vught's spring coordinator did not opt in
    await bot.app.bot_data.broadcaster.wait_idle()
    [nudge] = [c for c in bot.api.calls("sendMessage", 104) if c.ok]
    assert "U was bij knelpunt 4, " in nudge.params["text"]


async def test_dark_theme_english_and_a_forged_initdata(bot: BotHarness):
    url = base(bot)

    def browse() -> dict[str, Any]:
        from selenium.webdriver.common.by import By

        seen: dict[str, Any] = {}
        with chromium(390, 844) as driver:
            open_as(driver, url, init_data(STAFF21, language="en"), theme=DARK, scheme="dark")
            wait_for(driver, "#heatmap")
            seen["background"] = driver.execute_script(
                "return getComputedStyle(document.body).backgroundColor"
            )
            seen["dark"] = driver.execute_script(
                "return document.documentElement.classList.contains('dark')"
            )
            seen["heading"] = texts(driver, "section h2")[0]
            screenshot(driver, "staff-390-dark")
            driver.execute_script("window.__tg_switch_theme(arguments[0], 'light')", LIGHT)
            seen["switched"] = driver.execute_script(
                "return [getComputedStyle(document.body).backgroundColor,"
                " document.documentElement.classList.contains('dark')]"
            )
            seen["console"] = console_problems(driver)
        with chromium(390, 844) as driver:
            open_as(driver, url, tampered(init_data(STAFF21), STAFF21))
            seen["refusal"] = wait_for(driver, "#refusal").text
            seen["leak"] = driver.find_element(By.TAG_NAME, "body").text
            screenshot(driver, "forged")
        with chromium(390, 844) as driver:
            open_as(driver, url, init_data(101))
            wait_for(driver, "#own")
            seen["own"] = driver.find_element(By.ID, "own").text
            seen["diagnosis"] = texts(driver, "#diagnosis li")[0]
            seen["plan"] = texts(driver, "#plan li")
            screenshot(driver, "coordinator-390")
        return seen

    seen = await asyncio.to_thread(browse)
    assert seen["background"] == "rgb(23, 33, 43)" and seen["dark"]
    assert seen["switched"] == ["rgb(255, 255, 255)", False]  # themeChanged while open
    assert seen["console"] == []
    assert seen["heading"] == "Progress per municipality"
    assert seen["refusal"].startswith("Dit dashboard opent alleen vanuit Telegram")
    assert "Heusden" not in seen["leak"] and "Brabant" not in seen["leak"]
    assert "Oss" in seen["own"] and "Uw score 3,0 · Vorige scan 2,0" in seen["own"]
    assert seen["diagnosis"] == "Diagnose voor Oss"
    assert seen["plan"] == ["Analyse van de veiligheidsproblemen, klaar in juni"]
