"""The Telegram bot end to end: real PTB Application, fake Bot API, real store on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.users import TinyUserStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.updates import (
    make_callback_update,
    make_channel_post_update,
    make_edited_message_update,
    make_group_message_update,
    make_media_update,
)

ME = 1001
PER_KNELPUNT = [5, 4, 3, 3, 4, 3, 3, 3, 2, 3]


async def to_first_statement(bot: BotHarness, user: int = ME, town: str = "Den Bosch") -> None:
    await bot.command("/start", user=user)
    await bot.tap_label_starting("Start de scan", user)
    await bot.tap_label_starting("Beginnen", user)
    await bot.say(town, user=user)
    await bot.tap_label_starting("Veiligheidscoördinator", user)


async def test_start_greets_and_registers_the_command_menu(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/start")
    greeting, _step = [c.params["text"] for c in api.calls("sendMessage", ME)]
    assert greeting.startswith("Welkom bij Regiescan")
    assert "/privacy" in greeting
    assert "Start de scan" in bot.labels()
    menus = api.calls("setMyCommands")
    assert {c.params.get("language_code") for c in menus} == {None, "en"}
    dutch = next(c for c in menus if "language_code" not in c.params)
    assert {
        "command": "overzicht",
        "description": "Uw antwoorden bekijken en wijzigen",
    } in dutch.params["commands"]


async def test_whole_scan_by_buttons_edits_one_message_in_place(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        assert "Knelpunt 1 van 10 · Systematische aanpak" in bot.screen()
        assert "Stelling 1 van 5" in bot.screen()
        statement_message = api.last_message(ME).message_id
        await bot.tap_label_starting("4 · eens")
        assert api.last_message(ME).message_id == statement_message  # edited, not a new one
        assert "Stelling 2 van 5" in bot.screen()
        for i, n in enumerate(PER_KNELPUNT):
            for _ in range(n - (1 if i == 0 else 0)):
                await bot.tap_label_starting("4 · eens")
            assert "Wilt u bij dit knelpunt iets toelichten?" in bot.screen()
            if i == 2:
                await bot.say("Convenant met de woningcorporaties loopt goed.")
            else:
                await bot.tap_label_starting("Geen toelichting")
        assert "Alle stellingen zijn beantwoord." in bot.screen()
        overview_message = api.last_message(ME).message_id
        await bot.tap_label_starting("Afronden")
        finished = next(m for m in api.messages(ME) if m.message_id == overview_message)
        assert "is afgerond op" in (finished.text or "")  # the same message, edited
        assert bot.screen().startswith("Mag uw gemeente getoond worden als collega-gemeente?")
    doc = TinyUserStore(data_dir).load(ME)
    [scan] = doc["finished"]
    assert len(scan["answers"]) == 33
    assert scan["notes"]["sturing"]["text"].startswith("Convenant")
    for call in api.calls():
        for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                assert len(button["callback_data"].encode()) <= 64


async def test_resume_after_the_application_is_rebuilt(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        await bot.tap_label_starting("2 · oneens")
        await bot.tap_label_starting("5 · helemaal eens")
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/scan")
        assert "Stelling 3 van 5" in bot.screen()
        await bot.tap_label_starting("3 · neutraal")
        assert "Stelling 4 van 5" in bot.screen()
    answers = TinyUserStore(data_dir).load(ME)["current"]["answers"]
    assert [a["value"] for a in answers.values()] == [2, 5, 3]


async def test_old_button_says_so_and_shows_the_current_question(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        old = api.last_message(ME)
        old_data = next(d for label, d in old.buttons if label.startswith("1 ·"))
        await bot.tap_label_starting("4 · eens")
        await bot.process(make_callback_update(old_data, old.message_id, user_id=ME))
        toast = api.calls("answerCallbackQuery")[-1].params["text"]
        assert toast.startswith("Deze knop hoort bij een eerdere vraag")
        assert "Stelling 2 van 5" in bot.screen()
    answers = TinyUserStore(data_dir).load(ME)["current"]["answers"]
    assert answers["systematiek.inbedding"]["value"] == 4


async def test_double_tap_is_counted_once(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        message = api.last_message(ME)
        data = next(d for label, d in message.buttons if label.startswith("4 ·"))
        answered = len(api.calls("answerCallbackQuery"))
        await bot.process(make_callback_update(data, message.message_id, user_id=ME))
        await bot.process(make_callback_update(data, message.message_id, user_id=ME))
        assert "Stelling 2 van 5" in bot.screen()
        assert len(api.calls("answerCallbackQuery")) == answered + 2  # every query answered
    assert len(TinyUserStore(data_dir).load(ME)["current"]["answers"]) == 1


@pytest.mark.parametrize("data", ["garbage", "s|x|a:4", "s|1|", "l|fr", "s|99999|a:4"])
async def test_forged_callback_data_changes_nothing(api: FakeBotAPI, data_dir: Path, data: str):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        before = TinyUserStore(data_dir).load(ME)
        await bot.process(make_callback_update(data, api.last_message(ME).message_id, user_id=ME))
        assert api.calls("answerCallbackQuery")
        assert "Stelling 1 van 5" in bot.screen()
    assert TinyUserStore(data_dir).load(ME) == before


async def test_free_text_where_a_button_is_expected(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        await bot.say("helemaal mee eens")
        assert bot.screen().startswith("Kies een van de mogelijkheden")
        assert "Stelling 1 van 5" in bot.screen()


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "document", "location"])
async def test_media_gets_a_reply_and_the_current_step(api: FakeBotAPI, data_dir: Path, kind):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        await bot.process(make_media_update(kind, user_id=ME))
        assert bot.screen().startswith("Ik kan alleen tekst en de knoppen verwerken.")
        assert "Stelling 1 van 5" in bot.screen()


async def test_edited_message_is_not_applied(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        await bot.process(make_edited_message_update("Utrecht", 1, user_id=ME))
        assert bot.screen().startswith("Een bewerkt bericht verwerk ik niet.")
    assert TinyUserStore(data_dir).load(ME)["current"]["gemeente"] == "GM0796"


async def test_too_long_note_is_refused_with_a_message(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        for _ in range(5):
            await bot.tap_label_starting("3 · neutraal")
        await bot.say("x" * 5000)
        assert bot.screen().startswith("Uw toelichting is te lang: 5000 tekens")
        assert "Wilt u bij dit knelpunt iets toelichten?" in bot.screen()
    assert TinyUserStore(data_dir).load(ME)["current"]["notes"] == {}


async def test_group_chats_are_told_the_bot_is_private_only(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await bot.process(make_group_message_update("/start", user_id=ME))
        await bot.process(make_group_message_update("gewoon een bericht", user_id=ME))
        await bot.process(make_channel_post_update("nieuws"))
    sent = api.calls("sendMessage")
    assert len(sent) == 1
    assert "alleen in een privégesprek" in sent[0].params["text"]
    assert list(TinyUserStore(data_dir).user_ids()) == []


async def test_two_chats_interleaved_stay_apart(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot, 1001, "Utrecht")
        await to_first_statement(bot, 2002, "Súdwest-Fryslân")
        await bot.tap_label_starting("1 ·", 1001)
        await bot.tap_label_starting("5 ·", 2002)
        await bot.tap_label_starting("2 ·", 1001)
        assert "Stelling 3 van 5" in bot.screen(1001)
        assert "Stelling 2 van 5" in bot.screen(2002)
    store = TinyUserStore(data_dir)
    one, two = store.load(1001)["current"], store.load(2002)["current"]
    assert (one["gemeente"], two["gemeente"]) == ("GM0344", "GM1900")
    assert [a["value"] for a in one["answers"].values()] == [1, 2]
    assert [a["value"] for a in two["answers"].values()] == [5]


async def test_deep_link_payload_is_recorded_before_the_profile(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/start", payload="VR22")
        await bot.command("/start", payload="bad payload!")
    assert TinyUserStore(data_dir).load(ME)["invite"] == "VR22"


async def test_english_via_taal(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        await bot.command("/taal")
        await bot.tap("l|en")
        assert bot.screen().startswith("The language is now English.")
        assert "Bottleneck 1 of 10 · Systematic approach" in bot.screen()
        assert "4 · agree" in bot.labels()
        await bot.command("/help")
        assert "/overzicht" in bot.screen() and "Answer the statements" in bot.screen()


async def test_unknown_command_and_result_without_scan(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/vliegen")
        assert bot.screen().startswith("Die opdracht ken ik niet.")
        await bot.command("/resultaat")
        assert bot.screen().startswith("U heeft nog geen afgeronde scan.")


async def test_pause_and_overview_commands(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        await bot.tap_label_starting("4 ·")
        await bot.command("/stop")
        assert "De scan staat op pauze." in bot.screen()
        await bot.command("/overzicht")
        assert "Overzicht van uw antwoorden" in bot.screen()
        assert "1. Systematische aanpak: 1 van 5 beantwoord" in bot.screen()
        await bot.tap_label_starting("Verder met de scan")
        assert "Stelling 2 van 5" in bot.screen()


async def test_error_in_a_handler_is_logged_without_text_and_the_user_gets_an_apology(
    api: FakeBotAPI, data_dir: Path, caplog: pytest.LogCaptureFixture
):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk on fire")

        bot.services.scans.handle = broken  # type: ignore[method-assign]
        with caplog.at_level("INFO"):
            await bot.say("Geheime toelichting over de burgemeester")
        assert bot.screen().startswith("Excuses, er ging iets mis")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in logged
    assert "Geheime toelichting" not in logged


async def test_start_during_a_scan_offers_ga_verder(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        await bot.tap_label_starting("4 ·")
        await bot.command("/start")
        assert bot.screen().startswith("Welkom bij Regiescan")
        assert bot.labels() == ["Ga verder"]
        await bot.tap("Ga verder")
        assert "Stelling 2 van 5" in bot.screen()
