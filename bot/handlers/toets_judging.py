"""Judging in the chat: a member's screen per knelpunt, and the chair's side-by-side view."""

from __future__ import annotations

from telegram import CallbackQuery

from bot.buttons import toets as tc
from bot.context import Context, services
from bot.toets_view import Button, back_to, say, send, town_of
from dialogs.scan.content import KNELPUNT_IDS
from dialogs.texts import Text, text, verbatim
from dialogs.toets.judging import all_recommendations, majority, next_open
from dialogs.toets.model import VERDICTS, Member, Toets
from dialogs.toets.texts import guide_lines, knelpunt_title, member_label, score, verdict


def _row(toets: Toets, knelpunt: str) -> dict[str, object]:
    rows = (toets.snapshot or {}).get("knelpunten", [])
    return next((r for r in rows if r["id"] == knelpunt), {"score": None, "note": None})


def _neighbours(toets: Toets, knelpunt: str, action: str) -> list[Button]:
    i = KNELPUNT_IDS.index(knelpunt)
    nav: list[Button] = []
    if i > 0:
        nav.append((text("◀ Vorige"), tc.act(toets.id, action, KNELPUNT_IDS[i - 1])))
    if i + 1 < len(KNELPUNT_IDS):
        nav.append((text("Volgende ▶"), tc.act(toets.id, action, KNELPUNT_IDS[i + 1])))
    return nav


async def knelpunt_screen(
    context: Context, toets: Toets, member: Member, query: CallbackQuery | None = None
) -> None:
    """One knelpunt for one member: the self-score, the guide, their input so far."""
    k = member.cursor or KNELPUNT_IDS[0]
    row = _row(toets, k)
    lines: list[Text] = [
        text(
            "Collegiale toets van {town} · knelpunt {n} van {total}",
            town=town_of(context, toets),
            n=KNELPUNT_IDS.index(k) + 1,
            total=len(KNELPUNT_IDS),
        ),
        knelpunt_title(k),
        text("Eigen score: {score}", score=score(row["score"])),  # type: ignore[arg-type]
    ]
    if row.get("note"):
        lines.append(text("Toelichting van de gemeente: {note}", note=verbatim(str(row["note"]))))
    lines += [text("Vragen voor het gesprek:"), *guide_lines(toets, k)]
    mine = member.judgements.get(k)
    if mine:
        lines.append(text("Uw oordeel: {verdict}", verdict=verdict(mine["verdict"])))
        if mine.get("explanation"):
            lines.append(text("   {explanation}", explanation=verbatim(mine["explanation"])))
    else:
        lines.append(text("Is de eigen score herkenbaar, te positief of te negatief?"))
    for rec in member.recommendations:
        if rec["knelpunt"] == k:
            lines.append(text("Uw aanbeveling: {text}", text=verbatim(rec["text"])))
    rows: list[list[Button]] = [
        [
            (text("Herkenbaar"), tc.act(toets.id, "jv", f"{k}.h")),
            (text("Te positief"), tc.act(toets.id, "jv", f"{k}.p")),
            (text("Te negatief"), tc.act(toets.id, "jv", f"{k}.n")),
        ],
        [(text("Aanbeveling toevoegen"), tc.act(toets.id, "ja", k))],
        _neighbours(toets, k, "k"),
        [back_to(toets)],
    ]
    await send(context, member.user_id or 0, lines, rows, query)


async def after_verdict(context: Context, toets: Toets, member: Member, knelpunt: str) -> None:
    v = member.judgements[knelpunt]["verdict"]
    await send(
        context,
        member.user_id or 0,
        [
            text(
                "Bewaard: {verdict}. Licht uw oordeel kort toe in één bericht, of tik op "
                "'Geen toelichting'.",
                verdict=verdict(v),
            )
        ],
        [[(text("Geen toelichting"), tc.act(toets.id, "js"))]],
    )


async def ask_recommendation(context: Context, toets: Toets, member: Member, k: str) -> None:
    await send(
        context,
        member.user_id or 0,
        [
            text(
                "Typ uw aanbeveling bij '{knelpunt}' in één bericht: wat zou de gemeente "
                "concreet kunnen doen?",
                knelpunt=knelpunt_title(k),
            )
        ],
        [[(text("Annuleren"), tc.act(toets.id, "js"))]],
    )


async def continue_after(context: Context, toets: Toets, member: Member, move_on: bool) -> None:
    """After a saved text or a skip: the next open knelpunt, or the same one, or done."""
    here = member.cursor or KNELPUNT_IDS[0]
    target = next_open(member, here) or next_open(member) if move_on else here
    if target is None:
        await done(context, toets, member)
        return
    member.cursor = target
    await knelpunt_screen(context, toets, member)


