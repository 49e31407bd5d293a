"""The region's trend across scan rounds: per half year, the median per knelpunt.

A round is a half year (``2026-H1``: January to June). Per round, each municipality of the
region counts once, with its latest finished scan of that half year; per knelpunt a median
appears only with at least :data:`~dialogs.regional.overview.MIN_FINISHED` usable scores
(:func:`~dialogs.regional.overview.knelpunt_stats`, the rule of the overview and the exports).
Demo scans do not count. It reads the finished scans of the region's users; the
:class:`TrendCache` keeps what each user contributed, so a user's file is read again only when
their latest finished scan changed.
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


# One finished scan as the trend needs it: (finished, municipality code, usable scores).
Contribution = tuple[str, str, tuple[float | None, ...]]


def half_year(iso: str) -> str:
    return f"{iso[:4]}-H{1 if int(iso[5:7]) <= 6 else 2}"


def contributions(
    user: User, region: str, registry: MunicipalityRegistry, content: Content
) -> list[Contribution]:
    """The user's finished scans for municipalities of ``region`` (demo scans left out)."""
    found = []
    for scan in user.finished:
        m = registry.get(scan.gemeente or "")
        if m is None or m.vr_code != region or scan.demo or not scan.finished:
            continue
        found.append((scan.finished, m.code, tuple(usable(s) for s in score_scan(scan, content))))
    return found


def rounds_of(found: Iterable[Contribution], content: Content) -> list[TrendRound]:
    """Per half year, each municipality once (its latest scan then), oldest round first."""
    latest: dict[tuple[str, str], tuple[str, tuple[float | None, ...]]] = {}
    for finished, code, scores in found:
        key = (half_year(finished), code)
        if key not in latest or latest[key][0] < finished:
            latest[key] = (finished, scores)
    by_round: dict[str, list[tuple[float | None, ...]]] = {}
    for (half, _), (_, scores) in latest.items():
        by_round.setdefault(half, []).append(scores)
    rounds = []
    for half in sorted(by_round):
        stats = knelpunt_stats(by_round[half], content)
        medians = tuple(s.median if s else None for s in stats)
        rounds.append(TrendRound(half, len(by_round[half]), medians))
    return rounds


def region_trend(
    users: Iterable[User], region: str, registry: MunicipalityRegistry, content: Content
) -> list[TrendRound]:
    """The region's rounds, oldest first, from the users' documents."""
    found = [c for user in users for c in contributions(user, region, registry, content)]
    return rounds_of(found, content)


class TrendCache:
    """Per region, each user's contributions, reused while their index entry's ``finished``
    date (the latest finished scan) is unchanged: after a scan is finished only that user's
    file is read again; a user who left the index (forgotten, moved) drops out."""

    def __init__(
        self,
        load: Callable[[list[int]], Iterable[User]],
        registry: MunicipalityRegistry,
        content: Content,
    ) -> None:
        self.load = load
        self.registry = registry
        self.content = content
        self._by_region: dict[str, dict[int, tuple[str, list[Contribution]]]] = {}

    def trend(self, region: str, entries: Sequence[IndexEntry]) -> list[TrendRound]:
        """Call in a worker thread: it may read user files."""
        fresh = self._refresh(region, entries)
        return rounds_of((c for _, found in fresh.values() for c in found), self.content)

    def municipality(
        self, region: str, entries: Sequence[IndexEntry], code: str
    ) -> list[TrendRound]:
        """One municipality's own scores per half year (its latest scan in each), from the
        coordinators who opted in as peers only; ``municipalities`` is 1 in every round.
        The caller checks that the municipality is named at all (RegionPicture.named)."""
        fresh = self._refresh(region, entries)
        peers = {e.user_id for e in entries if e.peer}
        found = [
            c for uid, (_, mine) in fresh.items() if uid in peers for c in mine if c[1] == code
        ]
        latest: dict[str, Contribution] = {}
        for c in found:
            half = half_year(c[0])
            if half not in latest or latest[half][0] < c[0]:
                latest[half] = c
        return [TrendRound(half, 1, latest[half][2]) for half in sorted(latest)]

    def _refresh(
        self, region: str, entries: Sequence[IndexEntry]
    ) -> dict[int, tuple[str, list[Contribution]]]:
        cached = self._by_region.get(region, {})
        current = {e.user_id: e.finished for e in entries if e.finished and not e.demo}
        fresh = {
            uid: cached[uid] for uid, f in current.items() if uid in cached and cached[uid][0] == f
        }
        stale = [uid for uid in current if uid not in fresh]
        for user in self.load(stale):
            mine = contributions(user, region, self.registry, self.content)
            fresh[user.user_id] = (current[user.user_id], mine)
        self._by_region[region] = fresh
        return fresh
