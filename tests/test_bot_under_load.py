"""What keeps a tap quick when many coordinators tap at once (measured in bench/README.md)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

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
