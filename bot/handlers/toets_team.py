"""The toets before the judging: the draft, the invitations, links, the chair, the status."""

from __future__ import annotations

from datetime import datetime

from telegram import CallbackQuery

from bot.buttons import toets as tc
from bot.context import Context, services
from bot.toets_view import Button, back_to, say, send, town_of
from dialogs.model import User
from dialogs.regional.schedule_rules import moment_text
from dialogs.scan.content import KNELPUNT_IDS, title_msgid
from dialogs.texts import text, verbatim
from dialogs.toets.machine import MAX_PEERS, MIN_TEAM
from dialogs.toets.model import (
    JUDGING,
    PREPARING,
    Toets,
)
from dialogs.toets.team import TOKEN_PREFIX
from dialogs.toets.texts import guide_lines, member_label, snapshot_lines


def _user(context: Context, user_id: int) -> User:
    s = services(context)
    return s.scans.user(user_id) or User.new(user_id, s.scans.now())


# --- the draft --------------------------------------------------------------------------------
async def show_draft(context: Context, toets: Toets, query: CallbackQuery | None = None) -> None:
    s = services(context)
    user = _user(context, toets.inviter)
    chosen = {m.user_id for m in toets.peers()}
    rows: list[list[Button]] = []
    for choice in s.toetsen.team.choices(user):
        mark = "☑" if choice.user_id in chosen else "☐"
        name = s.registry.get(choice.gemeente)
        rows.append(
            [
                (
                    f"{mark} {name.name if name else choice.gemeente}",
                    tc.act(toets.id, "p", choice.user_id),
                )
            ]
        )
    links = len(toets.links())
    rows.append([(text("+ Uitnodigingslink ({n})", n=links), tc.act(toets.id, "l"))])
    if links:
        rows[-1].append((text("Link weghalen"), tc.act(toets.id, "ld")))
    scan = next((x for x in user.finished if x.id == toets.scan_id), None)
    for k in KNELPUNT_IDS:
        if scan is not None and scan.note(k):
            mark = "☑" if k in toets.share_notes else "☐"
            note_label = text(
                "{mark} Toelichting delen: {knelpunt}",
                mark=verbatim(mark),
                knelpunt=text(title_msgid(k)),
            )
            rows.append([(note_label, tc.act(toets.id, "n", k))])
    if s.toetsen.team.plan.plan_for(toets.inviter):
        mark = "☑" if toets.share_plan else "☐"
        rows.append(
            [(text("{mark} Verbeterplan delen", mark=verbatim(mark)), tc.act(toets.id, "pl"))]
        )
    rows.append([(text("Voorbeeld bekijken"), tc.act(toets.id, "pv"))])
    rows.append(
        [
            (text("Uitnodigingen versturen"), tc.act(toets.id, "s")),
            (text("Annuleren"), tc.act(toets.id, "x")),
        ]
    )
    lines = [
        text("Collegiale toets: stel uw team samen."),
        text(
            "Kies tot {max} collega-gemeenten en maak zo nodig uitnodigingslinks voor mensen "
            "zonder eigen scan, zoals een wethouder, burgemeester of ambtenaar van een "
            "buurgemeente. Samen minstens {min}.",
            max=MAX_PEERS,
            min=MIN_TEAM,
        ),
        text(
            "Het team ziet altijd uw scores. Uw toelichting per knelpunt alleen waar u die "
            "aanvinkt. Bekijk eerst het voorbeeld: pas na versturen wordt er iets gedeeld."
        ),
    ]
    await send(context, toets.inviter, lines, rows, query)


async def preview(context: Context, toets: Toets, user: User) -> None:
    s = services(context)
    snapshot = s.toetsen.team.preview(toets, user)
    lines = [text("Voorbeeld: dit krijgt het team te zien."), *snapshot_lines(snapshot, s.registry)]
    rows = [
        [(text("Terug naar de samenstelling"), tc.act(toets.id, "o"))],
        [(text("Uitnodigingen versturen"), tc.act(toets.id, "s"))],
    ]
    await send(context, toets.inviter, lines, rows)


