"""A staff draft (audience, text, preview) survives a restart of the bot, and is personal data."""

from __future__ import annotations

from pathlib import Path

from bot.staff_access import STALE
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.updates import make_callback_update
from tests.test_regional_bot import (
    STAFF21,
    broadcaster,
    compose,
    harness,
    received,
    seed_brabant_noord,
)

TEXT = "Denkt u aan de scan voor vrijdag?"


async def test_a_draft_survives_a_restart_and_is_sent_once(api: FakeBotAPI, staffed: Path):
    async with harness(api, staffed) as bot:
        seed_brabant_noord(bot)
        await compose(bot, "Begonnen, nog niet klaar", TEXT)
        [send] = [data for label, data in api.buttons(STAFF21) if label == "Versturen"]
        exported = bot.services.personal_data.export(STAFF21)
        assert TEXT in str(exported)  # /mijngegevens shows the draft
    async with harness(api, staffed) as bot:  # the bot restarted with the preview on screen
        await bot.tap_label_starting("Versturen", STAFF21)
        await broadcaster(bot).wait_idle()
        assert bot.screen(STAFF21).startswith("Verzendrapport")
        await bot.process(make_callback_update(send, 1, user_id=STAFF21))  # again: stale
        assert api.calls("answerCallbackQuery")[-1].params["text"] == STALE
    for coordinator in (101, 102, 103, 104):
        assert [m for m in received(api, coordinator) if TEXT in m] != []
        assert len([m for m in received(api, coordinator) if TEXT in m]) == 1
    assert "Denkt u" not in (staffed / "staff_drafts.json").read_text()  # sent: draft gone


async def test_the_text_step_survives_a_restart_and_forgetting_erases_the_draft(
    api: FakeBotAPI, staffed: Path
):
    async with harness(api, staffed) as bot:
        seed_brabant_noord(bot)
        await bot.command("/bericht", None, user=STAFF21)
        await bot.tap_label_starting("Begonnen, nog niet klaar", STAFF21)
    async with harness(api, staffed) as bot:
        await bot.say(TEXT, user=STAFF21)  # typed after the restart: still the draft's text
        assert "Versturen" in bot.labels(STAFF21)
        assert TEXT in bot.screen(STAFF21)
        bot.services.personal_data.erase_live(STAFF21)
        assert TEXT not in (staffed / "staff_drafts.json").read_text()
