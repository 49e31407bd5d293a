"""The dashboard's JSON, rendered for one reader from the core's data (no rules of its own)."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal

from bot.webapp.plans_hook import PlanSource
from dialogs.model import User
from dialogs.regional.access import StaffMember
from dialogs.regional.dashboard import RegionPicture
from dialogs.regional.overview import MIN_FINISHED, KnelpuntStat, MunicipalityStatus
from dialogs.regional.progress import FINISHED, IN_PROGRESS
from dialogs.regional.trend import TrendRound
from dialogs.results.diagnosis import Diagnosis
from dialogs.results.diagnosis_texts import diagnosis_texts
from dialogs.scan.content import Content
from dialogs.texts import Date, text
from regiescan.renderers.dashboard_svg import (
    Spread,
    axis_svg,
    scores_svg,
    sparkline_svg,
    spread_svg,
)
from regiescan.wiring.i18n import Translator
from regiescan.wiring.regional_services import Regional

STATUS_RANK = {FINISHED: 2, IN_PROGRESS: 1}


def _num(t: Translator, value: float | None) -> str | None:
    """A score as the reader writes it (3,4 in Dutch), one decimal."""
    return None if value is None else format_decimal(value, format="0.0", locale=t.locale)


def _span(t: Translator, low: float, high: float) -> str:
    return f"{_num(t, low)} \N{EN DASH} {_num(t, high)}"


def knelpunten(t: Translator, content: Content) -> list[dict[str, Any]]:
    return [
        {"n": n, "id": k.id, "title": t(text(k.title_msgid))}
        for n, k in enumerate(content.knelpunten, start=1)
    ]


def _status(t: Translator, s: MunicipalityStatus) -> tuple[str, list[Any]]:
    """(label, sort key) of one municipality's progress."""
    if s.status == FINISHED:
        label = t(text("Afgerond op {date}", date=Date(s.finished or "", "medium")))
        return label, [2, 0, s.finished or ""]
    if s.status == IN_PROGRESS and s.knelpunt:
        return t(text("Bezig, bij knelpunt {k}", k=s.knelpunt)), [1, s.knelpunt, ""]
    if s.status == IN_PROGRESS:
        return t(text("Bezig, nog voor de stellingen")), [1, 0, ""]
    return t(text("Nog niet begonnen")), [0, 0, ""]


def region_view(
    t: Translator,
    r: Regional,
    picture: RegionPicture,
    nudged: set[str],
    plans: PlanSource,
) -> dict[str, Any]:
    """``/api/regions/<VR>``: progress, heat map and spread of one region."""
    progress = []
    for s in picture.statuses:
        label, key = _status(t, s)
        progress.append(
            {
                "code": s.code,
                "name": s.name,
                "status": s.status,
                "label": label,
                "sort": key,
                "knelpunt": s.knelpunt,
                "finished": s.finished,
                "nudge": s.code in picture.nudgeable,
                "nudged_today": s.code in nudged,
            }
        )
    totals = {k: sum(1 for s in picture.statuses if s.status == k) for k in (FINISHED, IN_PROGRESS)}
    summary = t(
        text(
            "Totaal: {finished} afgerond, {in_progress} bezig, {not_started} nog niet begonnen.",
            finished=totals[FINISHED],
            in_progress=totals[IN_PROGRESS],
            not_started=len(picture.statuses) - totals[FINISHED] - totals[IN_PROGRESS],
        )
    )
    view: dict[str, Any] = {
        "region": {"code": picture.region, "name": r.region_name(picture.region)},
        "knelpunten": knelpunten(t, r.content),
        "progress": progress,
        "summary": summary,
        "finished": picture.finished,
        "heatmap": None,
        "spread": None,
        "threshold_note": None,
        "measures": _measures(plans, picture.region),
    }
    if picture.stats is None:
        view["threshold_note"] = t(
            text(
                "Het regionale beeld per knelpunt verschijnt zodra ten minste {min} gemeenten "
                "de scan hebben afgerond.",
                min=MIN_FINISHED,
            )
        )
        return view
    named = {
        m.name: m.code for m in r.registry.in_region(picture.region) if m.code in picture.named
    }
    view["heatmap"] = [
        {
            "label": t(row.label),
            "code": named.get(row.label.msgid) if row.label.verbatim else None,
            "kind": "named" if row.label.verbatim else "aggregate",
            "scores": list(row.scores),
            "shown": [_num(t, v) for v in row.scores],
        }
        for row in picture.heat
    ]
    view["spread"] = _spread(t, picture.stats)
    return view


