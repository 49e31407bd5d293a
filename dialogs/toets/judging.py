"""Judging: each member's verdict, explanation and recommendations per knelpunt, saved per
answer and resumable; the chair's settled judgement; the report frozen at settling.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from dialogs.peers.contacts import Refused
from dialogs.scan.content import KNELPUNT_IDS
from dialogs.texts import text
from dialogs.toets.book import ToetsBook
from dialogs.toets.model import (
    IN,
    JUDGING,
    NO_VERDICT,
    PREPARING,
    SETTLED,
    VERDICTS,
    Member,
    Toets,
)

MAX_TEXT = 1000  # characters of an explanation or recommendation
EXPLAIN, RECOMMEND, TEAM = "explain", "recommend", "team"


def next_open(member: Member, after: str | None = None) -> str | None:
    """The first knelpunt (after ``after``) without this member's verdict."""
    start = KNELPUNT_IDS.index(after) + 1 if after in KNELPUNT_IDS else 0
    for k in KNELPUNT_IDS[start:]:
        if k not in member.judgements:
            return k
    return None


def _knelpunt(value: str) -> str:
    if value not in KNELPUNT_IDS:
        raise Refused(text("Dit knelpunt ken ik niet. Er is niets gewijzigd."))
    return value


def clean(raw: str) -> str:
    value = " ".join(raw.split())
    if not value:
        raise Refused(text("Ik heb geen tekst ontvangen. Typ uw tekst in één bericht."))
    if len(value) > MAX_TEXT:
        raise Refused(
            text("Dat is te lang: hooguit {max} tekens. Er is niets bewaard.", max=MAX_TEXT)
        )
    return value


class Judging:
    def __init__(self, book: ToetsBook) -> None:
        self.book = book

    def start(self, toets_id: str, user_id: int) -> Toets:
        """The inviter or the chair opens the judging, after the conversation."""
        toets = self.book.load(toets_id)
        if toets is not None and toets.inviter == user_id:
            toets = self.book.as_inviter(toets_id, user_id, (PREPARING,))
        else:
            toets, _ = self.book.as_chair(toets_id, user_id, (PREPARING,))
        if not self.book.fire(toets, "judge"):
            raise Refused(text("Kies eerst een voorzitter die heeft toegezegd."))
        return toets

    def open(self, toets_id: str, user_id: int, knelpunt: str | None) -> tuple[Toets, Member]:
        """Where this member continues: the given knelpunt, or the first without a verdict."""
        toets, member = self.book.as_member(toets_id, user_id, (JUDGING,))
        if member.status != IN:
            raise Refused(text("U doet niet (meer) mee aan deze toets."))
        target = _knelpunt(knelpunt) if knelpunt else next_open(member) or KNELPUNT_IDS[0]
        member.cursor, member.awaiting = target, None
        self.book.save(toets)
        return toets, member

    def verdict(self, toets_id: str, user_id: int, knelpunt: str, verdict: str) -> Member:
        toets, member = self.book.as_member(toets_id, user_id, (JUDGING,))
        if member.status != IN:
            raise Refused(text("U doet niet (meer) mee aan deze toets."))
        if verdict not in VERDICTS:
            raise Refused(text("Deze knop begrijp ik niet. Er is niets gewijzigd."))
        k = _knelpunt(knelpunt)
        old = member.judgements.get(k, {})
        member.judgements[k] = {
            "verdict": verdict,
            "explanation": old.get("explanation"),
            "at": self.book.now(),
        }
        member.cursor, member.awaiting = k, {"kind": EXPLAIN, "knelpunt": k}
        self.book.save(toets)
        return member

    def ask_recommendation(self, toets_id: str, user_id: int, knelpunt: str) -> Member:
        toets, member = self.book.as_member(toets_id, user_id, (JUDGING,))
        if member.status != IN:
            raise Refused(text("U doet niet (meer) mee aan deze toets."))
        k = _knelpunt(knelpunt)
        member.cursor, member.awaiting = k, {"kind": RECOMMEND, "knelpunt": k}
        self.book.save(toets)
        return member

    def skip_text(self, toets_id: str, user_id: int) -> tuple[Toets, Member]:
        """No explanation (or no recommendation after all): nothing typed is awaited."""
        toets, member = self.book.as_member(toets_id, user_id, (JUDGING,))
        member.awaiting = None
        self.book.save(toets)
        return toets, member

    def typed(self, toets: Toets, member: Member, raw: str) -> str:
        """Store the typed text the member was asked for; returns what it was."""
        awaiting = member.awaiting or {}
        kind, k = awaiting.get("kind"), _knelpunt(str(awaiting.get("knelpunt")))
        value = clean(raw)
        if kind == EXPLAIN and k in member.judgements:
            member.judgements[k]["explanation"] = value
        elif kind == RECOMMEND:
            member.rec_seq += 1
            member.recommendations.append(
                {
                    "id": f"{member.index}.{member.rec_seq}",
                    "knelpunt": k,
                    "text": value,
                    "at": self.book.now(),
                }
            )
        elif kind == TEAM:
            toets.team.setdefault(k, {"verdict": majority(toets, k)})["explanation"] = value
        else:
            raise Refused(text("Ik verwachtte hier geen tekst. Er is niets bewaard."))
        member.awaiting = None
        self.book.save(toets)
        return str(kind)

    # --- the chair -----------------------------------------------------------------------
    def team_verdict(self, toets_id: str, user_id: int, knelpunt: str, verdict: str) -> Toets:
        toets, _ = self.book.as_chair(toets_id, user_id, (JUDGING,))
        k = _knelpunt(knelpunt)
        if verdict not in VERDICTS:
            raise Refused(text("Deze knop begrijp ik niet. Er is niets gewijzigd."))
        toets.team.setdefault(k, {})["verdict"] = verdict
        self.book.save(toets)
        return toets

    def ask_team_text(self, toets_id: str, user_id: int, knelpunt: str) -> Member:
        toets, chair = self.book.as_chair(toets_id, user_id, (JUDGING,))
        chair.cursor = _knelpunt(knelpunt)
        chair.awaiting = {"kind": TEAM, "knelpunt": chair.cursor}
        self.book.save(toets)
        return chair

    def toggle_recommendation(self, toets_id: str, user_id: int, rec_id: str) -> Toets:
        toets, _ = self.book.as_chair(toets_id, user_id, (JUDGING,))
        if rec_id not in {r["id"] for r in all_recommendations(toets)}:
            raise Refused(text("Deze aanbeveling bestaat niet (meer). Er is niets gewijzigd."))
        if rec_id in toets.excluded:
            toets.excluded.remove(rec_id)
        else:
            toets.excluded.append(rec_id)
        self.book.save(toets)
        return toets

    def settle(self, toets_id: str, user_id: int) -> Toets:
        """Freeze the team's judgement and recommendations into the report."""
        toets, _ = self.book.as_chair(toets_id, user_id, (JUDGING,))
        toets.report = build_report(toets)
        if not self.book.fire(toets, "settle"):
            raise Refused(text("Kies eerst een voorzitter die heeft toegezegd."))
        return toets

    def reopen(self, toets_id: str, user_id: int) -> Toets:
        toets, _ = self.book.as_chair(toets_id, user_id, (SETTLED,))
        toets.report = None
        self.book.fire(toets, "reopen")
        return toets


