"""After the scan: diagnosis, chart and peers in the chat; contact requests; collegiale toets."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.handlers.peers import expire_requests
from tests.conftest import Clock
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.seed import finished_scan
from tests.helpers.updates import make_callback_update

ME, PEER, OTHER = 1001, 2002, 3003
WEAK = {"informatie": 1, "sturing": 2, "bestuur": 2}


async def finish_my_scan(bot: BotHarness, town: str = "Heusden") -> None:
    """The coordinator finishes a scan by buttons, weak on informatie, sturing and bestuur."""
    finished_scan(bot.services.scans, ME, town, WEAK, default=4, peer=False)


async def test_finishing_by_buttons_sends_diagnosis_chart_peers_and_consent_question(
    api: FakeBotAPI, data_dir: Path
):
    async with BotHarness(api, data_dir) as bot:
        finished_scan(bot.services.scans, PEER, "Tilburg", {"informatie": 5}, peer=True)
        await bot.command("/start")
        await bot.tap_label_starting("Start de scan")
        await bot.tap_label_starting("Beginnen")
        await bot.say("Heusden")
        await bot.tap_label_starting("Veiligheidsco")
        for _ in range(60):
            labels = bot.labels()
            if "Afronden" in labels:
                break
            if "Geen toelichting" in labels:
                await bot.tap_label_starting("Geen toelichting")
            else:
                await bot.tap_label_starting("1 ·" if "Informatie" in bot.screen() else "4 ·")
        await bot.tap_label_starting("Afronden")
        texts = [c.params.get("text", "") for c in api.calls("sendMessage", ME)]
        diagnosis = next(t for t in texts if t.startswith("Diagnose voor Heusden"))
        assert "Uw grootste knelpunten:" in diagnosis
        assert "1. Informatie en analyse: 1,0" in diagnosis
        [photo] = api.photos(ME)
        assert photo.data.startswith(b"\x89PNG")
        peers_call = next(
            c for c in api.calls("sendMessage", ME) if c.params["text"].startswith("Collega-")
        )
        assert "Tilburg" in peers_call.params["text"]
        buttons = [b["text"] for row in peers_call.params["reply_markup"]["inline_keyboard"]
                   for b in row]  # fmt: skip
        assert "Vraag contact aan: Tilburg (Informatie en analyse)" in buttons
        assert bot.screen().startswith("Mag uw gemeente getoond worden als collega-gemeente?")


async def test_result_without_scan_and_with_scan(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/resultaat")
        assert bot.screen().startswith("U heeft nog geen afgeronde scan.")
        await finish_my_scan(bot)
        await bot.command("/resultaat")
        assert any(
            c.params.get("text", "").startswith("Diagnose voor Heusden")
            for c in api.calls("sendMessage", ME)
        )


async def test_no_peers_is_said_honestly(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await finish_my_scan(bot)
        await bot.command("/collegas")
        assert "Nog geen collega-gemeente die goed scoort op" in bot.screen()
        assert bot.labels() == ["Organiseer een collegiale toets"]


async def test_opted_out_peer_is_not_shown_and_own_town_never(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        finished_scan(bot.services.scans, PEER, "Tilburg", {"informatie": 5}, peer=False)
        finished_scan(bot.services.scans, OTHER, "Heusden", {"informatie": 5}, peer=True)
        await finish_my_scan(bot)
        await bot.command("/collegas")
        assert "Tilburg" not in bot.screen()
        assert not any(label.startswith("Vraag contact aan") for label in bot.labels())


async def contact_request(bot: BotHarness, api: FakeBotAPI) -> None:
    finished_scan(bot.services.scans, PEER, "Tilburg", {"informatie": 5}, peer=True)
    await finish_my_scan(bot)
    await bot.command("/collegas")
    await bot.tap_label_starting("Vraag contact aan: Tilburg")


async def test_contact_request_accepted_gives_both_a_contact_link(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await contact_request(bot, api)
        assert bot.screen().startswith(
            "Uw verzoek is verstuurd naar de veiligheidscoördinator van Tilburg."
        )
        invitation = bot.screen(PEER)
        assert "De veiligheidscoördinator van Heusden wil graag met u overleggen" in invitation
        await bot.tap("Ja, graag", user=PEER)
        mine = api.last_message(ME)
        theirs = api.last_message(PEER)
        assert mine.text.startswith(
            "U bent in contact gebracht met de veiligheidscoördinator van Tilburg:"
        )
        assert theirs.text.startswith(
            "U bent in contact gebracht met de veiligheidscoördinator van Heusden:"
        )
        # The users in these tests have a username, so the link is their t.me address.
        assert {"type": "text_link", "url": "https://t.me/sanne_dv"}.items() <= mine.entities[
            0
        ].items()
    record = bot.services.contacts.records.find(lambda r: True)[0]
    assert record["status"] == "accepted"


async def test_contact_request_declined_is_told_kindly(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await contact_request(bot, api)
        await bot.tap("Nee, nu niet", user=PEER)
        assert "kan op dit moment niet ingaan op uw verzoek" in bot.screen(ME)


async def test_same_request_twice_is_refused_and_forged_target_too(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await contact_request(bot, api)
        await bot.command("/collegas")
        await bot.tap_label_starting("Vraag contact aan: Tilburg")
        assert bot.screen().startswith("U heeft deze gemeente al om contact gevraagd")
        message = api.last_message(ME).message_id
        await bot.process(make_callback_update(f"q|{OTHER}|informatie", message, user_id=ME))
        assert bot.screen().startswith("Deze collega-gemeente is niet (meer) beschikbaar")
        # A stranger cannot answer a request addressed to someone else.
        record = bot.services.contacts.records.find(lambda r: True)[0]
        await bot.process(make_callback_update(f"a|{record['id']}|y", 1, user_id=OTHER))
        assert bot.screen(OTHER).startswith("Dit verzoek kan ik niet vinden.")
    assert len(bot.services.contacts.records.find(lambda r: True)) == 1


async def test_at_most_five_open_requests(api: FakeBotAPI, data_dir: Path):
    towns = ["Tilburg", "Breda", "Eindhoven", "Helmond", "Oss", "Waalwijk"]
    async with BotHarness(api, data_dir) as bot:
        for n, town in enumerate(towns):
            finished_scan(bot.services.scans, 5000 + n, town, {"informatie": 5}, peer=True)
        await finish_my_scan(bot)
        sent = 0
        for n in range(len(towns)):
            await bot.process(make_callback_update(f"q|{5000 + n}|informatie", 1, user_id=ME))
            sent += bot.screen().startswith("Uw verzoek is verstuurd")
        assert sent == 5
        assert bot.screen().startswith("U heeft al 5 openstaande verzoeken.")


async def test_unanswered_request_expires_after_14_days(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        clock = Clock()
        bot.services.scans.clock = clock
        await contact_request(bot, api)
        assert bot.services.contacts.expire(bot.services.scans.now()) == []
        clock.now += timedelta(days=14)

        class _Ctx:
            bot_data = bot.app.bot_data

        _Ctx.bot = bot.app.bot  # type: ignore[attr-defined]
        await expire_requests(_Ctx())  # type: ignore[arg-type]
        assert "is na 14 dagen niet beantwoord" in bot.screen(ME)
        await bot.tap("Ja, graag", user=PEER)
        assert bot.screen(PEER).startswith("Dit verzoek is al afgehandeld.")


async def test_withdrawing_the_peer_consent_hides_the_peer_at_once(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        finished_scan(bot.services.scans, PEER, "Tilburg", {"informatie": 5}, peer=True)
        await finish_my_scan(bot)
        await bot.command("/collegas")
        assert "Tilburg" in bot.screen()
        await bot.process(make_callback_update("c|p|0", 1, user_id=PEER))  # peer opts out
        await bot.command("/collegas")
        assert "Tilburg" not in bot.screen()
        await bot.process(make_callback_update(f"q|{PEER}|informatie", 1, user_id=ME))
        assert bot.screen().startswith("Deze collega-gemeente is niet (meer) beschikbaar")
