"""`regiescan export` and `regiescan export-region`: files, clear errors, the progress bar."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from regiescan.cli import main
from regiescan.commands.export import ProgressBar
from regiescan.wiring.services import build_services
from regiescan.wiring.settings import Settings
from tests.helpers.export_seed import walk_scan
from tests.helpers.seed import finished_scan

ME = 1001
MD = ["export", "--user", str(ME), "--format", "md"]


@pytest.fixture
def env(data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("REGIESCAN_DATA_DIR", str(data_dir))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("REGIESCAN_EXPORT_NAMED", raising=False)
    monkeypatch.chdir(tmp_path)
    services = build_services(Settings.from_env())
    walk_scan(services.scans, ME, "'s-Hertogenbosch", {"informatie": 1}, peer=True)
    finished_scan(services.scans, 102, "Oss", {}, peer=False)
    services.close()
    return data_dir


def finished_day(data_dir: Path) -> str:
    services = build_services(Settings(data_dir=data_dir))
    user = services.scans.user(ME)
    assert user is not None
    return (user.finished[-1].finished or "")[:10]


def test_export_a_scan_to_a_named_file(env: Path, tmp_path: Path, capsys):
    target = tmp_path / "out" / "samenvatting.pdf"
    target.parent.mkdir()
    assert main(["export", "--user", str(ME), "--format", "pdf", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    text = PdfReader(target).pages[0].extract_text()
    assert "Regiescan voor 's-Hertogenbosch" in text
    assert os.listdir(target.parent) == ["samenvatting.pdf"]  # no temp file left behind
    assert target.stat().st_mode & 0o077 == 0  # personal data: readable by the owner only


def test_export_defaults_to_its_own_name_in_the_current_folder(env: Path, tmp_path: Path):
    day = finished_day(env)
    assert main(["export", "--user", str(ME), "--format", "json", "--scan", day]) == 0
    document = json.loads((tmp_path / f"regiescan-s-hertogenbosch-{day}.json").read_text())
    assert document["scan"]["municipality"]["code"] == "GM0796"
    assert main(["export", "--user", str(ME), "--format", "md", "--lang", "nl"]) == 0
    assert (tmp_path / f"regiescan-s-hertogenbosch-{day}.md").read_text().startswith("# Regie")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--user", "999", "--format", "pdf"], "no user 999 in"),
        ([*MD, "--scan", "2020-01-01"], "no scan finished on 2020-01-01"),
        ([*MD, "--scan", "vorige week"], "YYYY-MM-DD"),
        ([*MD, "--scan", "current"], "no scan in progress"),
        ([*MD, "-o", "/nonexistent/x.md"], "folder /nonexistent does not exist"),
        (["export-region", "--regio", "VR99", "--format", "csv"], "unknown veiligheidsregio VR99"),
    ],
)  # fmt: skip
def test_clear_errors(env: Path, tmp_path: Path, capsys, argv: list[str], message: str):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err == f"regiescan: {err.removeprefix('regiescan: ')}" and message in err
    assert "exported" not in err  # refused before anything was made
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("regiescan-")] == []


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--user", str(ME), "--format", "docx"],
        ["export-region", "--regio", "VR21", "--format", "ods"],
        ["export", "--format", "pdf"],
    ],
)
def test_unknown_format_or_missing_user_is_a_usage_error(env: Path, capsys, argv: list[str]):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err or "required" in err


def test_export_region_respects_consent(env: Path, tmp_path: Path, capsys, monkeypatch):
    assert main(["export-region", "--regio", "vr21", "--format", "xlsx", "-o", "r.xlsx"]) == 0
    wb = load_workbook(tmp_path / "r.xlsx")
    assert [r[2] for r in wb["Scans"].iter_rows(min_row=2, values_only=True)] == [
        "'s-Hertogenbosch"
    ]
    monkeypatch.setenv("REGIESCAN_EXPORT_NAMED", "beheerder")  # the shell counts as beheerder
    assert main(["export-region", "--regio", "VR21", "--format", "csv", "-o", "r.csv"]) == 0
    assert "Oss" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")


def test_an_interrupted_export_leaves_no_half_file(env: Path, tmp_path: Path, monkeypatch):
    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        main(["export", "--user", str(ME), "--format", "pdf", "-o", "half.pdf"])
    assert [p.name for p in tmp_path.iterdir() if "half" in p.name] == []


def test_progress_bar_draws_in_place_and_ends_the_line():
    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True)
    for done in range(1, 101):
        bar(done, 100)
    out = stream.getvalue()
    assert out.endswith("\rreading scans [" + "#" * 30 + "] 100/100\n")
    assert out.count("\r") <= 31  # redrawn only when the bar grows
    quiet = io.StringIO()
    ProgressBar(quiet)(1, 1)  # not a terminal: nothing
    assert quiet.getvalue() == ""
