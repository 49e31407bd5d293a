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


def chat(data_dir: Path, lines: list[str], *args: str, columns: int = 80) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "regiescan.cli", "chat", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env={**_env(data_dir), "COLUMNS": str(columns)},
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _walk_to_first_statement() -> list[str]:
    return ["1", "1", "s hertogenbosch", "1"]


PER_KNELPUNT = [5, 4, 3, 3, 4, 3, 3, 3, 2, 3]  # statements per knelpunt (content 2026.2)


def _whole_scan(answer: str = "4") -> list[str]:
    """Every statement answered, every note passed with option 1 ("Geen toelichting")."""
    walk = _walk_to_first_statement()
    for n in PER_KNELPUNT:
        walk += [answer] * n + ["1"]
    return walk


def test_whole_scan_in_dutch(tmp_path: Path):
    out = chat(tmp_path, [*_whole_scan(), "11", "nee", "stop"])
    assert "Voor welke gemeente vult u de scan in?" in out
    assert "Gemeente: 's-Hertogenbosch" in out
    assert "Knelpunt 10 van 10 · Leren en veranderen" in out
    assert "Alle stellingen zijn beantwoord." in out
    assert "Uw laatste scan ('s-Hertogenbosch) is afgerond op" in out
    doc = TinyUserStore(tmp_path).load(0)
    assert doc is not None and len(doc["finished"]) == 1
    assert len(doc["finished"][0]["answers"]) == 33


def test_bad_input_gets_dutch_message_and_same_question(tmp_path: Path):
    out = chat(tmp_path, ["1", "1", "Den Haag", "1", "", "0", "99", "hallo", "vlieg", "stop"])
    assert out.count("Stelling 1 van 5") >= 5
    assert "Typ een nummer of een opdracht." in out
    assert "Dat begrijp ik niet. Typ een nummer van 1 tot en met 9, of 'help'." in out
    assert "Uw antwoorden zijn bewaard. Tot ziens." in out


def test_end_of_input_saves_and_exits(tmp_path: Path):
    out = chat(tmp_path, [*_walk_to_first_statement(), "5"])
    assert "Einde van de invoer. Uw antwoorden zijn bewaard." in out
    doc = TinyUserStore(tmp_path).load(0)
    assert doc["current"]["answers"]["systematiek.inbedding"]["value"] == 5


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
    while "Stelling 3 van 5" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.readline()
    assert "Stelling 3 van 5" in seen
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    out = chat(tmp_path, ["stop"])
    assert "Stelling 3 van 5" in out
    assert "Onze doelen voor veiligheid zijn zo geformuleerd" in out
    answers = TinyUserStore(tmp_path).load(0)["current"]["answers"]
    assert [a["value"] for a in answers.values()] == [2, 3]


def test_the_ending_reads_well(tmp_path: Path):
    walk = _walk_to_first_statement()
    walk += ["8"] + ["2"] * (PER_KNELPUNT[0] - 1) + ["1"]  # the first statement skipped
    for n in PER_KNELPUNT[1:]:
        walk += ["2"] * n + ["1"]
    out = chat(tmp_path, [*walk, "11", "ja", "1", "3"], columns=60)
    # No double numbering on the scale, and a skipped statement is not "beantwoord".
    assert "  1) helemaal oneens" in out and "1) 1 · helemaal oneens" not in out
    assert "1. Systematische aanpak: 4 van 5 beantwoord, 1 overgeslagen" in out
    # After "Afronden": the diagnosis first, then the peer question, then the end menu.
    diagnosis = out.index("Diagnose voor 's-Hertogenbosch")
    question = out.index("Mag uw gemeente getoond worden als collega-gemeente?")
    menu = out.index("Uw laatste scan ('s-Hertogenbosch) is afgerond op")
    assert diagnosis < question < menu
    end = out[menu:]
    assert "  1) Uitkomst bekijken\n  2) Nieuwe scan beginnen\n  3) Afsluiten" in end
    assert end.count("Diagnose voor 's-Hertogenbosch") == 1  # "1" shows the result again
    assert "Zo werkt de scan" not in end  # and "1" did not start a new scan
    assert out.rstrip().endswith("Uw antwoorden zijn bewaard. Tot ziens.")  # "3" stops
    # Lines are broken between words at the terminal's width.
    words = {w for line in out.splitlines() for w in line.split()}
    assert all(len(line) <= 60 for line in out.splitlines() if not any(
        len(w) > 40 for w in line.split()))  # fmt: skip
    assert "veiligheidscoördina" not in words  # never broken inside a word
    doc = TinyUserStore(tmp_path).load(0)
    assert doc["consents"]["peer_listing"]["given"] is True  # the opt-in was asked and kept
    assert doc["finished"][0]["answers"]["systematiek.inbedding"]["value"] == "skip"


def test_the_terminal_names_its_own_commands_and_knows_them(tmp_path: Path):
    out = chat(tmp_path, ["1", "privacy", "toestemming collega ja", "mijngegevens", "stop"])
    assert "/privacy" not in out and "/mijngegevens" not in out and "/toestemming" not in out
    assert "leest u met 'privacy'." in out
    assert "Met 'vergeetmij' verwijdert u alles." in out
    assert "Vermelding als collega-gemeente: gegeven op" in out
    copy = next((tmp_path / "exports").glob("regiescan-mijn-gegevens-0-*.json"))
    assert '"peer_listing"' in copy.read_text(encoding="utf-8")
    out = chat(tmp_path, ["vergeetmij", "nee", "vergeetmij", "ja"])
    assert "Er is niets verwijderd." in out
    assert "Alles wat Regiescan over u bewaarde, is verwijderd" in out
    assert TinyUserStore(tmp_path).load(0) is None


def test_every_finished_scan_keeps_its_own_chart(tmp_path: Path):
    chat(tmp_path, [*_whole_scan("2"), "11", "nee", "2", "1", *_whole_scan()[2:], "11", "stop"])
    charts = sorted((tmp_path / "charts").glob("regiescan-0-*.png"))
    assert len(charts) == 2  # two scans on one day: two files, the first not overwritten


def test_ctrl_c_names_a_command_that_works_here(tmp_path: Path):
    from regiescan.terminal import restart_hint

    proc = subprocess.Popen(
        [sys.executable, "-m", "regiescan.cli", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**_env(tmp_path), "PATH": "/usr/bin:/bin"},  # no regiescan on PATH, as after make
        cwd=ROOT,
        # A shell without job control starts background jobs with SIGINT ignored, and Python
        # keeps an ignored SIGINT: give the chat the default, as in a terminal.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdin is not None and proc.stdout is not None
    seen = ""
    deadline = time.monotonic() + 60
    while "Start de scan" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.readline()
    assert "Start de scan" in seen  # the chat waits for input now
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert "met 'make chat' gaat u verder" in out
    assert restart_hint() in ("regiescan chat", "make chat")
