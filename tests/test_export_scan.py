"""A coordinator's export of one scan: PDF, Markdown and JSON, each parsed back and checked."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from dialogs.exports.scan_json import schema_text
from dialogs.model import User
from regiescan.renderers.scan_documents import ExportError, export_scan, exportable_scans, pick_scan
from regiescan.wiring.services import Services, build_services
from regiescan.wiring.settings import Settings
from tests.conftest import Clock
from tests.helpers.export_seed import walk_scan
from tests.helpers.scan_driver import press, start_scan
from tests.helpers.seed import finished_scan

ME = 1001
LQ, RQ, DASH = "\u2018", "\u2019", "\u2013"  # curly quotes and a dash, as phones type them
NOTES = {
    "systematiek": f"Het veiligheidsplan 2023{DASH}2026 is vastgesteld; geëvalueerd in {RQ}24.",
    "bestuur": f"Naïeve aanname van het college: {LQ}het gaat vanzelf{RQ}. Café-overleg helpt.",
}
A4 = (595.28, 841.89)  # points


@pytest.fixture
def services(data_dir: Path) -> Services:
    s = build_services(Settings(data_dir=data_dir))
    s.scans.clock = Clock()  # 2 March 2026, a second per call
    return s


def me(services: Services, user_id: int = ME) -> User:
    user = services.scans.user(user_id)
    assert user is not None
    return user


def export(services: Services, fmt: str, user_id: int = ME, when: str | None = None) -> bytes:
    user = me(services, user_id)
    t = services.translators.get(user.locale)
    made = export_scan(services, user, pick_scan(user, when), fmt, t, services.scans.now(), "test")
    return made.data


def pdf_text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return raw, reader


def flat(raw: str) -> str:
    return " ".join(raw.split())


def validate(document: object) -> None:
    Draft202012Validator(json.loads(schema_text())).validate(document)


def full_history(services: Services) -> None:
    """'s-Hertogenbosch: a scan in March, a second one 200 days later with notes, a "weet ik
    niet" knelpunt and a peer (Tilburg) strong where 's-Hertogenbosch is weak."""
    finished_scan(services.scans, 2002, "Tilburg", {"informatie": 5}, peer=True)
    walk_scan(services.scans, ME, "'s-Hertogenbosch", {"informatie": 2, "bestuur": 4})
    services.scans.clock.now += timedelta(days=200)  # type: ignore[attr-defined]
    walk_scan(
        services.scans,
        ME,
        "'s-Hertogenbosch",
        {"informatie": 1, "bestuur": 2, "expertise": "dk", "rijksbeleid": 5},
        default=4,
        notes=NOTES,
    )


def test_full_scan_pdf_holds_the_whole_summary(services: Services):
    full_history(services)
    user = me(services)
    made = export_scan(
        services,
        user,
        pick_scan(user, None),
        "pdf",
        services.translators.get("nl"),
        "2026-09-20T10:00:00+00:00",
        "t",
    )
    assert made.filename == "regiescan-s-hertogenbosch-2026-09-18.pdf"
    assert made.mime_type == "application/pdf" and made.data.startswith(b"%PDF")
    raw, reader = pdf_text(made.data)
    text = flat(raw)
    assert all(
        tuple(round(v, 1) for v in page.mediabox.upper_right) == tuple(round(v, 1) for v in A4)
        for page in reader.pages
    )
    pages = len(reader.pages)
    assert f"Pagina 1 van {pages}" in text and f"Pagina {pages} van {pages}" in text
    for expected in [
        "Regiescan voor 's-Hertogenbosch",
        "Veiligheidsregio Brabant-Noord",
        "Rol Veiligheidscoördinator",
        "afgerond op 18 september 2026",  # Dutch long date
        "Vorige scan afgerond op 2 maart 2026",
        "Scores per knelpunt",
        "Informatie en analyse",
        "Deskundigheid van de gemeente",
        "onvoldoende zicht",  # the "weet ik niet" knelpunt
        f"geëvalueerd in {RQ}24",  # the note, with its diacritics and curly apostrophe
        NOTES["bestuur"],
        "Grootste knelpunten en advies",
        "1. Informatie en analyse: 1,0",
        "Wat u zelf kunt doen:",
        "Gemiddeld per dimensie: willen",
        "Uw profiel als veiligheidscoördinator: aan",
        "Voor het college van burgemeester en wethouders van 's-Hertogenbosch",
        "Zo leest u dit stuk",
        "Politie-eenheid Oost-Brabant",
        "Tilburg: scoort 5,0 op Informatie en analyse",
        "Sinds uw vorige scan van 2 maart 2026:",
        "Zwakker: Informatie en analyse, van 2,0 naar 1,0",
        "Bron gemeentegegevens: CBS",
    ]:
        assert expected in text, expected
    assert "onvolledig" not in text.lower()
    assert len(reader.pages[0].images) == 1  # the radar chart


