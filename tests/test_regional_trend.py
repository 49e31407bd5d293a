"""The region's trend per half year, from the core: one count per municipality per round, the
three-municipality threshold per knelpunt, and a cache that rereads only what changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from dialogs.model import User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.regional.progress import entry_for
from dialogs.regional.trend import TrendCache, half_year, region_trend
from dialogs.scan.content import Content
from dialogs.scan.engine import ScanEngine
from dialogs.scan.service import ScanService
from storage.users import MemoryUserStore
from tests.helpers.regional_seed import SetClock, finish


def seeded(engine: ScanEngine) -> tuple[ScanService, SetClock]:
    clock = SetClock(datetime(2026, 3, 16, 10, 0, tzinfo=UTC))
    scans = ScanService(MemoryUserStore(), engine, clock)
    for uid, name, value in ((1, "Oss", "2"), (2, "Vught", "3"), (3, "Boxtel", "4")):
        finish(scans, uid, name, value)
    clock.now = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    finish(scans, 4, "Oss", "5")  # a later scan of Oss in the same half year: Oss counts once
    clock.now = datetime(2026, 10, 1, 10, 0, tzinfo=UTC)
    finish(scans, 5, "Oss", "3")
    finish(scans, 6, "Vught", "3")
    finish(scans, 7, "Utrecht", "1")  # another region
    return scans, clock


def users(scans: ScanService, ids: Iterable[int]) -> list[User]:
    return [u for uid in ids if (u := scans.user(uid)) is not None]


def test_rounds_count_each_municipality_once_and_need_three(
    engine: ScanEngine, registry: MunicipalityRegistry, content: Content
):
    scans, _ = seeded(engine)
    rounds = region_trend(users(scans, range(1, 8)), "VR21", registry, content)
    assert [(r.half_year, r.municipalities) for r in rounds] == [("2026-H1", 3), ("2026-H2", 2)]
    assert rounds[0].medians[0] == 4.0  # Oss 5 (its latest), Vught 3, Boxtel 4
    assert rounds[1].medians == (None,) * len(content.knelpunten)  # two municipalities only
    assert half_year("2026-06-30T23:00:00+00:00") == "2026-H1"
    assert half_year("2026-07-01T00:00:00+00:00") == "2026-H2"


def test_the_cache_rereads_only_a_user_whose_scan_changed(
    engine: ScanEngine, registry: MunicipalityRegistry, content: Content
):
    scans, clock = seeded(engine)
    read: list[list[int]] = []

    def load(ids: list[int]) -> list[User]:
        read.append(sorted(ids))
        return users(scans, ids)

    cache = TrendCache(load, registry, content)

    def entries() -> list:
        region = [u for u in users(scans, range(1, 12)) if u.user_id != 7]
        return [entry_for(u, content) for u in region]

    first = cache.trend("VR21", entries())
    assert read == [[1, 2, 3, 4, 5, 6]]
    assert cache.trend("VR21", entries()) == first and read[-1] == []
    clock.now = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
    finish(scans, 11, "Boxtel", "4")  # a third municipality in the autumn round
    rounds = cache.trend("VR21", entries())
    assert read[-1] == [11]
    assert rounds[1].municipalities == 3 and rounds[1].medians[0] == 3.0
