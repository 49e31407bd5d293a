"""Bad input around the collegiale toets: stale and forged buttons, invitation links reused,
expired or guessed, a withdrawn member's old buttons, text where a button is expected. Each
gets a clear Dutch line and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.conftest import Clock
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.seed import finished_scan
from tests.helpers.toets_driver import press, press_data, texts, token_from
from tests.helpers.updates import make_command_update, make_message_update

ME, PEER, OTHER, WETHOUDER, STRANGER = 1001, 2002, 3003, 4004, 5005


async def sent_toets(bot: BotHarness, clock: Clock) -> str:
    """Heusden invites Tilburg and Breda and makes one link; returns the link's token."""
    bot.services.scans.clock = clock
    finished_scan(bot.services.scans, PEER, "Tilburg", {"informatie": 5}, peer=True)
    finished_scan(bot.services.scans, OTHER, "Breda", {"sturing": 5}, peer=True)
    finished_scan(bot.services.scans, ME, "Heusden", {"informatie": 1}, default=4, peer=False)
    await bot.command("/toets", user=ME)
    await press(bot, ME, "Organiseer een collegiale toets")
    await press(bot, ME, "☐ Tilburg")
    await press(bot, ME, "☐ Breda")
    await press(bot, ME, "+ Uitnodigingslink")
    await press(bot, ME, "Uitnodigingen versturen")
    return token_from(bot, ME)


async def judging(bot: BotHarness, clock: Clock) -> str:
    """The toets in the judging state: Tilburg chairs, Breda and the wethouder take part."""
    token = await sent_toets(bot, clock)
    await press(bot, PEER, "Ja, ik doe mee")
    await press(bot, OTHER, "Ja, ik doe mee")
    await bot.process(make_command_update("/start", f"t_{token}", user_id=WETHOUDER))
    await press(bot, WETHOUDER, "Ja, ik doe mee")
    await press(bot, ME, "Naar het overzicht van de toets")
    await press(bot, ME, "Vraag als voorzitter: Karim Bouali")
    await press(bot, PEER, "Ja, ik ben voorzitter")
    await press(bot, ME, "Naar het overzicht van de toets")
    await press(bot, ME, "Start de voorbereiding")
    await press(bot, PEER, "Naar het overzicht van de toets")
    await press(bot, PEER, "Start het oordelen")
    return bot.services.toetsen.mine(ME)[0].id


def stored(bot: BotHarness) -> dict:
    return bot.services.toetsen.mine(ME)[0].to_doc()


async def test_links_reused_guessed_or_expired_are_refused(api: FakeBotAPI, data_dir: Path):
    clock = Clock()
    async with BotHarness(api, data_dir) as bot:
        token = await sent_toets(bot, clock)
        before = stored(bot)
        await bot.process(make_command_update("/start", "t_" + "A" * 22, user_id=STRANGER))
        assert bot.screen(STRANGER).startswith("Deze uitnodigingslink is niet geldig.")
        await bot.command("/start", f"t_{token}", user=ME)  # the inviter's own link
        assert bot.screen(ME) == "U hoort al bij deze toets."
        assert stored(bot) == before
        clock.now += timedelta(days=14, minutes=1)
        await bot.process(make_command_update("/start", f"t_{token}", user_id=STRANGER))
        assert bot.screen(STRANGER).startswith("Deze uitnodigingslink is verlopen (na 14 dagen).")
        assert stored(bot)["members"] == before["members"]


