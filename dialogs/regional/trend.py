"""The region's trend across scan rounds: per half year, the median per knelpunt.

A round is a half year (``2026-H1``: January to June). Per round, each municipality of the
region counts once, with its latest finished scan of that half year; per knelpunt a median
appears only with at least :data:`~dialogs.regional.overview.MIN_FINISHED` usable scores
(:func:`~dialogs.regional.overview.knelpunt_stats`, the rule of the overview and the exports).
Demo scans do not count. It reads the finished scans of the region's users, so the result is
kept in a :class:`TrendCache` keyed on what can change it: the index's finished dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from dialogs.model import User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.peers.matching import usable
from dialogs.regional.overview import knelpunt_stats
from dialogs.regional.progress import IndexEntry
from dialogs.results.scoring import score_scan
from dialogs.scan.content import Content


@dataclass(frozen=True)
class TrendRound:
    half_year: str  # "2026-H1"
    municipalities: int
    medians: tuple[float | None, ...]  # per knelpunt in content order; None: too few scores


def half_year(iso: str) -> str:
    return f"{iso[:4]}-H{1 if int(iso[5:7]) <= 6 else 2}"


def region_trend(
    users: Iterable[User], region: str, registry: MunicipalityRegistry, content: Content
) -> list[TrendRound]:
    """The region's rounds, oldest first."""
    latest: dict[tuple[str, str], tuple[str, tuple[float | None, ...]]] = {}
    for user in users:
        for scan in user.finished:
            m = registry.get(scan.gemeente or "")
            if m is None or m.vr_code != region or scan.demo or not scan.finished:
                continue
            key = (half_year(scan.finished), m.code)
            if key in latest and latest[key][0] >= scan.finished:
                continue
            latest[key] = (scan.finished, tuple(usable(s) for s in score_scan(scan, content)))
    rounds: dict[str, list[tuple[float | None, ...]]] = {}
    for (half, _), (_, scores) in latest.items():
        rounds.setdefault(half, []).append(scores)
    found = []
    for half in sorted(rounds):
        stats = knelpunt_stats(rounds[half], content)
        found.append(
            TrendRound(half, len(rounds[half]), tuple(s.median if s else None for s in stats))
        )
    return found


def trend_key(entries: Sequence[IndexEntry]) -> int:
    """Changes whenever a scan of the region is finished, or a user leaves the region."""
    return hash(tuple((e.user_id, e.gemeente, e.finished) for e in entries if e.finished))


class TrendCache:
    """The last trend computed per region, reused while its :func:`trend_key` holds."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[int, list[TrendRound]]] = {}

    def get(
        self, region: str, key: int, compute: Callable[[], list[TrendRound]]
    ) -> list[TrendRound]:
        cached = self._cache.get(region)
        if cached is not None and cached[0] == key:
            return cached[1]
        found = compute()
        self._cache[region] = (key, found)
        return found
