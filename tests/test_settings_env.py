"""Settings own every environment variable; a `.env` file fills in what the environment lacks."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from regiescan.cli import main
from regiescan.wiring.env_file import read_env_file, with_env_file
from regiescan.wiring.settings import Settings, SettingsError
from storage.heartbeat import write_heartbeat

ROOT = Path(__file__).resolve().parent.parent


def test_env_file_values_fill_in_but_never_override(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a comment\n\nexport REGIESCAN_LOG_LEVEL=DEBUG\nTELEGRAM_BOT_TOKEN=\n"
        "REGIESCAN_CONTACT='privacy@voorbeeld.nl'\nREGIESCAN_DATA_DIR=/srv/x # where\n",
        encoding="utf-8",
    )
    assert read_env_file(env_file) == {
        "REGIESCAN_LOG_LEVEL": "DEBUG",
        "REGIESCAN_CONTACT": "privacy@voorbeeld.nl",
        "REGIESCAN_DATA_DIR": "/srv/x",
    }
    merged = with_env_file({"REGIESCAN_LOG_LEVEL": "WARNING", "EMPTY": ""}, env_file)
    assert merged["REGIESCAN_LOG_LEVEL"] == "WARNING", "the real environment wins"
    assert "TELEGRAM_BOT_TOKEN" not in merged and "EMPTY" not in merged
    assert read_env_file(tmp_path / "missing") == {}


def test_a_malformed_env_file_names_the_line(tmp_path: Path):
    env_file = tmp_path / ".env"
    env_file.write_text("REGIESCAN_LOG_LEVEL=INFO\nthis is not a setting\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="line 2"):
        read_env_file(env_file)


def test_the_webhook_secret_is_a_setting_and_never_shows():
    settings = Settings.from_env({"REGIESCAN_WEBHOOK_SECRET": "s3cret-Webhook_token"})
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get() == "s3cret-Webhook_token"
    assert "s3cret" not in repr(settings)
    assert Settings.from_env({}).webhook_secret is None
    with pytest.raises(SettingsError, match="REGIESCAN_WEBHOOK_SECRET"):
        Settings.from_env({"REGIESCAN_WEBHOOK_SECRET": "with spaces"})


def test_the_cli_reads_dot_env_from_the_working_directory(tmp_path: Path):
    data = tmp_path / "from-dot-env"
    (tmp_path / ".env").write_text(f"REGIESCAN_DATA_DIR={data}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REGIESCAN_"))}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "regiescan.cli", "chat"],
        input="1\n1\nUtrecht\n1\n4\nstop\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert any(data.rglob("*.json")), "the answers went to the data dir named in .env"


def test_health_follows_the_heartbeat(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("REGIESCAN_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["health"]) == 1
    assert "no heartbeat" in capsys.readouterr().out
    write_heartbeat(tmp_path, datetime.now(UTC) - timedelta(minutes=5))
    assert main(["health"]) == 1
    write_heartbeat(tmp_path, datetime.now(UTC))
    assert main(["health"]) == 0
    assert "healthy" in capsys.readouterr().out
