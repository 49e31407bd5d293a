"""/planning: scheduled reminders (recurring or one-off), listed, paused, deleted, created.

New: choose the audience (buttons), type when ("elke maandag 09:00", "op 15 januari 10:00"),
type the message, see the preview, save. Saving registers a PTB JobQueue job; the schedule is
stored, so a restart re-registers it (:mod:`bot.schedule_jobs`).
"""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, filters

from bot.buttons.regional import StaffCallback, staff_data
from bot.context import App, Context, translator
from bot.edits import edit_query_message
from bot.formatting import fit
from bot.schedule_jobs import register_jobs
from bot.staff_access import STALE, deny, regional, require_staff, say
from bot.staff_drafts import (
    Draft,
    audience_keyboard,
    cancel_keyboard,
    drafts,
    scope_text,
    send_preview,
)
from dialogs.regional.access import NOT_YOUR_REGION, StaffMember
from dialogs.regional.audience import AUDIENCES, audience_label
from dialogs.regional.broadcast_document import MAX_MESSAGE_CHARS
from dialogs.regional.schedule_rules import (
    ScheduleError,
    describe,
    moment_text,
    next_due,
    parse_rule,
)
from dialogs.regional.schedules import Schedule
from dialogs.texts import Text, joined, text, verbatim
from regiescan.wiring.i18n import Translator

NEW = ("nieuw", "new")
EXCERPT = 60  # characters of a scheduled message shown in the list


async def planning_command(update: Update, context: Context) -> None:
    """List the schedules, or (/planning nieuw [VR21]) plan a new reminder."""
    member = await require_staff(update, context)
    if member is None:
        return
    args = context.args or []
    if args and args[0].lower() in NEW:
        scope = regional(context).access.scope(member, args[1] if len(args) > 1 else None)
        if scope is None:
            await deny(update, context, NOT_YOUR_REGION)
            return
        await _start_new(context, member, scope)
        return
    # "/planning VR13": only a region the member holds, like every other staff command.
    scope = regional(context).access.scope(member, args[0] if args else None)
    if scope is None:
        await deny(update, context, NOT_YOUR_REGION)
        return
    t = translator(context, member.user_id)
    body, markup = _listing(context, member, t, scope if args else None)
    await context.bot.send_message(member.user_id, body, reply_markup=markup)


def _state(schedule: Schedule) -> Text:
    if schedule["paused"]:
        return text("Gepauzeerd.")
    if not schedule["next_due"]:
        return text("Verstuurd; er volgt geen keer meer.")
    return text(
        "Volgende keer: {moment}.", moment=moment_text(datetime.fromisoformat(schedule["next_due"]))
    )


