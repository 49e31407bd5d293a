"""The update journal: fetched updates on disk until handled, each handled once."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.update_journal import JOURNAL, UpdateJournal


def update(n: int, text: str = "4") -> dict:
    return {"update_id": n, "message": {"message_id": n, "text": text}}


def test_updates_fetched_but_not_handled_come_back_after_a_kill(tmp_path: Path):
    journal = UpdateJournal(tmp_path)
    assert journal.open() == []
    journal.fetched([update(1), update(2), update(3)])
    for n in (1, 2, 3):
        assert journal.claim(n)
    journal.handled(2)
    # killed here: no close(); a new process opens the same file
    again = UpdateJournal(tmp_path)
    assert [u["update_id"] for u in again.open()] == [1, 3]
    assert again.claim(1) and again.claim(3)
    assert not again.claim(2), "handled before the kill"
    again.fetched([update(3), update(4)])  # Telegram sends the unconfirmed batch again
    assert not again.claim(3), "already being handled (replayed from the journal)"
    assert again.claim(4)


def test_a_line_torn_by_a_crash_loses_only_that_line(tmp_path: Path):
    journal = UpdateJournal(tmp_path)
    journal.open()
    journal.fetched([update(1), update(2)])
    path = tmp_path / JOURNAL
    path.write_bytes(path.read_bytes() + b'{"u": {"update_id": 3, "mess')
    assert [u["update_id"] for u in UpdateJournal(tmp_path).open()] == [1, 2]


def test_handled_updates_do_not_stay_on_disk(tmp_path: Path):
    journal = UpdateJournal(tmp_path)
    journal.open()
    journal.fetched([update(1, "Een toelichting met iets persoonlijks")])
    assert journal.claim(1)
    journal.handled(1)
    assert b"persoonlijks" not in (tmp_path / JOURNAL).read_bytes()
    reopened = UpdateJournal(tmp_path)
    assert reopened.open() == []
    assert not reopened.claim(1), "its id is remembered: a resent copy is not handled again"


def test_updates_not_from_polling_are_handled_as_they_come(tmp_path: Path):
    journal = UpdateJournal(tmp_path)
    journal.open()
    assert journal.claim(77) and journal.claim(77)  # a webhook or a test: nothing to compare


def test_a_users_pending_updates_are_exported_and_erased_and_never_backed_up(tmp_path: Path):
    from datetime import date

    from storage.backups import Backups

    journal = UpdateJournal(tmp_path)
    journal.open()
    mine = {"update_id": 5, "message": {"from": {"id": 42}, "text": "mijn toelichting"}}
    journal.fetched([mine, {"update_id": 6, "message": {"from": {"id": 7}, "text": "x"}}])
    assert journal.export(42) == [mine]
    assert journal.erase(42) and journal.export(42) is None
    assert b"mijn toelichting" not in (tmp_path / JOURNAL).read_bytes()
    assert journal.export(7) is not None
    made = Backups(tmp_path).create(date(2026, 3, 2))
    assert made is not None and not (Backups(tmp_path).path("2026-03-02") / JOURNAL).exists()


def test_a_burst_rewrites_the_journal_a_few_times_not_at_every_update(tmp_path: Path, monkeypatch):
    import bot.update_journal as module

    rewrites = []
    real = module.atomic_write_bytes
    monkeypatch.setattr(
        module, "atomic_write_bytes", lambda p, data: (rewrites.append(len(data)), real(p, data))
    )
    journal = UpdateJournal(tmp_path)
    journal.open()
    journal.fetched([update(n, "x" * 1000) for n in range(1, 801)])  # 800 KB pending
    for n in range(1, 801):
        assert journal.claim(n)
        journal.handled(n)
    assert len(rewrites) <= 6, rewrites
    assert UpdateJournal(tmp_path).open() == []


def test_the_journal_is_rewritten_only_by_a_fetch_never_while_handling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """``handled`` runs on the event loop: it never rewrites (and fsyncs) the journal; the next
    fetched batch does it, in the fetching thread, and nothing pending is lost on the way."""
    import bot.update_journal as module

    journal = UpdateJournal(tmp_path)
    journal.open()
    big = "x" * 2000
    journal.fetched([update(n, big) for n in range(1, 301)])  # ~600 KB pending
    rewrites: list[str] = []
    real = module.atomic_write_bytes

    def recording(path: Path, data: bytes, **kwargs: object) -> None:
        rewrites.append(caller)
        real(path, data)

    monkeypatch.setattr(module, "atomic_write_bytes", recording)
    caller = "handled"
    for n in range(1, 200):  # the file passes the compaction threshold meanwhile
        journal.handled(n)
    assert rewrites == []
    caller = "fetched"
    journal.fetched([update(n) for n in range(301, 311)])
    assert rewrites == ["fetched"]
    journal.close()
    again = UpdateJournal(tmp_path)
    assert [u["update_id"] for u in again.open()] == [*range(200, 311)]
