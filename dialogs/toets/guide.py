"""What the team receives: the snapshot of the self-evaluation and the conversation guide.

The snapshot is taken once, when the invitations go out: scores always, a knelpunt's note only
where the inviter ticked it, the verbeterplan only if asked. Later edits of the scan or the
plan do not reach the team. The guide holds, per knelpunt, two or three open questions aimed
at the weakest statements and at gaps between scores (:mod:`dialogs.toets.questions`).
"""

from __future__ import annotations

from typing import Any

from dialogs.model import Scan
from dialogs.results.scoring import score_scan
from dialogs.scan.content import Content
from dialogs.toets.questions import GAPS, STRONG, UNKNOWN, WEAK

HIGH, LOW = 3.5, 2.5  # a gap: one score at least HIGH while the other is at most LOW
WEAK_FROM = 3  # statements answered at most this count as weak
MIN_QUESTIONS, MAX_QUESTIONS = 2, 3


def take_snapshot(
    scan: Scan, content: Content, notes: list[str], plan: list[str] | None
) -> dict[str, Any]:
    """The self-evaluation as the team will see it, frozen now."""
    rows = []
    for score in score_scan(scan, content):
        k = content.knelpunt(score.knelpunt)
        note = scan.note(k.id) if k.id in notes else None
        rows.append(
            {
                "id": k.id,
                "score": None if score.insufficient_view else score.score,
                "statements": {s.id: scan.value(s.id) for s in k.statements},
                "note": note,
            }
        )
    return {
        "gemeente": scan.gemeente,
        "scan_id": scan.id,
        "finished": scan.finished,
        "knelpunten": rows,
        "plan": list(plan) if plan else None,
    }


def _level(snapshot: dict[str, Any], key: str) -> float | None:
    """A knelpunt's score, or (for a statement id) that statement's 1-5 answer."""
    for row in snapshot["knelpunten"]:
        if row["id"] == key:
            return row["score"]  # type: ignore[no-any-return]
        if key in row["statements"]:
            value = row["statements"][key]
            return float(value) if isinstance(value, int) else None
    return None


def conversation_guide(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Per knelpunt, in order: ``{"knelpunt": id, "questions": [msgid, ...]}``."""
    guide = []
    for row in snapshot["knelpunten"]:
        k = row["id"]
        questions: list[str] = []
        if row["score"] is None:
            questions.append(UNKNOWN)
        for gap in GAPS:
            high, low = _level(snapshot, gap.high), _level(snapshot, gap.low)
            if gap.low == k and high is not None and low is not None and high >= HIGH >= LOW >= low:
                questions.append(gap.question)
        answered = [(v if isinstance(v, int) else 0, sid) for sid, v in row["statements"].items()]
        by_weakness = [sid for _, sid in sorted(answered)]
        for sid in by_weakness:
            value = row["statements"][sid]
            if (not isinstance(value, int) or value <= WEAK_FROM) and sid in WEAK:
                questions.append(WEAK[sid])
        if len(questions) < MIN_QUESTIONS and row["score"] is not None and row["score"] >= HIGH:
            questions.append(STRONG[k])
        for sid in by_weakness:
            if len(questions) >= MIN_QUESTIONS:
                break
            if sid in WEAK and WEAK[sid] not in questions:
                questions.append(WEAK[sid])
        guide.append({"knelpunt": k, "questions": _unique(questions)[:MAX_QUESTIONS]})
    return guide


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