def _listing(
    context: Context, member: StaffMember, t: Translator, regions: tuple[str, ...] | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The member's schedules; with ``regions`` only those that reach one of them."""
    r = regional(context)
    schedules = r.planner.visible_to(member)
    if regions is not None:
        schedules = [s for s in schedules if set(s["regions"]) & set(regions)]
    lines: list[Text] = [text("Geplande herinneringen")]
    rows: list[list[InlineKeyboardButton]] = []
    if not schedules:
        lines.append(text("Er zijn nog geen geplande herinneringen."))
    for n, s in enumerate(schedules, start=1):
        excerpt = s["message"] if len(s["message"]) <= EXCERPT else s["message"][:EXCERPT] + "…"
        lines.append(
            joined(
                text(
                    "{n}. {rule}, aan: {audience} ({scope}). {state}",
                    n=n,
                    rule=describe(s["rule"]),
                    audience=audience_label(s["audience"]),
                    scope=scope_text(r, tuple(s["regions"])),
                    state=_state(s),
                ),
                verbatim(f'"{excerpt}"'),
            )
        )
        toggle = (
            ("resume", text("Hervat {n}", n=n))
            if s["paused"]
            else ("pause", text("Pauzeer {n}", n=n))
        )
        delete = text("Verwijder {n}", n=n)
        rows.append(
            [
                InlineKeyboardButton(
                    t(toggle[1]), callback_data=staff_data("p", toggle[0], s["id"])
                ),
                InlineKeyboardButton(t(delete), callback_data=staff_data("p", "del", s["id"])),
            ]
        )
    rows.append(
        [
            InlineKeyboardButton(
                t(text("Nieuwe herinnering plannen")), callback_data=staff_data("p", "new")
            )
        ]
    )
    return fit("\n\n".join(t(x) for x in lines)), InlineKeyboardMarkup(rows)


async def _start_new(context: Context, member: StaffMember, scope: tuple[str, ...]) -> None:
    r = regional(context)
    drafts(context)[member.user_id] = Draft("planning", scope)
    t = translator(context, member.user_id)
    question = text(
        "Een nieuwe geplande herinnering in {scope}. Aan wie?", scope=scope_text(r, scope)
    )
    await context.bot.send_message(
        member.user_id, t(question), reply_markup=audience_keyboard(t, r, "p", scope)
    )


async def on_button(
    update: Update, context: Context, member: StaffMember, cb: StaffCallback
) -> None:
    """New, audience, save, cancel, pause, resume, delete."""
    query = update.callback_query
    assert query is not None
    r = regional(context)
    t = translator(context, member.user_id)
    draft = drafts(context).get(member.user_id)
    if cb.action in ("pause", "resume", "del"):
        schedule = r.planner.get_for(member, cb.arg)
        if schedule is None:
            await query.answer(
                t(text("Die planning bestaat niet meer of valt niet onder uw rol.")),
                show_alert=True,
            )
            return
        if cb.action == "del":
            r.planner.delete(schedule["id"])
        else:
            r.planner.set_paused(schedule, cb.action == "pause")
        register_jobs(context.application)
        await query.answer()
        body, markup = _listing(context, member, t)
        await edit_query_message(context.bot_data.shown, query, body, markup)
        return
    if cb.action == "new":
        await query.answer()
        await _start_new(context, member, member.regions)
        return
    if cb.action == "cancel":
        drafts(context).pop(member.user_id, None)
        await query.answer()
        await edit_query_message(
            context.bot_data.shown, query, t(text("Geannuleerd. Er is niets gepland."))
        )
        return
    if draft is None or draft.kind != "planning":
        await query.answer(t(text(STALE)), show_alert=True)
        return
    if cb.action == "aud" and draft.stage == "audience" and cb.arg in AUDIENCES:
        draft.audience, draft.stage = cb.arg, "when"
        await query.answer()
        await edit_query_message(
            context.bot_data.shown,
            query,
            t(
                text(
                    "Wanneer? Typ bijvoorbeeld 'elke maandag 09:00', 'elke dag 08:30' of "
                    "'op 15 januari 10:00' (tijd in Nederland)."
                )
            ),
            cancel_keyboard(t, "p"),
        )
        return
    if cb.action == "send" and draft.stage == "confirm" and cb.arg == draft.token:
        drafts(context).pop(member.user_id, None)
        await query.answer()
        await _save(context, member, draft)
        return
    await query.answer(t(text(STALE)), show_alert=True)


async def _save(context: Context, member: StaffMember, draft: Draft) -> None:
    r = regional(context)
    if not set(draft.regions) <= set(member.regions) or draft.rule is None:
        await say(context, member.user_id, text(NOT_YOUR_REGION))
        return
    schedule = r.planner.create(
        member, draft.regions, draft.audience or "all", draft.message or "", draft.rule
    )
    register_jobs(context.application)
    await say(
        context,
        member.user_id,
        text(
            "Gepland: {rule}, aan: {audience}. Met /planning ziet, pauzeert of verwijdert u "
            "geplande herinneringen.",
            rule=describe(schedule["rule"]),
            audience=audience_label(schedule["audience"]),
        ),
    )


async def on_text(context: Context, member: StaffMember, draft: Draft, typed: str) -> None:
    """The moment, then the message of a new schedule."""
    r = regional(context)
    t = translator(context, member.user_id)
    if draft.stage == "when":
        try:
            draft.rule = parse_rule(typed, r.now())
        except ScheduleError as exc:
            await context.bot.send_message(
                member.user_id, t(exc.notice), reply_markup=cancel_keyboard(t, "p")
            )
            return
        draft.stage = "text"
        await context.bot.send_message(
            member.user_id,
            t(text("Herinnering {rule}. Typ nu het bericht.", rule=describe(draft.rule))),
            reply_markup=cancel_keyboard(t, "p"),
        )
        return
    if not typed or len(typed) > MAX_MESSAGE_CHARS:
        await context.bot.send_message(
            member.user_id,
            t(
                text(
                    "Uw bericht moet tussen 1 en {max} tekens lang zijn. Typ het opnieuw.",
                    max=MAX_MESSAGE_CHARS,
                )
            ),
            reply_markup=cancel_keyboard(t, "p"),
        )
        return
    assert draft.rule is not None
    draft.message, draft.stage = typed, "confirm"
    first = next_due(draft.rule, r.now())
    head = text(
        "Herinnering {rule}; de eerste keer {moment}.",
        rule=describe(draft.rule),
        moment=moment_text(first) if first else text("nooit"),
    )
    await send_preview(context, member.user_id, draft, "p", text("Opslaan"), head)


def register(app: App) -> None:
    app.add_handler(
        CommandHandler(["planning", "schedule"], planning_command, filters=filters.ChatType.PRIVATE)
    )
