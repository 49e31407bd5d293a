"""One scan as a JSON document for other tools, described by ``data/export.schema.json``.

Everything stored about the scan (every answer with its time, every note, the change history,
answers a content update retired) plus what Regiescan derives from it (scores and the
diagnosis), with the content version the scan was taken on. Keys and ids are language-neutral;
``title`` and ``text`` fields carry the reader's language for convenience. Bump
:data:`FORMAT_VERSION` (and the schema) when a field changes meaning or disappears.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

from dialogs.model import Scan, User
from dialogs.municipalities import Municipality
from dialogs.peers.matching import usable
from dialogs.results.diagnosis import Diagnosis
from dialogs.scan.content import Content, statement_msgid, title_msgid

FORMAT = "regiescan-scan-export"
FORMAT_VERSION = 1
SCHEMA_FILE = "data/export.schema.json"

Translate = Callable[[str], str]


def schema_text() -> str:
    """The JSON Schema of the export (draft 2020-12), as packaged."""
    return resources.files("dialogs").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _municipality(m: Municipality | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "code": m.code,
        "name": m.name,
        "province": m.province,
        "population": m.population,
        "size_class": m.size_class,
        "vr_code": m.vr_code,
        "veiligheidsregio": m.veiligheidsregio,
    }


def _answers(scan: Scan, content: Content, translate: Translate) -> list[dict[str, Any]]:
    order = {s.id: n for n, s in enumerate(content.statements)}
    found = []
    for sid in sorted(scan.answers, key=lambda s: (order.get(s, len(order)), s)):
        entry = scan.answers[sid]
        statement = content.statement(sid)
        found.append(
            {
                "statement": sid,
                "knelpunt": sid.split(".")[0],
                "text": translate(statement_msgid(sid)) if statement else None,
                "value": entry.get("value"),
                "at": entry.get("at"),
            }
        )
    return found


def _diagnosis(d: Diagnosis, translate: Translate) -> dict[str, Any]:
    comparison = d.comparison
    region = d.region
    return {
        "weakest": [
            {
                "knelpunt": w.knelpunt,
                "score": _round(w.score),
                "regional_median": _round(w.regional_median),
                "advice": [
                    {"id": a.id, "invloed": a.invloed, "text": translate(a.msgid)} for a in w.advice
                ],
            }
            for w in d.weakest
        ],
        "blind_spots": list(d.blind_spots),
        "balance": {
            "means": {k: _round(v) for k, v in d.balance.means.items()},
            "low_besides_kunnen": list(d.balance.low_besides_kunnen),
            "kunnen_warning": d.balance.kunnen_warning,
            "lowest": list(d.balance.lowest),
            "balanced": d.balance.balanced,
        },
        "signals": {
            "mostly_kunnen": d.mostly_kunnen,
            "one_person": list(d.one_person),
            "toets": d.toets,
        },
        "conditions": [
            {"condition": c.condition, "statement": c.statement, "status": c.status}
            for c in d.conditions
        ],
        "comparison": None
        if comparison is None
        else {
            "previous_finished": comparison.previous_finished,
            "previous_scores": [
                {"knelpunt": s.knelpunt, "score": _round(usable(s))}
                for s in comparison.previous_scores
            ],
            "changes": [
                {
                    "knelpunt": c.knelpunt,
                    "before": _round(c.before),
                    "after": _round(c.after),
                    "delta": _round(c.delta),
                }
                for c in comparison.changes
            ],
        },
        "regional_median": None
        if region is None
        else {
            "vr_code": region.vr_code,
            "veiligheidsregio": region.veiligheidsregio,
            "kind": region.kind,
            "municipalities": region.municipalities,
            "medians": [_round(v) for v in region.medians],
        },
    }


def scan_document(
    user: User,
    scan: Scan,
    diagnosis: Diagnosis,
    content: Content,
    translate: Translate,
    now: str,
) -> dict[str, Any]:
    """The export of ``scan`` (one of ``user``'s scans) as plain JSON data."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generated": now,
        "locale": user.locale,
        "content_version": scan.content_version,
        "scan": {
            "id": scan.id,
            "status": "finished" if scan.finished else "incomplete",
            "started": scan.started,
            "finished": scan.finished,
            "demo": scan.demo,
            "municipality": _municipality(diagnosis.municipality),
            "role": scan.role,
            "answers": _answers(scan, content, translate),
            "notes": [
                {"knelpunt": k, "text": v.get("text"), "at": v.get("at")}
                for k, v in sorted(
                    scan.notes.items(), key=lambda kv: _knelpunt_order(content, kv[0])
                )
            ],
            "history": [dict(h) for h in scan.history],
            "dropped": [
                {"statement": sid, "value": v.get("value"), "at": v.get("at")}
                for sid, v in sorted(scan.dropped.items())
            ],
        },
        "scores": [
            {
                "knelpunt": s.knelpunt,
                "title": translate(title_msgid(s.knelpunt)),
                "score": _round(s.score),
                "usable_score": _round(usable(s)),
                "insufficient_view": s.insufficient_view,
                "answered": s.answered,
                "unknown": s.unknown,
                "total": s.total,
            }
            for s in diagnosis.scores
        ],
        "diagnosis": _diagnosis(diagnosis, translate),
    }


def _knelpunt_order(content: Content, knelpunt_id: str) -> tuple[int, str]:
    ids = [k.id for k in content.knelpunten]
    return (ids.index(knelpunt_id) if knelpunt_id in ids else len(ids), knelpunt_id)
