"""Whole scans driven through the core: what the user sees next and what is stored."""

from __future__ import annotations

from pathlib import Path

from dialogs.scan.content import Content
from dialogs.scan.engine import MAX_NOTE_LENGTH, ScanEngine
from dialogs.scan.service import ScanService
from dialogs.scan.steps import Event
from storage.users import TinyUserStore
from tests.conftest import Clock
from tests.helpers.scan_driver import answer_all, press, start_scan

USER = 42


def stored(service: ScanService, user_id: int = USER) -> dict:
    doc = service.store.load(user_id)
    assert doc is not None
    return doc


def test_straight_through_finishes_and_keeps_every_answer(service: ScanService, content: Content):
    outcome = start_scan(service, USER, "Den Bosch")
    assert outcome.step.kind == "statement"
    assert outcome.step.body[0].msgid == "Knelpunt {n} van {total} · {title}"
    assert outcome.step.body[0].params["n"] == 1
    overview = answer_all(service, USER, "4")
    assert overview.step.kind == "overview"
    assert "finish" in [o.id for o in overview.step.options]
    done = press(service, USER, "finish")
    assert done.step.kind == "idle"
    doc = stored(service)
    assert doc["current"] is None
    [scan] = doc["finished"]
    assert scan["gemeente"] == "GM0796"
    assert scan["role"] == "coordinator"
    assert scan["content_version"] == content.version
    assert scan["finished"] is not None
    assert {sid: a["value"] for sid, a in scan["answers"].items()} == {
        s.id: 4 for s in content.statements
    }


def test_progress_counts_statements_within_knelpunt(service: ScanService):
    start_scan(service, USER)
    second = press(service, USER, "a:3")
    assert second.step.body[1].msgid == "Stelling {i} van {m}"
    assert second.step.body[1].params == {"i": 2, "m": 5}
    assert second.advanced and second.saved


def test_back_shows_previous_statement_with_its_answer_and_records_the_change(
    service: ScanService,
):
    start_scan(service, USER)
    press(service, USER, "a:2")
    back = press(service, USER, "back")
    assert back.step.body[-1].msgid == "Uw antwoord tot nu toe: {answer}"
    assert back.step.body[-1].params["answer"].msgid == "oneens"
    press(service, USER, "a:5")
    scan = stored(service)["current"]
    assert scan["answers"]["systematiek.inbedding"]["value"] == 5
    [change] = scan["history"]
    assert change["id"] == "systematiek.inbedding"
    assert (change["from"], change["to"]) == (2, 5)
    assert change["at"]


def test_back_from_first_statement_of_a_knelpunt_goes_to_previous_note(service: ScanService):
    start_scan(service, USER)
    for _ in range(5):  # the five statements of systematiek
        press(service, USER, "a:4")
    press(service, USER, "skip_note")
    assert service.show(USER).step.body[0].params["n"] == 2
    assert press(service, USER, "back").step.kind == "note"
    assert press(service, USER, "back").step.kind == "statement"


def test_skip_and_dont_know_are_stored_as_such_and_scan_still_finishes(
    service: ScanService, content: Content
):
    start_scan(service, USER)
    press(service, USER, "skip")
    press(service, USER, "a:dk")
    answer_all(service, USER, "3")
    press(service, USER, "finish")
    answers = stored(service)["finished"][0]["answers"]
    assert answers["systematiek.inbedding"]["value"] == "skip"
    assert answers["systematiek.analyse"]["value"] == "dk"


def test_note_is_saved_and_too_long_note_is_refused_without_losing_state(service: ScanService):
    start_scan(service, USER)
    for _ in range(5):  # the five statements of systematiek
        press(service, USER, "a:4")
    too_long = service.handle(USER, Event.text("x" * (MAX_NOTE_LENGTH + 1)))
    assert too_long.step.kind == "note"
    assert too_long.notices[0].params["length"] == MAX_NOTE_LENGTH + 1
    assert not too_long.advanced
    ok = service.handle(USER, Event.text("  Wij werken met een jaarlijkse veiligheidsanalyse.  "))
    assert ok.step.kind == "statement"
    notes = stored(service)["current"]["notes"]
    assert notes["systematiek"]["text"] == "Wij werken met een jaarlijkse veiligheidsanalyse."


def test_change_from_overview_returns_to_overview_and_keeps_history(service: ScanService):
    start_scan(service, USER)
    answer_all(service, USER, "4")
    press(service, USER, "k:bestuur")
    step = press(service, USER, "e:bestuur.college").step
    assert step.kind == "edit"
    back = press(service, USER, "a:1")
    assert back.step.kind == "overview_knelpunt"
    scan = stored(service)["current"]
    assert scan["answers"]["bestuur.college"]["value"] == 1
    assert scan["history"][-1] == {
        "kind": "statement",
        "id": "bestuur.college",
        "at": scan["answers"]["bestuur.college"]["at"],
        "from": 4,
        "to": 1,
    }
    press(service, USER, "edit_note")
    service.handle(USER, Event.text("Wethouders schuiven zelden aan."))
    assert stored(service)["current"]["notes"]["bestuur"]["text"].startswith("Wethouders")


def test_overview_mid_scan_continues_where_the_user_was(service: ScanService):
    start_scan(service, USER)
    press(service, USER, "a:4")
    overview = service.handle(USER, Event.command("overview"))
    assert overview.step.kind == "overview"
    assert "finish" not in [o.id for o in overview.step.options]
    resumed = press(service, USER, "continue")
    assert resumed.step.kind == "statement"
    assert resumed.step.body[1].params == {"i": 2, "m": 5}