async def test_a_link_works_once(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        token = await sent_toets(bot, Clock())
        await bot.process(make_command_update("/start", f"t_{token}", user_id=WETHOUDER))
        await press(bot, WETHOUDER, "Ja, ik doe mee")
        before = stored(bot)
        await bot.process(make_command_update("/start", f"t_{token}", user_id=STRANGER))
        assert bot.screen(STRANGER).startswith("Deze uitnodigingslink is al gebruikt.")
        assert stored(bot) == before
        await press(bot, WETHOUDER, "Ja, ik doe mee")  # the old invitation, tapped again
        assert bot.screen(WETHOUDER) == "U heeft deze uitnodiging al beantwoord."


async def test_stale_and_forged_buttons_change_nothing(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await sent_toets(bot, Clock())
        toets_id = stored(bot)["id"]
        before = stored(bot)
        # The draft's buttons, after sending: stale.
        await press_data(bot, ME, f"t|{toets_id}|p|{PEER}")
        assert bot.screen(ME).startswith("Deze knop hoort bij een eerdere stap van de toets.")
        # Someone outside the toets forging its buttons.
        for data in (f"t|{toets_id}|x|", f"t|{toets_id}|jv|systematiek.h", f"i|{toets_id}|y"):
            await press_data(bot, STRANGER, data)
            assert bot.screen(STRANGER).startswith("Deze toets kan ik niet vinden."), data
        await press_data(bot, ME, "t|0123456789|o|")
        assert bot.screen(ME).startswith("Deze toets kan ik niet vinden.")
        for junk in ("t|zz", f"t|{toets_id}|qq|", f"t|{toets_id}|jv|x" * 9):
            await press_data(bot, ME, junk)
            assert bot.screen(ME).startswith("Deze knop begrijp ik niet."), junk
        await press_data(bot, ME, "r|go|3")  # a button of the first version
        assert "oudere versie van de toets" in bot.screen(ME)
        # A peer may not do what only the inviter does.
        await press(bot, PEER, "Ja, ik doe mee")
        await press_data(bot, PEER, f"t|{toets_id}|b|")
        assert bot.screen(PEER).startswith("Deze toets kan ik niet vinden.")
        after = stored(bot)
        assert [m["status"] for m in after["members"]] == ["in", "asked", "open"]
        assert after["state"] == before["state"] == "invited"


async def test_only_the_chair_settles_and_a_settled_toets_takes_no_verdicts(
    api: FakeBotAPI, data_dir: Path
):
    async with BotHarness(api, data_dir) as bot:
        toets_id = await judging(bot, Clock())
        await press_data(bot, OTHER, f"t|{toets_id}|cs|")
        assert bot.screen(OTHER) == "Dit kan alleen de voorzitter van de toets."
        await press(bot, OTHER, "Geef uw oordeel")
        await press(bot, PEER, "Overzicht van het team")
        await press(bot, PEER, "Oordeel vaststellen")
        before = stored(bot)
        await press(bot, OTHER, "Herkenbaar")  # the old judging screen
        assert bot.screen(OTHER).startswith("Deze knop hoort bij een eerdere stap van de toets.")
        assert stored(bot) == before


async def test_a_withdrawn_member_and_old_buttons(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        toets_id = await judging(bot, Clock())
        await press(bot, OTHER, "Geef uw oordeel")
        await press(bot, OTHER, "Te negatief")
        await bot.process(make_message_update("Te streng voor zichzelf.", user_id=OTHER))
        await press(bot, OTHER, "Naar het overzicht van de toets")
        await press(bot, OTHER, "Mij terugtrekken")
        await press(bot, OTHER, "Ja, trek mij terug")
        assert "Els Verhoeven (Breda) heeft zich uit uw collegiale toets teruggetrokken." in texts(
            bot, ME
        )
        member = next(m for m in stored(bot)["members"] if m["user_id"] == OTHER)
        assert member["status"] == "withdrawn" and member["judgements"] == {}
        before = stored(bot)
        for label in ("Te negatief", "Aanbeveling toevoegen", "Geef uw oordeel"):
            await press(bot, OTHER, label)
            assert bot.screen(OTHER).startswith("U heeft zich uit deze toets teruggetrokken.")
        await press_data(bot, OTHER, f"t|{toets_id}|k|")
        assert stored(bot) == before


async def test_text_where_a_button_is_expected(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await judging(bot, Clock())
        await press(bot, WETHOUDER, "Geef uw oordeel")
        before = stored(bot)
        await bot.process(make_message_update("herkenbaar", user_id=WETHOUDER))
        mine = texts(bot, WETHOUDER)
        assert mine[-2] == "Kies een van de knoppen onder het bericht. Uw tekst is niet bewaard."
        assert "knelpunt 1 van 10" in mine[-1]
        assert stored(bot) == before
        # A text that is too long, where an explanation is asked: refused, nothing saved.
        await press(bot, WETHOUDER, "Herkenbaar")
        await bot.process(make_message_update("x" * 1001, user_id=WETHOUDER))
        assert bot.screen(WETHOUDER).startswith("Dat is te lang: hooguit 1000 tekens.")
        member = next(m for m in stored(bot)["members"] if m["user_id"] == WETHOUDER)
        assert member["judgements"]["systematiek"]["explanation"] is None


async def test_a_decline_and_a_cancel_are_told_and_end_the_buttons(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        token = await sent_toets(bot, Clock())
        await press(bot, OTHER, "Nee, nu niet")
        assert "Els Verhoeven (Breda) doet niet mee aan uw collegiale toets." in texts(bot, ME)
        await press(bot, OTHER, "Ja, ik doe mee")  # changing one's mind on the old message
        assert bot.screen(OTHER) == "U heeft deze uitnodiging al beantwoord."
        await press(bot, PEER, "Ja, ik doe mee")
        await press(bot, ME, "Naar het overzicht van de toets")
        await press(bot, ME, "Toets annuleren")
        assert bot.screen(ME).startswith("Weet u zeker dat u deze collegiale toets wilt annuleren?")
        await press(bot, ME, "Ja, annuleren")
        assert (
            bot.screen(PEER)
            == "De collegiale toets van Heusden is geannuleerd door de organisator."
        )
        assert "geannuleerd" not in " ".join(texts(bot, OTHER))  # who declined is not bothered
        await press(bot, PEER, "Naar het overzicht van de toets")  # shown, nothing to tap
        assert bot.screen(PEER).startswith("Collegiale toets van Heusden: geannuleerd")
        assert bot.labels(PEER) == []
        await press(bot, PEER, "Ja, ik doe mee")
        assert bot.screen(PEER) == "Deze toets is geannuleerd. Er is niets gewijzigd."
        await bot.process(make_command_update("/start", f"t_{token}", user_id=WETHOUDER))
        assert bot.screen(WETHOUDER) == "Deze toets is geannuleerd. Er is niets gewijzigd."
        assert stored(bot)["state"] == "cancelled"
        await bot.command("/toets", user=ME)  # a new toets can be organised at once
        await press(bot, ME, "Organiseer een collegiale toets")
        assert bot.screen(ME).startswith("Collegiale toets: stel uw team samen.")
