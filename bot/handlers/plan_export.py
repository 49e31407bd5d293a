"""The verbeterplan alone as a document (PDF, Markdown, JSON), offered under /export."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot.buttons import plan as plan_buttons
from bot.context import Context, services, translator, user_locks
from dialogs.texts import N_, text
from regiescan.renderers.plan_documents import prepare_plan_job

PLAN_FORMAT_LABELS = {
    "pdf": N_("Verbeterplan als PDF"),
    "md": N_("Verbeterplan als Markdown"),
    "json": N_("Verbeterplan als JSON"),
}


async def offer_plan_export(context: Context, user_id: int) -> None:
    """Under /export: the plan alone, for the college (only when there is a plan)."""
    if not services(context).plans.has_plan(user_id):
        return
    t = translator(context, user_id)
    rows = [
        [InlineKeyboardButton(t(text(label)), callback_data=plan_buttons.export(fmt))]
        for fmt, label in PLAN_FORMAT_LABELS.items()
    ]
    await context.bot.send_message(
        user_id,
        t(text("Of alleen uw verbeterplan, als document voor het college:")),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def export_plan(update: Update, context: Context, fmt: str) -> None:
    """A format of the plan-alone export was tapped: render it and send it."""
    query = update.callback_query
    assert query is not None
    user_id = query.from_user.id
    s = services(context)
    t = translator(context, user_id)
    async with user_locks(context).get(user_id):
        user = s.scans.user(user_id)
        job = prepare_plan_job(s, user, fmt, t, s.scans.now(), str(user_id)) if user else None
    if job is None:
        await query.answer(t(text("Er staat nog niets in uw verbeterplan. Met /plan begint u.")))
        return
    await query.answer(t(text("Een ogenblik, het bestand wordt gemaakt.")))
    # PDF: in the render process (fpdf2 and its fonts stay out of the bot).
    made = job.finish(
        await context.bot_data.renderer.run(job.remote) if job.heavy else job.render()
    )
    document = InputFile(made.data, filename=made.filename)
    document.mimetype = made.mime_type
    await context.bot.send_document(user_id, document=document, caption=t(text("Verbeterplan")))
