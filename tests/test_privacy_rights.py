"""Privacy rights through the real bot: /privacy, /mijngegevens, /vergeetmij, /toestemming."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dialogs.privacy.statement import INTRO_NOTICE
from dialogs.scan.service import ScanService
from dialogs.scan.steps import Event
from storage.users import TinyUserStore
from tests.helpers.bot_harness import TEST_TOKEN, BotHarness
from tests.helpers.data_dir_scan import mentions
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.scan_driver import answer_all, press, start_scan
from tests.helpers.updates import make_callback_update

ME = 7493826151  # distinctive: a short id could occur by chance in other data
OTHER = 5550001234
MY_NOTE = "Overleg met de GGD loopt stroef — één keer per jaar, zonder agenda"
OTHER_NOTE = "Convenant met de woningcorporaties werkt goed"
PER_KNELPUNT = [5, 4, 3, 3, 4, 3, 3, 3, 2, 3]


async def to_first_statement(bot: BotHarness, user: int, town: str = "Utrecht") -> None:
    await bot.command("/start", user=user)
    await bot.tap_label_starting("Start de scan", user)
    await bot.tap_label_starting("Beginnen", user)
    await bot.say(town, user=user)
    await bot.tap_label_starting("Veiligheidscoördinator", user)


async def answer_with_note(bot: BotHarness, user: int, note: str) -> None:
    """Answer knelpunt 1 and write ``note`` at its note step."""
    for _ in range(PER_KNELPUNT[0]):
        await bot.tap_label_starting("4 ·", user)
    assert "Wilt u bij dit knelpunt iets toelichten?" in bot.screen(user)
    await bot.say(note, user=user)
    assert "Knelpunt 2 van 10" in bot.screen(user)


def today(bot: BotHarness) -> date:
    return bot.services.scans.clock().date()


# --- /privacy and the intro ----------------------------------------------------------------


async def test_privacy_statement_names_who_what_why_how_long_and_the_rights(
    api: FakeBotAPI, data_dir: Path
):
    overrides = {"organisation": "Veiligheidsregio Testland", "contact": "privacy@testland.nl"}
    async with BotHarness(api, data_dir, retention_months=18, backup_days=5, **overrides) as bot:
        await bot.command("/privacy", user=ME)
        statement = bot.screen(ME)
    assert statement.startswith("Privacyverklaring van Regiescan")
    assert len(statement) <= 4096
    for expected in (
        "Veiligheidsregio Testland is verantwoordelijk",
        "privacy@testland.nl",
        "Telegram-gebruikersnummer",
        "uw antwoorden en toelichtingen",
        "publieke taak",
        "alleen als u toestemming geeft",
        "eigen veiligheidsregio",
        "minstens drie gemeenten",
        "tot 18 maanden na uw laatste activiteit",
        "die 5 dagen bewaard blijft",
        "ook meteen uit de reservekopieën",
        "/mijngegevens",
        "/vergeetmij",
        "/toestemming",
        "Autoriteit Persoonsgegevens",
        "Telegram bewaart zelf een kopie van dit gesprek",
    ):
        assert expected in statement, expected


async def test_first_scan_shows_the_privacy_notice_before_the_first_question(
    api: FakeBotAPI, data_dir: Path
):
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/start", user=ME)
        await bot.tap_label_starting("Start de scan", ME)
        intro = bot.screen(ME)
        assert "Uw antwoorden zijn vertrouwelijk" in intro and "/privacy" in intro
        assert bot.labels(ME)[0] == "Beginnen"


def test_privacy_notice_is_in_the_intro_of_a_first_scan_only(service: ScanService):
    start_scan(service, 1)
    answer_all(service, 1)
    press(service, 1, "finish")
    intro = press(service, 1, "begin")
    assert intro.step.kind == "intro"
    assert INTRO_NOTICE not in [t.msgid for t in intro.step.body]
    first = service.handle(2, Event.command("scan"))
    assert INTRO_NOTICE in [t.msgid for t in first.step.body]


# --- /mijngegevens ---------------------------------------------------------------------------


async def test_my_data_is_a_json_document_with_everything_stored(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir, organisation="Gemeente Testdorp") as bot:
        await to_first_statement(bot, ME)
        await answer_with_note(bot, ME, MY_NOTE)
        screen = api.last_message(ME).message_id  # the current question: "Knelpunt 2 van 10"
        await bot.command("/toestemming", user=ME)
        await bot.tap_label_starting("Geen herinneringen meer", ME)
        bot.services.personal_data.backups.create(today(bot))
        await bot.command("/mijngegevens", user=ME)
        [document] = api.documents(ME)
    assert document.filename == f"regiescan-mijn-gegevens-{today(bot).isoformat()}.json"
    assert document.mime_type == "application/json"
    assert TEST_TOKEN.encode() not in document.data
    exported = json.loads(document.data)
    assert exported["telegram_gebruikersnummer"] == ME
    assert exported["verantwoordelijke"] == "Gemeente Testdorp"
    mine = exported["gegevens"]["gebruiker"]
    assert mine["current"]["notes"]["systematiek"]["text"] == MY_NOTE
    assert len(mine["current"]["answers"]) == PER_KNELPUNT[0]
    assert mine["profile"] == {"gemeente": "GM0344", "role": "coordinator"}
    assert mine["consents"]["reminders"]["given"] is False
    assert mine["consents"]["reminders"]["at"]
    assert exported["gegevens"]["reservekopieen"] == {"kopieen_van": [today(bot).isoformat()]}
    # The message that shows the current question (only it takes answers, also after a restart).
    assert exported["gegevens"]["scanscherm"] == {"bericht": screen}
    assert exported["uitleg"].startswith("Dit zijn alle gegevens")
    assert "'scanscherm' is het nummer van het Telegram-bericht" in exported["uitleg"]


async def test_my_data_for_someone_unknown_says_nothing_is_stored(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/mijngegevens", user=ME)
        assert bot.screen(ME) == "Regiescan bewaart op dit moment geen gegevens over u."
    assert api.documents(ME) == []


# --- /vergeetmij -----------------------------------------------------------------------------


async def test_forget_me_leaves_nothing_in_the_data_dir_or_its_backups(
    api: FakeBotAPI, data_dir: Path
):
    async with BotHarness(api, data_dir) as bot:
        for user, note in ((ME, MY_NOTE), (OTHER, OTHER_NOTE)):
            await to_first_statement(bot, user, "Den Bosch")
            await answer_with_note(bot, user, note)
        await bot.command("/toestemming", user=ME)
        await bot.tap_label_starting("Mijn gemeente als collega-gemeente tonen", ME)
        bot.services.personal_data.backups.create(today(bot))
        before = mentions(data_dir, str(ME), MY_NOTE)
        assert any(m.startswith("backups/") for m in before), before
        assert any(m.startswith("users/") for m in before), before

        await bot.command("/vergeetmij", user=ME)
        assert "Dit kan niet ongedaan worden gemaakt" in bot.screen(ME)
        await bot.tap_label_starting("Ja, verwijder alles", ME)
        assert bot.screen(ME).startswith("Alles wat Regiescan over u bewaarde, is verwijderd")
        assert bot.labels(ME) == []
        assert mentions(data_dir, str(ME), MY_NOTE) == []
        # The other coordinator is untouched, live and in the backup.
        kept = mentions(data_dir, str(OTHER), OTHER_NOTE)
        assert any(m.startswith("users/") for m in kept)
        assert any(m.startswith("backups/") for m in kept)
        assert TinyUserStore(data_dir).load(OTHER)["current"]["notes"]

        await bot.command("/start", user=ME)  # a fresh start, as a new user
        assert "Start de scan" in bot.labels(ME)
    assert TinyUserStore(data_dir).load(ME) is None


async def test_forget_me_cancelled_erases_nothing(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot, ME)
        before = TinyUserStore(data_dir).load(ME)
        await bot.command("/vergeetmij", user=ME)
        await bot.tap_label_starting("Nee, niets verwijderen", ME)
        assert bot.screen(ME) == "Er is niets verwijderd."
    assert TinyUserStore(data_dir).load(ME) == before


@pytest.mark.parametrize("forged", ["v|AAAAAAAA", "v|zzzzzzzzzzzz", "v|", "v|no|x"])
async def test_a_forged_confirmation_erases_nothing(api: FakeBotAPI, data_dir: Path, forged: str):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot, ME)
        before = TinyUserStore(data_dir).load(ME)
        await bot.command("/vergeetmij", user=ME)
        message = api.last_message(ME).message_id
        await bot.process(make_callback_update(forged, message, user_id=ME))
        assert api.calls("answerCallbackQuery")
    assert TinyUserStore(data_dir).load(ME) == before


async def test_someone_elses_confirmation_and_one_from_before_a_restart_do_nothing(
    api: FakeBotAPI, data_dir: Path
):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot, ME)
        await to_first_statement(bot, OTHER)
        await bot.command("/vergeetmij", user=OTHER)
        others_button = dict(api.last_message(OTHER).buttons)["Ja, verwijder alles"]
        await bot.process(make_callback_update(others_button, 1, user_id=ME))
        assert "Deze bevestiging is verlopen" in bot.screen(ME)
        await bot.command("/vergeetmij", user=ME)
        my_button = dict(api.last_message(ME).buttons)["Ja, verwijder alles"]
    store = TinyUserStore(data_dir)
    before = {ME: store.load(ME), OTHER: store.load(OTHER)}
    async with BotHarness(api, data_dir) as bot:  # restarted: pending confirmations are gone
        await bot.process(make_callback_update(my_button, 1, user_id=ME))
        assert "Deze bevestiging is verlopen" in bot.screen(ME)
    assert {ME: store.load(ME), OTHER: store.load(OTHER)} == before


# --- /toestemming ----------------------------------------------------------------------------


async def test_consents_are_recorded_with_time_and_withdrawn_in_one_tap(
    api: FakeBotAPI, data_dir: Path
):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot, ME)
        await bot.command("/toestemming", user=ME)
        assert "Vermelding als collega-gemeente: uit (standaard)" in bot.screen(ME)
        assert "Herinneringen van de regio: aan (standaard)" in bot.screen(ME)
        await bot.tap_label_starting("Mijn gemeente als collega-gemeente tonen", ME)
        assert "Vermelding als collega-gemeente: gegeven op" in bot.screen(ME)
        given = TinyUserStore(data_dir).load(ME)["consents"]["peer_listing"]
        assert given["given"] is True and given["at"]
        assert api.calls("answerCallbackQuery")[-1].params["text"] == "Uw keuze is bewaard."

        await bot.tap_label_starting("Alle toestemmingen intrekken", ME)
        consents = TinyUserStore(data_dir).load(ME)["consents"]
        assert consents["peer_listing"]["given"] is False
        assert consents["reminders"]["given"] is False
        assert [h["given"] for h in consents["peer_listing"]["history"]] == [True, False]
        assert "Alle toestemmingen intrekken" not in bot.labels(ME)
        assert "uit sinds" in bot.screen(ME)
        # The scan itself is where it was.
        await bot.command("/scan", user=ME)
        assert "Stelling 1 van 5" in bot.screen(ME)


@pytest.mark.parametrize("forged", ["c|a|1", "c|x|0", "c|p|2", "c|p", "c|r|0|extra"])
async def test_malformed_consent_buttons_change_nothing(
    api: FakeBotAPI, data_dir: Path, forged: str
):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot, ME)
        before = TinyUserStore(data_dir).load(ME)
        await bot.process(make_callback_update(forged, 1, user_id=ME))
        assert api.calls("answerCallbackQuery")
    assert TinyUserStore(data_dir).load(ME) == before


def test_terminal_chat_shows_the_notice_and_the_statement(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REGIESCAN_"))}
    env |= {"REGIESCAN_DATA_DIR": str(tmp_path), "REGIESCAN_ORGANISATION": "Gemeente Testdorp"}
    result = subprocess.run(
        [sys.executable, "-m", "regiescan.cli", "chat"],
        input="1\nprivacy\nstop\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    notice = out.index("Uw antwoorden zijn vertrouwelijk")
    assert notice < out.index("1) Beginnen")
    assert "Gemeente Testdorp is verantwoordelijk" in out
    assert out.index("Privacyverklaring van Regiescan") < out.rindex("1) Beginnen")