def test_finish_is_refused_until_every_statement_is_answered(service: ScanService):
    start_scan(service, USER)
    answer_all(service, USER, "4")
    outcome = service.handle(USER, Event.choice("finish", service.show(USER).step.seq))
    assert outcome.step.kind == "idle"  # complete: finished
    start_scan(service, USER)
    service.handle(USER, Event.command("overview"))
    refused = service.handle(USER, Event.choice("finish", service.show(USER).step.seq))
    assert refused.step.kind == "overview"
    assert refused.notices


def test_pause_then_resume_from_a_fresh_store_object(
    disk_service: ScanService, engine: ScanEngine, clock: Clock, data_dir: Path
):
    start_scan(disk_service, USER)
    press(disk_service, USER, "a:4")
    press(disk_service, USER, "a:2")
    paused = press(disk_service, USER, "pause")
    assert paused.step.kind == "paused"
    # A restart: new store and service objects on the same directory.
    reopened = ScanService(TinyUserStore(data_dir), engine, clock)
    assert reopened.show(USER).step.kind == "paused"
    resumed = reopened.handle(USER, Event.command("scan"))
    assert resumed.step.kind == "statement"
    assert resumed.step.body[1].params == {"i": 3, "m": 5}
    answers = reopened.store.load(USER)["current"]["answers"]
    assert [a["value"] for a in answers.values()] == [4, 2]


def test_stale_button_is_recognised_and_current_step_shown(service: ScanService):
    start_scan(service, USER)
    old_seq = service.show(USER).step.seq
    press(service, USER, "a:4")
    press(service, USER, "a:4")
    stale = service.handle(USER, Event.choice("a:1", old_seq))
    assert stale.stale
    assert stale.notices[0].msgid.startswith("Deze knop hoort bij een eerdere vraag")
    assert stored(service)["current"]["answers"]["systematiek.inbedding"]["value"] == 4


def test_double_tap_counts_once(service: ScanService):
    start_scan(service, USER)
    seq = service.show(USER).step.seq
    first = service.handle(USER, Event.choice("a:4", seq))
    second = service.handle(USER, Event.choice("a:4", seq))
    assert first.advanced
    assert second.duplicate and not second.notices and not second.saved
    assert len(stored(service)["current"]["answers"]) == 1


def test_forged_or_unknown_choices_change_nothing(service: ScanService):
    start_scan(service, USER)
    before = stored(service)
    seq = service.show(USER).step.seq
    for junk in ("a:9", "a:", "gm:GM9999", "role:king", "e:nope", "k:nope", "drop tables", ""):
        outcome = service.handle(USER, Event.choice(junk, seq))
        assert outcome.notices and not outcome.saved, junk
    assert stored(service) == before


def test_text_where_a_button_is_expected_gets_a_hint(service: ScanService):
    start_scan(service, USER)
    outcome = service.handle(USER, Event.text("eens"))
    assert outcome.step.kind == "statement"
    assert outcome.notices[0].msgid == "Kies een van de mogelijkheden bij de vraag hieronder."


def test_ambiguous_municipality_gets_suggestions_then_a_button_picks(service: ScanService):
    service.handle(USER, Event.command("scan"))
    press(service, USER, "confirm")
    outcome = service.handle(USER, Event.text("Bergen"))
    assert outcome.step.kind == "municipality"
    ids = [o.id for o in outcome.step.options]
    assert "gm:GM0373" in ids and "gm:GM0893" in ids
    assert press(service, USER, "gm:GM0893").step.kind == "role"
    assert stored(service)["current"]["gemeente"] == "GM0893"


def test_unknown_municipality_says_so(service: ScanService):
    service.handle(USER, Event.command("scan"))
    press(service, USER, "confirm")
    outcome = service.handle(USER, Event.text("Atlantis"))
    assert outcome.step.kind == "municipality"
    assert outcome.notices[0].msgid.startswith("Ik vind geen gemeente")


def test_typed_role_is_kept(service: ScanService):
    service.handle(USER, Event.command("scan"))
    press(service, USER, "confirm")
    service.handle(USER, Event.text("Súdwest-Fryslân"))
    outcome = service.handle(USER, Event.text("Kwartiermaker veiligheid"))
    assert outcome.step.kind == "statement"
    assert stored(service)["current"]["role"] == "Kwartiermaker veiligheid"


def test_second_scan_keeps_the_first_as_history(service: ScanService):
    start_scan(service, USER)
    answer_all(service, USER, "2")
    press(service, USER, "finish")
    start_scan(service, USER, "Utrecht")
    answer_all(service, USER, "5")
    press(service, USER, "finish")
    finished = stored(service)["finished"]
    assert len(finished) == 2
    assert {a["value"] for a in finished[0]["answers"].values()} == {2}
    assert {a["value"] for a in finished[1]["answers"].values()} == {5}


def test_nothing_is_stored_for_someone_who_only_looks(service: ScanService):
    service.show(7)
    service.handle(7, Event.text("hallo"))
    assert service.store.load(7) is None


def test_overview_before_the_statements_is_explained_and_from_pause_it_resumes(
    service: ScanService,
):
    service.handle(USER, Event.command("scan"))
    early = service.handle(USER, Event.command("overview"))
    assert early.step.kind == "intro"
    assert early.notices[0].msgid.startswith("Het overzicht komt beschikbaar")
    press(service, USER, "confirm")
    service.handle(USER, Event.text("Utrecht"))
    press(service, USER, "role:coordinator")
    press(service, USER, "a:4")
    press(service, USER, "pause")
    overview = service.handle(USER, Event.command("overview"))
    assert overview.step.kind == "overview"
    assert stored(service)["state"] == "overview"
