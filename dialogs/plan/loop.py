"""Closing the loop: the measures completed between two scans, next to the change in score.

The comparison of a new scan with the previous one names, per knelpunt, the measures marked
``afgerond`` after the previous scan finished and up to the new one, with both scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.model import Scan, User
from dialogs.peers.matching import usable
from dialogs.plan.document import Measure, PlanDocument
from dialogs.results.scoring import score_scan
from dialogs.scan.content import Content, title_msgid
from dialogs.texts import Date, Number, Text, text


@dataclass(frozen=True)
class KnelpuntProgress:
    knelpunt: str
    before: float | None
    after: float | None
    completed: tuple[Measure, ...]


def completed_between(doc: PlanDocument, start: str, end: str) -> list[Measure]:
    """Measures of any plan completed after ``start`` and no later than ``end`` (ISO)."""
    return [m for m in doc.all_measures() if (done := m.completed_at()) and start < done <= end]


def progress(user: User, doc: PlanDocument, content: Content) -> list[KnelpuntProgress] | None:
    """Per knelpunt with completed measures since the previous scan, the two scores; None when
    there is no previous scan of the same municipality to compare with."""
    scans = [s for s in user.finished if s.finished]
    if len(scans) < 2:
        return None
    previous, latest = scans[-2], scans[-1]
    if previous.gemeente != latest.gemeente:
        return None
    done = completed_between(doc, previous.finished or "", latest.finished or "")
    before, after = _scores(previous, content), _scores(latest, content)
    return [
        KnelpuntProgress(k.id, before[k.id], after[k.id], mine)
        for k in content.knelpunten
        if (mine := tuple(m for m in done if m.knelpunt == k.id))
    ]


def _scores(scan: Scan, content: Content) -> dict[str, float | None]:
    return {s.knelpunt: usable(s) for s in score_scan(scan, content)}


def progress_texts(user: User, doc: PlanDocument, content: Content) -> list[Text]:
    """The loop as lines for a message, an export or the terminal; empty when nothing to say."""
    found = progress(user, doc, content)
    if found is None or not doc.all_measures():
        return []
    previous = [s for s in user.finished if s.finished][-2]
    lines = [
        text(
            "Uw verbeterplan sinds de vorige scan ({date}):",
            date=Date(previous.finished or ""),
        )
    ]
    if not found:
        lines.append(text("Sindsdien is geen maatregel afgerond."))
    for item in found:
        lines.append(_score_line(item))
        for m in item.completed:
            lines.append(text("  afgerond: {title}", title=m.title_text()))
    return lines


def _score_line(item: KnelpuntProgress) -> Text:
    title = text(title_msgid(item.knelpunt))
    if item.before is None or item.after is None:
        return text("{knelpunt}: (geen vergelijkbare score)", knelpunt=title)
    return text(
        "{knelpunt}: van {before} naar {after}",
        knelpunt=title,
        before=Number(item.before),
        after=Number(item.after),
    )
