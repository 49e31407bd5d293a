"""Automatic backups, restoring from them, and damaged data files: loud, named, never emptied."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from storage.backups import BackupError, Backups
from storage.errors import CorruptStoreError
from storage.health import check_data_dir, recovery_advice
from storage.users import TinyUserStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.data_dir_scan import modes
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.updates import make_callback_update

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 3, 2)


def doc(user_id: int, answers: int = 1) -> dict:
    return {"user_id": user_id, "state": "statement", "answers": list(range(answers))}


@pytest.fixture
def store(data_dir: Path) -> TinyUserStore:
    return TinyUserStore(data_dir)


def test_backup_is_a_frozen_snapshot_with_private_modes(data_dir: Path, store: TinyUserStore):
    old_umask = os.umask(0o022)
    try:
        for user_id in (1, 2, 305):
            store.save(user_id, doc(user_id))
        (data_dir / "register.json").write_bytes(b'{"entries": []}')
        os.chmod(data_dir / "register.json", 0o600)
        backups = Backups(data_dir, keep_days=7)
        made = backups.create(DAY)
    finally:
        os.umask(old_umask)
    assert made is not None and made.files == 4
    assert backups.days() == ["2026-03-02"]
    assert backups.create(DAY) is None, "one backup per day"
    store.save(2, doc(2, answers=5))  # the live file is replaced; the backup keeps the old one
    copy = TinyUserStore(backups.path("2026-03-02"))
    assert copy.load(2)["answers"] == [0]
    assert store.load(2)["answers"] == [0, 1, 2, 3, 4]
    for rel, mode in modes(data_dir).items():
        is_dir = (data_dir / rel).is_dir()
        assert mode == ("0o700" if is_dir else "0o600"), rel


def test_unchanged_files_are_shared_between_backups_never_with_the_live_data(
    data_dir: Path, store: TinyUserStore
):
    store.save(1, doc(1))
    store.save(2, doc(2))
    old = 1_700_000_000_000_000_000  # long before the first backup: settled
    for user_id in (1, 2):
        os.utime(store.path_for(user_id), ns=(old, old))
    backups = Backups(data_dir)
    backups.create(date(2026, 3, 1))
    store.save(2, doc(2, answers=2))
    backups.create(date(2026, 3, 2))
    first, second = (TinyUserStore(backups.path(d)) for d in ("2026-03-01", "2026-03-02"))

    def inode(path: Path) -> int:
        return path.stat().st_ino

    assert inode(first.path_for(1)) == inode(second.path_for(1)), "unchanged: linked"
    assert inode(first.path_for(2)) != inode(second.path_for(2)), "changed: copied"
    assert second.load(2)["answers"] == [0, 1]
    for user_id in (1, 2):
        assert inode(store.path_for(user_id)) not in {
            inode(first.path_for(user_id)),
            inode(second.path_for(user_id)),
        }


def test_old_backups_are_pruned_and_crashed_ones_removed(data_dir: Path, store: TinyUserStore):
    store.save(1, doc(1))
    backups = Backups(data_dir, keep_days=3)
    for day in range(1, 6):
        backups.create(date(2026, 3, day))
    leftover = backups.root / ".2026-03-06.partial"
    leftover.mkdir()
    assert backups.prune(date(2026, 3, 5)) == ["2026-03-01", "2026-03-02"]
    assert backups.days() == ["2026-03-03", "2026-03-04", "2026-03-05"]
    assert not leftover.exists()


def test_a_backup_killed_halfway_is_never_taken_for_a_backup(data_dir: Path, store: TinyUserStore):
    store.save(1, doc(1))
    backups = Backups(data_dir)
    (backups.root / ".2026-03-02.partial" / "users").mkdir(parents=True)
    assert backups.days() == [] and backups.latest() is None
    backups.create(DAY)  # starts afresh over the leftover
    assert TinyUserStore(backups.path("2026-03-02")).load(1) is not None


def test_restore_one_file_or_everything(data_dir: Path, store: TinyUserStore):
    store.save(1, doc(1))
    store.save(2, doc(2))
    backups = Backups(data_dir)
    backups.create(DAY)
    store.path_for(1).write_bytes(b'{"user": {"1": {"user_id": 1, "sta')  # damaged
    store.save(3, doc(3))  # arrived after the backup
    assert backups.containing(store.path_for(1)) == "2026-03-02"
    assert backups.restore("2026-03-02", only=store.path_for(1)) == ["users/01/1.json"]
    assert store.load(1)["answers"] == [0]
    store.save(2, doc(2, answers=3))
    assert sorted(backups.restore()) == ["users/01/1.json", "users/02/2.json"]
    assert store.load(2)["answers"] == [0]
    assert store.load(3) is not None, "files that are not in the backup stay as they are"
    with pytest.raises(BackupError):
        backups.restore("2026-02-30")
    with pytest.raises(BackupError):
        backups.restore("2026-03-02", only="../../etc/passwd")


def test_a_truncated_user_file_is_an_error_not_a_new_user(store: TinyUserStore):
    store.save(7, doc(7))
    store.path_for(7).write_bytes(b"")
    with pytest.raises(CorruptStoreError, match="empty"):
        store.load(7)


@pytest.mark.parametrize("content", [b"", b'{"entries": [', b"\xff\xfe"])
def test_start_up_check_names_a_damaged_shared_file_and_the_backup(data_dir: Path, content):
    store = TinyUserStore(data_dir)
    store.save(1, doc(1))
    register = data_dir / "peer_register.json"
    register.write_bytes(b'{"entries": []}')
    backups = Backups(data_dir)
    backups.create(DAY)
    assert check_data_dir(data_dir) == 1
    register.write_bytes(content)
    with pytest.raises(CorruptStoreError) as info:
        check_data_dir(data_dir)
    assert info.value.path == register
    advice = recovery_advice(backups, info.value.path)
    assert "regiescan restore --from 2026-03-02 --only peer_register.json" in advice
    assert f"cp -p {backups.root / '2026-03-02' / 'peer_register.json'} {register}" in advice


def test_start_up_check_does_not_read_user_files(data_dir: Path, monkeypatch):
    store = TinyUserStore(data_dir)
    for user_id in range(50):
        store.save(user_id, doc(user_id))
    read: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real(self))
    check_data_dir(data_dir)
    assert read == []


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "REGIESCAN_"))}
    env["REGIESCAN_DATA_DIR"] = str(data_dir)
    return env


def _regiescan(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "regiescan.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(data_dir),
        cwd=ROOT,
        timeout=60,
    )


def test_damaged_user_file_stops_the_chat_with_the_restore_command_then_restore_works(
    data_dir: Path,
):
    first = _regiescan(data_dir, "chat", stdin="1\n1\nUtrecht\n1\n4\nstop\n")
    assert first.returncode == 0, first.stderr
    backup = _regiescan(data_dir, "backup")
    assert backup.returncode == 0 and "backup of" in backup.stdout
    path = TinyUserStore(data_dir).path_for(0)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])  # truncated

    damaged = _regiescan(data_dir, "chat", stdin="stop\n")
    assert damaged.returncode == 2
    assert str(path) in damaged.stderr
    assert (
        "regiescan restore --from " in damaged.stderr and "--only users/00/0.json" in damaged.stderr
    )
    assert path.read_bytes() == good[: len(good) // 2], "never overwritten"

    day = Backups(data_dir).latest()
    restored = _regiescan(data_dir, "restore", "--from", str(day), "--only", "users/00/0.json")
    assert restored.returncode == 0, restored.stderr
    again = _regiescan(data_dir, "chat", stdin="stop\n")
    assert again.returncode == 0 and "Stelling 2 van 5" in again.stdout


def test_damaged_shared_file_refuses_to_start(data_dir: Path):
    TinyUserStore(data_dir)
    (data_dir / "outbox.json").write_bytes(b'{"broadcasts": {"b1": {"status": "sen')
    result = _regiescan(data_dir, "chat", stdin="stop\n")
    assert result.returncode == 2
    assert "outbox.json" in result.stderr and "No backup" in result.stderr


async def test_bot_apologises_in_dutch_and_logs_the_file_for_a_damaged_user(
    data_dir: Path, caplog: pytest.LogCaptureFixture
):
    api = FakeBotAPI()
    store = TinyUserStore(data_dir)
    store.save(1001, {"user_id": 1001, "created": "x", "updated": "x", "state": "idle"})
    Backups(data_dir).create(DAY)
    path = store.path_for(1001)
    path.write_bytes(b'{"user": {"1": {"user_id": 10')
    async with BotHarness(api, data_dir) as bot:
        with caplog.at_level(logging.ERROR):
            await bot.command("/scan")
            await bot.say("Utrecht")
            await bot.process(make_callback_update("s|0|begin", 1, user_id=1001))
        assert bot.screen().startswith("Excuses, uw gegevens kunnen op dit moment niet")
    apologies = [c for c in api.calls("sendMessage", 1001) if "niet worden gelezen" in str(c)]
    assert len(apologies) == 3
    assert api.calls("answerCallbackQuery"), "the button was answered"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert str(path) in logged
    assert "regiescan restore --from 2026-03-02 --only users/01/1001.json" in logged
    assert path.read_bytes() == b'{"user": {"1": {"user_id": 10'
