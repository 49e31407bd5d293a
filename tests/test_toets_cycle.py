"""The whole collegiale toets on the real Application and the fake Bot API: an inviter, two
peer coordinators and a wethouder who joins through a link; a restart in the middle."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.handlers.toets_report import toets_jobs
from tests.conftest import Clock
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.seed import finished_scan
from tests.helpers.toets_driver import press, texts, token_from
from tests.helpers.updates import make_command_update, make_message_update

ME, PEER, OTHER, WETHOUDER = 1001, 2002, 3003, 4004
TICKED = "Onze cijfers komen vooral van de politie."
SECRET = "Intern: de analist vertrekt in mei."


class _Ctx:
    """The context PTB hands a job: the application's bot and bot_data."""

    def __init__(self, bot: BotHarness) -> None:
        self.bot = bot.app.bot
        self.bot_data = bot.app.bot_data


def seed(bot: BotHarness, clock: Clock) -> None:
    bot.services.scans.clock = clock
    finished_scan(bot.services.scans, PEER, "Tilburg", {"informatie": 5}, peer=True)
    finished_scan(bot.services.scans, OTHER, "Breda", {"sturing": 5}, peer=True)
    scans = bot.services.scans
    finished_scan(
        scans, ME, "Heusden", {"informatie": 1, "sturing": 2, "bestuur": 2}, default=4, peer=False
    )
    user = scans.user(ME)
    assert user is not None
    user.finished[-1].set_note("informatie", TICKED, scans.now())
    user.finished[-1].set_note("sturing", SECRET, scans.now())
    scans.save(user)


async def say(bot: BotHarness, user: int, words: str) -> None:
    await bot.process(make_message_update(words, user_id=user))


