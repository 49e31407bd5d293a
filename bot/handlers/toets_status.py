"""Where a toets stands: the status screen with the buttons each person may use, and /toets."""

from __future__ import annotations

from datetime import datetime

from telegram import CallbackQuery
from telegram import User as TgUser

from bot.buttons import toets as tc
from bot.context import Context, services
from bot.handlers.toets_team import show_draft
from bot.toets_view import MEMBER_STATUS, STATE_NAMES, Button, send, town_of
from dialogs.regional.schedule_rules import moment_text
from dialogs.texts import Text, text, verbatim
from dialogs.toets.model import (
    CHAIR_ASKED,
    CHAIR_YES,
    DRAFT,
    IN,
    INVITED,
    JUDGING,
    PEER,
    PREPARING,
    REPORTED,
    SETTLED,
    Toets,
)
from dialogs.toets.texts import member_label, town


# --- status -----------------------------------------------------------------------------------
def _member_lines(context: Context, toets: Toets) -> list[Text]:
    s = services(context)
    lines = []
    for m in toets.members:
        parts: Text = text(MEMBER_STATUS[m.status])
        if m.chair == CHAIR_YES:
            parts = text("{status}, voorzitter", status=parts)
        elif m.chair == CHAIR_ASKED:
            parts = text("{status}, gevraagd als voorzitter", status=parts)
        if toets.date and m.date_ok is not None and m.status == IN:
            parts = text(
                "{status}, datum: {answer}",
                status=parts,
                answer=text("ja") if m.date_ok else text("nee"),
            )
        who = member_label(m, s.registry)
        if not m.name:  # not answered yet: the peer's town, or the link
            who = town(s.registry, m.gemeente) if m.kind == PEER else text("uitnodigingslink")
        lines.append(text("• {member}: {status}", member=who, status=parts))
    return lines


async def status(
    context: Context, toets: Toets, user_id: int, query: CallbackQuery | None = None
) -> None:
    """Where the toets stands, with the buttons this person may use now."""
    if toets.state == DRAFT and toets.inviter == user_id:
        await show_draft(context, toets, query)
        return
    lines = [
        text(
            "Collegiale toets van {town}: {state}",
            town=town_of(context, toets),
            state=text(STATE_NAMES[toets.state]),
        ),
        *_member_lines(context, toets),
    ]
    if toets.date:
        lines.append(
            text("Gesprek: {moment}", moment=moment_text(datetime.fromisoformat(toets.date["at"])))
        )
    rows = inviter_rows(toets) if toets.inviter == user_id else member_rows(toets, user_id)
    await send(context, user_id, lines, rows, query)


def inviter_rows(toets: Toets) -> list[list[Button]]:
    rows: list[list[Button]] = []
    if toets.state in (INVITED, PREPARING, JUDGING) and toets.confirmed_chair() is None:
        rows += [
            [
                (
                    text("Vraag als voorzitter: {member}", member=verbatim(m.name or "-")),
                    tc.act(toets.id, "c", m.index),
                )
            ]
            for m in toets.active()
        ]
    if toets.state in (INVITED, PREPARING):
        rows.append(
            [
                (text("Stel een datum voor"), tc.act(toets.id, "d")),
                (text("Extra uitnodigingslink"), tc.act(toets.id, "l")),
            ]
        )
    if toets.state == INVITED:
        rows.append([(text("Start de voorbereiding"), tc.act(toets.id, "b"))])
    if toets.state == PREPARING:
        rows.append(
            [
                (text("Gespreksleidraad"), tc.act(toets.id, "g")),
                (text("Start het oordelen"), tc.act(toets.id, "j")),
            ]
        )
    if toets.state == REPORTED:
        rows.append([(text("Rapport bekijken"), tc.act(toets.id, "rp"))])
    if toets.state in (INVITED, PREPARING, JUDGING, SETTLED):
        rows.append([(text("Toets annuleren"), tc.act(toets.id, "x"))])
    return rows


def member_rows(toets: Toets, user_id: int) -> list[list[Button]]:
    member = toets.member_of(user_id)
    if member is None or member.status != IN:
        return []
    rows: list[list[Button]] = []
    if member.chair == CHAIR_ASKED:
        rows.append(
            [
                (text("Ja, ik ben voorzitter"), tc.act(toets.id, "ch", "y")),
                (text("Nee, liever niet"), tc.act(toets.id, "ch", "n")),
            ]
        )
    if toets.state in (PREPARING, JUDGING):
        rows.append([(text("Gespreksleidraad"), tc.act(toets.id, "g"))])
    if toets.state == PREPARING and member.chair == CHAIR_YES:
        rows.append([(text("Start het oordelen"), tc.act(toets.id, "j"))])
    if toets.state == JUDGING:
        rows.append([(text("Geef uw oordeel"), tc.act(toets.id, "k"))])
        if member.chair == CHAIR_YES:
            rows.append([(text("Overzicht van het team"), tc.act(toets.id, "co"))])
    if toets.state == SETTLED and member.chair == CHAIR_YES:
        rows.append([(text("Rapport bekijken en versturen"), tc.act(toets.id, "cs"))])
    if toets.state in (INVITED, PREPARING, JUDGING):
        rows.append([(text("Mij terugtrekken"), tc.act(toets.id, "w"))])
    return rows


async def overview(context: Context, me: TgUser) -> None:
    """/toets: the user's own toets and those they take part in."""
    s = services(context)
    mine = s.toetsen.mine(me.id)
    user = s.scans.user(me.id)
    rows: list[list[Button]] = []
    for toets in mine[:8]:
        name = town_of(context, toets)
        role = text("uw toets") if toets.inviter == me.id else text("als teamlid")
        rows.append(
            [
                (
                    text(
                        "{town} ({role}): {state}",
                        town=name,
                        role=role,
                        state=text(STATE_NAMES[toets.state]),
                    ),
                    tc.act(toets.id, "o"),
                )
            ]
        )
    if user is not None and user.finished:
        rows.append([(text("Organiseer een collegiale toets"), tc.new_toets())])
    lines = [
        text(
            "Collegiale toets: collega's van andere gemeenten kijken met u naar uw "
            "zelfevaluatie, voeren een gesprek en doen aanbevelingen."
        )
    ]
    if not rows:
        lines.append(text("Rond eerst uw scan af; daarna kunt u een collegiale toets organiseren."))
    await send(context, me.id, lines, rows)
