"""The register of good practices: CSV import, all or nothing, with line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.peers.matching import RegisterEntry
from dialogs.peers.register_csv import RegisterImportError, import_register_csv
from storage.errors import CorruptStoreError
from storage.peer_register import REGISTER_FILE, PeerRegister

HEADER = "gemeente_code,knelpunt,titel,url,contact\n"
GOOD = (
    HEADER
    + "GM0796,informatie,Wijkanalyse met partners,https://example.nl/wijkanalyse,Team OOV\n"
    + 'GM0363,sturing,"Subsidievoorwaarden, met prestatieafspraken",http://example.nl/s,\n'
)


def write(tmp_path: Path, text: str, name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def register(tmp_path: Path) -> PeerRegister:
    return PeerRegister(tmp_path / "data")


def test_a_good_file_is_imported_whole(register, tmp_path, registry, content):
    assert register.entries() == []
    assert import_register_csv(register, write(tmp_path, GOOD), registry, content) == 2
    assert register.entries() == [
        RegisterEntry(
            "GM0796", "informatie", "Wijkanalyse met partners", "https://example.nl/wijkanalyse",
            "Team OOV",
        ),
        RegisterEntry(
            "GM0363", "sturing", "Subsidievoorwaarden, met prestatieafspraken",
            "http://example.nl/s", None,
        ),
    ]  # fmt: skip
    assert (tmp_path / "data" / REGISTER_FILE).stat().st_mode & 0o777 == 0o600


def test_reimport_replaces_instead_of_adding(register, tmp_path, registry, content):
    import_register_csv(register, write(tmp_path, GOOD), registry, content)
    import_register_csv(register, write(tmp_path, GOOD), registry, content)
    assert len(register.entries()) == 2
    smaller = HEADER + "GM0363,bestuur,Collegeagenda veiligheid,https://example.nl/c\n"
    with pytest.raises(RegisterImportError):  # 4 fields for 5 columns
        import_register_csv(register, write(tmp_path, smaller), registry, content)
    assert import_register_csv(
        register, write(tmp_path, smaller.replace("/c\n", "/c,\n")), registry, content
    )
    assert [e.knelpunt for e in register.entries()] == ["bestuur"]


def test_contact_column_is_optional_and_excel_variants_are_read(
    register, tmp_path, registry, content
):
    no_contact = "gemeente_code,knelpunt,titel,url\nGM0796,ketens,Driehoek,https://example.nl/d\n"
    assert import_register_csv(register, write(tmp_path, no_contact), registry, content) == 1
    assert register.entries()[0].contact is None
    excel = "\ufeffgemeente_code;knelpunt;titel;url;contact\r\nGM0796;ketens;Driehoek;https://example.nl/d;Jan\r\n"
    assert import_register_csv(register, write(tmp_path, excel), registry, content) == 1
    assert register.entries()[0].contact == "Jan"


BAD_LINES = [
    ("GM9999,informatie,Titel,https://example.nl/x,", "unknown municipality code 'GM9999'"),
    ("GM0796,onbekend,Titel,https://example.nl/x,", "unknown knelpunt 'onbekend'"),
    ("GM0796,informatie,,https://example.nl/x,", "the titel is missing"),
    ("GM0796,informatie,   ,https://example.nl/x,", "the titel is missing"),
    ("GM0796,informatie,Titel,ftp://example.nl/x,", "the url must be an http:// or https://"),
    ("GM0796,informatie,Titel,www.example.nl,", "the url must be an http:// or https://"),
    ("GM0796,informatie,Titel,javascript:alert(1),", "the url must be an http:// or https://"),
    ("GM0796,informatie,Titel,https://,", "the url must be an http:// or https://"),
    ("GM0796,informatie,Titel", "expected 5 fields, found 3"),
]


@pytest.mark.parametrize(("line", "problem"), BAD_LINES)
def test_a_bad_line_is_named_and_nothing_is_imported(
    register, tmp_path, registry, content, line, problem
):
    import_register_csv(register, write(tmp_path, GOOD), registry, content)
    stored = (tmp_path / "data" / REGISTER_FILE).read_bytes()
    bad = GOOD + "GM0796,ketens,Goede regel,https://example.nl/ok,\n" + line + "\n"
    with pytest.raises(RegisterImportError) as caught:
        import_register_csv(register, write(tmp_path, bad), registry, content)
    assert caught.value.problems == [(5, caught.value.problems[0][1])]
    assert problem in caught.value.problems[0][1]
    assert "line 5" in str(caught.value)
    assert (tmp_path / "data" / REGISTER_FILE).read_bytes() == stored  # the good lines too


def test_every_bad_line_is_reported_at_once(register, tmp_path, registry, content):
    bad = (
        HEADER
        + "GM9999,informatie,Titel,https://example.nl/x,\n"  # line 2
        + "GM0796,ketens,Goed,https://example.nl/ok,\n"  # line 3: fine
        + '"GM0796",informatie,"Een titel\nover twee regels",https://example.nl/y,\n'  # 4-5: fine
        + "GM0796,informatie,,mailto:x@example.nl,\n"  # line 6: two problems
        + "GM0796,ketens,Nog eens,https://example.nl/ok,\n"  # line 7: a duplicate of line 3
    )
    with pytest.raises(RegisterImportError) as caught:
        import_register_csv(register, write(tmp_path, bad), registry, content)
    assert [line for line, _ in caught.value.problems] == [2, 6, 6, 7]
    assert "line 3" in caught.value.problems[-1][1]
    assert register.entries() == []
    assert not (tmp_path / "data" / REGISTER_FILE).exists()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "gemeente,knelpunt,titel,url\n",
        "gemeente_code,knelpunt,titel,url,contact,extra\n",
        "gemeente_code,knelpunt,titel\n",
    ],
)
def test_a_wrong_header_is_line_1(register, tmp_path, registry, content, text):
    with pytest.raises(RegisterImportError) as caught:
        import_register_csv(register, write(tmp_path, text), registry, content)
    assert [line for line, _ in caught.value.problems] == [1]


def test_a_file_that_is_not_utf8_is_refused(register, tmp_path, registry, content):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (HEADER + "GM0796,ketens,Coördinatie,https://example.nl/x,\n").encode("latin-1")
    )
    with pytest.raises(RegisterImportError, match="not UTF-8"):
        import_register_csv(register, path, registry, content)


def test_a_damaged_register_file_is_not_read_as_empty(register, tmp_path):
    path = tmp_path / "data" / REGISTER_FILE
    path.parent.mkdir()
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CorruptStoreError):
        register.entries()
    path.write_text('{"schema": 1, "entries": [{"gemeente": "GM0796"}]}', encoding="utf-8")
    with pytest.raises(CorruptStoreError):
        register.entries()
