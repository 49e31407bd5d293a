"""Regional staff through the real Application on the fake Bot API: roles on every command and
button, broadcasts with faults, interruption and resume, the region overview, invites."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.broadcasting.sender import Policy
from bot.broadcasting.tasks import Broadcaster
from dialogs.regional.delivery import DELIVERED
from storage.outbox import OutboxStore
from storage.region_files import RegionFiles
from storage.staff import StaffStore
from storage.users import TinyUserStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.regional_seed import finish, opt_in_as_peer, opt_out, to_knelpunt
from tests.helpers.updates import make_callback_update

ADMIN, STAFF21, STAFF09, COORD = 7, 500, 600, 101
NOT_STAFF = "Dit is alleen voor regionale medewerkers."
NOT_YOUR_REGION = "Die regio valt niet onder uw rol."
NOW = "2026-03-02T09:00:00+00:00"


def harness(api: FakeBotAPI, data_dir: Path) -> BotHarness:
    bot = BotHarness(api, data_dir, admins=(ADMIN,))
    broadcaster(bot).policy = Policy(workers=2, backoff=0.01)
    return bot


def broadcaster(bot: BotHarness) -> Broadcaster:
    return bot.app.bot_data.broadcaster


def received(api: FakeBotAPI, user: int) -> list[str]:
    """Texts of the messages that reached ``user`` (failed calls excluded)."""
    return [c.params["text"] for c in api.calls("sendMessage", user) if c.ok]


def seed_brabant_noord(bot: BotHarness) -> None:
    scans = bot.services.scans
    to_knelpunt(scans, 101, "Oss", 6)
    to_knelpunt(scans, 102, "Vught", 2)
    to_knelpunt(scans, 103, "Boxtel", 3)
    to_knelpunt(scans, 104, "Heusden", 4)
    to_knelpunt(scans, 105, "Bernheze", 1)
    opt_out(scans, 105)
    finish(scans, 106, "Meierijstad")
    to_knelpunt(scans, 201, "Utrecht", 5)  # VR09: outside Brabant-Noord


# --- roles, on every command and every button ------------------------------------------------
@pytest.mark.parametrize(
    ("command", "payload"),
    [
        ("/bericht", None),
        ("/bericht", "VR21"),
        ("/planning", None),
        ("/planning", "nieuw"),
        ("/regio", None),
        ("/regio", "VR21"),
        ("/uitnodiging", "VR21"),
        ("/staf", "toevoegen 101 beheerder"),
    ],
)
async def test_a_coordinator_is_refused_every_staff_command(
    api: FakeBotAPI, staffed: Path, command: str, payload: str | None
):
    async with harness(api, staffed) as bot:
        await bot.command(command, payload, user=COORD)
        assert received(api, COORD) == [NOT_STAFF]
    assert StaffStore(staffed).get(COORD) is None
    assert not (staffed / "outbox").exists() and not (staffed / "schedules.json").exists()


@pytest.mark.parametrize(
    "data",
    [
        "m|b|aud|all",
        "m|b|send|abcd1234",
        "m|p|new|",
        "m|p|del|p-1234abcd",
        "m|p|send|abcd1234",
        "m|r|show|VR21",
        "m|r|n|GM0828",
    ],
)
async def test_forged_staff_buttons_do_nothing_for_a_coordinator(
    api: FakeBotAPI, staffed: Path, data: str
):
    async with harness(api, staffed) as bot:
        seed_brabant_noord(bot)
        await bot.process(make_callback_update(data, 1, user_id=COORD))
        await broadcaster(bot).wait_idle()
        [answer] = api.calls("answerCallbackQuery")
        assert answer.params["text"] == NOT_STAFF
    assert api.calls("sendMessage") == [] and api.calls("sendPhoto") == []
    assert not (staffed / "outbox").exists() and not (staffed / "schedules.json").exists()


async def test_regio_staff_reach_only_their_own_region(api: FakeBotAPI, staffed: Path):
    async with harness(api, staffed) as bot:
        seed_brabant_noord(bot)
        await bot.command("/regio", "VR21", user=STAFF09)
        assert bot.screen(STAFF09) == NOT_YOUR_REGION
        await bot.command("/bericht", "VR21", user=STAFF09)
        assert bot.screen(STAFF09) == NOT_YOUR_REGION
        await bot.process(make_callback_update("m|r|n|GM0828", 1, user_id=STAFF09))  # Oss
        assert api.calls("answerCallbackQuery")[-1].params["text"] == NOT_YOUR_REGION
        await bot.command("/staf", None, user=STAFF21)
        assert bot.screen(STAFF21) == "Dit is alleen voor beheerders."
        await bot.command("/regio", None, user=STAFF21)
        overview = bot.screen(STAFF21)
        assert overview.startswith("Voortgang in Veiligheidsregio Brabant-Noord")
        assert "Oss: bezig, bij knelpunt 6" in overview and "Utrecht" not in overview
        await broadcaster(bot).wait_idle()
    for coordinator in (101, 102, 103, 104, 105, 106, 201):
        assert received(api, coordinator) == []
    assert not (staffed / "outbox").exists()


async def test_a_beheerder_reaches_every_region_and_manages_staff(api: FakeBotAPI, staffed: Path):
    async with harness(api, staffed) as bot:
        seed_brabant_noord(bot)
        await bot.command("/regio", "VR09", user=ADMIN)
        assert bot.screen(ADMIN).startswith("Voortgang in Veiligheidsregio Utrecht")
        assert "Utrecht: bezig, bij knelpunt 5" in bot.screen(ADMIN)
        await bot.command("/staf", "toevoegen 700 regio VR21 VR22", user=ADMIN)
        assert bot.screen(ADMIN) == "700 is nu medewerker van VR21, VR22."
        await bot.command("/regio", "VR22", user=700)
        assert bot.screen(700).startswith("Voortgang in Veiligheidsregio")
        await bot.command("/staf", "verwijderen 700", user=ADMIN)
        assert bot.screen(ADMIN) == "700 is geen medewerker meer."
        await bot.command("/regio", "VR22", user=700)  # checked again: refused now
        assert bot.screen(700) == NOT_STAFF
        await bot.command("/staf", "verwijderen 7", user=ADMIN)
        assert "REGIESCAN_ADMINS" in bot.screen(ADMIN)
        await bot.command("/staf", None, user=ADMIN)
        assert "500: regio VR21" in bot.screen(ADMIN)


# --- broadcast ------------------------------------------------------------------------------
async def compose(bot: BotHarness, audience: str, message: str, user: int = STAFF21) -> None:
    await bot.command("/bericht", None, user=user)
    await bot.tap_label_starting(audience, user)
    await bot.say(message, user=user)


async def test_broadcast_through_faults_reaches_every_active_recipient_once(
    api: FakeBotAPI, staffed: Path
):
    async with harness(api, staffed) as bot:
        seed_brabant_noord(bot)
        api.fail_retry_after("sendMessage", 1, chat_id=102)
        api.fail_forbidden("sendMessage", chat_id=103)
        api.fail_network("sendMessage", chat_id=104, times=2)
        await compose(bot, "Begonnen, nog niet klaar", "Wilt u de scan deze week afronden?")
        preview = bot.screen(STAFF21)
        assert "Ontvangers: 4 in Veiligheidsregio Brabant-Noord" in preview
        assert "Niet verstuurd: 1 met herinneringen uit, 0 niet bereikbaar" in preview
        assert "U was bij knelpunt 6, Samenhang met ander beleid." in preview  # the example
        await bot.tap_label_starting("Versturen", STAFF21)
        await broadcaster(bot).wait_idle()
        report = bot.screen(STAFF21)
        # next time the blocked one is left out, and said so
        await compose(bot, "Begonnen, nog niet klaar", "Tweede bericht")
        assert "Niet verstuurd: 1 met herinneringen uit, 1 niet bereikbaar" in bot.screen(STAFF21)
        await bot.tap_label_starting("Annuleren", STAFF21)
        # "Ga verder" resumes the scan where the coordinator stopped
        await bot.tap("g|scan", 101)
        assert "Knelpunt 6 van 10 · Samenhang met ander beleid" in bot.screen(101)
    stopped = {
        101: "U was bij knelpunt 6, Samenhang met ander beleid.",
        102: "U was bij knelpunt 2, De veiligheidscoördinator.",
        104: "U was bij knelpunt 4, Deskundigheid van de gemeente.",
    }
    for coordinator, where in stopped.items():
        [message] = received(api, coordinator)[:1]
        assert message.startswith("Bericht van Veiligheidsregio Brabant-Noord")
        assert "Wilt u de scan deze week afronden?" in message
        assert where in message
    assert [len(received(api, c)) for c in (101, 102, 104)] == [2, 1, 1]  # 101 also tapped
    reminder = next(c for c in api.calls("sendMessage", 102) if c.ok)
    button = reminder.params["reply_markup"]["inline_keyboard"][0][0]
    assert (button["text"], button["callback_data"]) == ("Ga verder", "g|scan")
    for coordinator in (103, 105, 106, 201):  # blocked, opted out, finished, other region
        assert received(api, coordinator) == []
    assert TinyUserStore(staffed).load(103)["inactive"] is not None
    assert report.startswith("Verzendrapport")
    assert "Bezorgd: 3 berichten." in report
    assert "Niet bereikbaar (bot geblokkeerd of account verwijderd): 1" in report
    assert "Herinneringen uitgezet, niet verstuurd: 1" in report
    assert "Mislukt: 0" in report
    [doc] = [OutboxStore(staffed).load(i) for i in OutboxStore(staffed).ids()]
    assert doc is not None and doc["state"] == "done"
    assert sorted(doc["recipients"]) == ["101", "102", "103", "104", "105"]
    status = doc["status_message"]["message_id"]
    edits = [c for c in api.calls("editMessageText", STAFF21) if c.params["message_id"] == status]
    assert len(edits) <= 2  # one status message, edited every few seconds, not per recipient
    assert edits[-1].params["text"].endswith("5 van 5 ontvangers verwerkt.")


async def test_a_broadcast_interrupted_halfway_resumes_without_duplicates(
    api: FakeBotAPI, staffed: Path
):
    towns = [
        "Oss",
        "Sint-Michielsgestel",
        "Boxtel",
        "Heusden",
        "Bernheze",
        "Meierijstad",
        "Vught",
        "Boekel",
    ]
    recipients = list(range(101, 101 + len(towns)))
    async with harness(api, staffed) as bot:
        for uid, town in zip(recipients, towns, strict=True):
            to_knelpunt(bot.services.scans, uid, town, 1 + uid % 7)
        to_knelpunt(bot.services.scans, 201, "Utrecht", 3)
        opt_out(bot.services.scans, 108)
        api.set_latency(0.05, "sendMessage")
        await compose(bot, "Begonnen, nog niet klaar", "Laatste kans deze maand.")
        await bot.tap_label_starting("Versturen", STAFF21)
        outbox = OutboxStore(staffed)
        [broadcast_id] = outbox.ids()
        while _delivered(outbox, broadcast_id) < 2:
            await asyncio.sleep(0.01)
    # the Application is torn down in the middle of sending
    halfway = outbox.load(broadcast_id)
    assert halfway is not None and halfway["state"] == "sending"
    assert 2 <= _delivered(outbox, broadcast_id) < 7
    api.set_latency(0.0, "sendMessage")
    async with harness(api, staffed) as bot:  # restart: post_init resumes the outbox
        await broadcaster(bot).wait_idle()
        assert bot.screen(STAFF21).startswith("Verzendrapport")
    for uid in recipients[:-1]:
        reminders = [m for m in received(api, uid) if "Laatste kans deze maand." in m]
        assert len(reminders) == 1, (uid, reminders)
        assert f"U was bij knelpunt {1 + uid % 7}, " in reminders[0]
    assert received(api, 108) == [] and received(api, 201) == []
    assert any("gaat verder" in m for m in received(api, STAFF21))
    assert outbox.unfinished() == []


def _delivered(outbox: OutboxStore, broadcast_id: str) -> int:
    doc = outbox.load(broadcast_id)
    assert doc is not None
    return sum(1 for r in doc["recipients"].values() if r["status"] == DELIVERED)


async def test_reminders_off_is_honoured_and_recorded(api: FakeBotAPI, staffed: Path):
    async with harness(api, staffed) as bot:
        seed_brabant_noord(bot)
        await bot.command("/herinneringen", "uit", user=101)
        assert bot.screen(101).startswith("Herinneringen van uw veiligheidsregio staan uit.")
        await compose(bot, "Iedereen in de regio", "Voor iedereen")
        assert "Niet verstuurd: 2 met herinneringen uit" in bot.screen(STAFF21)
        await bot.tap_label_starting("Versturen", STAFF21)
        await broadcaster(bot).wait_idle()
    assert not any("Voor iedereen" in m for m in received(api, 101))
    assert any("Voor iedereen" in m for m in received(api, 106))  # finished: no button
    consent = TinyUserStore(staffed).load(101)["consents"]["reminders"]
    assert consent["given"] is False and consent["at"]


async def test_a_blocked_coordinator_who_returns_is_reachable_again(api: FakeBotAPI, staffed):
    async with harness(api, staffed) as bot:
        seed_brabant_noord(bot)
        user = bot.services.scans.user(102)
        user.inactive = NOW
        bot.services.scans.save(user)
        assert bot.services.regional.index.is_inactive(102)
        await bot.command("/scan", None, user=102)
        assert not bot.services.regional.index.is_inactive(102)
    assert TinyUserStore(staffed).load(102)["inactive"] is None


# --- the region overview, nudges and invites --------------------------------------------------
async def test_region_overview_with_heat_map_and_one_tap_nudge(api: FakeBotAPI, staffed: Path):
    async with harness(api, staffed) as bot:
        scans = bot.services.scans
        finish(scans, 101, "Oss", "2")
        finish(scans, 102, "Vught", "4")
        finish(scans, 103, "Boxtel", "5")
        opt_in_as_peer(scans, 102)
        to_knelpunt(scans, 104, "Heusden", 4)
        await bot.command("/regio", None, user=STAFF21)
        overview_call = api.calls("sendMessage", STAFF21)[-1]
        overview = overview_call.params["text"]
        assert "Totaal: 3 afgerond, 1 bezig, 7 nog niet begonnen." in overview
        assert "1. Systematische aanpak: mediaan 4,0 (middelste helft 3,0 tot 4,5)" in overview
        rows = overview_call.params["reply_markup"]["inline_keyboard"]
        assert [b["text"] for row in rows for b in row] == ["Herinner Heusden"]
        assert bot.screen(STAFF21).startswith("Alleen gemeenten die hebben ingestemd")
        [photo] = api.photos(STAFF21)
        assert photo.data.startswith(b"\x89PNG")
        await bot.process(make_callback_update("m|r|n|GM0797", 1, user_id=STAFF21))
        await broadcaster(bot).wait_idle()
        await bot.process(make_callback_update("m|r|n|GM0797", 1, user_id=STAFF21))  # again
        assert (
            "kreeg vandaag al een herinnering"
            in api.calls("answerCallbackQuery")[-1].params["text"]
        )
        await broadcaster(bot).wait_idle()
    [nudge] = received(api, 104)
    assert "Uw veiligheidsregio vraagt u de Regiescan in te vullen" in nudge
    assert "U was bij knelpunt 4, " in nudge
    for finished in (101, 102, 103):
        assert received(api, finished) == []


async def test_a_regional_invite_puts_a_new_coordinator_in_the_region(
    api: FakeBotAPI, staffed: Path
):
    async with harness(api, staffed) as bot:
        await bot.command("/uitnodiging", None, user=STAFF21)
        link = bot.screen(STAFF21).split("\n")[1]
        assert link.startswith("https://t.me/regiescan_test_bot?start=vr21-")
        await bot.command("/start", link.split("start=")[1], user=301)
        await bot.command("/start", "VR21", user=302)  # a guessed code is not an invite
        entries = bot.services.regional.index.entries(("VR21",))
        assert [(e.user_id, e.status) for e in entries] == [(301, "not_started")]
        await compose(bot, "Nog niet begonnen", "Welkom!")
        await bot.tap_label_starting("Versturen", STAFF21)
        await broadcaster(bot).wait_idle()
    [welcome] = received(api, 301)[2:]
    assert "Welkom!" in welcome and "Met de knop hieronder begint u." in welcome
    assert all("Welkom!" not in m for m in received(api, 302))


async def test_forgetting_a_coordinator_removes_them_from_index_and_outbox(
    api: FakeBotAPI, staffed: Path
):
    async with harness(api, staffed) as bot:
        seed_brabant_noord(bot)
        await compose(bot, "Begonnen, nog niet klaar", "Bijna klaar?")
        await bot.tap_label_starting("Versturen", STAFF21)
        await broadcaster(bot).wait_idle()
        data = bot.services.personal_data
        exported = data.export(101)
        assert exported["regio-index"]["regio"] == "VR21"
        assert exported["regioberichten"][0]["status"] == DELIVERED
        assert data.erase_live(101).complete
        assert bot.services.regional.index.entry(101) is None
    [doc] = [OutboxStore(staffed).load(i) for i in OutboxStore(staffed).ids()]
    assert doc is not None and "101" not in doc["recipients"]
    assert "101" not in RegionFiles(staffed).read("VR21")
