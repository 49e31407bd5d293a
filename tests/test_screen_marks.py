"""The screen marks on disk (storage.screen_marks): which message shows each chat's current step.

A kill loses at most the line being written, a torn last line is ignored, the file is compacted
at start and when it grows, an erasure leaves no byte of the user behind (backups included),
and a damaged or unwritable file is a log line, never a crash.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from regiescan.wiring.services import build_services
from storage import screen_marks
from storage.screen_marks import FILE, ScreenMarks
from tests.helpers.bot_harness import test_settings as settings_for

ME = 7493826151
OTHER = 5550001234


def marks_file(data_dir: Path) -> Path:
    return data_dir / FILE


def written(data_dir: Path, *marks: tuple[int, int]) -> ScreenMarks:
    data_dir.mkdir(parents=True, exist_ok=True)
    store = ScreenMarks(data_dir)
    for chat, message in marks:
        store.set(chat, message)
    return store


def test_a_mark_is_on_disk_once_set_returns(data_dir: Path):
    store = written(data_dir, (ME, 10), (OTHER, 11), (ME, 12))
    # Not closed, as after a SIGKILL: what was written is the kernel's, and the next process
    # reads it (the last line of a chat wins).
    again = ScreenMarks(data_dir)
    assert again.get(ME) == 12 and again.get(OTHER) == 11 and again.get(1) is None
    assert marks_file(data_dir).read_bytes() == f"{ME} 10\n{OTHER} 11\n{ME} 12\n".encode()
    assert oct(marks_file(data_dir).stat().st_mode & 0o777) == "0o600"
    store.set(ME, 12)  # the same mark again (an edit in place) writes nothing
    assert marks_file(data_dir).read_bytes().count(b"\n") == 3
    store.close()


def test_a_torn_last_line_is_ignored_and_the_next_mark_is_not_glued_to_it(data_dir: Path):
    written(data_dir, (ME, 10), (OTHER, 11)).close()
    with marks_file(data_dir).open("ab") as handle:
        handle.write(f"{ME} 4".encode())  # killed in the middle of "<ME> 42\n"
    store = ScreenMarks(data_dir)
    assert store.get(ME) == 10 and store.get(OTHER) == 11
    store.set(OTHER, 13)  # rewritten first: appending would have made "<ME> 4<OTHER> 13"
    store.close()
    assert marks_file(data_dir).read_bytes() == f"{ME} 10\n{OTHER} 13\n".encode()
    assert ScreenMarks(data_dir).get(OTHER) == 13


def test_the_file_is_compacted_at_start_and_when_it_grows(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    store = written(data_dir, *[(ME, n) for n in range(1, 6)], (OTHER, 7))
    store.close()
    assert len(marks_file(data_dir).read_bytes().splitlines()) == 6
    opened = ScreenMarks(data_dir)
    assert opened.open() == 2  # at start: one line per chat
    assert marks_file(data_dir).read_bytes() == f"{ME} 5\n{OTHER} 7\n".encode()

    monkeypatch.setattr(screen_marks, "COMPACT_LINES", 10)
    sizes = []
    for n in range(100, 150):
        opened.set(ME, n)
        sizes.append(len(marks_file(data_dir).read_bytes().splitlines()))
    opened.close()
    assert max(sizes) <= 10, sizes  # bounded: rewritten whenever it reaches the bound
    assert ScreenMarks(data_dir).get(ME) == 149 and ScreenMarks(data_dir).get(OTHER) == 7


def test_forgetting_a_chat_leaves_no_byte_of_it(data_dir: Path):
    store = written(data_dir, (ME, 10), (OTHER, 11), (ME, 12))
    assert store.forget(ME) and not store.forget(ME)
    assert str(ME).encode() not in marks_file(data_dir).read_bytes()
    store.set(OTHER, 14)  # appending goes on after the rewrite
    store.close()
    again = ScreenMarks(data_dir)
    assert again.get(ME) is None and again.get(OTHER) == 14


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\x00\x00\x00\n",  # zeros after a power loss
        b"not a mark\n",
        b"12 34 56\n",
        b"\xff\xfe garbage \x80\n",
        b"12 -3\n",
    ],
)
def test_a_damaged_file_is_one_log_line_and_the_rest_is_kept(
    data_dir: Path, caplog: pytest.LogCaptureFixture, damage: bytes
):
    written(data_dir, (ME, 10)).close()
    with marks_file(data_dir).open("ab") as handle:
        handle.write(damage + f"{OTHER} 11\n".encode())
    store = ScreenMarks(data_dir)
    with caplog.at_level(logging.WARNING, logger="storage.screen_marks"):
        assert store.open() == 2
    [record] = caplog.records
    assert str(marks_file(data_dir)) in record.getMessage()
    assert "1 damaged line" in record.getMessage()
    assert store.get(ME) == 10 and store.get(OTHER) == 11
    store.close()
    assert marks_file(data_dir).read_bytes() == f"{ME} 10\n{OTHER} 11\n".encode()


def test_an_unreadable_file_never_stops_the_bot(data_dir: Path, caplog: pytest.LogCaptureFixture):
    marks_file(data_dir).mkdir(parents=True)  # a directory where the file should be
    store = ScreenMarks(data_dir)
    with caplog.at_level(logging.WARNING, logger="storage.screen_marks"):
        assert store.open() == 0
        store.set(ME, 10)  # cannot be written: kept in memory, one line in the log
        store.set(ME, 11)
    assert store.get(ME) == 11
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2, messages
    assert "cannot be read" in messages[0] and str(marks_file(data_dir)) in messages[0]
    assert "could not be written" in messages[1]


def test_a_failing_write_is_logged_once_and_kept_in_memory(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    store = written(data_dir, (ME, 10))

    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    # Only the store's own os.write fails (the real one is shared with pytest's capture).
    monkeypatch.setattr(screen_marks, "os", SimpleNamespace(**{**vars(os), "write": full}))
    monkeypatch.setattr(screen_marks, "atomic_write_bytes", lambda *a, **k: full(0, b""))
    with caplog.at_level(logging.WARNING, logger="storage.screen_marks"):
        for n in range(11, 20):
            store.set(ME, n)
    assert store.get(ME) == 19
    assert len(caplog.records) == 1 and "No space left" in caplog.records[0].getMessage()
    monkeypatch.undo()
    store.set(OTHER, 5)  # the disk has room again: the file catches up in one rewrite
    store.close()
    again = ScreenMarks(data_dir)
    assert again.get(ME) == 19 and again.get(OTHER) == 5


def test_no_file_is_made_until_there_is_a_mark(data_dir: Path):
    data_dir.mkdir()
    store = ScreenMarks(data_dir)
    assert store.open() == 0 and store.get(ME) is None and not store.forget(ME)
    assert os.listdir(data_dir) == []


def test_the_marks_are_personal_data_exported_and_erased_with_their_backups(data_dir: Path):
    services = build_services(settings_for(data_dir))
    services.screens.set(ME, 42)
    services.screens.set(OTHER, 43)
    data = services.personal_data
    data.backups.create(date(2026, 3, 1))
    services.screens.set(ME, 44)
    exported = data.export(ME)
    assert exported["scanscherm"] == {"bericht": 44}
    assert exported["reservekopieen"] == {"kopieen_van": ["2026-03-01"]}
    copy = data.backups.path("2026-03-01")
    assert ScreenMarks(copy).get(ME) == 42

    assert "scanscherm" in data.erase(ME).erased
    assert services.screens.get(ME) is None and services.screens.get(OTHER) == 43
    for root in (data_dir, copy):
        raw = (root / FILE).read_bytes()
        assert str(ME).encode() not in raw and str(OTHER).encode() in raw, root
    assert "scanscherm" not in data.export(ME)
    services.close()


def test_an_erasure_that_cannot_rewrite_the_file_fails_loudly_and_is_retried(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    store = written(data_dir, (ME, 10), (OTHER, 11))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(screen_marks, "atomic_write_bytes", full)
    with pytest.raises(OSError):
        store.forget(ME)  # the registry reports this source as failed
    monkeypatch.undo()
    assert not store.forget(ME)  # asked again: nothing left in memory, but the file is redone
    store.close()
    assert str(ME).encode() not in marks_file(data_dir).read_bytes()
    assert ScreenMarks(data_dir).get(OTHER) == 11