async def sent(context: Context, toets: Toets, tokens: list[str]) -> None:
    """Invitations to the peers, the links to the inviter."""
    for member in toets.peers():
        assert member.user_id is not None
        await invitation(context, toets, member.user_id)
    await say(context, toets.inviter, text("Uw uitnodigingen zijn verstuurd. U hoort wie meedoet."))
    for token in tokens:
        await link_message(context, toets, token)


async def link_message(context: Context, toets: Toets, token: str) -> None:
    url = f"https://t.me/{context.bot.username}?start={TOKEN_PREFIX}{token}"
    await say(
        context,
        toets.inviter,
        text(
            "Stuur deze persoonlijke uitnodigingslink door aan één persoon die u wilt "
            "uitnodigen. De link werkt één keer en is {days} dagen geldig:",
            days=14,
        ),
        verbatim(url),
    )


async def invitation(context: Context, toets: Toets, user_id: int) -> None:
    lines = [
        text(
            "{name} van de gemeente {town} nodigt u uit voor een collegiale toets: u kijkt met "
            "een klein team naar hun zelfevaluatie, voert een gesprek en geeft uw oordeel en "
            "aanbevelingen. Doet u mee?",
            name=verbatim(toets.inviter_name or "-"),
            town=town_of(context, toets),
        ),
    ]
    rows = [
        [
            (text("Ja, ik doe mee"), tc.invite(toets.id, True)),
            (text("Nee, nu niet"), tc.invite(toets.id, False)),
        ]
    ]
    await send(context, user_id, lines, rows)


async def answered(context: Context, toets: Toets, user_id: int, yes: bool) -> None:
    s = services(context)
    member = toets.member_of(user_id) or next(m for m in toets.members if m.user_id == user_id)
    who = member_label(member, s.registry)
    if not yes:
        await say(context, user_id, text("Dank u. Uw antwoord is doorgegeven."))
        await say(
            context,
            toets.inviter,
            text("{member} doet niet mee aan uw collegiale toets.", member=who),
        )
        return
    await send(context, user_id, snapshot_lines(toets.snapshot or {}, s.registry))
    if toets.state in (PREPARING, JUDGING):
        await send_guide(context, toets, user_id)
    await send(
        context,
        user_id,
        [
            text(
                "U doet mee. U hoort van mij wanneer het gesprek is en "
                "wanneer u uw oordeel kunt geven. Met /toets ziet u altijd "
                "de stand."
            )
        ],
        [[back_to(toets)]],
    )
    await send(
        context,
        toets.inviter,
        [text("{member} doet mee aan uw collegiale toets.", member=who)],
        [[back_to(toets)]],
    )


async def send_guide(context: Context, toets: Toets, user_id: int) -> None:
    lines = [text("Gespreksleidraad: per knelpunt vragen voor het gesprek."), *guide_lines(toets)]
    await send(context, user_id, lines)


async def date_proposed(context: Context, toets: Toets) -> None:
    """The inviter typed the date: everyone who takes part is asked to confirm it."""
    assert toets.date is not None
    moment = moment_text(datetime.fromisoformat(toets.date["at"]))
    compact = "".join(ch for ch in toets.date["at"][:16] if ch.isdigit())
    await say(
        context,
        toets.inviter,
        text(
            "De datum is bewaard: {moment}. Het team wordt gevraagd die te bevestigen.",
            moment=moment,
        ),
    )
    for m in toets.active():
        await send(
            context,
            m.user_id or 0,
            [
                text(
                    "Voorstel voor het gesprek van de collegiale toets: {moment}. Kunt u dan?",
                    moment=moment,
                )
            ],
            [
                [
                    (text("Ja, dat past"), tc.act(toets.id, "dy", compact)),
                    (text("Nee, dat past niet"), tc.act(toets.id, "dn", compact)),
                ]
            ],
        )
