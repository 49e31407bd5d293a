"""The verbeterplan's core: Dutch dates, proposals per size class, reminders, button data."""

from __future__ import annotations

from datetime import date

import pytest

from bot.buttons import plan as plan_buttons
from dialogs.municipalities import MunicipalityRegistry
from dialogs.peers.matching import RegisterEntry
from dialogs.plan.dates import parse_due
from dialogs.plan.document import Measure, Plan, PlanDocument
from dialogs.plan.proposals import PROPOSAL_TITLES, propose
from dialogs.plan.reminders import mark, pending
from dialogs.plan.service import PlanError, check_title
from dialogs.results.advice import load_advice
from dialogs.scan.content import Content
from dialogs.texts import Text

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("15 maart", date(2027, 3, 15)),
        ("15 Maart 2027", date(2027, 3, 15)),
        ("15 mrt", date(2027, 3, 15)),
        ("15-03-2027", date(2027, 3, 15)),
        ("15/3/27", date(2027, 3, 15)),
        ("2027-03-15", date(2027, 3, 15)),
        ("20-12", date(2026, 12, 20)),
        ("over 6 weken", date(2027, 1, 12)),
        ("over twee maanden", date(2027, 2, 1)),
        ("over een jaar", date(2027, 12, 1)),
        ("in 10 days", date(2026, 12, 11)),
        ("eind Q2", date(2027, 6, 30)),
        ("Q4", date(2026, 12, 31)),
        ("eind Q1 2028", date(2028, 3, 31)),
        ("eind maart", date(2027, 3, 31)),
        ("eind dit jaar", date(2026, 12, 31)),
        ("29-02", date(2028, 2, 29)),
        ("  1 april  ", date(2027, 4, 1)),
    ],
)
def test_dutch_dates(typed: str, meant: date):
    assert parse_due(typed, TODAY) == meant


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("31-02-2027", "Die datum bestaat niet"),
        ("15-13-2027", "twaalf maanden"),
        ("1-1-2026", "ligt niet in de toekomst"),
        ("1-12-2026", "ligt niet in de toekomst"),  # today: not a due date
        ("eind 2040", "vijf jaar"),
        ("over 99 jaar", "vijf jaar"),
        ("volgende dinsdag", "herken ik niet"),
        ("15 maartt", "herken ik niet"),
        ("", "herken ik niet"),
        ("over 0 weken", "herken ik niet"),
    ],
)
def test_impossible_or_past_dates_say_why(typed: str, says: str):
    found = parse_due(typed, TODAY)
    assert isinstance(found, Text) and says in found.msgid


def test_titles_are_capped_with_a_clear_message():
    assert check_title("  Wijk\nanalyse  ") == "Wijk analyse"
    with pytest.raises(PlanError) as too_long:
        check_title("x" * 121)
    assert too_long.value.notice.params == {"length": 121, "max": 120}
    with pytest.raises(PlanError):
        check_title(" \u200b ")


def test_proposals_follow_the_size_class_and_peers(
    content: Content, registry: MunicipalityRegistry
):
    rules = load_advice(content)
    small = registry.match("Boekel").exact
    large = registry.match("Tilburg").exact
    assert small is not None and large is not None
    assert (small.size_class, large.size_class) == ("klein", "groot")
    found = propose(["expertise"], rules, small, [], registry)
    assert found[0].advice == "expertise.collega" and found[0].invloed == "regio"
    found = propose(["samenhang"], rules, large, [], registry)
    assert found[0].advice == "samenhang.organisatie"
    assert "samenhang.organisatie" not in [
        p.advice for p in propose(["samenhang"], rules, small, [], registry)
    ]
    practice = RegisterEntry("GM0855", "informatie", "Wijkanalyse met partners", "https://x.nl/a")
    own = RegisterEntry(small.code, "informatie", "Eigen praktijk", "https://x.nl/b")
    found = propose(["informatie"], rules, small, [practice, own], registry)
    assert len(found) == 3 and found[-1].kind == "peer" and found[-1].gemeente == "GM0855"
    taken = propose(
        ["informatie"], rules, small, [practice], registry, taken=["informatie.bundelen"]
    )
    assert "informatie.bundelen" not in [p.advice for p in taken]


def test_every_proposal_title_names_an_existing_advice(content: Content):
    ids = {a.id for a in load_advice(content).advice}
    assert set(PROPOSAL_TITLES) <= ids


def test_reminders_a_week_before_on_the_day_and_monthly_once_each():
    m = Measure("abc123", "informatie", {"kind": "own"}, "2026-11-01T09:00:00+00:00", title="X")
    m.due = "2026-12-10"
    doc = PlanDocument(1, plans=[Plan("p1", "2026-11-20T09:00:00+00:00", measures=[m])])
    assert pending(doc, date(2026, 12, 2)) == []
    [week] = pending(doc, date(2026, 12, 3))
    assert week.kind == "week"
    mark(doc, week, "2026-12-03T09:00:00+00:00")
    assert pending(doc, date(2026, 12, 9)) == []
    [due] = pending(doc, date(2026, 12, 10))
    assert due.kind == "due"
    mark(doc, due, "2026-12-10T09:00:00+00:00")
    [month] = pending(doc, date(2026, 12, 20))
    assert month.kind == "month"
    mark(doc, month, "2026-12-20T09:00:00+00:00")
    assert pending(doc, date(2027, 1, 10)) == []
    m.due = "2027-02-01"  # a new date brings new reminders
    assert [r.kind for r in pending(doc, date(2027, 1, 30))] == ["week", "month"]
    m.status = "afgerond"
    assert pending(doc, date(2027, 3, 1)) == []


def test_missed_week_and_due_reminders_send_only_the_due_one():
    m = Measure("abc123", "informatie", {"kind": "own"}, "2026-11-01T09:00:00+00:00", title="X")
    m.due = "2026-12-10"
    doc = PlanDocument(1, plans=[Plan("p1", "2026-12-01T09:00:00+00:00", measures=[m])])
    assert [r.kind for r in pending(doc, date(2026, 12, 15))] == ["due"]


def test_button_data_is_short_validated_and_parsed():
    assert (
        plan_buttons.parse_plan(plan_buttons.step(123456789, "st:afgerond")).option == "st:afgerond"
    )  # type: ignore[union-attr]
    assert plan_buttons.parse_plan(plan_buttons.reminder("abc123", "vervallen")).measure == "abc123"  # type: ignore[union-attr]
    assert plan_buttons.parse_plan("n|go").kind == "start"  # type: ignore[union-attr]
    assert plan_buttons.parse_plan("n|e|pdf").option == "pdf"  # type: ignore[union-attr]
    for forged in (
        "n|e|exe",
        "n|r|ABC123|a",
        "n|r|abc123|x",
        "n|x|st:a",
        "n|1|" + "a" * 70,
        None,
        5,
    ):
        assert plan_buttons.parse_plan(forged) is None
    with pytest.raises(ValueError):
        plan_buttons.step(1, "Drop table")
