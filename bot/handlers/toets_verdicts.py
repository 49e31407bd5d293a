"""What the judging, chair and report buttons of the toets do (the actions of the team phase
are in :mod:`bot.handlers.toets_actions`, whose table :data:`ACTIONS` these join)."""

from __future__ import annotations

from telegram import CallbackQuery
from telegram import User as TgUser

from bot.buttons import toets as tc
from bot.context import Context, services
from bot.handlers import toets_judging as jv
from bot.handlers import toets_report as rv
from bot.handlers.toets_actions import BAD, action
from bot.toets_view import say, send
from dialogs.peers.contacts import Refused
from dialogs.scan.content import KNELPUNT_IDS
from dialogs.texts import text
from dialogs.toets.judging import RECOMMEND
from dialogs.toets.model import JUDGING


# --- judging --------------------------------------------------------------------------------
@action("j")
async def start_judging(
    context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction
) -> None:
    toets = services(context).toetsen.judging.start(a.toets, me.id)
    await jv.judging_started(context, toets)


@action("k")
async def open_knelpunt(
    context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction
) -> None:
    toets, member = services(context).toetsen.judging.open(a.toets, me.id, a.arg or None)
    await jv.knelpunt_screen(context, toets, member, query if a.arg else None)


@action("jv")
async def verdict(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    knelpunt, value = jv.verdict_arg(a.arg)
    judging = services(context).toetsen.judging
    member = judging.verdict(a.toets, me.id, knelpunt, value)
    toets = services(context).toetsen.book.load(a.toets)
    assert toets is not None
    await jv.after_verdict(context, toets, member, knelpunt)


@action("ja")
async def recommend(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    member = services(context).toetsen.judging.ask_recommendation(a.toets, me.id, a.arg)
    toets = services(context).toetsen.book.load(a.toets)
    assert toets is not None
    await jv.ask_recommendation(context, toets, member, a.arg)


@action("js")
async def skip(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets, member = services(context).toetsen.book.as_member(a.toets, me.id, (JUDGING,))
    was = (member.awaiting or {}).get("kind")
    toets, member = services(context).toetsen.judging.skip_text(a.toets, me.id)
    await jv.continue_after(context, toets, member, move_on=was != RECOMMEND)


# --- the chair --------------------------------------------------------------------------------
@action("co")
async def chair_view(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    if a.arg and a.arg not in KNELPUNT_IDS:
        raise Refused(BAD)
    toets, chair = services(context).toetsen.book.as_chair(a.toets, me.id, (JUDGING,))
    await jv.chair_screen(context, toets, chair, a.arg or KNELPUNT_IDS[0], query if a.arg else None)


@action("cv", "ct", "cr")
async def chair_edit(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    judging = services(context).toetsen.judging
    if a.action == "cv":
        knelpunt, value = jv.verdict_arg(a.arg)
        toets = judging.team_verdict(a.toets, me.id, knelpunt, value)
    elif a.action == "ct":
        judging.ask_team_text(a.toets, me.id, a.arg)
        await say(
            context, me.id, text("Typ de toelichting van het team bij dit knelpunt in één bericht.")
        )
        return
    else:
        toets = judging.toggle_recommendation(a.toets, me.id, a.arg)
        knelpunt = next(
            (r["knelpunt"] for m in toets.members for r in m.recommendations if r["id"] == a.arg),
            KNELPUNT_IDS[0],
        )
    chair = toets.confirmed_chair()
    assert chair is not None
    await jv.chair_screen(context, toets, chair, knelpunt, query)


@action("cs")
async def settle(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    s = services(context).toetsen
    toets = s.book.load(a.toets)
    if toets is not None and toets.state == "settled":
        s.book.as_chair(a.toets, me.id, ("settled",))
    else:
        toets = s.judging.settle(a.toets, me.id)
    await rv.chair_preview(context, toets, me.id)


@action("cu")
async def reopen(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets = services(context).toetsen.judging.reopen(a.toets, me.id)
    chair = toets.confirmed_chair()
    assert chair is not None
    await jv.chair_screen(context, toets, chair, KNELPUNT_IDS[0])


@action("cg")
async def send_report(
    context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction
) -> None:
    toets = services(context).toetsen.after.send_report(a.toets, me.id)
    await say(context, me.id, text("Het rapport is verstuurd. Dank u voor het voorzitten."))
    await rv.reported(context, toets)


# --- the report -------------------------------------------------------------------------------
@action("rp")
async def report(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets = services(context).toetsen.book.as_inviter(a.toets, me.id, ("reported",))
    await rv.show_report(context, toets, me.id)


@action("m")
async def measure(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    await rv.measure(context, a.toets, me.id, a.arg)


@action("e")
async def export(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    toets = services(context).toetsen.book.as_inviter(a.toets, me.id, ("reported",))
    await rv.export(context, toets, me.id, a.arg)


@action("rg")
async def share(context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction) -> None:
    if a.arg not in ("0", "1"):
        raise Refused(BAD)
    toets = services(context).toetsen.after.share_with_region(a.toets, me.id, a.arg == "1")
    notice = (
        text("Het rapport is gedeeld met de staf van uw veiligheidsregio.")
        if toets.share_region
        else text("Het rapport wordt niet meer gedeeld met de regio.")
    )
    await send(context, me.id, [notice], rv.report_rows(toets))


@action("rr")
async def staff_report(
    context: Context, query: CallbackQuery, me: TgUser, a: tc.ToetsAction
) -> None:
    await rv.staff_report(context, a.toets, me.id)


ACTIONS_ADDED = True
