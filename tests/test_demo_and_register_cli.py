"""`regiescan demo`, `regiescan chat --demo` and `regiescan peers import` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from storage.users import TinyUserStore

ROOT = Path(__file__).resolve().parent.parent
PER_KNELPUNT = [5, 4, 3, 3, 4, 3, 3, 3, 2, 3]


def regiescan(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env["REGIESCAN_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "regiescan.cli", *args],
        input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip


def test_demo_peers_and_median_in_the_terminal_chat_then_removed(tmp_path: Path):
    made = regiescan(tmp_path, "demo")
    assert made.returncode == 0, made.stderr
    assert "24 demo coordinators" in made.stdout
    walk = ["1", "1", "Heusden", "1"]
    for n in PER_KNELPUNT:
        walk += ["2"] * n + ["1"]
    out = regiescan(
        tmp_path, "chat", "--demo", stdin="\n".join([*walk, "11", "nee", "stop"]) + "\n"
    )
    assert out.returncode == 0, out.stderr
    assert "Diagnose voor Heusden (demo)" in out.stdout
    assert (
        "Regio: de mediaan van 5 andere gemeenten in Veiligheidsregio Brabant-Noord." in out.stdout
    )
    assert "(demo): scoort" in out.stdout
    chart = tmp_path / "charts" / "regiescan--1-2026-11-29.png"
    charts = list((tmp_path / "charts").glob("*.png"))
    assert charts and charts[0].read_bytes().startswith(b"\x89PNG"), chart
    # A real coordinator never meets demo data.
    real = regiescan(tmp_path, "chat", stdin="\n".join([*walk, "11", "nee", "stop"]) + "\n")
    assert "(demo)" not in real.stdout
    assert "Nog geen collega-gemeente die goed scoort op" in real.stdout
    removed = regiescan(tmp_path, "demo", "--remove")
    assert removed.returncode == 0 and "25 demo users removed" in removed.stdout
    store = TinyUserStore(tmp_path)
    assert list(store.user_ids()) == [0]
    index = "".join(p.read_text() for p in (tmp_path / "index" / "finished").glob("*.json"))
    assert '"demo": true' not in index


def test_register_import_good_and_bad_file(tmp_path: Path):
    good = tmp_path / "good.csv"
    good.write_text(
        "gemeente_code,knelpunt,titel,url,contact\n"
        "GM0796,informatie,Wijkscan met de politie,https://example.org/wijkscan,\n",
        encoding="utf-8",
    )
    ok = regiescan(tmp_path, "peers", "import", str(good))
    assert ok.returncode == 0 and "1 good practices imported" in ok.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "gemeente_code,knelpunt,titel,url\n"
        "GM9999,informatie,Iets,https://example.org\n"
        "GM0796,vliegen,Iets,https://example.org\n",
        encoding="utf-8",
    )
    refused = regiescan(tmp_path, "peers", "import", str(bad))
    assert refused.returncode == 1
    assert "line 2" in refused.stderr and "line 3" in refused.stderr
    listed = regiescan(tmp_path, "peers", "list")
    assert listed.stdout.strip() == (
        "GM0796\tinformatie\tWijkscan met de politie\thttps://example.org/wijkscan"
    )
    missing = regiescan(tmp_path, "peers", "import", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr
