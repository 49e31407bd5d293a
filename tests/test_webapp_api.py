"""The dashboard's API over real HTTP, in the running Application: initData signed by the
tests (valid, tampered, wrong token, expired), roles and regions, headers, the nudge."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.webapp.auth import InitDataError, validate
from tests.conftest import STAFF09, STAFF21
from tests.helpers.bot_harness import TEST_TOKEN, BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.regional_seed import SetClock, finish, opt_in_as_peer, to_knelpunt
from tests.helpers.webapp import WEBAPP, Plans, init_data, tampered

COORD = 101
OTHER_TOKEN = "999:" + "B" * 35


def seed(bot: BotHarness) -> None:
    scans = bot.services.scans
    finish(scans, 101, "Oss", "2")
    finish(scans, 102, "Vught", "4")
    finish(scans, 103, "Boxtel", "5")
    opt_in_as_peer(scans, 102)
    to_knelpunt(scans, 104, "Heusden", 4)


async def call(
    bot: BotHarness, path: str, auth: str | None, method: str = "GET"
) -> tuple[int, Any, Any]:
    dashboard = bot.app.bot_data.dashboard
    assert dashboard is not None
    headers = {"Authorization": f"tma {auth}"} if auth is not None else {}
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, f"http://127.0.0.1:{dashboard.port}{path}", headers=headers) as r,
    ):
        body = await r.json() if r.content_type == "application/json" else await r.text()
        return r.status, body, r.headers


@pytest.fixture
async def bot(api: FakeBotAPI, staffed: Path) -> Any:
    async with BotHarness(api, staffed, **WEBAPP) as harness:
        seed(harness)
        yield harness


async def test_staff_see_their_region_named_only_with_consent(bot: BotHarness):
    status, me, _ = await call(bot, "/api/me", init_data(STAFF21))
    assert status == 200
    assert me["role"] == "regio" and [r["code"] for r in me["regions"]] == ["VR21"]
    assert me["texts"]["progress"] == "Voortgang per gemeente"
    status, region, headers = await call(bot, "/api/regions/VR21", init_data(STAFF21))
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    progress = {row["name"]: row for row in region["progress"]}
    assert progress["Heusden"]["label"] == "Bezig, bij knelpunt 4"
    assert progress["Heusden"]["nudge"] is True
    assert progress["Oss"]["status"] == "finished" and progress["Oss"]["nudge"] is False
    assert region["summary"] == "Totaal: 3 afgerond, 1 bezig, 7 nog niet begonnen."
    labels = [row["label"] for row in region["heatmap"]]
    assert labels == ["Vught", "Regio (mediaan)"]  # Oss and Boxtel: no consent, only two
    assert "Oss" not in str(region["heatmap"]) and "Boxtel" not in str(region["heatmap"])
    vught = region["heatmap"][0]
    assert vught["scores"][0] == 4.0 and vught["shown"][0] == "4,0"
    first = region["spread"]["rows"][0]
    assert first == {**first, "n": 3, "median": "4,0", "range": "2,0 \N{EN DASH} 5,0"}
    assert first["svg"].startswith("<svg") and "<script" not in first["svg"]


async def test_a_named_municipality_opens_its_own_trend_and_no_other(bot: BotHarness):
    _, region, _ = await call(bot, "/api/regions/VR21", init_data(STAFF21))
    assert [row["code"] for row in region["heatmap"]] == ["GM0865", None]  # Vught; the median
    status, place, _ = await call(
        bot, "/api/regions/VR21/municipalities/GM0865", init_data(STAFF21)
    )
    assert (status, place["name"], len(place["rounds"])) == (200, "Vught", 1)
    assert place["rows"][0]["values"] == ["4,0"]
    for code in ("GM0828", "GM0344", "nonsense"):  # Oss (no consent), Utrecht (VR09)
        status, body, _ = await call(
            bot, f"/api/regions/VR21/municipalities/{code}", init_data(STAFF21)
        )
        assert (status, body["error"]) == (404, "not_found"), code
        assert "Oss" not in str(body)
    status, _, _ = await call(bot, "/api/regions/VR21/municipalities/GM0865", init_data(STAFF09))
    assert status == 403


async def test_forged_tampered_wrong_token_and_expired_initdata_get_401(bot: BotHarness):
    good = init_data(STAFF21)
    refusals = {
        "none": None,
        "garbage": "user=%7B%22id%22%3A500%7D&hash=00",
        "tampered": tampered(good, STAFF21),
        "wrong token": init_data(STAFF21, token=OTHER_TOKEN),
        "expired": init_data(STAFF21, auth_date=time.time() - 3601),
        "future": init_data(STAFF21, auth_date=time.time() + 3600),
        "duplicate field": good + "&auth_date=1",
    }
    for path in ("/api/me", "/api/regions/VR21", "/api/own", "/api/nothing-here"):
        for name, raw in refusals.items():
            status, body, headers = await call(bot, path, raw)
            assert status == 401, (path, name)
            assert body["error"] == "unauthorized"
            assert "Telegram" in body["message"]
            assert "Content-Security-Policy" in headers
    nudge = "/api/regions/VR21/nudge/GM0797"
    status, body, _ = await call(bot, nudge, tampered(good, STAFF21), "POST")
    assert status == 401
    assert bot.api.calls("sendMessage", 104) == []


async def test_another_region_and_a_coordinator_get_403(bot: BotHarness):
    status, body, _ = await call(bot, "/api/regions/VR21", init_data(STAFF09))
    assert (status, body["message"]) == (403, "Die regio valt niet onder uw rol.")
    status, _, _ = await call(bot, "/api/regions/VR21/trend", init_data(STAFF09))
    assert status == 403
    nudge = "/api/regions/VR21/nudge/GM0797"
    status, _, _ = await call(bot, nudge, init_data(STAFF09), "POST")
    assert status == 403
    for path, method in [
        ("/api/regions/VR21", "GET"),
        ("/api/regions/VR21/trend", "GET"),
        ("/api/regions/VR21/municipalities/GM0865", "GET"),
        (nudge, "POST"),
    ]:  # every staff route, for a coordinator
        status, body, _ = await call(bot, path, init_data(COORD), method)
        assert (status, body["message"]) == (403, "Dit is alleen voor regionale medewerkers.")
    status, me, _ = await call(bot, "/api/me", init_data(COORD))
    assert (status, me["role"], me["regions"], me["has_results"]) == (200, None, [], True)
    await bot.app.bot_data.broadcaster.wait_idle()
    assert bot.api.calls("sendMessage", 104) == []


async def test_the_nudge_goes_through_the_broadcaster_once_a_day(bot: BotHarness):
    path = "/api/regions/VR21/nudge/GM0797"  # Heusden
    status, body, _ = await call(bot, path, init_data(STAFF21), "POST")
    assert (status, body["status"]) == (200, "sent")
    await bot.app.bot_data.broadcaster.wait_idle()
    status, body, _ = await call(bot, path, init_data(STAFF21), "POST")
    assert (status, body["status"]) == (200, "already")
    assert body["message"] == "Heusden kreeg vandaag al een herinnering."
    await bot.app.bot_data.broadcaster.wait_idle()
    [nudge] = [c.params["text"] for c in bot.api.calls("sendMessage", 104) if c.ok]
    assert "U was bij knelpunt 4, " in nudge
    _, region, _ = await call(bot, "/api/regions/VR21", init_data(STAFF21))
    heusden = next(r for r in region["progress"] if r["name"] == "Heusden")
    assert heusden["nudged_today"] is True
    status, body, _ = await call(bot, "/api/regions/VR21/nudge/GM0344", init_data(STAFF21), "POST")
    assert status == 404  # Utrecht is not in VR21


async def test_a_coordinator_sees_own_results_in_their_language(bot: BotHarness):
    status, body, _ = await call(bot, "/api/own", init_data(COORD, language="en"))
    own = body["results"]
    assert status == 200 and own["municipality"] == "Oss"
    assert own["own"][0] == "2,0"  # stored locale nl wins over the client's language
    assert own["previous"] is None
    assert own["regional_median"] is None  # only two other municipalities in VR21
    assert own["diagnosis"][0] == "Diagnose voor Oss"
    assert own["plan"] is None  # the verbeterplannen hook answers nothing yet
    scans = bot.services.scans
    scans.clock = SetClock(datetime.now(UTC) + timedelta(days=1))  # a second scan, a day later
    finish(scans, 101, "Oss", "3")
    finish(bot.services.scans, 106, "Meierijstad", "4")  # a third other municipality
    _, body, _ = await call(bot, "/api/own", init_data(COORD))
    own = body["results"]
    assert (own["own"][0], own["previous"][0], own["regional_median"][0]) == ("3,0", "2,0", "4,0")
    assert 'class="previous"' in own["svgs"][0] and 'class="regional"' in own["svgs"][0]
    status, body, _ = await call(bot, "/api/own", init_data(STAFF21, language="en"))
    assert (status, body) == (200, {"results": None})
    _, me, _ = await call(bot, "/api/me", init_data(STAFF21, language="en"))
    assert me["locale"] == "en" and me["texts"]["progress"] == "Progress per municipality"


async def test_the_page_and_its_headers(bot: BotHarness):
    status, html, headers = await call(bot, "/", None)
    assert status == 200 and 'src="static/app.js"' in html
    assert "<script>" not in html  # no inline script
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self' https://telegram.org" in csp and "unsafe-inline" not in csp
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, js, headers = await call(bot, "/static/app.js", None)
    assert "Authorization" in js
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    status, _, _ = await call(bot, "/static/../server.py", None)
    assert status == 404


def test_validation_follows_telegrams_rules():
    now = time.time()
    user = validate(init_data(42, auth_date=now), TEST_TOKEN, 3600, now)
    assert (user.user_id, user.language_code) == (42, "nl")
    signed_extra = init_data(42, auth_date=now, extra={"signature": "abc", "chat_type": "sender"})
    assert validate(signed_extra, TEST_TOKEN, 3600, now).user_id == 42
    with pytest.raises(InitDataError):
        validate(init_data(42, auth_date=now - 61), TEST_TOKEN, 60, now)
    with pytest.raises(InitDataError):
        validate(init_data(42, auth_date=now, token=OTHER_TOKEN), TEST_TOKEN, 3600, now)


async def test_the_plans_hook_reaches_both_views(
    api: FakeBotAPI, staffed: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("bot.webapp.server.plan_source", lambda services: Plans())
    async with BotHarness(api, staffed, **WEBAPP) as bot:
        seed(bot)
        _, region, _ = await call(bot, "/api/regions/VR21", init_data(STAFF21))
        assert region["measures"] == [{"id": "systematiek", "open": 2, "completed": 1}]
        _, own, _ = await call(bot, "/api/own", init_data(COORD))
        assert own["results"]["plan"] == ["Analyse van de veiligheidsproblemen, klaar in juni"]