def all_recommendations(toets: Toets) -> list[dict[str, Any]]:
    return [
        {**r, "by": m.index} for m in toets.members if m.status == IN for r in m.recommendations
    ]


def majority(toets: Toets, knelpunt: str) -> str:
    """The most given verdict (a tie or nothing given: no verdict)."""
    counts = Counter(
        m.judgements[knelpunt]["verdict"] for m in toets.active() if knelpunt in m.judgements
    ).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return NO_VERDICT
    return str(counts[0][0])


def build_report(toets: Toets) -> dict[str, Any]:
    """The settled report: own score beside the team's judgement, recommendations, team."""
    rows = []
    for row in (toets.snapshot or {}).get("knelpunten", []):
        k = row["id"]
        settled = toets.team.get(k, {})
        rows.append(
            {
                "knelpunt": k,
                "score": row["score"],
                "verdict": settled.get("verdict") or majority(toets, k),
                "explanation": settled.get("explanation"),
            }
        )
    kept = [r for r in all_recommendations(toets) if r["id"] not in toets.excluded]
    kept.sort(key=lambda r: (KNELPUNT_IDS.index(r["knelpunt"]), r["at"]))
    recs = [
        {**{key: r[key] for key in ("id", "knelpunt", "text", "by")}, "measure": None} for r in kept
    ]
    team = [
        {
            "index": m.index,
            "name": m.name,
            "gemeente": m.gemeente,
            "kind": m.kind,
            "chair": bool(m.chair),
        }
        for m in toets.active()
    ]
    return {
        "gemeente": toets.gemeente,
        "knelpunten": rows,
        "recommendations": recs,
        "team": team,
        "date": (toets.date or {}).get("at"),
    }
