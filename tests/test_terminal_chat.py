"""The terminal chat as a user runs it: `regiescan chat` as a subprocess on stdin/stdout."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from storage.users import TinyUserStore

ROOT = Path(__file__).resolve().parent.parent


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env["REGIESCAN_DATA_DIR"] = str(data_dir)
    return env


def chat(data_dir: Path, lines: list[str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "regiescan.cli", "chat", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=_env(data_dir),
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _walk_to_first_statement() -> list[str]:
    return ["1", "1", "s hertogenbosch", "1"]


def test_whole_scan_in_dutch(tmp_path: Path):
    walk = _walk_to_first_statement()
    # 32 statements answered "4", ten notes passed with option 1 ("Geen toelichting").
    per_knelpunt = [4, 4, 3, 3, 4, 3, 3, 3, 2, 3]
    for n in per_knelpunt:
        walk += ["4"] * n + ["1"]
    out = chat(tmp_path, [*walk, "11", "stop"])
    assert "Voor welke gemeente vult u de scan in?" in out
    assert "Gemeente: 's-Hertogenbosch" in out
    assert "Knelpunt 10 van 10 · Leren en veranderen" in out
    assert "Alle stellingen zijn beantwoord." in out
    assert "Uw laatste scan ('s-Hertogenbosch) is afgerond op" in out
    doc = TinyUserStore(tmp_path).load(0)
    assert doc is not None and len(doc["finished"]) == 1
    assert len(doc["finished"][0]["answers"]) == 32


def test_bad_input_gets_dutch_message_and_same_question(tmp_path: Path):
    out = chat(tmp_path, ["1", "1", "Den Haag", "1", "", "0", "99", "hallo", "vlieg", "stop"])
    assert out.count("Stelling 1 van 4") >= 5
    assert "Typ een nummer of een opdracht." in out
    assert "Dat begrijp ik niet. Typ een nummer van 1 tot en met 9, of 'help'." in out
    assert "Uw antwoorden zijn bewaard. Tot ziens." in out


def test_end_of_input_saves_and_exits(tmp_path: Path):
    out = chat(tmp_path, [*_walk_to_first_statement(), "5"])
    assert "Einde van de invoer. Uw antwoorden zijn bewaard." in out
    doc = TinyUserStore(tmp_path).load(0)
    assert doc["current"]["answers"]["systematiek.analyse"]["value"] == 5


def test_english_via_taal(tmp_path: Path):
    out = chat(tmp_path, ["taal en", "1", "1", "Utrecht", "1", "help", "stop"])
    assert "For which municipality are you filling in the scan?" in out
    assert "Bottleneck 1 of 10 · Systematic approach" in out
    assert "Every answer is saved at once." in out


def test_killed_mid_scan_resumes_at_the_same_statement(tmp_path: Path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "regiescan.cli", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_env(tmp_path),
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    for line in [*_walk_to_first_statement(), "2", "3"]:
        proc.stdin.write(line + "\n")
    proc.stdin.flush()
    # Wait until the third statement is on screen: the two answers before it were saved.
    seen = ""
    deadline = time.monotonic() + 30
    while "Stelling 3 van 4" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.readline()
    assert "Stelling 3 van 4" in seen
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    out = chat(tmp_path, ["stop"])
    assert "Stelling 3 van 4" in out
    assert "Met onze partners hebben we concrete prestatieafspraken gemaakt" in out
    answers = TinyUserStore(tmp_path).load(0)["current"]["answers"]
    assert [a["value"] for a in answers.values()] == [2, 3]
