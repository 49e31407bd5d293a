"""The plan in the exports: a section of the scan summary (PDF, Markdown), a ``plan`` object in
the JSON export, and the plan alone as a document for the college.

Which plan belongs to a scan: the plan made for that scan; for the latest finished scan
without one, the current plan (measures added before the coordinator had a scan, or from a
collegiale toets).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from dialogs.exports.summary_sections import LI, SUB, Item, Section
from dialogs.model import Scan, User
from dialogs.plan.document import STATUS_LABELS, Plan, PlanDocument
from dialogs.plan.screens import ORIGIN_LABELS, measure_line, ordered
from dialogs.scan.content import Content, title_msgid
from dialogs.texts import Date, Text, text

Translate = Callable[[Text | str], str]


def plan_for(doc: PlanDocument, user: User | None, scan: Scan | None) -> Plan | None:
    """The plan that belongs to ``scan`` (None: the current plan)."""
    if scan is None:
        return doc.current
    for plan in reversed(doc.plans):
        if plan.scan_id == scan.id:
            return plan
    latest = user.finished[-1] if user and user.finished else None
    if latest is not None and latest.id == scan.id and doc.current is not None:
        return doc.current if doc.current.scan_id in (None, scan.id) else None
    return None


def plan_section(plan: Plan, content: Content, today: date) -> Section:
    items: list[Item] = []
    if not plan.measures:
        items.append(Item(text("Er staan nog geen maatregelen in het plan.")))
    for k in content.knelpunten:
        mine = [m for m in ordered(plan, content) if m.knelpunt == k.id]
        if not mine:
            continue
        items.append(Item(text(title_msgid(k.id)), SUB))
        items += [Item(measure_line(m, today), LI) for m in mine]
    open_count = len(plan.open_measures())
    items.append(
        Item(
            text(
                "{open} van de {total} maatregelen staan open; plan opgesteld op {date}.",
                open=open_count,
                total=len(plan.measures),
                date=Date(plan.created),
            )
        )
    )
    return Section(text("Verbeterplan"), tuple(items))


def plan_json(plan: Plan, translate: Translate, today: date) -> dict[str, Any]:
    """The plan as plain JSON (the ``plan`` object of ``data/export.schema.json``)."""
    return {
        "id": plan.id,
        "created": plan.created,
        "scan_id": plan.scan_id,
        "measures": [
            {
                "id": m.id,
                "knelpunt": m.knelpunt,
                "title": translate(m.title_text()),
                "origin": dict(m.origin),
                "origin_label": translate(text(ORIGIN_LABELS[m.origin.get("kind", "own")])),
                "owner": m.owner,
                "due": m.due,
                "overdue": bool(m.is_open and m.due and m.due < today.isoformat()),
                "status": m.status,
                "status_label": translate(text(STATUS_LABELS[m.status])),
                "created": m.created,
                "updated": m.updated,
                "history": [dict(h) for h in m.history],
            }
            for m in plan.measures
        ],
    }
