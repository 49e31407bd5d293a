"""Notes with emoji, flags, CJK, Arabic, Hebrew and combining marks in every export format
(issue 17): the PDF prints them through fallback fonts (or a visible U+FFFD where no installed
font has the character), never drops one silently; Markdown and JSON keep them exactly; the
regional CSV and XLSX, which carry no notes, are made whole next to such scans.

The fallback fonts come from Debian packages that ``.ci/run`` installs (fonts-symbola,
fonts-wqy-microhei).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from regiescan.renderers.pdf_fonts import REPLACEMENT, available
from regiescan.renderers.region_documents import export_region
from regiescan.renderers.scan_documents import export_scan, pick_scan
from regiescan.wiring.services import Services, build_services
from regiescan.wiring.settings import Settings
from tests.conftest import Clock
from tests.helpers.export_seed import walk_scan
from tests.helpers.seed import finished_scan

ME = 1001
NOTES = {
    "systematiek": "Goed overleg 👍 met de wijk 👩👩👧",
    "coordinator": "Bezoek uit 🇳🇱 en 🇧🇪",
    "sturing": "中文 日本語 한국어",
    "expertise": "Arabisch: مرحبا بالعالم",
    "informatie": "Hebreeuws: שלום עולם",
    "samenhang": "Cafe\u0301 en e\u0308en",  # combining acute and diaeresis, as some phones send
    "bestuur": "Hiëroglief: \U00013000",  # no installed font has it
}
NOW = "2026-03-05T12:00:00+00:00"


@pytest.fixture
def services(data_dir: Path) -> Services:
    s = build_services(Settings(data_dir=data_dir))
    s.scans.clock = Clock()
    walk_scan(s.scans, ME, "Oss", {"informatie": 2}, notes=NOTES, peer=True)
    return s


def export(services: Services, fmt: str) -> bytes:
    user = services.scans.user(ME)
    assert user is not None
    t = services.translators.get("nl")
    return export_scan(services, user, pick_scan(user, None), fmt, t, NOW, "test").data


def test_the_fallback_fonts_are_installed():
    assert [f.family for f, _ in available()] == ["WenQuanYi", "Symbola"], (
        "install fonts-wqy-microhei and fonts-symbola (see .ci/run)"
    )


def test_the_pdf_prints_every_note_whole(services: Services, caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        data = export(services, "pdf")
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    reader = PdfReader(io.BytesIO(data))
    printed = "\n".join(page.extract_text() for page in reader.pages)
    for knelpunt in ("systematiek", "coordinator", "sturing", "expertise", "informatie"):
        assert NOTES[knelpunt] in printed, knelpunt
    assert "Café en ëen" in unicodedata.normalize("NFC", printed)  # marks on their letters
    assert f"Hiëroglief: {REPLACEMENT}" in printed  # visible, not gone
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {"WenQuanYiMicroHei", "Symbola"} <= fonts


def test_a_pdf_without_such_notes_reads_no_fallback_font(data_dir: Path):
    s = build_services(Settings(data_dir=data_dir))
    s.scans.clock = Clock()
    walk_scan(
        s.scans, ME, "Oss", {}, notes={"bestuur": "Naïef: \u2018het gaat vanzelf\u2019 \u2013 café"}
    )
    user = s.scans.user(ME)
    assert user is not None
    made = export_scan(s, user, pick_scan(user, None), "pdf", s.translators.get("nl"), NOW, "t")
    reader = PdfReader(io.BytesIO(made.data))
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"DejaVuSansBook", "DejaVuSansBold"}


def test_markdown_and_json_keep_every_note_exactly(services: Services):
    markdown = export(services, "md").decode("utf-8")
    for note in NOTES.values():
        assert note in markdown
    document = json.loads(export(services, "json"))
    notes = {n["knelpunt"]: n["text"] for n in document["scan"]["notes"]}
    assert notes == NOTES


def test_regional_csv_and_xlsx_are_whole_next_to_such_notes(services: Services):
    finished_scan(services.scans, 2002, "Vught", {}, peer=True)
    t = services.translators.get("nl")
    made_csv = export_region(services, ["VR21"], "csv", t, NOW, named=False, who="test")
    rows = list(csv.reader(io.StringIO(made_csv.data.decode("utf-8-sig")), delimiter=";"))
    assert [r[2] for r in rows[1:3]] == ["Oss", "Vught"]
    made_xlsx = export_region(services, ["VR21"], "xlsx", t, NOW, named=False, who="test")
    sheet = load_workbook(io.BytesIO(made_xlsx.data))["Scans"]
    assert [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Oss", "Vught"]
    for note in NOTES.values():  # notes stay out of the regional export
        assert note not in made_csv.data.decode("utf-8-sig")
