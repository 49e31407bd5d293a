"""What keeps a tap quick when many coordinators tap at once (measured in bench/README.md)."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.ratelimit import RepliesFirstRateLimiter
from dialogs.model import Scan, User
from storage.users import TinyUserStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI

ME = 1001


async def test_the_edited_screen_goes_out_before_the_tap_is_acknowledged(data_dir: Path):
    api = FakeBotAPI()
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/start")
        await bot.tap_label_starting("Start de scan")
        await bot.tap_label_starting("Beginnen")
        await bot.say("Den Bosch")
        await bot.tap_label_starting("Veiligheidscoördinator")
        api.clear_calls()
        await bot.tap_label_starting("4 · eens")
    assert [c.method for c in api.calls()] == ["editMessageText", "answerCallbackQuery"]
    assert "Stelling 2 van 5" in bot.screen()
    answers = TinyUserStore(data_dir).load(ME)["current"]["answers"]
    assert [a["value"] for a in answers.values()] == [4]


async def _request(limiter: RepliesFirstRateLimiter, endpoint: str, calls: list[str]) -> None:
    async def callback(*args: Any, **kwargs: Any) -> bool:
        calls.append(endpoint)
        return True

    data = {"chat_id": ME, "text": "x"}
    request = limiter.process_request(callback, (endpoint, data), {}, endpoint, data, None)
    await asyncio.wait_for(request, 10)  # held back by the budget: would wait an hour


async def test_replies_to_taps_do_not_spend_the_overall_message_budget():
    # A budget of one message an hour: any request that spends it shows in has_capacity().
    limiter = RepliesFirstRateLimiter(overall_max_rate=1, overall_time_period=3600)
    calls: list[str] = []
    await limiter.initialize()
    for endpoint in ("answerCallbackQuery", "editMessageText", "editMessageReplyMarkup") * 3:
        await _request(limiter, endpoint, calls)
    assert limiter._base_limiter is not None
    assert limiter._base_limiter.has_capacity()  # the replies went out without spending it
    await _request(limiter, "sendMessage", calls)
    assert not limiter._base_limiter.has_capacity()  # a new message does spend it
    await limiter.shutdown()
    assert len(calls) == 10


def test_user_documents_are_independent_copies_with_every_field():
    user = User.new(ME, "2026-11-29T09:00:00+00:00")
    user.profile = {"gemeente": "GM0796", "role": "coordinator"}
    user.last_choice = [3, "a:4"]
    scan = Scan.new("2026.1", "2026-11-29T09:00:00+00:00")
    scan.set_answer("systematiek.analyse", 4, "2026-11-29T09:01:00+00:00")
    scan.set_answer("systematiek.analyse", 2, "2026-11-29T09:02:00+00:00")
    user.current, user.finished = scan, [Scan.new("2025.1", "2025-11-29T09:00:00+00:00")]
    doc = user.to_doc()
    reference = asdict(user)  # what the documents were made with before (ten times slower)
    assert doc == reference and list(doc) == list(reference)
    doc["current"]["answers"]["systematiek.analyse"]["value"] = 5
    doc["profile"]["role"] = "x"
    doc["last_choice"].append("y")
    assert scan.value("systematiek.analyse") == 2  # nothing the caller holds is shared
    assert user.profile["role"] == "coordinator" and user.last_choice == [3, "a:4"]
    assert User.from_doc(user.to_doc()) == user