async def test_the_whole_cycle(api: FakeBotAPI, data_dir: Path):
    clock = Clock()
    async with BotHarness(api, data_dir) as bot:
        seed(bot, clock)
        # 1. Compose the team: two peers, one link, one note ticked; preview; send.
        await bot.command("/toets", user=ME)
        await press(bot, ME, "Organiseer een collegiale toets")
        assert bot.screen(ME).startswith("Collegiale toets: stel uw team samen.")
        await press(bot, ME, "☐ Tilburg")
        await press(bot, ME, "☐ Breda")
        await press(bot, ME, "+ Uitnodigingslink")
        await press(bot, ME, "☐ Toelichting delen: Informatie")
        assert "☑ Toelichting delen: Informatie en analyse" in bot.labels(ME)
        await press(bot, ME, "Voorbeeld bekijken")
        assert TICKED in bot.screen(ME) and SECRET not in bot.screen(ME)
        assert not api.messages(PEER) and not api.messages(OTHER)  # nothing shared yet
        await press(bot, ME, "Uitnodigingen versturen")
        token = token_from(bot, ME)
        assert "nodigt u uit voor een collegiale toets" in bot.screen(PEER)
        # Later edits do not leak: the snapshot was taken when the invitations went out.
        user = bot.services.scans.user(ME)
        assert user is not None
        user.finished[-1].set_note("informatie", "GEWIJZIGD NA VERSTUREN", clock().isoformat())
        bot.services.scans.save(user)

        # 2. Answers: both peers accept, the wethouder opens the link and accepts.
        await press(bot, PEER, "Ja, ik doe mee")
        await press(bot, OTHER, "Ja, ik doe mee")
        shared = "\n".join(texts(bot, PEER))
        assert TICKED in shared and SECRET not in shared and "GEWIJZIGD" not in shared
        assert "Zelfevaluatie van Heusden" in shared
        await bot.process(make_command_update("/start", f"t_{token}", user_id=WETHOUDER))
        assert "nodigt u uit voor een collegiale toets" in bot.screen(WETHOUDER)
        await press(bot, WETHOUDER, "Ja, ik doe mee")
        mine = "\n".join(texts(bot, ME))
        assert "Karim Bouali (Tilburg) doet mee aan uw collegiale toets." in mine
        assert "Wethouder Jansen (via uitnodigingslink) doet mee" in mine

        # 3. The chair, the date, the preparation with the conversation guide.
        await press(bot, ME, "Naar het overzicht van de toets")
        await press(bot, ME, "Vraag als voorzitter: Karim Bouali")
        await press(bot, PEER, "Ja, ik ben voorzitter")
        assert "Karim Bouali (Tilburg) is voorzitter." in texts(bot, ME)
        await press(bot, ME, "Naar het overzicht van de toets")
        await press(bot, ME, "Stel een datum voor")
        await say(bot, ME, "16 maart 14:00")
        assert bot.screen(ME).startswith("De datum is bewaard: 16 maart 2026 om 14:00")
        assert "Kunt u dan?" in bot.screen(OTHER)
        await press(bot, OTHER, "Ja, dat past")
        await press(bot, ME, "Naar het overzicht van de toets")
        await press(bot, ME, "Start de voorbereiding")
        guide = "\n".join(texts(bot, WETHOUDER))
        assert "Gespreksleidraad" in guide
        assert "De aanpak heet systematisch, maar informatie en analyse scoren laag" in guide

    # 4. A restart in the middle: a new Application on the same data dir.
    clock.now += timedelta(days=13, hours=20)  # the day before the visit
    async with BotHarness(api, data_dir) as bot:
        bot.services.scans.clock = clock
        await toets_jobs(_Ctx(bot))  # type: ignore[arg-type]
        assert "Herinnering: morgen" in bot.screen(WETHOUDER)
        await toets_jobs(_Ctx(bot))  # type: ignore[arg-type]
        assert sum("Herinnering" in t for t in texts(bot, WETHOUDER)) == 1  # once
        await press(bot, PEER, "Naar het overzicht van de toets")
        await press(bot, PEER, "Start het oordelen")
        assert "Het oordelen over de toets van Heusden is begonnen" in bot.screen(OTHER)

        # 5. Judge: the wethouder gives a verdict with explanation and a recommendation.
        await press(bot, WETHOUDER, "Geef uw oordeel")
        assert "knelpunt 1 van 10" in bot.screen(WETHOUDER)
        await press(bot, WETHOUDER, "Te positief")
        await say(bot, WETHOUDER, "Er is geen analyse, wel een plan.")
        assert "knelpunt 2 van 10" in bot.screen(WETHOUDER)
        await press(bot, WETHOUDER, "◀ Vorige")
        await press(bot, WETHOUDER, "Aanbeveling toevoegen")
        await say(bot, WETHOUDER, "Laat jaarlijks een veiligheidsanalyse maken.")
        assert "Uw aanbeveling: Laat jaarlijks een veiligheidsanalyse maken." in bot.screen(
            WETHOUDER
        )
        for member in (PEER, OTHER):
            await press(bot, member, "Geef uw oordeel")
            await press(bot, member, "Te positief")
            await press(bot, member, "Geen toelichting")

    # 6. Another restart: the input is there, the chair settles and sends.
    async with BotHarness(api, data_dir) as bot:
        bot.services.scans.clock = clock
        await press(bot, OTHER, "Aanbeveling toevoegen")  # resumable: knelpunt 2 is open
        await say(bot, OTHER, "Beleg de coördinatie bij twee mensen.")
        await press(bot, PEER, "Overzicht van het team")
        chair = bot.screen(PEER)
        assert "Wethouder Jansen (via uitnodigingslink): te positief" in chair
        assert "Er is geen analyse, wel een plan." in chair
        assert "Oordeel van het team: te positief" in chair
        await press(bot, PEER, "Volgende ▶")
        await press(bot, PEER, "Herkenbaar")
        assert "Oordeel van het team: herkenbaar" in bot.screen(PEER)
        await press(bot, PEER, "Toelichting van het team")
        await say(bot, PEER, "Het profiel klopt, de positie is sterk.")
        assert "knelpunt 2 van 10" in bot.screen(PEER)
        assert "Het profiel klopt, de positie is sterk." in bot.screen(PEER)
        await press(bot, PEER, "Oordeel vaststellen")
        assert bot.screen(PEER).startswith("Zo gaat het rapport naar de gemeente:")
        await press(bot, PEER, "Verstuur het rapport")

        # 7. The report, a recommendation becomes a measure, exports.
        report = "\n".join(texts(bot, ME))
        assert "Rapport van de collegiale toets voor Heusden" in report
        assert "1. Systematische aanpak: 4,0 · te positief" in report
        assert "1. Laat jaarlijks een veiligheidsanalyse maken." in report
        assert "Karim Bouali (Tilburg), voorzitter" in report
        assert "2. De veiligheidscoördinator: 4,0 · herkenbaar\n   Het profiel klopt" in report
        await press(bot, ME, "Maak maatregel van aanbeveling 1")
        assert "Maatregel: Laat jaarlijks een veiligheidsanalyse maken." in bot.screen(ME)
        assert "Maak maatregel van aanbeveling 1" not in bot.labels(ME)
        await press(bot, ME, "Als Markdown")
        await press(bot, ME, "Als PDF")
        md, pdf = api.documents(ME)[-2:]
        assert b"| 1. Systematische aanpak | 4,0 | te positief |" in md.data
        assert pdf.data.startswith(b"%PDF")
        assert "Dank u wel voor uw tijd" in bot.screen(WETHOUDER)
        stored = bot.services.toetsen.mine(ME)[0]
        assert stored.state == "reported"
        assert [h["to"] for h in stored.history] == [
            "invited",
            "preparing",
            "judging",
            "settled",
            "reported",
        ]
        assert stored.report is not None and stored.report["recommendations"][0]["measure"]
        # The measure is in the verbeterplan, tied to the toets and its recommendation.
        plan = bot.services.plans.document(ME).current
        assert plan is not None
        (measure,) = [m for m in plan.measures if m.origin.get("kind") == "toets"]
        assert measure.title == "Laat jaarlijks een veiligheidsanalyse maken."
        assert measure.knelpunt == "systematiek"
        assert measure.origin["toets_id"] == stored.id
        ref = stored.report["recommendations"][0]["measure"]["ref"]
        assert ref == measure.id

        # 8. Three months later: the follow-up, once.
        clock.now += timedelta(days=92)
        await toets_jobs(_Ctx(bot))  # type: ignore[arg-type]
        assert "Hoe staan de maatregelen ervoor?" in bot.screen(ME)
        assert "Start een nieuwe scan" in bot.labels(ME)
