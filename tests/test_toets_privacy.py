"""Personal data in the collegiale toets: a member's input in their /mijngegevens; their
/vergeetmij removes it (the settled report says "een teamlid"); the inviter's removes the
toets, live and in the backups. Regional staff see counts, and a report only when shared."""

from __future__ import annotations

import json
from pathlib import Path

from storage.staff import StaffStore
from storage.toetsen import ToetsFiles
from tests.conftest import Clock
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.toets_driver import press, press_data, texts
from tests.helpers.updates import make_message_update
from tests.test_toets_refusals import ME, OTHER, PEER, WETHOUDER, judging

UITLEG = "Uitleg van de wethouder over de analyse."
ADVIES = "Advies van de wethouder: maak een jaarplan."
STAFF_VR21 = 700  # Brabant-Noord, the region of Heusden


async def reported(bot: BotHarness) -> str:
    toets_id = await judging(bot, Clock())
    await press(bot, WETHOUDER, "Geef uw oordeel")
    await press(bot, WETHOUDER, "Te positief")
    await bot.process(make_message_update(UITLEG, user_id=WETHOUDER))
    await press(bot, WETHOUDER, "◀ Vorige")
    await press(bot, WETHOUDER, "Aanbeveling toevoegen")
    await bot.process(make_message_update(ADVIES, user_id=WETHOUDER))
    await press(bot, PEER, "Overzicht van het team")
    await press(bot, PEER, "Oordeel vaststellen")
    await press(bot, PEER, "Verstuur het rapport")
    return toets_id


def raw_files(root: Path) -> str:
    return "".join(p.read_text() for p in sorted(root.rglob("toetsen/*.json")))


async def test_a_member_sees_and_erases_their_input(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await reported(bot)
        await bot.command("/mijngegevens", user=WETHOUDER)
        [document] = api.documents(WETHOUDER)
        mine = json.loads(document.data)["gegevens"]["collegiale_toets"]
        [entry] = mine
        assert entry["rol"] == "teamlid"
        assert entry["inbreng"]["judgements"]["systematiek"]["explanation"] == UITLEG
        assert entry["inbreng"]["recommendations"][0]["text"] == ADVIES
        assert "token_hash" not in entry["inbreng"]

        bot.services.personal_data.backups.create(bot.services.scans.clock().date())
        assert "Wethouder" in raw_files(data_dir / "backups")
        await bot.command("/vergeetmij", user=WETHOUDER)
        await bot.tap_label_starting("Ja, verwijder alles", WETHOUDER)
        for raw in (raw_files(data_dir), raw_files(data_dir / "backups")):
            assert "Wethouder" not in raw and UITLEG not in raw
        [toets] = bot.services.toetsen.mine(ME)
        assert all(m.user_id != WETHOUDER for m in toets.members)
        await bot.command("/toets", user=ME)
        await press(bot, ME, "Heusden (uw toets)")
        await press(bot, ME, "Rapport bekijken")
        report = bot.screen(ME)
        assert f"{ADVIES} (Systematische aanpak; een teamlid)" in report
        assert "• een teamlid" in report and "Wethouder" not in report


async def test_the_inviters_forget_me_removes_the_toets(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        toets_id = await reported(bot)
        bot.services.personal_data.backups.create(bot.services.scans.clock().date())
        await bot.command("/vergeetmij", user=ME)
        await bot.tap_label_starting("Ja, verwijder alles", ME)
        assert ToetsFiles(data_dir).all() == []
        assert raw_files(data_dir / "backups") == ""
        await press_data(bot, OTHER, f"t|{toets_id}|o|")
        assert bot.screen(OTHER).startswith("Deze toets kan ik niet vinden.")


async def test_staff_see_counts_and_a_report_only_when_shared(api: FakeBotAPI, data_dir: Path):
    StaffStore(data_dir).put(STAFF_VR21, "regio", ["VR21"], by=1, now="2026-03-02T09:00:00+00:00")
    async with BotHarness(api, data_dir) as bot:
        toets_id = await reported(bot)
        await bot.command("/regio", user=STAFF_VR21)
        overview = "\n".join(texts(bot, STAFF_VR21))
        assert "Collegiale toetsen: 0 lopend, 1 afgerond." in overview
        assert ADVIES not in overview
        await press_data(bot, STAFF_VR21, f"t|{toets_id}|rr|")
        assert bot.screen(STAFF_VR21) == "Dit rapport is niet met u gedeeld."
        await press(bot, ME, "Deel het rapport met de regio")
        assert "gedeeld met de staf van uw veiligheidsregio" in bot.screen(ME)
        await bot.command("/regio", user=STAFF_VR21)
        await press(bot, STAFF_VR21, "Toetsrapport Heusden")
        assert ADVIES in bot.screen(STAFF_VR21)
        await press_data(bot, 600, f"t|{toets_id}|rr|")  # someone without a role
        assert bot.screen(600) == "Dit rapport is niet met u gedeeld."
