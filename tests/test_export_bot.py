"""/export and /export_regio through the real Application on the fake Bot API."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from pypdf import PdfReader

from dialogs.exports.scan_json import schema_text
from tests.helpers.bot_harness import BotHarness
from tests.helpers.export_seed import walk_scan
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.seed import finished_scan
from tests.helpers.updates import make_callback_update

ME, OTHER, ADMIN, STAFF21, STAFF09 = 1001, 1002, 7, 500, 600
NOT_STAFF = "Dit is alleen voor regionale medewerkers."
NOT_YOUR_REGION = "Die regio valt niet onder uw rol."
NOW = "2026-03-02T09:00:00+00:00"
SECRET_NOTE = "Vertrouwelijk: de burgemeester weet nog van niets."


def harness(api: FakeBotAPI, data_dir: Path, **settings: object) -> BotHarness:
    return BotHarness(api, data_dir, admins=(ADMIN,), **settings)


def answers(api: FakeBotAPI) -> list[str]:
    return [c.params.get("text", "") for c in api.calls("answerCallbackQuery")]


async def test_export_without_a_scan_says_so(api: FakeBotAPI, data_dir: Path):
    async with harness(api, data_dir) as bot:
        await bot.command("/export")
        assert bot.screen() == (
            "U heeft nog geen scan om te exporteren. Met /scan begint u de scan."
        )
    assert api.documents(ME) == []


async def test_one_finished_scan_as_pdf(api: FakeBotAPI, data_dir: Path):
    async with harness(api, data_dir) as bot:
        walk_scan(bot.services.scans, ME, "'s-Hertogenbosch", {"informatie": 1})
        finished = str(bot.services.scans.user(ME).finished[-1].finished)  # type: ignore[union-attr]
        await bot.command("/export")
        assert bot.screen().startswith("In welk formaat wilt u de scan voor 's-Hertogenbosch van")
        assert bot.labels() == [
            "PDF, om te printen of te mailen",
            "Markdown, tekst voor een notitie",
            "JSON, alle gegevens voor andere programma's",
        ]
        await bot.tap_label_starting("PDF")
        [document] = api.documents(ME)
    assert document.filename == f"regiescan-s-hertogenbosch-{finished[:10]}.pdf"
    assert document.mime_type == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(document.data)).pages[0].extract_text().split())
    assert "Regiescan voor 's-Hertogenbosch" in text
    assert answers(api)[-1] == "Een ogenblik, het bestand wordt gemaakt."
    caption = api.calls("sendDocument", ME)[0].params["caption"]
    assert caption.startswith("Scan van ") and caption.endswith(", 's-Hertogenbosch")


async def test_choosing_the_unfinished_scan_as_markdown_and_a_finished_one_as_json(
    api: FakeBotAPI, data_dir: Path
):
    async with harness(api, data_dir) as bot:
        walk_scan(bot.services.scans, ME, "Súdwest-Fryslân", {})
        walk_scan(bot.services.scans, ME, "Súdwest-Fryslân", {}, stop_after=2)
        await bot.command("/export")
        assert bot.screen() == "Welke scan wilt u exporteren?"
        labels = bot.labels()
        assert labels[0] == "Huidige scan, Súdwest-Fryslân (onvolledig)"
        assert labels[1].startswith("Scan van ") and len(labels) == 2
        await bot.tap_label_starting("Huidige scan")
        assert bot.screen() == (
            "In welk formaat wilt u uw huidige scan voor Súdwest-Fryslân (onvolledig)?"
        )
        await bot.tap_label_starting("Markdown")
        await bot.command("/export")
        await bot.tap_label_starting("Scan van ")
        await bot.tap_label_starting("JSON")
        markdown, document = api.documents(ME)
    assert (markdown.filename or "").startswith("regiescan-sudwest-fryslan-")
    assert (markdown.filename or "").endswith(".md") and markdown.mime_type == "text/markdown"
    assert markdown.data.decode("utf-8").startswith("# Regiescan voor Súdwest-Fryslân (onvolledig)")
    first_caption = api.calls("sendDocument", ME)[0].params["caption"]
    assert first_caption == "Onvolledig: de scan voor Súdwest-Fryslân is nog niet afgerond."
    assert document.mime_type == "application/json" and (document.filename or "").endswith(".json")
    exported = json.loads(document.data)
    Draft202012Validator(json.loads(schema_text())).validate(exported)
    assert exported["scan"]["status"] == "finished"


async def test_someone_elses_scan_cannot_be_exported(api: FakeBotAPI, data_dir: Path):
    async with harness(api, data_dir) as bot:
        finished_scan(bot.services.scans, OTHER, "Oss", {})
        theirs = bot.services.scans.user(OTHER).finished[-1].id  # type: ignore[union-attr]
        walk_scan(bot.services.scans, ME, "Vught", {})
        await bot.process(make_callback_update(f"x|f|{theirs}|pdf", 1, user_id=ME))
        await bot.process(make_callback_update("x|f|zz|pdf", 1, user_id=ME))  # malformed
        assert answers(api)[0] == "Deze scan kan ik niet meer vinden. Stuur /export opnieuw."
        assert answers(api)[1] == ""
    assert api.documents(ME) == [] and api.documents(OTHER) == []


async def test_a_coordinator_is_refused_the_regional_export(api: FakeBotAPI, staffed: Path):
    async with harness(api, staffed) as bot:
        finished_scan(bot.services.scans, ME, "Oss", {}, peer=True)
        await bot.command("/export_regio")
        assert bot.screen() == NOT_STAFF
        await bot.process(make_callback_update("x|q|VR21|csv", 1, user_id=ME))
        await bot.process(make_callback_update("x|r|all", 1, user_id=ME))
        assert answers(api) == [NOT_STAFF, NOT_STAFF]
    assert api.documents(ME) == []


async def test_staff_export_their_own_region_only(
    api: FakeBotAPI, staffed: Path, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger="regiescan.export")
    async with harness(api, staffed) as bot:
        scans = bot.services.scans
        walk_scan(scans, 101, "'s-Hertogenbosch", {}, peer=True, notes={"bestuur": SECRET_NOTE})
        finished_scan(scans, 102, "Oss", {}, peer=False)
        finished_scan(scans, 201, "Utrecht", {}, peer=True)
        await bot.command("/export_regio", "VR09", user=STAFF21)
        assert bot.screen(STAFF21) == NOT_YOUR_REGION
        await bot.process(make_callback_update("x|q|VR09|csv", 1, user_id=STAFF21))
        assert answers(api)[-1] == NOT_YOUR_REGION
        await bot.command("/export_regio", None, user=STAFF21)
        assert bot.screen(STAFF21) == (
            "In welk formaat wilt u de scans van Veiligheidsregio Brabant-Noord?"
        )
        assert bot.labels(STAFF21) == ["Excel (XLSX)", "CSV"]
        await bot.tap_label_starting("Excel", user=STAFF21)
        [document] = api.documents(STAFF21)
    assert (document.filename or "").startswith("regiescan-vr21-") and (
        document.filename or ""
    ).endswith(".xlsx")
    assert document.mime_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    wb = load_workbook(io.BytesIO(document.data))
    names = [row[2] for row in wb["Scans"].iter_rows(min_row=2, values_only=True)]
    assert names == ["'s-Hertogenbosch"]  # Oss did not opt in; Utrecht is VR09
    logged = [r.getMessage() for r in caplog.records if r.name == "regiescan.export"]
    assert len(logged) == 1
    assert logged[0].startswith(f"export: staff {STAFF21} (regio) exported region VR21 as xlsx")
    for secret in ("Oss", "'s-Hertogenbosch", SECRET_NOTE):
        assert all(secret not in line for line in logged)


async def test_a_beheerder_chooses_among_every_region(api: FakeBotAPI, staffed: Path):
    async with harness(api, staffed) as bot:
        finished_scan(bot.services.scans, 101, "Oss", {}, peer=False)
        await bot.command("/export_regio", None, user=ADMIN)
        assert bot.screen(ADMIN) == "Van welke regio wilt u de scans?"
        labels = bot.labels(ADMIN)
        assert "Brabant-Noord" in labels and labels[-1] == "Alle regio's hierboven"
        await bot.tap_label_starting("Brabant-Noord", user=ADMIN)
        await bot.tap_label_starting("CSV", user=ADMIN)
        [document] = api.documents(ADMIN)
    assert document.mime_type == "text/csv" and (document.filename or "").startswith(
        "regiescan-vr21-"
    )
    assert "Oss" not in document.data.decode("utf-8-sig")


async def test_named_export_by_configuration(api: FakeBotAPI, staffed: Path):
    async with harness(api, staffed, export_named=("beheerder",)) as bot:
        finished_scan(bot.services.scans, 101, "Oss", {}, peer=False)
        await bot.process(make_callback_update("x|q|VR21|csv", 1, user_id=ADMIN))
        await bot.process(make_callback_update("x|q|VR21|csv", 1, user_id=STAFF21))
        admin_csv, staff_csv = api.documents(ADMIN)[0], api.documents(STAFF21)[0]
    assert "Oss" in admin_csv.data.decode("utf-8-sig")  # beheerder: named by configuration
    assert "Oss" not in staff_csv.data.decode("utf-8-sig")  # regio: consent decides
