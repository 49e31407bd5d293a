"""The toets's documents as translatable lines: the shared snapshot, the conversation guide,
a member's label, and the report. The bot and the renderers (PDF, Markdown) use the same lines.
"""

from __future__ import annotations

from typing import Any

from dialogs.municipalities import MunicipalityRegistry
from dialogs.scan.content import KNELPUNT_IDS, title_msgid
from dialogs.texts import N_, Number, Text, text, verbatim
from dialogs.toets.model import (
    LINK,
    NO_VERDICT,
    RECOGNISABLE,
    TOO_NEGATIVE,
    TOO_POSITIVE,
    Member,
    Toets,
)

VERDICT_NAMES = {
    RECOGNISABLE: N_("herkenbaar"),
    TOO_POSITIVE: N_("te positief"),
    TOO_NEGATIVE: N_("te negatief"),
    NO_VERDICT: N_("geen oordeel"),
}
A_MEMBER = N_("een teamlid")


def town(registry: MunicipalityRegistry, code: str | None) -> Text:
    m = registry.get(code or "")
    return verbatim(m.name if m else (code or "-"))


def score(value: float | None) -> Text:
    return text("onvoldoende zicht") if value is None else text("{n}", n=Number(value))


def verdict(value: str | None) -> Text:
    return text(VERDICT_NAMES.get(value or NO_VERDICT, VERDICT_NAMES[NO_VERDICT]))


def member_label(member: Member | dict[str, Any], registry: MunicipalityRegistry) -> Text:
    """ "Sanne de Vries (Tilburg)", "Piet Jansen (via uitnodigingslink)" or "een teamlid"."""
    get = member.get if isinstance(member, dict) else lambda key: getattr(member, key)
    name = get("name")
    if not name:
        return text(A_MEMBER)
    if get("kind") == LINK:
        return text("{name} (via uitnodigingslink)", name=verbatim(name))
    return text("{name} ({town})", name=verbatim(name), town=town(registry, get("gemeente")))


def knelpunt_title(knelpunt: str) -> Text:
    n = KNELPUNT_IDS.index(knelpunt) + 1 if knelpunt in KNELPUNT_IDS else 0
    return text("{n}. {title}", n=n, title=text(title_msgid(knelpunt)))


def snapshot_lines(snapshot: dict[str, Any], registry: MunicipalityRegistry) -> list[Text]:
    """What the team sees of the self-evaluation: scores, ticked notes, the plan."""
    lines = [
        text("Zelfevaluatie van {town}", town=town(registry, snapshot.get("gemeente"))),
        text("Scores van 1 (zwak) tot 5 (sterk):"),
    ]
    for row in snapshot["knelpunten"]:
        lines.append(
            text(
                "{knelpunt}: {score}", knelpunt=knelpunt_title(row["id"]), score=score(row["score"])
            )
        )
        if row.get("note"):
            lines.append(text("   Toelichting: {note}", note=verbatim(row["note"])))
    if snapshot.get("plan"):
        lines.append(text("Verbeterplan:"))
        lines += [text("• {measure}", measure=verbatim(m)) for m in snapshot["plan"]]
    return lines


def guide_lines(toets: Toets, knelpunt: str | None = None) -> list[Text]:
    """The conversation guide (or one knelpunt's part of it)."""
    lines: list[Text] = []
    for part in toets.guide:
        if knelpunt is not None and part["knelpunt"] != knelpunt:
            continue
        if knelpunt is None:
            lines.append(knelpunt_title(part["knelpunt"]))
        lines += [text("• {question}", question=text(q)) for q in part["questions"]]
    return lines


def report_lines(toets: Toets, registry: MunicipalityRegistry) -> list[Text]:
    """The settled report as lines: per knelpunt own score and team judgement; the rest."""
    report = toets.report or {}
    lines = [
        text("Rapport van de collegiale toets voor {town}", town=town(registry, toets.gemeente)),
        text("Per knelpunt: de eigen score en het oordeel van het team."),
    ]
    for row in report.get("knelpunten", []):
        lines.append(
            text(
                "{knelpunt}: {score} · {verdict}",
                knelpunt=knelpunt_title(row["knelpunt"]),
                score=score(row["score"]),
                verdict=verdict(row["verdict"]),
            )
        )
        if row.get("explanation"):
            lines.append(text("   {explanation}", explanation=verbatim(row["explanation"])))
    lines.append(text("Aanbevelingen:"))
    recs = report.get("recommendations", [])
    if not recs:
        lines.append(text("Het team heeft geen aanbevelingen gedaan."))
    team = {row["index"]: row for row in report.get("team", [])}
    for n, rec in enumerate(recs, start=1):
        lines.append(recommendation_line(n, rec, team.get(rec["by"]), registry))
    lines.append(text("Het team:"))
    for row in report.get("team", []):
        label = member_label(row, registry)
        if row.get("chair"):
            label = text("{member}, voorzitter", member=label)
        lines.append(text("• {member}", member=label))
    return lines


def recommendation_line(
    n: int, rec: dict[str, Any], by: dict[str, Any] | None, registry: MunicipalityRegistry
) -> Text:
    who = member_label(by, registry) if by else text(A_MEMBER)
    line = text(
        "{n}. {text} ({knelpunt}; {member})",
        n=n,
        text=verbatim(rec["text"]),
        knelpunt=text(title_msgid(rec["knelpunt"])),
        member=who,
    )
    if rec.get("measure"):
        return text("{line} · maatregel", line=line)
    return line
