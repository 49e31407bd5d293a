"""The verbeterplan through the real Application on the fake Bot API: the whole cycle from the
diagnosis to the next scan, reminders across a restart, and hostile input."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.plan_reminders import send_due
from dialogs.plan.document import AFGEROND, BEZIG
from tests.conftest import Clock
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.seed import finished_scan
from tests.helpers.updates import make_callback_update

ME = 1001
WEAK = {"informatie": 1, "sturing": 2, "bestuur": 2}


def harness(api: FakeBotAPI, data_dir: Path, clock: Clock) -> BotHarness:
    bot = BotHarness(api, data_dir)
    bot.services.scans.clock = clock
    bot.services.plans.clock = clock
    return bot


def texts(api: FakeBotAPI, user: int = ME) -> list[str]:
    return [c.params.get("text", "") for c in api.calls("sendMessage", user)]


def stored(bot: BotHarness, user: int = ME) -> list[dict[str, object]]:
    doc = bot.services.plans.store.load(user)
    if doc is None or not doc["plans"]:
        return []
    return list(doc["plans"][-1]["measures"])


async def make_plan(bot: BotHarness, api: FakeBotAPI) -> None:
    """From the diagnosis: one adopted, one edited and one own measure."""
    finished_scan(bot.services.scans, ME, "Heusden", WEAK, default=4, peer=True)
    await bot.command("/resultaat")
    offer = next(t for t in texts(api) if t.startswith("Zet de diagnose om in maatregelen"))
    assert offer
    await bot.tap("Maak een verbeterplan")
    assert bot.screen().startswith("Voorstel 1 van ")
    assert "Informatie en analyse" in bot.screen()
    assert "Aan te pakken: met de regio." in bot.screen()  # Heusden is mid-sized: pool it
    await bot.tap("Overnemen")
    assert "Wie trekt “Gedeelde analysefunctie in de veiligheidsregio opzetten”?" in bot.screen()
    await bot.say("wethouder OOV")
    assert bot.screen().startswith("Wanneer moet")
    await bot.say("31-02-2027")
    assert bot.screen().startswith("Die datum bestaat niet: februari 2027 heeft 28 dagen.")
    await bot.say("1-1-2026")
    assert "ligt niet in de toekomst" in bot.screen()
    await bot.say("15 maart")  # the clock says 2 March 2026
    assert bot.screen().startswith("Datum vastgelegd: 15 maart 2026.")
    await bot.tap("Aanpassen")
    await bot.say("x" * 130)
    assert "Die titel is 130 tekens; het maximum is 120." in bot.screen()
    await bot.say("Wijkscan met politie en corporaties")
    await bot.tap("Nog niet bekend")
    await bot.tap("over 3 maanden")
    await bot.tap("Stoppen met voorstellen")
    await bot.tap("Eigen maatregel toevoegen")
    await bot.tap("Bestuurlijk commitment")
    await bot.say("Veiligheid elk kwartaal op de collegeagenda")
    await bot.say("burgemeester")
    await bot.say("eind Q2")


async def test_the_whole_cycle_through_telegram(api: FakeBotAPI, data_dir: Path, clock: Clock):
    async with harness(api, data_dir, clock) as bot:
        await make_plan(bot, api)
        screen = bot.screen()
        assert screen.startswith("Datum vastgelegd: 30 juni 2026.")
        assert "3 open maatregelen van 3." in screen
        assert (
            "Gedeelde analysefunctie in de veiligheidsregio opzetten: gepland, uiterlijk "
            "15 maart 2026 (trekker: wethouder OOV)" in screen
        )
        assert "Wijkscan met politie en corporaties: gepland, uiterlijk 2 juni 2026" in screen
        assert "(trekker: burgemeester)" in screen
        measures = stored(bot)
        assert [m["origin"]["kind"] for m in measures] == ["advice", "advice", "own"]  # type: ignore[index]
        assert measures[1]["title"] == "Wijkscan met politie en corporaties"
        # Status and date changes, with buttons; saved before the screen says so.
        await bot.tap_label_starting("2. Wijkscan")
        await bot.tap("Zet op bezig")
        assert bot.screen().startswith("Status van “Wijkscan met politie en corporaties”: bezig.")
        assert stored(bot)[1]["status"] == BEZIG
        old_buttons = list(api.last_message(ME).buttons)
        await bot.tap("Datum")
        await bot.say("over 6 weken")
        assert stored(bot)[1]["due"] == "2026-04-13"
        history = stored(bot)[1]["history"]
        assert [h["what"] for h in history] == ["created", "due", "status", "due"]  # type: ignore[index]
        # A button of an older screen changes nothing.
        stale = next(d for label, d in old_buttons if label == "Verwijderen")
        assert stale is not None
        before = stored(bot)
        await bot.process(make_callback_update(stale, api.last_message(ME).message_id, user_id=ME))
        assert stored(bot) == before
        assert bot.screen().startswith("Die knop hoort bij een eerder scherm.")

    # A week before the first due date the bot restarts: the week reminder goes out once.
    clock.now = clock.now.replace(day=8)
    async with harness(api, data_dir, clock) as bot:
        assert "Over een week, op 15 maart 2026, moet" in bot.screen()
    async with harness(api, data_dir, clock) as bot:
        assert sum("Over een week" in t for t in texts(api)) == 1
    # The bot was down over the due date: at start the question is asked, once.
    clock.now = clock.now.replace(day=16)
    async with harness(api, data_dir, clock) as bot:
        assert bot.screen().startswith(
            "Is “Gedeelde analysefunctie in de veiligheidsregio opzetten” gelukt?"
        )
        assert bot.labels() == ["Ja, afgerond", "Nog bezig: nieuwe datum", "Vervallen"]
        await bot.tap("Ja, afgerond")
        assert "afgerond" in bot.screen()
        assert stored(bot)[0]["status"] == AFGEROND

    # Two months on, a second scan: its comparison names the completed measure.
    clock.now += timedelta(days=60)
    async with harness(api, data_dir, clock) as bot:
        finished_scan(bot.services.scans, ME, "Heusden", {"informatie": 3, "sturing": 2})
        api.clear_calls()
        await bot.command("/resultaat")
        loop = next(t for t in texts(api) if t.startswith("Uw verbeterplan sinds de vorige scan"))
        assert "Informatie en analyse: van 1,0 naar 3,0" in loop
        assert "afgerond: Gedeelde analysefunctie in de veiligheidsregio opzetten" in loop
        await bot.tap("Open uw verbeterplan")
        assert "Uit uw vorige plan staan nog 2 maatregelen open." in bot.screen()
        await bot.tap("Ja, meenemen")
        doc = bot.services.plans.store.load(ME)
        assert doc is not None and len(doc["plans"]) == 2
        assert len(doc["plans"][1]["measures"]) == 2
        assert doc["plans"][0]["measures"][0]["status"] == AFGEROND
        # The export of the new scan: the loop and the new plan with the carried measures.
        latest = bot.services.scans.user(ME).finished[-1].id  # type: ignore[union-attr]
        await bot.process(make_callback_update(f"x|f|{latest}|md", 1, user_id=ME))
        exported = api.documents(ME)[-1].data.decode("utf-8")
        loop_part = exported.split("## Sinds de vorige scan")[1].split("## Verbeterplan")[0]
        assert "afgerond: Gedeelde analysefunctie in de veiligheidsregio opzetten" in loop_part
        plan_part = exported.split("## Verbeterplan")[1]
        assert "Wijkscan met politie en corporaties: bezig" in plan_part
        assert "Gedeelde analysefunctie" not in plan_part  # completed: stays in the old plan


async def test_text_meant_for_the_scan_never_lands_in_the_plan(
    api: FakeBotAPI, data_dir: Path, clock: Clock
):
    async with harness(api, data_dir, clock) as bot:
        finished_scan(bot.services.scans, ME, "Heusden", WEAK, default=4)
        await bot.command("/plan")
        await bot.tap("Aanpassen")  # the plan asks for a title ...
        await bot.command("/help")  # ... but the user goes elsewhere
        await bot.say("Dit is geen titel")
        assert stored(bot) == []
        await bot.command("/plan")
        assert bot.screen().startswith("Voorstel 1 van ")  # an empty plan starts afresh


async def test_plan_without_scan_and_forged_buttons(api: FakeBotAPI, data_dir: Path, clock: Clock):
    async with harness(api, data_dir, clock) as bot:
        await bot.command("/plan")
        assert bot.screen().startswith("Een verbeterplan begint bij de diagnose")
        for forged in ("n|r|zzzzzz|a", "n|999|st:weg", "n|" + "9" * 60, "n|r|abcdef|a"):
            await bot.process(make_callback_update(forged, 1, user_id=ME))
        assert stored(bot) == []
        answered = api.calls("answerCallbackQuery")
        assert len(answered) == 4


async def test_the_plan_in_the_exports(api: FakeBotAPI, data_dir: Path, clock: Clock):
    import json

    from jsonschema import Draft202012Validator

    from dialogs.exports.scan_json import schema_text

    async with harness(api, data_dir, clock) as bot:
        await make_plan(bot, api)
        await bot.command("/export")
        assert bot.screen() == "Of alleen uw verbeterplan, als document voor het college:"
        await bot.tap("Verbeterplan als Markdown")
        md = api.documents(ME)[-1].data.decode("utf-8")
        assert md.startswith("# Verbeterplan voor Heusden")
        assert "- Veiligheid elk kwartaal op de collegeagenda: gepland, uiterlijk 30 juni" in md
        await bot.process(make_callback_update("n|e|pdf", 1, user_id=ME))
        assert api.documents(ME)[-1].data.startswith(b"%PDF")
        await bot.process(make_callback_update("n|e|json", 1, user_id=ME))
        alone = json.loads(api.documents(ME)[-1].data)
        assert alone["format"] == "regiescan-plan-export"
        schema = json.loads(schema_text())
        plan_schema = {"$defs": schema["$defs"], "$ref": "#/$defs/plan"}
        Draft202012Validator(plan_schema).validate(alone["plan"])
        assert [m["owner"] for m in alone["plan"]["measures"]] == [
            "wethouder OOV",
            None,
            "burgemeester",
        ]
        # The scan's own export has the plan as a section and, in JSON, as "plan".
        scan_id = bot.services.scans.user(ME).finished[-1].id  # type: ignore[union-attr]
        await bot.process(make_callback_update(f"x|f|{scan_id}|md", 1, user_id=ME))
        summary = api.documents(ME)[-1].data.decode("utf-8")
        assert "## Verbeterplan" in summary
        assert "Wijkscan met politie en corporaties: gepland" in summary
        await bot.process(make_callback_update(f"x|f|{scan_id}|json", 1, user_id=ME))
        document = json.loads(api.documents(ME)[-1].data)
        Draft202012Validator(json.loads(schema_text())).validate(document)
        assert len(document["plan"]["measures"]) == 3
        assert document["plan"]["measures"][0]["origin"]["advice"] == "informatie.bundelen"


async def test_the_plan_is_personal_data(api: FakeBotAPI, data_dir: Path, clock: Clock):
    """/mijngegevens exports the plan; /vergeetmij erases it live and in the backups."""
    import json

    from tests.helpers.data_dir_scan import mentions

    async with harness(api, data_dir, clock) as bot:
        await make_plan(bot, api)
        bot.services.personal_data.backups.create(clock.now.date())
        assert any(m.startswith("backups/") for m in mentions(data_dir, "collegeagenda"))
        await bot.command("/mijngegevens")
        exported = json.loads(api.documents(ME)[-1].data)
        titles = [m["title"] for m in exported["gegevens"]["verbeterplan"]["plans"][0]["measures"]]
        assert "Veiligheid elk kwartaal op de collegeagenda" in titles
        await bot.command("/vergeetmij")
        await bot.tap_label_starting("Ja, verwijder alles")
        assert mentions(data_dir, "collegeagenda") == []
        assert bot.services.plans.store.load(ME) is None


async def test_reminders_respect_reminders_off(api: FakeBotAPI, data_dir: Path, clock: Clock):
    async with harness(api, data_dir, clock) as bot:
        await make_plan(bot, api)
        await bot.command("/herinneringen", "uit")
    clock.now = clock.now.replace(day=16)
    async with harness(api, data_dir, clock) as bot:
        assert not any("gelukt?" in t for t in texts(api))
        await bot.command("/herinneringen", "aan")
        assert await send_due(bot.app) == 1  # what the hourly job runs
        assert await send_due(bot.app) == 0
        assert sum("gelukt?" in t for t in texts(api)) == 1


async def test_bad_input_gets_a_dutch_reply_and_changes_nothing(
    api: FakeBotAPI, data_dir: Path, clock: Clock
):
    async with harness(api, data_dir, clock) as bot:
        await make_plan(bot, api)
        before = stored(bot)
        await bot.say("hallo")  # free text where buttons are expected
        assert bot.screen().startswith("Kies hieronder een knop.\n\nVerbeterplan voor Heusden")
        assert stored(bot) == before
        # A reminder button for a measure removed meanwhile.
        measure_id = str(before[2]["id"])
        await bot.tap_label_starting("3. Veiligheid")
        await bot.tap("Verwijderen")
        assert bot.screen().startswith("Wilt u “Veiligheid elk kwartaal op de collegeagenda” uit")
        await bot.tap("Ja, verwijderen")
        assert bot.screen().startswith("De maatregel is uit uw plan verwijderd.")
        assert len(stored(bot)) == 2
        await bot.process(make_callback_update(f"n|r|{measure_id}|a", 1, user_id=ME))
        assert bot.screen().startswith("Die maatregel staat niet meer in uw plan.")
        assert len(stored(bot)) == 2
        # After a scan command the plan's screen is closed; its old buttons open the plan.
        buttons = dict(api.last_message(ME).buttons)
        await bot.command("/overzicht")
        await bot.process(
            make_callback_update(str(buttons["Eigen maatregel toevoegen"]), 1, user_id=ME)
        )
        assert bot.screen().startswith("Die knop hoort bij een eerder scherm.")
        assert "Verbeterplan voor Heusden" in bot.screen()


async def test_a_damaged_plan_file_stops_neither_reminders_nor_regio(
    api: FakeBotAPI, data_dir: Path, clock: Clock
):
    async with harness(api, data_dir, clock) as bot:
        await make_plan(bot, api)
        finished_scan(bot.services.scans, 2002, "Oss", WEAK, default=4)
        bot.services.plans.add_measure(2002, "informatie", "Wijkanalyse", {"kind": "own"})
        (data_dir / "plans" / "2002.json").write_text("{kapot")
        clock.now = clock.now.replace(day=16)
        assert await send_due(bot.app) >= 1  # the other coordinator's reminder goes out
        assert any("gelukt?" in t for t in texts(api))
        view = bot.services.plans.region_view(
            "VR21", bot.services.regional.index.entries(("VR21",))
        )
        assert view.with_plan == 1
