"""Content rules, and scans in progress surviving a content update."""

from __future__ import annotations

import dataclasses

import pytest

from dialogs.municipalities import MunicipalityRegistry
from dialogs.scan.content import KNELPUNT_IDS, Content, ContentError, Knelpunt, Statement
from dialogs.scan.engine import ScanEngine
from dialogs.scan.service import ScanService
from dialogs.scan.steps import Event
from storage.users import MemoryUserStore
from tests.conftest import Clock
from tests.helpers.scan_driver import answer_all, press, start_scan


def test_packaged_content_follows_the_domain_model(content: Content):
    assert tuple(k.id for k in content.knelpunten) == KNELPUNT_IDS
    assert all(2 <= len(k.statements) <= 5 for k in content.knelpunten)
    # The study's first point about systematiek: projects not embedded in regular policy.
    assert content.knelpunt("systematiek").statements[0].id == "systematiek.inbedding"
    assert content.version == "2026.2"
    conditions = [s.condition for s in content.knelpunt("coordinator").statements]
    assert sorted(conditions) == ["inhoud", "methode", "positie", "proces"]


def test_content_with_a_duplicated_statement_is_refused(content: Content):
    k = content.knelpunten[0]
    broken = dataclasses.replace(k, statements=(k.statements[0], k.statements[0]))
    with pytest.raises(ContentError):
        Content(content.version, (broken, *content.knelpunten[1:]))


def _next_version(content: Content) -> Content:
    """Version 2: drops systematiek.doelen, adds systematiek.monitor and sturing.nieuw."""
    knelpunten = []
    for k in content.knelpunten:
        statements = [s for s in k.statements if s.id != "systematiek.doelen"]
        if k.id == "systematiek":
            statements.append(Statement("systematiek.monitor", k.id))
        if k.id == "sturing":
            statements.append(Statement("sturing.nieuw", k.id))
        knelpunten.append(Knelpunt(k.id, k.dimensie, k.invloed, k.schaal, tuple(statements)))
    return Content("2099.1", tuple(knelpunten))


def test_update_keeps_answers_drops_removed_and_asks_new_ones(
    service: ScanService, content: Content, registry: MunicipalityRegistry, clock: Clock
):
    start_scan(service, 1)
    answer_all(service, 1, "4")  # all answered on the old version, at the overview
    v2 = _next_version(content)
    upgraded = ScanService(service.store, ScanEngine(v2, registry), clock)
    overview = upgraded.handle(1, Event.command("overview"))
    assert "finish" not in [o.id for o in overview.step.options]
    first_new = press(upgraded, 1, "continue")
    assert first_new.step.kind == "statement"
    assert first_new.step.body[-1].msgid == "statement.systematiek.monitor"
    second_new = press(upgraded, 1, "a:2")
    assert second_new.step.body[-1].msgid == "statement.sturing.nieuw"
    assert press(upgraded, 1, "a:3").step.kind == "overview"
    press(upgraded, 1, "finish")
    scan = upgraded.store.load(1)["finished"][0]
    assert scan["content_version"] == "2099.1"
    assert "systematiek.doelen" not in scan["answers"]
    assert scan["dropped"]["systematiek.doelen"]["value"] == 4
    assert scan["answers"]["systematiek.analyse"]["value"] == 4
    assert scan["answers"]["systematiek.monitor"]["value"] == 2


def test_update_moves_a_user_standing_on_a_removed_statement(
    service: ScanService, content: Content, registry: MunicipalityRegistry, clock: Clock
):
    start_scan(service, 1)
    press(service, 1, "a:5")  # systematiek.inbedding
    press(service, 1, "a:5")  # now on systematiek.doelen, which version 2 removes
    upgraded = ScanService(service.store, ScanEngine(_next_version(content), registry), clock)
    step = upgraded.show(1).step
    assert step.kind == "statement"
    assert step.body[-1].msgid == "statement.systematiek.afspraken"


def test_finished_scans_keep_their_version(
    service: ScanService, content: Content, registry: MunicipalityRegistry, clock: Clock
):
    start_scan(service, 1)
    answer_all(service, 1, "4")
    press(service, 1, "finish")
    upgraded = ScanService(service.store, ScanEngine(_next_version(content), registry), clock)
    upgraded.handle(1, Event.command("scan"))
    finished = upgraded.store.load(1)["finished"][0]
    assert finished["content_version"] == content.version
    assert "systematiek.doelen" in finished["answers"]


def _release_2026_1(content: Content) -> Content:
    """The content as released in 2026.1: without systematiek.inbedding, sturing as kunnen."""
    knelpunten = []
    for k in content.knelpunten:
        statements = tuple(s for s in k.statements if s.id != "systematiek.inbedding")
        dimensie = "kunnen" if k.id == "sturing" else k.dimensie
        knelpunten.append(Knelpunt(k.id, dimensie, k.invloed, k.schaal, statements))
    return Content("2026.1", tuple(knelpunten))


def test_a_scan_in_progress_on_2026_1_is_asked_the_new_systematiek_statement(
    content: Content, registry: MunicipalityRegistry, clock: Clock
):
    store = MemoryUserStore()
    old = ScanService(store, ScanEngine(_release_2026_1(content), registry), clock)
    start_scan(old, 1)
    answer_all(old, 1, "2")  # every 2026.1 statement answered, at the overview
    assert "finish" in [o.id for o in old.show(1).step.options]
    assert store.load(1)["current"]["content_version"] == "2026.1"

    new = ScanService(store, ScanEngine(content, registry), clock)  # the packaged 2026.2
    overview = new.show(1)
    assert "finish" not in [o.id for o in overview.step.options]  # one statement is open
    asked = press(new, 1, "continue")
    assert asked.step.kind == "statement"
    assert asked.step.body[-1].msgid == "statement.systematiek.inbedding"
    assert press(new, 1, "a:4").step.kind == "overview"
    press(new, 1, "finish")
    scan = store.load(1)["finished"][0]
    assert scan["content_version"] == "2026.2"
    assert scan["answers"]["systematiek.inbedding"]["value"] == 4
    assert scan["answers"]["systematiek.analyse"]["value"] == 2  # kept
    assert len(scan["answers"]) == len(content.statements)
