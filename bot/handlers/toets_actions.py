"""What each toets button does: one small function per action, core call first, then the
messages. The table :data:`ACTIONS` maps the action letters of :mod:`bot.buttons.toets`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import CallbackQuery
from telegram import User as TgUser

from bot.buttons import toets as tc
from bot.context import Context, services
from bot.handlers import toets_status as sv
from bot.handlers import toets_team as tv
from bot.toets_view import back_to, person, say, send, town_of
from dialogs.model import User
from dialogs.peers.contacts import Refused
from dialogs.texts import text
from dialogs.toets.model import ASKED, IN, RUNNING
from dialogs.toets.texts import member_label

Action = Callable[[Context, CallbackQuery, TgUser, tc.ToetsAction], Awaitable[None]]
ACTIONS: dict[str, Action] = {}
BAD = text("Deze knop begrijp ik niet. Met /toets ziet u uw toetsen.")


def action(*names: str) -> Callable[[Action], Action]:
    def add(handler: Action) -> Action:
        for name in names:
            ACTIONS[name] = handler
        return handler

    return add


def _user(context: Context, user_id: int) -> User:
    s = services(context)
    return s.scans.user(user_id) or User.new(user_id, s.scans.now())  # not stored


# --- the inviter: composing ---------------------------------------------------------------
@action("new")
async def new(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets = services(context).toetsen.team.start(_user(context, me.id), person(me))
    await sv.status(context, toets, me.id)


@action("o")
async def show(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets = services(context).toetsen.book.load(a.toets)
    if toets is None or not (toets.inviter == me.id or toets.member_of(me.id)):
        raise Refused(text("Deze toets kan ik niet vinden. Met /toets ziet u uw toetsen."))
    await sv.status(context, toets, me.id, query if toets.state == "draft" else None)


@action("p", "l", "ld", "n", "pl")
async def compose(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    team = services(context).toetsen.team
    user = _user(context, me.id)
    token = None
    if a.action == "p":
        if not a.arg.isdigit():
            raise Refused(BAD)
        toets = team.toggle_peer(a.toets, user, int(a.arg))
    elif a.action == "l":
        toets, token = team.add_link(a.toets, me.id)
    elif a.action == "ld":
        toets = team.drop_link(a.toets, me.id)
    elif a.action == "n":
        toets = team.toggle_note(a.toets, user, a.arg)
    else:
        toets = team.toggle_plan(a.toets, user)
    if token is not None:
        await tv.link_message(context, toets, token)
        return
    await tv.show_draft(context, toets, query)


@action("pv")
async def preview(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets = services(context).toetsen.book.as_inviter(a.toets, me.id, ("draft",))
    await tv.preview(context, toets, _user(context, me.id))


@action("s")
async def send_out(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets, tokens = services(context).toetsen.team.send(a.toets, _user(context, me.id), person(me))
    await tv.sent(context, toets, tokens)
    await sv.status(context, toets, me.id)


@action("x")
async def cancel(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets = services(context).toetsen.book.as_inviter(a.toets, me.id)
    await send(
        context,
        me.id,
        [
            text(
                "Weet u zeker dat u deze collegiale toets wilt annuleren? "
                "Het team krijgt daarvan bericht."
            )
        ],
        [[(text("Ja, annuleren"), tc.act(toets.id, "xy")), back_to(toets)]],
    )


@action("xy")
async def cancel_yes(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets = services(context).toetsen.team.cancel(a.toets, me.id)
    await say(context, me.id, text("De collegiale toets is geannuleerd."))
    for m in toets.members:
        if m.user_id and m.status in (ASKED, IN):
            await say(
                context,
                m.user_id,
                text(
                    "De collegiale toets van {town} is geannuleerd door de organisator.",
                    town=town_of(context, toets),
                ),
            )


# --- the team ---------------------------------------------------------------------------------
@action("invite")
async def invite(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets, _ = services(context).toetsen.team.answer(a.toets, person(me), a.arg == "y")
    await tv.answered(context, toets, me.id, a.arg == "y")


@action("c")
async def ask_chair(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    if not a.arg.isdigit():
        raise Refused(BAD)
    toets, member = services(context).toetsen.team.ask_chair(a.toets, me.id, int(a.arg))
    who = member_label(member, services(context).registry)
    await say(context, me.id, text("{member} is gevraagd als voorzitter.", member=who))
    await send(
        context,
        member.user_id or 0,
        [
            text(
                "Wilt u de voorzitter zijn van de collegiale toets van {town}? De voorzitter "
                "legt de oordelen van het team naast elkaar, stelt het oordeel vast en "
                "verstuurt het rapport.",
                town=town_of(context, toets),
            )
        ],
        sv.member_rows(toets, member.user_id or 0)[:1],
    )


@action("ch")
async def chair_answer(
    context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction
) -> None:
    yes = a.arg == "y"
    toets, member = services(context).toetsen.team.answer_chair(a.toets, me.id, yes)
    who = member_label(member, services(context).registry)
    if yes:
        await say(context, me.id, text("Dank u. U bent de voorzitter van deze toets."))
        await say(context, toets.inviter, text("{member} is voorzitter.", member=who))
    else:
        await say(context, me.id, text("Dank u. Uw antwoord is doorgegeven."))
        await say(
            context,
            toets.inviter,
            text(
                "{member} wil liever geen voorzitter zijn. Kies iemand anders via /toets.",
                member=who,
            ),
        )


@action("b")
async def prepare(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets = services(context).toetsen.team.prepare(a.toets, me.id)
    for m in toets.active():
        await tv.send_guide(context, toets, m.user_id or 0)
        await send(
            context,
            m.user_id or 0,
            [
                text(
                    "De voorbereiding van de toets van {town} is begonnen.",
                    town=town_of(context, toets),
                )
            ],
            [[back_to(toets)]],
        )
    await sv.status(context, toets, me.id)


@action("g")
async def guide(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    book = services(context).toetsen.book
    toets = book.load(a.toets)
    if toets is not None and toets.inviter == me.id:
        toets = book.as_inviter(a.toets, me.id, RUNNING)
    else:
        toets, _ = book.as_member(a.toets, me.id, RUNNING)
    await tv.send_guide(context, toets, me.id)


@action("d")
async def ask_date(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets = services(context).toetsen.after.ask_date(a.toets, me.id)
    await send(
        context,
        me.id,
        [
            text(
                "Typ de datum en het tijdstip van het gesprek, bijvoorbeeld "
                "'15 maart 14:00' of '15-03-2027 14:00'."
            )
        ],
        [[(text("Annuleren"), tc.act(toets.id, "tx"))]],
    )


@action("dy", "dn")
async def date_answer(
    context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction
) -> None:
    yes = a.action == "dy"
    toets = services(context).toetsen.after.confirm_date(a.toets, me.id, a.arg, yes)
    member = toets.member_of(me.id)
    assert member is not None
    await say(context, me.id, text("Dank u, uw antwoord is bewaard."))
    who = member_label(member, services(context).registry)
    await say(
        context,
        toets.inviter,
        text("{member} kan op de voorgestelde datum.", member=who)
        if yes
        else text("{member} kan niet op de voorgestelde datum.", member=who),
    )


@action("tx")
async def stop_typing(
    context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction
) -> None:
    toets = services(context).toetsen.stop_typing(a.toets, me.id)
    await sv.status(context, toets, me.id)


@action("w")
async def withdraw(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets, _ = services(context).toetsen.book.as_member(a.toets, me.id, RUNNING)
    await send(
        context,
        me.id,
        [
            text(
                "Weet u zeker dat u zich uit deze toets wilt terugtrekken? "
                "Wat u tot nu toe inbracht, wordt dan verwijderd."
            )
        ],
        [[(text("Ja, trek mij terug"), tc.act(toets.id, "wy")), back_to(toets)]],
    )


@action("wy")
async def withdraw_yes(
    context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction
) -> None:
    toets, member = services(context).toetsen.team.withdraw(a.toets, me.id)
    await say(context, me.id, text("U heeft zich teruggetrokken. Dank u voor het laten weten."))
    who = member_label(member, services(context).registry)
    await say(
        context,
        toets.inviter,
        text("{member} heeft zich uit uw collegiale toets teruggetrokken.", member=who),
    )