def _spread(t: Translator, stats: tuple[KnelpuntStat | None, ...]) -> dict[str, Any]:
    rows = []
    for s in stats:
        rows.append(
            None
            if s is None
            else {
                "n": s.n,
                "median": _num(t, s.median),
                "middle_half": _span(t, s.low, s.high),
                "range": _span(t, s.lowest, s.highest),
            }
        )
    for row, s in zip(rows, stats, strict=True):
        if row is not None and s is not None:
            shape = Spread(s.lowest, s.low, s.median, s.high, s.highest)
            row["svg"] = spread_svg(shape, t(text("Spreiding per knelpunt")))
    return {"rows": rows, "axis": axis_svg(t(text("1 zwak, 5 sterk")))}


def trend_view(t: Translator, content: Content, rounds: list[TrendRound]) -> dict[str, Any]:
    """``/api/regions/<VR>/trend``: the region's median per knelpunt per half year; also one
    named municipality's own scores per half year (``.../municipalities/<GM>``)."""
    shown = [r for r in rounds if any(v is not None for v in r.medians)]
    rows = []
    for i, k in enumerate(content.knelpunten):
        values = [r.medians[i] for r in shown]
        rows.append(
            {
                "id": k.id,
                "values": [_num(t, v) for v in values],
                "svg": sparkline_svg(values, t(text(k.title_msgid))),
            }
        )
    return {
        "rounds": [{"half_year": r.half_year, "municipalities": r.municipalities} for r in shown],
        "rows": rows,
    }


def _measures(plans: PlanSource, region: str) -> list[dict[str, Any]] | None:
    found = plans.region_measures(region)
    if found is None:
        return None
    return [{"id": m.knelpunt, "open": m.open, "completed": m.completed} for m in found]


def own_view(
    t: Translator, content: Content, user: User, diagnosis: Diagnosis, plans: PlanSource
) -> dict[str, Any]:
    """``/api/own``: the coordinator's latest finished scan beside the previous one and the
    regional median (only when the diagnosis has one: three other municipalities)."""
    previous = diagnosis.previous_values
    medians = diagnosis.region.medians if diagnosis.region is not None else None
    m = diagnosis.municipality
    plan = plans.own_plan(user.user_id)
    return {
        "municipality": m.name if m else None,
        "finished": t.date(diagnosis.finished, "long") if diagnosis.finished else None,
        "knelpunten": knelpunten(t, content),
        "own": [_num(t, v) for v in diagnosis.values],
        "previous": [_num(t, v) for v in previous] if previous is not None else None,
        "regional_median": [_num(t, v) for v in medians] if medians is not None else None,
        "svgs": [
            scores_svg(
                own,
                previous[i] if previous is not None else None,
                medians[i] if medians is not None else None,
                t(text("Uw resultaten")),
            )
            for i, own in enumerate(diagnosis.values)
        ],
        "axis": axis_svg(t(text("1 zwak, 5 sterk"))),
        "diagnosis": [t(line) for line in diagnosis_texts(diagnosis)],
        "plan": [t(line) for line in plan] if plan is not None else None,
    }


def me_view(
    t: Translator, r: Regional, user_id: int, member: StaffMember | None, user: User | None
) -> dict[str, Any]:
    regions = member.regions if member is not None else ()
    return {
        "user_id": user_id,
        "locale": t.locale,
        "role": member.role if member is not None else None,
        "regions": [{"code": c, "name": r.region_name(c) or c} for c in regions],
        "has_results": bool(user and user.finished),
    }