def test_all_dont_know_scan_in_every_format(services: Services):
    walk_scan(services.scans, ME, "Súdwest-Fryslân", {}, default="dk")
    raw, _ = pdf_text(export(services, "pdf"))
    text = flat(raw)
    assert "Regiescan voor Súdwest-Fryslân" in text
    assert text.count("onvoldoende zicht") >= 10
    assert "Bij 10 knelpunten weet u te weinig voor een score." in text
    assert "0 van 33 met een score, 33 met 'weet ik niet' of overgeslagen" in text
    markdown = export(services, "md").decode("utf-8")
    rows = [line for line in markdown.splitlines() if re.match(r"^\| \d+\. ", line)]
    assert len(rows) == 10 and all("| onvoldoende zicht |" in row for row in rows)
    document = json.loads(export(services, "json"))
    validate(document)
    assert {a["value"] for a in document["scan"]["answers"]} == {"dk"}
    assert len(document["scan"]["answers"]) == 33
    assert all(s["usable_score"] is None for s in document["scores"])
    assert document["diagnosis"]["signals"] == {
        "mostly_kunnen": False,
        "one_person": [],
        "toets": False,  # the three places go to the first blind spots, leerproces is not one
    }
    assert document["diagnosis"]["balance"]["lowest"] == []
    assert document["scan"]["municipality"]["name"] == "Súdwest-Fryslân"


def test_very_long_notes_wrap_and_nothing_is_cut(services: Services):
    long_words = " ".join(["verantwoordelijkheidsverdeling"] * 30)[:1000]
    unbroken = "x" * 1000  # a note without a single space (a pasted link, say)
    notes = {"systematiek": unbroken, "informatie": long_words}
    notes |= {
        k: f"{k}: " + "Een lange toelichting met details. " * 28 for k in ("bestuur", "ketens")
    }
    walk_scan(services.scans, ME, "'s-Hertogenbosch", {"informatie": 2}, default=4, notes=notes)
    raw, reader = pdf_text(export(services, "pdf"))
    squeezed = "".join(raw.split())
    assert unbroken in squeezed  # every character is there...
    runs = [len(m) for m in re.findall(r"x{5,}", raw)]
    assert max(runs) < 70 and sum(runs) == 1000  # ...on lines that fit the column
    assert "".join(long_words.split()) in squeezed
    assert len(reader.pages) <= 8
    markdown = export(services, "md").decode("utf-8")
    row = next(line for line in markdown.splitlines() if line.startswith("| 1. "))
    assert unbroken in row


def test_markdown_keeps_a_note_inside_its_cell(services: Services):
    note = "Zie *notitie* | bijlage [2]\nTweede regel <b>vet</b>"
    walk_scan(services.scans, ME, "Oss", {}, notes={"systematiek": note})
    markdown = export(services, "md").decode("utf-8")
    row = next(line for line in markdown.splitlines() if line.startswith("| 1. "))
    assert len(re.findall(r"(?<!\\)\|", row)) == 4  # three cells, nothing broke out
    assert r"\*notitie\*" in row and r"\| bijlage \[2\]" in row
    assert "<br>Tweede regel &lt;b>vet&lt;/b>" in row
    assert markdown.startswith("# Regiescan voor Oss\n")
    assert "Bron gemeentegegevens: CBS" in markdown


def test_unfinished_scan_is_marked_onvolledig(services: Services):
    walk_scan(services.scans, ME, "Heusden", {"sturing": 2}, default=4, stop_after=3)
    user = me(services)
    scan = pick_scan(user, None)
    assert scan.finished is None
    t = services.translators.get("nl")
    made = export_scan(services, user, scan, "pdf", t, "2026-03-05T12:00:00+00:00", "t")
    assert made.filename == "regiescan-heusden-2026-03-05.pdf"  # the day of the export
    text = flat(pdf_text(made.data)[0])
    assert "Regiescan voor Heusden (onvolledig)" in text
    assert "Onvolledig: deze scan is nog niet afgerond." in text
    assert "nog niet beantwoord" in text
    # Advice only for what was answered: sturing (2,0) is the one weak knelpunt so far.
    advice = text.split("Grootste knelpunten en advies")[1].split("Willen, kunnen, kennen")[0]
    assert advice.startswith(" 1. Regie en sturingsmiddelen: 2,0 Wat u zelf kunt doen:")
    assert "onvoldoende zicht" not in advice and "2. " not in advice
    markdown = export(services, "md").decode("utf-8")
    assert "# Regiescan voor Heusden (onvolledig)" in markdown
    document = json.loads(export(services, "json"))
    validate(document)
    assert document["scan"]["status"] == "incomplete" and document["scan"]["finished"] is None


