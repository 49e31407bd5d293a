"""/bericht: staff send a message to coordinators of their region(s).

Choose the audience (buttons), type the message, see a preview with the number of recipients
and who is left out and why, then send or cancel. Sending runs in the background
(:mod:`bot.broadcasting.tasks`); the staff member sees one status message and, at the end, a report.
Under a report with recipients whose delivery is unknown (Telegram did not answer in time) is
one button, ``m|b|resend|<broadcast id>``: send to them again, said plainly to be a possible
duplicate. The draft (audience, text, preview) is stored, so a restart loses none of it.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot.buttons.regional import StaffCallback
from bot.context import App, Context, translator, user_locks
from bot.edits import edit_query_message
from bot.formatting import paragraphs
from bot.handler_groups import STAFF_DRAFT
from bot.handlers import planning
from bot.staff_access import STALE, broadcaster, regional, require_staff_scope
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
from dialogs.regional.broadcast_document import MAX_MESSAGE_CHARS, counts, new_id, progress_text
from dialogs.scan.engine import clean_text
from dialogs.texts import plural, text


async def bericht(update: Update, context: Context) -> None:
    """Start a message to coordinators: first choose who gets it."""
    checked = await require_staff_scope(update, context)
    if checked is None:
        return
    member, scope = checked
    r = regional(context)
    drafts(context)[member.user_id] = Draft("bericht", scope)
    t = translator(context, member.user_id)
    question = text("Aan wie stuurt u een bericht in {scope}?", scope=scope_text(r, scope))
    await context.bot.send_message(
        member.user_id, t(question), reply_markup=audience_keyboard(t, r, "b", scope)
    )


async def on_button(
    update: Update, context: Context, member: StaffMember, cb: StaffCallback
) -> None:
    """Audience chosen, send, or cancel."""
    query = update.callback_query
    assert query is not None
    t = translator(context, member.user_id)
    draft = drafts(context).get(member.user_id)
    if cb.action == "cancel":
        drafts(context).pop(member.user_id, None)
        await query.answer()
        await edit_query_message(
            context.bot_data.shown, query, t(text("Geannuleerd. Er is niets verstuurd."))
        )
        return
    if cb.action == "resend":
        await _resend(update, context, member, cb.arg)
        return
    if draft is None or draft.kind != "bericht":
        await query.answer(t(text(STALE)), show_alert=True)
        return
    if cb.action == "aud" and draft.stage == "audience" and cb.arg in AUDIENCES:
        draft.audience, draft.stage = cb.arg, "text"
        await query.answer()
        await edit_query_message(
            context.bot_data.shown,
            query,
            paragraphs(
                t,
                [
                    text("Ontvangers: {audience}.", audience=audience_label(cb.arg)),
                    text(
                        "Typ nu uw bericht. Wie nog bezig is, krijgt er vanzelf bij waar hij of "
                        "zij gebleven was, met een knop om verder te gaan."
                    ),
                ],
            ),
            cancel_keyboard(t, "b"),
        )
        return
    if cb.action == "send" and draft.stage == "confirm" and cb.arg == draft.token:
        drafts(context).pop(member.user_id, None)  # a second tap finds no draft: sent once
        await query.answer()
        await _send(update, context, member, draft)
        return
    await query.answer(t(text(STALE)), show_alert=True)


async def _send(update: Update, context: Context, member: StaffMember, draft: Draft) -> None:
    t = translator(context, member.user_id)
    if not set(draft.regions) <= set(member.regions):  # the role changed meanwhile
        await context.bot.send_message(member.user_id, t(text(NOT_YOUR_REGION)))
        return
    b = broadcaster(context)
    query = update.callback_query
    preview = query.message if query is not None else None
    doc = b.create(
        broadcast_id=new_id("b"),
        by=member.user_id,
        kind="bericht",
        audience=draft.audience or "all",
        regions=draft.regions,
        message=draft.message,
        # The preview becomes the status message: the broadcast edits it into its progress at
        # once, paced with the staff chat's other messages (one edit instead of an edit and a
        # new message right after the tap, which drew Telegram's per-chat 429).
        status_message=None if preview is None else preview.message_id,
    )
    assert doc is not None  # a fresh random id
    b.start(doc["id"])
    if preview is None:
        sent = await context.bot.send_message(member.user_id, t(progress_text(counts(doc))))
        await b.set_status_message(doc["id"], member.user_id, sent.message_id)


async def _resend(update: Update, context: Context, member: StaffMember, broadcast_id: str) -> None:
    """ "Opnieuw versturen" under a report: to the recipients whose delivery is unknown, once."""
    query = update.callback_query
    assert query is not None
    t = translator(context, member.user_id)
    r = regional(context)
    try:
        doc = r.outbox.load(broadcast_id)
    except ValueError:  # a forged id
        doc = None
    if doc is None or not (
        doc.get("by") == member.user_id or set(doc["regions"]) <= set(member.regions)
    ):
        await query.answer(t(text(NOT_YOUR_REGION)), show_alert=True)
        return
    count = await broadcaster(context).resend_uncertain(broadcast_id)
    if count == 0:
        await query.answer(
            t(text("Er is niemand meer van wie de bezorging onbekend is.")), show_alert=True
        )
        return
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)  # one tap: the button goes
    notice = plural(
        "Het bericht wordt opnieuw verstuurd aan {count} ontvanger. Heeft die het al, dan "
        "krijgt die het nu dubbel.",
        "Het bericht wordt opnieuw verstuurd aan {count} ontvangers. Wie het al had, krijgt "
        "het nu dubbel.",
        "count",
        count=count,
    )
    await context.bot.send_message(member.user_id, t(notice))


async def draft_text(update: Update, context: Context) -> None:
    """Text typed while a staff draft waits for it (runs before the scan's text handler)."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    draft = drafts(context).get(user.id)
    if draft is None or draft.stage not in ("text", "when"):
        return  # not for us: the scan gets it
    member = regional(context).access.member(user.id)  # checked on every call
    if member is None:
        drafts(context).pop(user.id, None)
        return
    async with user_locks(context).get(user.id):
        try:
            if draft.kind == "planning":
                await planning.on_text(context, member, draft, clean_text(message.text))
            else:
                await _bericht_text(context, member, draft, clean_text(message.text))
        finally:
            drafts(context).save(user.id)  # the text and the stage survive a restart
    raise ApplicationHandlerStop


async def _bericht_text(context: Context, member: StaffMember, draft: Draft, typed: str) -> None:
    t = translator(context, member.user_id)
    if not typed or len(typed) > MAX_MESSAGE_CHARS:
        notice = text(
            "Uw bericht moet tussen 1 en {max} tekens lang zijn. Typ het opnieuw.",
            max=MAX_MESSAGE_CHARS,
        )
        await context.bot.send_message(
            member.user_id, t(notice), reply_markup=cancel_keyboard(t, "b")
        )
        return
    draft.message, draft.stage = typed, "confirm"
    await send_preview(context, member.user_id, draft, "b", text("Versturen"))


def register(app: App) -> None:
    """/bericht, and the text a staff draft waits for (/planning's too), in its own group."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["bericht", "message"], bericht, filters=private))
    app.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & private, draft_text), STAFF_DRAFT
    )
