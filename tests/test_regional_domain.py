"""Regional staff in the core: roles, the region index, audiences, schedules, the overview."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dialogs.municipalities import MunicipalityRegistry
from dialogs.regional.access import BEHEERDER, REGIO, Access, RoleError
from dialogs.regional.audience import ALL, OPEN, select
from dialogs.regional.index import RegionIndex
from dialogs.regional.message_texts import reminder_for
from dialogs.regional.overview import (
    heat_rows,
    knelpunt_stats,
    latest_scores,
    municipality_statuses,
    overview_texts,
)
from dialogs.regional.progress import FINISHED, IN_PROGRESS, NOT_STARTED, IndexEntry
from dialogs.regional.schedule_rules import ScheduleError, describe, next_due, parse_rule
from dialogs.regional.schedules import Planner, broadcast_id_for
from dialogs.scan.content import Content
from dialogs.scan.service import ScanService
from regiescan.wiring.i18n import Translators
from storage.region_files import RegionFiles, shard_of
from storage.schedule_file import ScheduleFile
from storage.staff import StaffStore
from tests.helpers.regional_seed import (
    SetClock,
    finish,
    not_started,
    opt_out,
    to_knelpunt,
)
from tests.helpers.scan_driver import press

VR21 = "VR21"  # Brabant-Noord: Oss, Vught, Boxtel, 's-Hertogenbosch, ...


# --- roles ----------------------------------------------------------------------------------
def test_roles_come_from_settings_and_the_store(data_dir: Path, registry: MunicipalityRegistry):
    staff = StaffStore(data_dir)
    access = Access([7], staff, registry)
    assert access.member(42) is None  # a coordinator
    admin = access.member(7)
    assert admin is not None and admin.role == BEHEERDER and admin.from_settings
    assert set(admin.regions) == set(registry.regions())
    staff.put(42, REGIO, ["VR21", "VR22"], by=7, now="2026-03-02T09:00:00+00:00")
    member = access.member(42)
    assert member is not None and member.regions == ("VR21", "VR22")
    assert access.may_reach(member, "VR21") and not access.may_reach(member, "VR01")
    assert access.scope(member, "vr01") is None
    assert access.scope(member, "vr21") == ("VR21",)
    staff.remove(42)
    assert access.member(42) is None  # checked on every call: removal counts at once


@pytest.mark.parametrize(
    ("role", "regions", "problem"),
    [("koning", [], "unknown role"), ("regio", [], "at least one"), ("regio", ["VR99"], "VR99")],
)
def test_invalid_roles_are_refused(registry, data_dir, role, regions, problem):
    with pytest.raises(RoleError, match=problem):
        Access([], StaffStore(data_dir), registry).check_role(role, regions)


# --- the region index -----------------------------------------------------------------------
@pytest.fixture
def index(
    disk_service: ScanService, data_dir: Path, content: Content, registry: MunicipalityRegistry
) -> RegionIndex:
    staff = StaffStore(data_dir)
    staff.add_invite("vr21-abc", VR21, by=7, now="2026-03-02T09:00:00+00:00")
    built = RegionIndex(
        RegionFiles(data_dir), disk_service.store, content, registry, staff.invite_region
    )
    disk_service.on_saved.append(built.on_saved)
    return built


def seed(service: ScanService) -> None:
    to_knelpunt(service, 1, "Oss", 6)
    to_knelpunt(service, 2, "Vught", 2)
    finish(service, 3, "Boxtel")
    not_started(service, 4, "vr21-abc")
    to_knelpunt(service, 5, "Heusden", 3)
    opt_out(service, 5)
    to_knelpunt(service, 9, "Utrecht", 4)  # another region
    not_started(service, 10, "unknown-code")  # no region


def test_index_follows_saves(disk_service: ScanService, index: RegionIndex, data_dir: Path):
    seed(disk_service)
    rows = RegionFiles(data_dir).read("VR21")
    assert set(rows) == {"1", "2", "3", "4", "5"}
    assert rows["1"]["status"] == IN_PROGRESS and rows["1"]["knelpunt"] == 6
    assert rows["3"]["status"] == FINISHED and rows["3"]["finished"]
    assert rows["4"]["status"] == NOT_STARTED and rows["4"]["gemeente"] is None
    assert rows["5"]["reminders"] is False
    assert "10" not in rows and "9" not in rows
    assert {e.user_id for e in index.entries(["VR09"])} == {9}  # Utrecht is VR09
    # rebuilt from the user files, the index is the same
    before = {r: RegionFiles(data_dir).read(r) for r in ("VR21", "VR09")}
    index.rebuild()
    after = {r: RegionFiles(data_dir).read(r) for r in ("VR21", "VR09")}
    assert before == after


def test_an_answer_within_a_knelpunt_writes_no_index(
    disk_service: ScanService, index: RegionIndex, data_dir: Path
):
    to_knelpunt(disk_service, 1, "Oss", 2)
    path = RegionFiles(data_dir).path_for("VR21", shard_of(1))
    stamp = path.stat().st_mtime_ns
    press(disk_service, 1, "a:4")  # still knelpunt 2: same entry
    assert path.stat().st_mtime_ns == stamp


def test_the_index_is_rebuilt_when_missing(
    disk_service, index: RegionIndex, data_dir: Path, content, registry
):
    seed(disk_service)
    shutil.rmtree(data_dir / "index")
    fresh = RegionIndex(
        RegionFiles(data_dir),
        disk_service.store,
        content,
        registry,
        StaffStore(data_dir).invite_region,
    )
    assert [e.user_id for e in fresh.entries([VR21])] == [1, 2, 3, 4, 5]


def test_a_coordinator_moving_to_another_region_leaves_the_old_one(disk_service, index):
    not_started(disk_service, 4, "vr21-abc")
    assert index.region_of_user(4) == VR21
    to_knelpunt(disk_service, 4, "Utrecht", 1)  # the profile municipality wins over the invite
    assert index.region_of_user(4) == "VR09"
    assert [e.user_id for e in index.entries([VR21])] == []


# --- audiences ------------------------------------------------------------------------------
def test_audience_selection_on_a_seeded_store(disk_service, index: RegionIndex):
    seed(disk_service)
    user = disk_service.user(2)
    assert user is not None
    user.inactive = "2026-03-01T10:00:00+00:00"  # blocked the bot earlier
    disk_service.save(user)
    entries = index.entries([VR21])
    assert select(entries, IN_PROGRESS).recipients == [1]
    assert select(entries, IN_PROGRESS).inactive == [2]
    assert select(entries, IN_PROGRESS).opted_out == [5]
    assert select(entries, NOT_STARTED).recipients == [4]
    assert select(entries, FINISHED).recipients == [3]
    assert select(entries, OPEN).recipients == [1, 4]
    everyone = select(entries, ALL)
    assert (everyone.recipients, everyone.opted_out, everyone.inactive) == ([1, 3, 4], [5], [2])
    assert 9 not in everyone.recipients  # another region
    assert select(entries, OPEN, gemeente="GM0828").recipients == [1]  # Oss only


# --- personal reminder text -----------------------------------------------------------------
def test_reminder_names_where_the_coordinator_stopped(
    disk_service, index, content, translators: Translators
):
    seed(disk_service)
    t = translators.get("nl")
    user = disk_service.user(1)
    reminder = reminder_for(user, "Vergeet de scan niet.", "Brabant-Noord", content)
    body = [t(x) for x in reminder.body]
    assert body[0] == "Bericht van Veiligheidsregio Brabant-Noord"
    assert body[1] == "Vergeet de scan niet."
    assert body[2].startswith("U was bij knelpunt 6, Samenhang met ander beleid.")
    assert reminder.button is not None and t(reminder.button) == "Ga verder"
    done = reminder_for(disk_service.user(3), "Dank!", None, content)
    assert done.button is None


# --- schedules ------------------------------------------------------------------------------
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam (CET)


def test_rules_are_parsed_in_amsterdam_time(translators: Translators):
    weekly = parse_rule("Elke maandag 09:00", MONDAY)
    assert weekly == {"kind": "weekly", "weekday": 0, "time": "09:00"}
    assert next_due(weekly, MONDAY) == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)  # CET
    assert next_due(weekly, datetime(2026, 3, 30, 6, 0, tzinfo=UTC)) == datetime(
        2026, 3, 30, 7, 0, tzinfo=UTC
    )  # CEST after the clocks moved
    once = parse_rule("op 15 januari 10:00", MONDAY)
    assert once == {"kind": "once", "date": "2027-01-15", "time": "10:00"}  # the next 15 January
    assert parse_rule("op 5 maart om 8.30", MONDAY)["date"] == "2026-03-05"
    assert parse_rule("every day 07:15", MONDAY) == {"kind": "daily", "time": "07:15"}
    t = translators.get("nl")
    assert t(describe(weekly)) == "elke maandag om 09:00"
    assert t(describe(once)) == "op 15 januari 2027 om 10:00"
    for bad in ("morgen", "elke maandag 25:00", "op 31 februari 10:00", "op 1-1-2020 10:00"):
        with pytest.raises(ScheduleError):
            parse_rule(bad, MONDAY)


def test_a_missed_schedule_is_due_once_then_moves_past_now(data_dir: Path, registry):
    clock = SetClock(MONDAY)
    planner = Planner(ScheduleFile(data_dir), clock)
    member = Access([7], StaffStore(data_dir), registry).member(7)
    assert member is not None
    schedule = planner.create(
        member, (VR21,), OPEN, "Denk aan de scan", parse_rule("elke maandag 09:00", MONDAY)
    )
    assert planner.due() == []
    clock.advance(days=22)  # three Mondays missed while the bot was down
    [(due_schedule, due)] = planner.due()
    assert due == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    first_id = broadcast_id_for(due_schedule, due)
    planner.advance(due_schedule, due)
    assert planner.due() == []  # not repeated for the other missed Mondays
    stored = ScheduleFile(data_dir).get(schedule["id"])
    assert stored is not None and stored["next_due"] == "2026-03-30T07:00:00+00:00"
    assert first_id == f"{schedule['id']}-202603090800"


# --- the regional overview ------------------------------------------------------------------
def _entry(uid: int, gemeente: str, status: str, scores=None, peer=False, knelpunt=None):
    return IndexEntry(
        uid, gemeente, status, knelpunt, "2026-03-01T10:00:00+00:00" if scores else None,
        True, True, peer, tuple(scores) if scores else None,
    )  # fmt: skip


def test_overview_hides_scores_until_three_finished(content, registry, translators):
    t = translators.get("nl")
    entries = [
        _entry(1, "GM0828", IN_PROGRESS, knelpunt=6),  # Oss
        _entry(2, "GM0865", FINISHED, [2.0] * 10),  # Vught
        _entry(3, "GM0757", FINISHED, [4.0] * 10),  # Boxtel
    ]
    statuses = municipality_statuses(VR21, entries, registry)
    assert len(statuses) == len(registry.in_region(VR21))
    lines = [t(x) for x in overview_texts("Brabant-Noord", statuses, None, 2, content)]
    assert "Oss: bezig, bij knelpunt 6" in lines
    assert any(line.startswith("Vught: afgerond op 1 maart 2026") for line in lines)
    assert any("nog niet begonnen" in line for line in lines)
    assert lines[-1].startswith("Het regionale beeld per knelpunt verschijnt zodra")
    assert not any("mediaan" in line for line in lines)


def test_regional_picture_is_aggregate_and_names_only_peers(content, registry, translators):
    t = translators.get("nl")
    entries = [
        _entry(2, "GM0865", FINISHED, [2.0] * 10, peer=True),  # Vught opted in
        _entry(3, "GM0757", FINISHED, [3.0] * 10),
        _entry(4, "GM0828", FINISHED, [4.0] * 10),
        _entry(5, "GM0797", FINISHED, [5.0] * 10),  # Heusden
    ]
    per = latest_scores(entries)
    stats = knelpunt_stats([s for s, _ in per.values()], content)
    assert stats[0] is not None and stats[0].median == 3.5 and stats[0].n == 4
    rows = heat_rows(per, registry, content)
    labels = [t(r.label) for r in rows]
    assert labels == ["Vught", "Overige 3 gemeenten (mediaan)", "Regio (mediaan)"]
    assert rows[0].scores[0] == 2.0 and rows[1].scores[0] == 4.0
    # with only two others, they are not shown as a group (that would be near-individual)
    rows = heat_rows(latest_scores(entries[:3]), registry, content)
    assert [t(r.label) for r in rows] == ["Vught", "Regio (mediaan)"]
