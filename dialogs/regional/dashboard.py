"""One region's picture for staff, as data: what ``/regio`` sends and the dashboard shows.

Both fronts call :func:`region_picture`, so the consent rule (named only with ``peer_listing``)
and the three-municipality threshold (:data:`~dialogs.regional.overview.MIN_FINISHED`) are
applied in one place: the per-knelpunt statistics and the heat map exist only once that many
municipalities finished, and :func:`~dialogs.regional.overview.heat_rows` names only those who
opted in (:attr:`RegionPicture.named`: also who may be opened for their own trend). Which
municipalities can be nudged follows the nudge's own audience (``OPEN``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dialogs.municipalities import MunicipalityRegistry
from dialogs.regional.audience import OPEN, select
from dialogs.regional.overview import (
    MIN_FINISHED,
    HeatRow,
    KnelpuntStat,
    MunicipalityStatus,
    heat_rows,
    knelpunt_stats,
    latest_scores,
    municipality_statuses,
)
from dialogs.regional.progress import IndexEntry
from dialogs.scan.content import Content


@dataclass(frozen=True)
class RegionPicture:
    region: str
    statuses: tuple[MunicipalityStatus, ...]
    nudgeable: frozenset[str]  # municipality codes with someone the nudge would reach
    finished: int  # municipalities with a finished scan
    stats: tuple[KnelpuntStat | None, ...] | None  # None: fewer than MIN_FINISHED finished
    heat: tuple[HeatRow, ...]  # empty while stats is None
    named: frozenset[str] = frozenset()  # municipality codes named in the heat map


def region_picture(
    region: str,
    entries: Sequence[IndexEntry],
    registry: MunicipalityRegistry,
    content: Content,
) -> RegionPicture:
    """The picture of ``region`` from its index entries."""
    statuses = municipality_statuses(region, entries, registry)
    by_code: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        if entry.gemeente:
            by_code.setdefault(entry.gemeente, []).append(entry)
    nudgeable = frozenset(
        code for code, mine in by_code.items() if select(mine, OPEN, gemeente=code).recipients
    )
    per_municipality = latest_scores(entries)
    finished = len(per_municipality)
    stats = None
    heat: tuple[HeatRow, ...] = ()
    named: frozenset[str] = frozenset()
    if finished >= MIN_FINISHED:
        stats = tuple(knelpunt_stats([s for s, _ in per_municipality.values()], content))
        heat = tuple(heat_rows(per_municipality, registry, content))
        named = frozenset(
            code for code, (_, peer) in per_municipality.items() if peer and registry.get(code)
        )
    return RegionPicture(region, tuple(statuses), nudgeable, finished, stats, heat, named)
