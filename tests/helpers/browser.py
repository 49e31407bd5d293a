"""Real headless Chromium (Debian's ``chromium`` + ``chromium-driver``) through Selenium.

Telegram's ``telegram-web-app.js`` is blocked and stood in for by a script injected before the
page's own (DevTools ``Page.addScriptToEvaluateOnNewDocument``): it provides
``window.Telegram.WebApp`` with the initData, theme parameters and colour scheme a test gives.
Without Chromium the tests skip with one line on how to install it; under CI (``CI=true``) that
is a failure, so the browser tests cannot silently stop running.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = "apt-get install -y chromium chromium-driver"
ARTIFACTS = Path(os.environ.get("REGIESCAN_ARTIFACTS", Path(__file__).parents[2] / "artifacts"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
LIGHT = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "hint_color": "#707579",
    "link_color": "#3390ec",
    "button_color": "#3390ec",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#f4f4f5",
    "section_bg_color": "#f4f4f5",
}
DARK = {
    "bg_color": "#17212b",
    "text_color": "#f5f5f5",
    "hint_color": "#708499",
    "link_color": "#6ab3f3",
    "button_color": "#5288c1",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#232e3c",
    "section_bg_color": "#232e3c",
    "accent_text_color": "#6ab2f2",
    "destructive_text_color": "#ec3942",
}


def require_chromium() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if shutil.which(p) is None]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[dev]')")
    if not missing:
        return
    message = f"browser tests need {', '.join(missing)}: {INSTALL}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def fake_telegram(init_data: str, theme: dict[str, str], scheme: str, language: str) -> str:
    """The stand-in for telegram-web-app.js."""
    user = {"id": 0, "language_code": language}
    web_app = {
        "initData": init_data,
        "initDataUnsafe": {"user": user},
        "themeParams": theme,
        "colorScheme": scheme,
        "platform": "tdesktop",
        "version": "8.0",
    }
    return (
        "window.__tg_events = []; window.__tg_handlers = {};"
        f"window.Telegram = {{WebApp: Object.assign({json.dumps(web_app)}, {{"
        "ready: function () { window.__tg_events.push('ready'); },"
        "expand: function () { window.__tg_events.push('expand'); },"
        "onEvent: function (name, handler) { window.__tg_events.push('on:' + name);"
        " window.__tg_handlers[name] = handler; }"
        "})};"
        # What the Telegram client does when the user switches theme.
        "window.__tg_switch_theme = function (params, scheme) {"
        " window.Telegram.WebApp.themeParams = params;"
        " window.Telegram.WebApp.colorScheme = scheme;"
        " window.__tg_handlers.themeChanged(); };"
    )


@contextmanager
def chromium(width: int = 390, height: int = 844) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="regiescan-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        for flag in [*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            driver.set_page_load_timeout(30)
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*telegram.org*"]})
            resize(driver, width, height)
            yield driver
        finally:
            driver.quit()


def resize(driver: Any, width: int, height: int) -> None:
    """The viewport of a phone (headless windows are at least 500 px wide) or a desktop."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def open_as(
    driver: Any,
    url: str,
    init_data: str,
    *,
    theme: dict[str, str] | None = None,
    scheme: str = "light",
    language: str = "nl",
) -> None:
    source = fake_telegram(init_data, theme or LIGHT, scheme, language)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
    driver.get(url)


def console_problems(driver: Any) -> list[str]:
    """Console errors other than the blocked telegram.org script (the tests stand in for it):
    a content security policy violation or a script error shows up here."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and "telegram.org" not in entry["message"]
    ]


def screenshot(driver: Any, name: str) -> Path:
    """The whole page as PNG under artifacts/browser/."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics["cssContentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        },
    )
    path = ARTIFACTS / "browser" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))
    return path