async def done(context: Context, toets: Toets, member: Member) -> None:
    await send(
        context,
        member.user_id or 0,
        [
            text(
                "U heeft alle tien knelpunten beoordeeld. Tot de voorzitter het oordeel "
                "vaststelt, kunt u nog wijzigen en aanbevelingen toevoegen."
            )
        ],
        [[(text("Naar knelpunt 1"), tc.act(toets.id, "k", KNELPUNT_IDS[0]))], [back_to(toets)]],
    )
    chair = toets.confirmed_chair()
    if chair is not None and chair.user_id and chair.index != member.index:
        who = member_label(member, services(context).registry)
        await say(
            context, chair.user_id, text("{member} heeft alle knelpunten beoordeeld.", member=who)
        )


# --- the chair --------------------------------------------------------------------------------
async def chair_screen(
    context: Context, toets: Toets, chair: Member, knelpunt: str, query: CallbackQuery | None = None
) -> None:
    """Everyone's input on one knelpunt side by side, and the team's judgement."""
    registry = services(context).registry
    row = _row(toets, knelpunt)
    lines: list[Text] = [
        text(
            "Oordeel van het team · knelpunt {n} van {total}",
            n=KNELPUNT_IDS.index(knelpunt) + 1,
            total=len(KNELPUNT_IDS),
        ),
        knelpunt_title(knelpunt),
        text("Eigen score: {score}", score=score(row["score"])),  # type: ignore[arg-type]
    ]
    for m in toets.active():
        given = m.judgements.get(knelpunt)
        who = member_label(m, registry)
        if given is None:
            lines.append(text("• {member}: nog geen oordeel", member=who))
            continue
        lines.append(text("• {member}: {verdict}", member=who, verdict=verdict(given["verdict"])))
        if given.get("explanation"):
            lines.append(text("   {explanation}", explanation=verbatim(given["explanation"])))
    settled = toets.team.get(knelpunt, {})
    proposal = settled.get("verdict") or majority(toets, knelpunt)
    lines.append(text("Oordeel van het team: {verdict}", verdict=verdict(proposal)))
    if settled.get("explanation"):
        lines.append(text("   {explanation}", explanation=verbatim(settled["explanation"])))
    rows: list[list[Button]] = [
        [
            (text("Herkenbaar"), tc.act(toets.id, "cv", f"{knelpunt}.h")),
            (text("Te positief"), tc.act(toets.id, "cv", f"{knelpunt}.p")),
            (text("Te negatief"), tc.act(toets.id, "cv", f"{knelpunt}.n")),
        ],
        [(text("Toelichting van het team"), tc.act(toets.id, "ct", knelpunt))],
    ]
    recs = [r for r in all_recommendations(toets) if r["knelpunt"] == knelpunt]
    if recs:
        lines.append(text("Aanbevelingen (aangevinkt: komt in het rapport):"))
    for rec in recs:
        mark = "☐" if rec["id"] in toets.excluded else "☑"
        lines.append(text("{mark} {text}", mark=verbatim(mark), text=verbatim(rec["text"])))
        rows.append([(f"{mark} {rec['text']}", tc.act(toets.id, "cr", rec["id"]))])
    rows.append(_neighbours(toets, knelpunt, "co"))
    rows.append([(text("Oordeel vaststellen"), tc.act(toets.id, "cs"))])
    await send(context, chair.user_id or 0, lines, rows, query)


async def judging_started(context: Context, toets: Toets) -> None:
    for m in toets.active():
        rows: list[list[Button]] = [[(text("Geef uw oordeel"), tc.act(toets.id, "k"))]]
        if toets.confirmed_chair() is m:
            rows.append([(text("Overzicht van het team"), tc.act(toets.id, "co"))])
        await send(
            context,
            m.user_id or 0,
            [
                text(
                    "Het oordelen over de toets van {town} is begonnen. Geef per knelpunt "
                    "aan of de eigen score herkenbaar, te positief of te negatief is, met "
                    "een korte toelichting, en doe aanbevelingen. Alles wordt per antwoord "
                    "bewaard; u kunt stoppen en later verder.",
                    town=town_of(context, toets),
                )
            ],
            rows,
        )
    await say(
        context, toets.inviter, text("Het team is begonnen met het oordeel over uw zelfevaluatie.")
    )


def verdict_arg(arg: str) -> tuple[str, str]:
    knelpunt, _, value = arg.partition(".")
    return knelpunt, value if value in VERDICTS else ""
