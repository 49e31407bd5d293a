"""The regional overview for staff: progress per municipality, totals, and the regional picture.

The picture per knelpunt (median and the middle half) appears only once at least
:data:`MIN_FINISHED` municipalities finished, and per knelpunt only with that many usable
scores, so no figure is one municipality's score. Scores are named per municipality only for
municipalities whose coordinator opted in as a peer (consent ``peer_listing``); the others are
shown only aggregated, and only when there are at least :data:`MIN_FINISHED` of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median, quantiles

from dialogs.municipalities import MunicipalityRegistry
from dialogs.regional.progress import FINISHED, IN_PROGRESS, NOT_STARTED, IndexEntry
from dialogs.scan.content import Content
from dialogs.texts import Date, Number, Text, plural, text, verbatim

MIN_FINISHED = 3


@dataclass(frozen=True)
class MunicipalityStatus:
    code: str
    name: str
    status: str
    knelpunt: int | None  # furthest position of an unfinished scan
    finished: str | None  # latest finished scan


@dataclass(frozen=True)
class KnelpuntStat:
    knelpunt: str
    n: int
    median: float
    low: float  # first quartile
    high: float  # third quartile
    lowest: float = 0.0  # the lowest and highest score (over at least MIN_FINISHED)
    highest: float = 0.0


@dataclass(frozen=True)
class HeatRow:
    label: Text
    scores: tuple[float | None, ...]


def municipality_statuses(
    region: str, entries: Iterable[IndexEntry], registry: MunicipalityRegistry
) -> list[MunicipalityStatus]:
    """One line per municipality of the region, whether or not anyone there uses the bot."""
    by_code: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        if entry.gemeente:
            by_code.setdefault(entry.gemeente, []).append(entry)
    found = []
    for m in registry.in_region(region):
        mine = by_code.get(m.code, [])
        finished = [e.finished for e in mine if e.finished]
        positions = [e.knelpunt or 0 for e in mine if e.status == IN_PROGRESS]
        if finished:
            found.append(MunicipalityStatus(m.code, m.name, FINISHED, None, max(finished)))
        elif positions:
            found.append(
                MunicipalityStatus(m.code, m.name, IN_PROGRESS, max(positions) or None, None)
            )
        else:
            found.append(MunicipalityStatus(m.code, m.name, NOT_STARTED, None, None))
    return found


def latest_scores(
    entries: Iterable[IndexEntry],
) -> dict[str, tuple[tuple[float | None, ...], bool]]:
    """Per finished municipality: the scores of its latest finished scan, and whether that
    coordinator opted in as a peer. Demo scans do not count."""
    best: dict[str, IndexEntry] = {}
    for e in entries:
        if not e.gemeente or not e.finished or e.scores is None or e.demo:
            continue
        current = best.get(e.gemeente)
        if current is None or (e.finished or "") > (current.finished or ""):
            best[e.gemeente] = e
    return {code: (e.scores or (), e.peer) for code, e in best.items()}


def knelpunt_stats(
    scores: Sequence[Sequence[float | None]], content: Content
) -> list[KnelpuntStat | None]:
    """Median, middle half and range per knelpunt over the given score rows (None: too few)."""
    stats: list[KnelpuntStat | None] = []
    for i, k in enumerate(content.knelpunten):
        values = sorted(v for row in scores if i < len(row) and (v := row[i]) is not None)
        if len(values) < MIN_FINISHED:
            stats.append(None)
            continue
        q1, _, q3 = quantiles(values, n=4, method="inclusive")
        stats.append(KnelpuntStat(k.id, len(values), median(values), q1, q3, values[0], values[-1]))
    return stats


def heat_rows(
    per_municipality: dict[str, tuple[tuple[float | None, ...], bool]],
    registry: MunicipalityRegistry,
    content: Content,
) -> list[HeatRow]:
    """Rows of the heat map: opted-in municipalities by name, the others aggregated."""
    rows: list[HeatRow] = []
    others: list[tuple[float | None, ...]] = []
    for code, (scores, peer) in sorted(per_municipality.items()):
        m = registry.get(code)
        if peer and m is not None:
            rows.append(HeatRow(verbatim(m.name), scores))
        else:
            others.append(scores)
    rows.sort(key=lambda r: r.label.msgid)
    if len(others) >= MIN_FINISHED:
        medians = [s.median if s else None for s in knelpunt_stats(others, content)]
        rows.append(
            HeatRow(
                plural(
                    "Overige {count} gemeente (mediaan)",
                    "Overige {count} gemeenten (mediaan)",
                    "count",
                    count=len(others),
                ),
                tuple(medians),
            )
        )
    everyone = [scores for scores, _ in per_municipality.values()]
    regional = [s.median if s else None for s in knelpunt_stats(everyone, content)]
    rows.append(HeatRow(text("Regio (mediaan)"), tuple(regional)))
    return rows


def _status_line(s: MunicipalityStatus) -> Text:
    name = verbatim(s.name)
    if s.status == FINISHED:
        return text("{name}: afgerond op {date}", name=name, date=Date(s.finished or ""))
    if s.status == IN_PROGRESS and s.knelpunt:
        return text("{name}: bezig, bij knelpunt {k}", name=name, k=s.knelpunt)
    if s.status == IN_PROGRESS:
        return text("{name}: bezig, nog voor de stellingen", name=name)
    return text("{name}: nog niet begonnen", name=name)


def overview_texts(
    region_name: str,
    statuses: list[MunicipalityStatus],
    stats: list[KnelpuntStat | None] | None,
    finished_count: int,
    content: Content,
) -> list[Text]:
    """The overview message: statuses, totals, and (when allowed) the regional picture."""
    lines = [text("Voortgang in Veiligheidsregio {region}", region=verbatim(region_name))]
    lines += [_status_line(s) for s in statuses]
    totals = {k: sum(1 for s in statuses if s.status == k) for k in (FINISHED, IN_PROGRESS)}
    lines.append(
        text(
            "Totaal: {finished} afgerond, {in_progress} bezig, {not_started} nog niet begonnen.",
            finished=totals[FINISHED],
            in_progress=totals[IN_PROGRESS],
            not_started=len(statuses) - totals[FINISHED] - totals[IN_PROGRESS],
        )
    )
    if stats is None or finished_count < MIN_FINISHED:
        lines.append(
            text(
                "Het regionale beeld per knelpunt verschijnt zodra ten minste {min} gemeenten "
                "de scan hebben afgerond.",
                min=MIN_FINISHED,
            )
        )
        return lines
    lines.append(
        text(
            "Regionaal beeld over {count} afgeronde gemeenten: per knelpunt de mediaan en de "
            "middelste helft van de scores (1 zwak, 5 sterk).",
            count=finished_count,
        )
    )
    for n, (k, stat) in enumerate(zip(content.knelpunten, stats, strict=True), start=1):
        title = text(k.title_msgid)
        if stat is None:
            lines.append(text("{n}. {title}: te weinig scores", n=n, title=title))
        else:
            lines.append(
                text(
                    "{n}. {title}: mediaan {median} (middelste helft {low} tot {high})",
                    n=n,
                    title=title,
                    median=Number(stat.median),
                    low=Number(stat.low),
                    high=Number(stat.high),
                )
            )
    return lines
