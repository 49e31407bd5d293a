"""Regional staff see plans per knelpunt: named only with peer consent, counted from three
municipalities up, and a signal where three or more work on the same knelpunt."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from dialogs.plan.document import AFGEROND
from tests.conftest import STAFF21, Clock
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.seed import finished_scan
from tests.helpers.updates import make_callback_update

HEUSDEN, OSS, VUGHT, BOXTEL = 11, 12, 13, 14


def with_measure(bot: BotHarness, user: int, town: str, peer: bool, done: bool = False) -> None:
    finished_scan(bot.services.scans, user, town, {"informatie": 1}, default=4, peer=peer)
    plans = bot.services.plans
    origin = {"kind": "toets", "toets_id": "t1", "recommendation": "Analyse met partners"}
    measure = plans.add_measure(user, "informatie", f"Wijkanalyse {town}", origin)
    plan = plans.document(user).current
    assert plan is not None and plan.gemeente is not None  # tied to the coordinator's scan
    assert plan.scan_id == bot.services.scans.user(user).finished[-1].id  # type: ignore[union-attr]
    if done:
        doc = plans.document(user)
        found = doc.find(measure.id)
        assert found is not None
        plans.set_status(found, AFGEROND)
        plans.save(doc)


async def test_counts_from_three_and_names_only_with_consent(
    api: FakeBotAPI, staffed: Path, clock: Clock
):
    async with BotHarness(api, staffed) as bot:
        bot.services.scans.clock = bot.services.plans.clock = clock
        with_measure(bot, HEUSDEN, "Heusden", peer=True)
        with_measure(bot, OSS, "Oss", peer=False)
        await bot.command("/regio", "VR21", user=STAFF21)
        shown = api.calls("sendMessage", STAFF21)[-1].params["text"]
        assert "Verbeterplannen" in shown
        assert "Onder de gemeenten met een verbeterplan: Heusden." in shown
        assert "Informatie en analyse: open maatregelen bij Heusden" in shown
        assert "Oss" not in shown.split("Verbeterplannen")[1]
        assert "2 gemeenten" not in shown and "Kans voor een gezamenlijke aanpak" not in shown

        with_measure(bot, VUGHT, "Vught", peer=False)
        with_measure(bot, BOXTEL, "Boxtel", peer=False, done=True)
        await bot.command("/regio", "VR21", user=STAFF21)
        shown = api.calls("sendMessage", STAFF21)[-1].params["text"]
        plans = shown.split("Verbeterplannen")[1]
        assert "4 gemeenten hebben een verbeterplan." in plans
        assert "open maatregelen bij 3 gemeenten, onder wie Heusden" in plans
        assert "afgeronde maatregelen bij" not in plans  # one municipality, not named
        assert "Kans voor een gezamenlijke aanpak: 3 gemeenten werken aan Informatie en " in plans
        for hidden in ("Oss", "Vught", "Boxtel"):
            assert hidden not in plans

        await bot.process(make_callback_update("x|q|VR21|csv", 1, user_id=STAFF21))
        csv = api.documents(STAFF21)[-1].data.decode("utf-8-sig")
        row = next(line for line in csv.splitlines() if line.startswith("VR21;Informatie"))
        assert row == "VR21;Informatie en analyse;3;minder dan 3;Heusden;;ja"
        await bot.process(make_callback_update("x|q|VR21|xlsx", 1, user_id=STAFF21))
        book = load_workbook(io.BytesIO(api.documents(STAFF21)[-1].data))
        sheet = book["Verbeterplannen"]
        rows = [[c.value for c in r] for r in sheet.iter_rows()]
        assert rows[1] == [
            "VR21",
            "Informatie en analyse",
            3,
            "minder dan 3",
            "Heusden",
            None,
            "ja",
        ]
        assert "Wijkanalyse" not in str(rows)  # titles never leave the coordinator's plan
