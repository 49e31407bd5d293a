"""The regional export: CSV and XLSX parsed back, and every consent rule."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from statistics import median

import pytest
from openpyxl import load_workbook

from regiescan.renderers.region_documents import RegionExportError, export_region
from regiescan.wiring.services import Services, build_services
from regiescan.wiring.settings import Settings
from tests.conftest import Clock
from tests.helpers.export_seed import walk_scan
from tests.helpers.seed import finished_scan

# Brabant-Noord (VR21): two opted in, three not; Utrecht (VR09) and a demo elsewhere.
NAMED = {"'s-Hertogenbosch": 1, "Meierijstad": 2}
HIDDEN = {"Oss": 2, "Vught": 3, "Heusden": 4, "Sint-Michielsgestel": 5}  # on informatie
NOW = "2026-03-10T12:00:00+00:00"


@pytest.fixture
def services(data_dir: Path) -> Services:
    s = build_services(Settings(data_dir=data_dir))
    s.scans.clock = Clock()
    return s


def seed(s: Services, hidden: dict[str, int] = HIDDEN) -> None:
    for n, (town, score) in enumerate(NAMED.items()):
        finished_scan(s.scans, 100 + n, town, {"informatie": score}, peer=True)
    for n, (town, score) in enumerate(hidden.items()):
        finished_scan(s.scans, 200 + n, town, {"informatie": score}, peer=False)
    walk_scan(s.scans, 300, "Boxtel", {"sturing": 2}, stop_after=3, peer=True)  # in progress
    finished_scan(s.scans, 400, "Utrecht", {}, peer=True)  # another region


def export(s: Services, fmt: str, named: bool = False, regions: tuple[str, ...] = ("VR21",)):
    return export_region(
        s, list(regions), fmt, s.translators.get("nl"), NOW, named=named, who="test"
    )


def csv_tables(data: bytes) -> tuple[list[list[str]], list[list[str]]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the diacritics
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    blank = rows.index([])
    return rows[:blank], rows[blank + 1 :]


def test_csv_names_only_who_opted_in_and_aggregates_the_rest(services: Services):
    seed(services)
    made = export(services, "csv")
    assert made.filename == "regiescan-vr21-2026-03-10.csv" and made.mime_type == "text/csv"
    scans, regio = csv_tables(made.data)
    header, *rows = scans
    assert header[:7] == [
        "Veiligheidsregio", "Gemeentecode", "Gemeente", "Grootteklasse", "Status", "Begonnen",
        "Afgerond",
    ]  # fmt: skip
    assert header[11] == "5. Informatie en analyse" and len(header) == 17
    assert [(r[2], r[4]) for r in rows] == [
        ("'s-Hertogenbosch", "afgerond"),
        ("Boxtel", "onvolledig"),
        ("Meierijstad", "afgerond"),
    ]
    bosch = rows[0]
    assert bosch[:4] == ["VR21", "GM0796", "'s-Hertogenbosch", "groot"]
    assert bosch[6] == "2026-03-02" and bosch[11] == "1" and bosch[7] == "3"
    text = made.data.decode("utf-8-sig")
    for town in [*HIDDEN, "Utrecht"]:
        assert town not in text
    counts = {r[1]: r[2] for r in regio[1:]}
    assert counts["Gemeenten in de regio"] == "11"
    assert counts["Gemeenten met een afgeronde scan"] == "6"
    assert counts["Gemeenten met alleen een onvolledige scan"] == "1"
    assert counts["Scans bij naam in deze export"] == "3"
    hidden = next(r for r in regio if r[1] == "Gemeenten niet bij naam: mediaan")
    assert hidden[2] == "4" and hidden[3 + 4] == "3,5"  # median of 2, 3, 4, 5: a decimal comma
    assert hidden[3] == "3"  # systematiek: everyone answered 3
    everyone = next(r for r in regio if r[1] == "Alle afgeronde gemeenten: mediaan")
    expected = median([1, 2, *HIDDEN.values()])
    assert everyone[2] == "6" and everyone[3 + 4] == f"{expected:g}".replace(".", ",")


def test_too_few_hidden_municipalities_get_no_figures(services: Services):
    seed(services, hidden={"Oss": 2, "Vught": 3})
    _, regio = csv_tables(export(services, "csv").data)
    labels = [r[1] for r in regio[1:]]
    assert "Gemeenten niet bij naam: te weinig voor cijfers (minimaal 3)" in labels
    assert "Gemeenten niet bij naam: mediaan" not in labels
    row = next(r for r in regio if r[1].startswith("Gemeenten niet bij naam"))
    assert row[2] == "2" and all(cell == "" for cell in row[3:])


def test_xlsx_has_scores_answers_aggregates_and_explanation(services: Services):
    seed(services)
    made = export(services, "xlsx")
    assert made.filename.endswith(".xlsx")
    assert made.mime_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(io.BytesIO(made.data))
    assert wb.sheetnames == ["Scans", "Antwoorden", "Regio", "Uitleg"]
    scans = [list(r) for r in wb["Scans"].iter_rows(values_only=True)]
    assert [r[2] for r in scans[1:]] == ["'s-Hertogenbosch", "Boxtel", "Meierijstad"]
    assert scans[1][11] == 1 and isinstance(scans[1][11], int | float)
    answers = [list(r) for r in wb["Antwoorden"].iter_rows(values_only=True)]
    assert answers[0][7:] == [s.id for s in services.content.statements]
    informatie = [i for i, h in enumerate(answers[0]) if str(h).startswith("informatie.")]
    assert {answers[1][i] for i in informatie} == {1}
    boxtel = answers[2]
    assert boxtel[2] == "Boxtel" and boxtel[-1] is None  # not answered yet
    everything = " ".join(
        str(cell) for sheet in wb for row in sheet.iter_rows(values_only=True) for cell in row
    )
    for town in [*HIDDEN, "Utrecht"]:
        assert town not in everything
    regio = [list(r) for r in wb["Regio"].iter_rows(values_only=True)]
    hidden = next(r for r in regio if r[1] == "Gemeenten niet bij naam: mediaan")
    assert hidden[2] == 4 and hidden[3 + 4] == 3.5
    uitleg = [list(r) for r in wb["Uitleg"].iter_rows(values_only=True)]
    assert any(r[0] == "informatie.beeld" and r[1] for r in uitleg)


def test_named_by_configuration_shows_everyone(services: Services):
    seed(services)
    scans, _ = csv_tables(export(services, "csv", named=True).data)
    names = {r[2] for r in scans[1:]}
    assert names == {*NAMED, *HIDDEN, "Boxtel"}


def test_demo_scans_never_appear(services: Services):
    seed(services)
    finished_scan(services.scans, 500, "Bernheze", {}, peer=True)
    user = services.scans.user(500)
    assert user is not None
    user.finished[-1].demo = True
    services.scans.save(user)
    assert "Bernheze" not in export(services, "csv").data.decode("utf-8-sig")


def test_diacritics_and_apostrophes_survive_both_formats(services: Services):
    finished_scan(services.scans, 100, "Súdwest-Fryslân", {}, peer=True)
    finished_scan(services.scans, 101, "Noardeast-Fryslân", {}, peer=True)
    scans, _ = csv_tables(export(services, "csv", regions=("VR02",)).data)
    assert {r[2] for r in scans[1:]} == {"Súdwest-Fryslân", "Noardeast-Fryslân"}
    wb = load_workbook(io.BytesIO(export(services, "xlsx", regions=("vr02",)).data))
    assert {r[2] for r in wb["Scans"].iter_rows(min_row=2, values_only=True)} == {
        "Súdwest-Fryslân",
        "Noardeast-Fryslân",
    }


def test_english_csv_uses_commas_and_points(services: Services):
    seed(services)
    data = export_region(
        services, ["VR21"], "csv", services.translators.get("en"), NOW, named=False, who="t"
    ).data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1][2] == "'s-Hertogenbosch" and rows[1][11] == "1" and len(rows[1]) == 17
    hidden = [r for r in rows if len(r) > 7 and r[0] == "VR21" and r[2] == "4"]  # not named
    assert [r[3 + 4] for r in hidden] == ["3.5"]


def test_unknown_region_and_format_are_refused(services: Services):
    with pytest.raises(RegionExportError, match="unknown veiligheidsregio VR99"):
        export(services, "csv", regions=("VR99",))
    with pytest.raises(RegionExportError, match="unknown format 'ods'"):
        export(services, "ods")
