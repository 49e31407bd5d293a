"""The toets core without Telegram: the lifecycle machine, the conversation guide, expiry."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from dialogs.model import DONT_KNOW, Scan
from dialogs.scan.content import KNELPUNT_IDS, Content
from dialogs.toets.afterwards import Afterwards
from dialogs.toets.book import ToetsBook
from dialogs.toets.guide import conversation_guide, take_snapshot
from dialogs.toets.machine import QUIET_LIMIT
from dialogs.toets.model import (
    CHAIR_YES,
    DRAFT,
    IN,
    INVITED,
    JUDGING,
    OPEN_STATES,
    PEER,
    PREPARING,
    REPORTED,
    SETTLED,
    Member,
    Toets,
)
from dialogs.toets.questions import GAPS, STRONG, UNKNOWN, WEAK
from dialogs.toets.store import KeptOnToets
from storage.toetsen import ToetsFiles
from tests.conftest import Clock

EVERY_QUESTION = {*WEAK.values(), *STRONG.values(), UNKNOWN, *(g.question for g in GAPS)}


def scan_with(content: Content, values: dict[str, object], default: object = 4) -> Scan:
    scan = Scan("s1", "2026-03-01T09:00:00", content.version, gemeente="GM0797")
    for s in content.statements:
        value = values.get(s.id, values.get(s.knelpunt, default))
        scan.answers[s.id] = {"value": value, "at": "2026-03-01T09:00:00"}
    scan.finished = "2026-03-02T09:00:00"
    return scan


def test_every_knelpunt_gets_two_or_three_questions(content: Content):
    for values in (
        {},
        {"informatie": 1, "sturing": 2},
        {k: 5 for k in KNELPUNT_IDS},
        {k: DONT_KNOW for k in KNELPUNT_IDS},
    ):
        guide = conversation_guide(take_snapshot(scan_with(content, values), content, [], None))
        assert [part["knelpunt"] for part in guide] == list(KNELPUNT_IDS)
        for part in guide:
            assert 2 <= len(part["questions"]) <= 3, (values, part)
            assert set(part["questions"]) <= EVERY_QUESTION


def test_questions_aim_at_the_weakest_statement_and_at_gaps(content: Content):
    values = {"coordinator": 5, "expertise": 2, "expertise.gelijkwaardig": 1}
    snapshot = take_snapshot(scan_with(content, values), content, [], None)
    guide = {part["knelpunt"]: part["questions"] for part in conversation_guide(snapshot)}
    gap = next(g.question for g in GAPS if (g.high, g.low) == ("coordinator", "expertise"))
    assert guide["expertise"][0] == gap  # "rust de kennis op één persoon?"
    assert guide["expertise"][1] == WEAK["expertise.gelijkwaardig"]  # the weakest first
    assert guide["coordinator"][0] == STRONG["coordinator"]  # a strong score is tested too


def test_the_snapshot_holds_only_ticked_notes_and_is_a_copy(content: Content):
    scan = scan_with(content, {})
    scan.set_note("informatie", "gedeeld", "2026-03-01")
    scan.set_note("sturing", "geheim", "2026-03-01")
    snapshot = take_snapshot(scan, content, ["informatie"], ["Analyse laten maken"])
    notes = {row["id"]: row["note"] for row in snapshot["knelpunten"] if row["note"]}
    assert notes == {"informatie": "gedeeld"}
    assert snapshot["plan"] == ["Analyse laten maken"]
    scan.set_note("informatie", "later gewijzigd", "2026-03-03")
    assert snapshot["knelpunten"][4]["note"] == "gedeeld"


def toets_in(state: str, clock: Clock) -> Toets:
    now = clock().isoformat()
    toets = Toets("0a1b2c3d4e", 1001, "GM0797", "s1", now, now, state=state, state_since=now)
    toets.members = [
        Member(0, PEER, IN, 2002, "GM0855", "Karim", chair=CHAIR_YES),
        Member(1, PEER, IN, 3003, "GM0758", "Els"),
    ]
    return toets


@pytest.mark.parametrize("state", OPEN_STATES)
@pytest.mark.parametrize("trigger", ["cancel", "expire"])
def test_cancel_and_expiry_from_every_open_state(tmp_path: Path, state: str, trigger: str):
    clock = Clock()
    book = ToetsBook(ToetsFiles(tmp_path), lambda: clock().isoformat())
    toets = toets_in(state, clock)
    assert book.fire(toets, trigger)
    stored = book.load(toets.id)
    expected = {"cancel": "cancelled", "expire": "expired"}[trigger]
    assert stored is not None and stored.state == toets.state == expected
    assert stored.history[-1]["from"] == state
    assert not book.fire(stored, "cancel")  # final: nothing moves it any more


def test_steps_are_refused_and_not_saved_when_their_condition_fails(tmp_path: Path):
    clock = Clock()
    files = ToetsFiles(tmp_path)
    book = ToetsBook(files, lambda: clock().isoformat())
    toets = toets_in(INVITED, clock)
    toets.members[0].chair = None
    assert not book.fire(toets, "prepare")  # no chair who agreed
    assert files.get(toets.id) is None  # nothing was written
    assert not book.fire(toets, "report")  # not from invited
    toets.members[0].chair = CHAIR_YES
    assert book.fire(toets, "prepare") and toets.state == PREPARING
    draft = toets_in(DRAFT, clock)
    draft.members = draft.members[:1]
    assert not book.fire(draft, "send")  # fewer than two invited


def test_quiet_toetsen_expire_and_the_follow_up_comes_once(tmp_path: Path):
    clock = Clock()
    book = ToetsBook(ToetsFiles(tmp_path), lambda: clock().isoformat())
    after = Afterwards(book, KeptOnToets())
    judging, reported = toets_in(JUDGING, clock), toets_in(REPORTED, clock)
    reported.id = "0a1b2c3d4f"
    book.save(judging)
    book.save(reported)
    clock.now += QUIET_LIMIT[JUDGING] - timedelta(minutes=5)
    assert after.expire_quiet() == []
    clock.now += timedelta(minutes=10)
    assert [t.id for t in after.expire_quiet()] == [judging.id]
    assert after.followups_due() == []  # three months after the report, not yet
    clock.now += timedelta(days=2)
    assert [t.id for t in after.followups_due()] == [reported.id]
    assert after.followups_due() == []
    assert {t.state for t in book.all()} == {"expired", REPORTED}
    assert SETTLED in QUIET_LIMIT
