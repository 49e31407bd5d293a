"""`pip install .` (not -e) gives a working `regiescan`: the wheel carries catalogs and data.

Builds the wheel, installs it with its dependencies into a fresh virtual environment, and runs
the installed `regiescan chat` from a directory far from the checkout through one scan step.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WALK = ["1", "1", "Utrecht", "1", "4", "stop"]  # start, privacy ok, municipality, role, 1 answer


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("regiescan-*.whl")
    return built


def test_the_wheel_carries_the_catalogs_and_the_data(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for locale in ("nl", "en"):
        assert f"locales/{locale}/LC_MESSAGES/messages.mo" in names
    for data in ("content.toml", "advice.toml", "gemeenten.csv", "export.schema.json"):
        assert f"dialogs/data/{data}" in names
    assert not any(name.startswith(("tests/", "bench/")) for name in names)


def test_installed_wheel_runs_the_terminal_chat_elsewhere(wheel: Path, tmp_path: Path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PYTHON"))}
    env["REGIESCAN_DATA_DIR"] = str(elsewhere / "data")
    result = subprocess.run(
        [str(venv / "bin" / "regiescan"), "chat"],
        input="\n".join(WALK) + "\n",
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Voor welke gemeente vult u de scan in?" in result.stdout
    assert "Stelling 2 van" in result.stdout, "the first answer was taken"
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import regiescan, locales; print(regiescan.__file__)",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=True,
    ).stdout
    assert str(venv) in where, "the installed package ran, not the checkout"
    assert any((elsewhere / "data").rglob("*.json")), "the answer is on disk"


def test_the_docker_image_installs_the_wheel_and_checks_its_health():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    assert not any("pip install -e" in line for line in lines), "no editable install in images"
    assert any(line.startswith("RUN pip wheel") for line in lines)
    assert any(line.startswith("HEALTHCHECK") for line in lines)
    assert any('CMD ["regiescan", "health"]' in line for line in lines)