def test_json_holds_every_answer_note_and_change(services: Services):
    start_scan(services.scans, ME, "Oss")
    press(services.scans, ME, "a:2")
    press(services.scans, ME, "back")
    press(services.scans, ME, "a:4")  # changed: kept in the history
    walk_scan_rest(services)
    document = json.loads(export(services, "json"))
    validate(document)
    assert document["format"] == "regiescan-scan-export"
    assert document["content_version"] == services.content.version
    [change] = document["scan"]["history"]
    assert change | {"at": "-"} == {
        "kind": "statement",
        "id": "systematiek.inbedding",
        "at": "-",
        "from": 2,
        "to": 4,
    }
    answers = {a["statement"]: a for a in document["scan"]["answers"]}
    assert answers["systematiek.inbedding"]["value"] == 4 and len(answers) == 33
    assert answers["systematiek.inbedding"]["text"]  # the statement in the reader's language
    assert document["scan"]["notes"] == [
        {
            "knelpunt": "bestuur",
            "text": "Wethouder zit erbovenop.",
            "at": document["scan"]["notes"][0]["at"],
        }
    ]
    assert [s["knelpunt"] for s in document["scores"]][:2] == ["systematiek", "coordinator"]
    assert document["diagnosis"]["conditions"][0]["condition"] == "proces"


def walk_scan_rest(services: Services) -> None:
    for _ in range(200):
        step = services.scans.show(ME).step
        user = me(services)
        if step.kind == "statement":
            press(services.scans, ME, "a:3")
        elif step.kind == "note" and user.current and user.current.knelpunt == "bestuur":
            from dialogs.scan.steps import Event

            services.scans.handle(ME, Event.text("Wethouder zit erbovenop."))
        elif step.kind == "note":
            press(services.scans, ME, "skip_note")
        else:
            break
    press(services.scans, ME, "finish")


def test_the_schema_rejects_a_broken_document(services: Services):
    walk_scan(services.scans, ME, "Oss", {})
    document = json.loads(export(services, "json"))
    validate(document)
    broken = dict(document, scan=dict(document["scan"], answers=[{"statement": "x.y"}]))
    with pytest.raises(Exception, match="required"):
        validate(broken)


def test_choosing_a_scan(services: Services):
    walk_scan(services.scans, ME, "Oss", {})  # finished 2 March 2026
    walk_scan(services.scans, ME, "Oss", {}, stop_after=2)  # in progress
    user = me(services)
    current, finished = exportable_scans(user)
    assert current.finished is None and finished.finished
    assert pick_scan(user, None) is finished
    assert pick_scan(user, "current") is current
    assert pick_scan(user, "2026-03-02") is finished
    with pytest.raises(
        ExportError, match=r"no scan finished on 2025-01-01 \(finished scans: 2026-03-02\)"
    ):
        pick_scan(user, "2025-01-01")
    with pytest.raises(ExportError, match="YYYY-MM-DD"):
        pick_scan(user, "gisteren")
    with pytest.raises(ExportError, match="unknown format 'docx'"):
        export_scan(services, user, current, "docx", services.translators.get("nl"), "x", "t")


def test_the_users_language_is_used(services: Services):
    walk_scan(services.scans, ME, "Oss", {"informatie": 1})
    services.scans.set_locale(ME, "en")
    markdown = export(services, "md").decode("utf-8")
    assert markdown.startswith("# Regiescan for Oss\n")
    assert "## Scores per bottleneck" in markdown and "| Bottleneck | Score | Comment |" in markdown
    text = flat(pdf_text(export(services, "pdf"))[0])
    assert "Page 1 of" in text and "Source of municipal data: CBS" in text
    assert "finished on March 2, 2026" in text  # the English long date


def test_pdf_has_a_cover_for_the_college_a_reading_guide_and_the_regional_median(
    services: Services,
):
    for n, town in enumerate(["Oss", "Maashorst", "Boxtel"], start=3001):
        walk_scan(services.scans, n, town, {"informatie": 5}, default=3, peer=True)
    walk_scan(services.scans, ME, "'s-Hertogenbosch", {"informatie": 1}, default=4)
    raw, _ = pdf_text(export(services, "pdf"))
    text = flat(raw)
    cover = text.split("Zo leest u dit stuk")[0]
    for fact in (
        "Voor het college van burgemeester en wethouders van 's-Hertogenbosch",
        "Gemeente 's-Hertogenbosch",
        "Rol Veiligheidscoördinator",
        "Datum afgerond op",
    ):
        assert fact in cover, fact  # who it is for, and the facts, before anything else
    guide = text.split("Zo leest u dit stuk")[1].split("Scores per knelpunt")[0]
    assert "Een score van 4,0 of hoger is een sterk punt" in guide
    assert "3 andere gemeenten in Veiligheidsregio Brabant-Noord" in guide
    table = text.split("Scores per knelpunt")[1].split("Grootste knelpunten")[0]
    assert table.startswith(" Knelpunt Score Mediaan regio Toelichting")
    assert "5. Informatie en analyse (kennen) 1,0 5,0" in table  # score, then the median
    assert "Open bron: CBS Veiligheidsmonitor, https://www.veiligheidsmonitor.nl" in text
    markdown = export(services, "md").decode("utf-8")  # the same guide and median
    guide = markdown.split("## Zo leest u dit stuk")[1].split("## Scores per knelpunt")[0]
    assert "Een score van 4,0 of hoger is een sterk punt" in guide
    assert "3 andere gemeenten in Veiligheidsregio Brabant-Noord" in guide
    assert "| Knelpunt | Score | Mediaan regio | Toelichting |" in markdown
    assert "| 5. Informatie en analyse (kennen) | 1,0 | 5,0 |" in markdown
