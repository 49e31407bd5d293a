"""The regional export for staff as data: one row per scan, and regional aggregates.

Consent decides what is named. A scan appears as a row (municipality, dates, scores, answers)
only when its coordinator opted in as a peer (``peer_listing``) or when the staff member's role
may see named data by configuration (``named=True``). Every other scan counts only in the
aggregates of its region: medians and quartiles per knelpunt over the latest finished scan of
each municipality, shown only when at least :data:`~dialogs.regional.overview.MIN_FINISHED`
municipalities contribute, so no aggregate is one municipality's score. Demo scans are left
out, and so are scans of municipalities outside the asked regions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dialogs.model import AnswerValue, Scan, User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.peers.matching import usable
from dialogs.privacy.consents import PEER_LISTING, is_given
from dialogs.regional.overview import MIN_FINISHED, knelpunt_stats
from dialogs.regional.progress import FINISHED, IN_PROGRESS
from dialogs.results.scoring import score_scan
from dialogs.scan.content import Content
from dialogs.texts import N_, Text, text

STATUS_LABELS = {FINISHED: N_("afgerond"), IN_PROGRESS: N_("onvolledig")}


@dataclass(frozen=True)
class ScanRow:
    vr_code: str
    code: str
    name: str
    size_class: str
    status: str  # FINISHED or IN_PROGRESS
    started: str
    finished: str | None
    scores: tuple[float | None, ...]  # usable score per knelpunt, content order
    answers: dict[str, AnswerValue]  # statement id -> stored value


@dataclass(frozen=True)
class AggregateRow:
    vr_code: str
    label: Text
    count: int
    values: tuple[float | None, ...] | None  # per knelpunt; None for a count-only row


@dataclass(frozen=True)
class RegionTable:
    regions: tuple[str, ...]
    rows: tuple[ScanRow, ...]  # named scans only
    aggregates: tuple[AggregateRow, ...]
    not_named: int  # scans counted only in the aggregates
    statements: tuple[str, ...]  # statement ids in content order (the answer columns)


@dataclass(frozen=True)
class _Seen:
    row: ScanRow
    named: bool


def region_table(
    users: Iterable[User],
    regions: Sequence[str],
    registry: MunicipalityRegistry,
    content: Content,
    *,
    named: bool = False,
) -> RegionTable:
    """The export of ``regions`` from the users' documents (any users: others are skipped)."""
    wanted = {r.strip().upper() for r in regions}
    seen: list[_Seen] = []
    for user in users:
        consent = named or is_given(user, PEER_LISTING)
        scans = [*user.finished, *([user.current] if user.current else [])]
        for scan in scans:
            row = _row(scan, registry, content)
            if row is not None and row.vr_code in wanted:
                seen.append(_Seen(row, consent))
    seen.sort(key=lambda s: (s.row.vr_code, s.row.name, s.row.started))
    aggregates: list[AggregateRow] = []
    for region in sorted(wanted):
        aggregates += _aggregates(region, [s for s in seen if s.row.vr_code == region], registry)
        aggregates += _score_aggregates(region, seen, content)
    return RegionTable(
        regions=tuple(sorted(wanted)),
        rows=tuple(s.row for s in seen if s.named),
        aggregates=tuple(aggregates),
        not_named=sum(not s.named for s in seen),
        statements=tuple(s.id for s in content.statements),
    )


def _row(scan: Scan, registry: MunicipalityRegistry, content: Content) -> ScanRow | None:
    m = registry.get(scan.gemeente or "")
    if m is None or scan.demo:
        return None
    return ScanRow(
        vr_code=m.vr_code,
        code=m.code,
        name=m.name,
        size_class=m.size_class,
        status=FINISHED if scan.finished else IN_PROGRESS,
        started=scan.started,
        finished=scan.finished,
        scores=tuple(usable(s) for s in score_scan(scan, content)),
        answers={sid: entry["value"] for sid, entry in scan.answers.items()},
    )


def _aggregates(
    region: str, seen: list[_Seen], registry: MunicipalityRegistry
) -> list[AggregateRow]:
    """Counts: municipalities by status, and scans named or only aggregated."""
    municipalities = registry.in_region(region)
    finished = {s.row.code for s in seen if s.row.status == FINISHED}
    busy = {s.row.code for s in seen if s.row.status == IN_PROGRESS} - finished
    counts = [
        (text("Gemeenten in de regio"), len(municipalities)),
        (text("Gemeenten met een afgeronde scan"), len(finished)),
        (text("Gemeenten met alleen een onvolledige scan"), len(busy)),
        (text("Gemeenten zonder scan"), len(municipalities) - len(finished) - len(busy)),
        (text("Scans bij naam in deze export"), sum(s.named for s in seen)),
        (
            text("Scans zonder toestemming voor vermelding: alleen in de cijfers hieronder"),
            sum(not s.named for s in seen),
        ),
    ]
    return [AggregateRow(region, label, count, None) for label, count in counts]


def _score_aggregates(region: str, seen: list[_Seen], content: Content) -> list[AggregateRow]:
    """Medians and quartiles over the latest finished scan per municipality."""
    latest: dict[str, _Seen] = {}
    for s in seen:
        if s.row.vr_code != region or s.row.finished is None:
            continue
        if s.row.code not in latest or s.row.finished > (latest[s.row.code].row.finished or ""):
            latest[s.row.code] = s
    rows: list[AggregateRow] = []
    everyone = [s.row.scores for s in latest.values()]
    stats = knelpunt_stats(everyone, content)
    n = len(everyone)
    if n >= MIN_FINISHED:
        for label, pick in (
            (text("Alle afgeronde gemeenten: mediaan"), lambda st: st.median),
            (text("Alle afgeronde gemeenten: eerste kwartiel"), lambda st: st.low),
            (text("Alle afgeronde gemeenten: derde kwartiel"), lambda st: st.high),
        ):
            values = tuple(None if st is None else round(pick(st), 4) for st in stats)
            rows.append(AggregateRow(region, label, n, values))
    else:
        label = text(
            "Alle afgeronde gemeenten: te weinig voor cijfers (minimaal {min})", min=MIN_FINISHED
        )
        rows.append(AggregateRow(region, label, n, None))
    hidden = [s.row.scores for s in latest.values() if not s.named]
    if len(hidden) >= MIN_FINISHED:
        medians = tuple(
            None if st is None else round(st.median, 4) for st in knelpunt_stats(hidden, content)
        )
        label = text("Gemeenten niet bij naam: mediaan")
        rows.append(AggregateRow(region, label, len(hidden), medians))
    elif hidden:
        label = text(
            "Gemeenten niet bij naam: te weinig voor cijfers (minimaal {min})", min=MIN_FINISHED
        )
        rows.append(AggregateRow(region, label, len(hidden), None))
    return rows
