"""/export: a coordinator's scan as PDF, Markdown or JSON (staff exports: ``region_export``).

It asks with buttons: which scan, then which format; the file arrives as a document. The export
buttons (kind ``x``) all arrive here; the staff ones go on to :mod:`bot.handlers.region_export`.
Files are rendered in the render process (PDF) or right here, and never written to disk.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.buttons import exports as cb
from bot.buttons.codec import parse, pattern
from bot.context import App, Context, services, translator, user_locks
from bot.handlers import region_export
from bot.handlers.plan_export import offer_plan_export
from bot.replies import button_column, send_document
from dialogs.model import Scan
from dialogs.texts import Date, Text, text, verbatim
from regiescan.renderers.formats import SCAN_FORMATS
from regiescan.renderers.scan_documents import exportable_scans, find_scan, prepare_scan_job

FINISHED_SHOWN = 8  # finished scans offered, latest first


def _scan_label(scan: Scan, name: str) -> Text:
    if scan.finished is None:
        return text("Huidige scan, {municipality} (onvolledig)", municipality=verbatim(name))
    return text(
        "Scan van {date}, {municipality}", date=Date(scan.finished), municipality=verbatim(name)
    )


async def export_command(update: Update, context: Context) -> None:
    """Offer the user's scans to export (or, with one scan, the formats at once)."""
    user_id = update.effective_user.id if update.effective_user else None
    if user_id is None:
        return
    s = services(context)
    t = translator(context, user_id)
    async with user_locks(context).get(user_id):
        user = s.scans.user(user_id)
    scans = exportable_scans(user) if user else []
    if not scans:
        message = text("U heeft nog geen scan om te exporteren. Met /scan begint u de scan.")
        await context.bot.send_message(user_id, t(message))
        return
    if len(scans) == 1:
        await _offer_formats(context, user_id, scans[0])
        await offer_plan_export(context, user_id)
        return
    shown = scans[: FINISHED_SHOWN + (scans[0].finished is None)]
    rows = [(t(_scan_label(scan, _name(context, scan))), cb.choose_scan(scan.id)) for scan in shown]
    await context.bot.send_message(
        user_id, t(text("Welke scan wilt u exporteren?")), reply_markup=button_column(rows)
    )
    await offer_plan_export(context, user_id)


def _name(context: Context, scan: Scan) -> str:
    m = services(context).registry.get(scan.gemeente or "")
    return m.name if m else "-"


async def _offer_formats(context: Context, user_id: int, scan: Scan) -> None:
    t = translator(context, user_id)
    rows = [
        (t(text(spec.label)), cb.scan_format(scan.id, fmt)) for fmt, spec in SCAN_FORMATS.items()
    ]
    name = verbatim(_name(context, scan))
    if scan.finished is None:
        question = text(
            "In welk formaat wilt u uw huidige scan voor {municipality} (onvolledig)?",
            municipality=name,
        )
    else:
        question = text(
            "In welk formaat wilt u de scan voor {municipality} van {date}?",
            municipality=name,
            date=Date(scan.finished),
        )
    await context.bot.send_message(user_id, t(question), reply_markup=button_column(rows))


async def export_button(update: Update, context: Context) -> None:
    """Every export button: a scan or format (coordinator), a region or format (staff)."""
    query = update.callback_query
    if query is None:
        return
    action = parse(query.data)
    if not isinstance(action, cb.ExportAction):
        await query.answer()
        return
    if action.kind in ("region", "region_format"):
        await region_export.region_button(update, context, action)
        return
    user_id = query.from_user.id
    s = services(context)
    t = translator(context, user_id)
    async with user_locks(context).get(user_id):
        user = s.scans.user(user_id)
        scan = find_scan(user, action.target) if user else None
        if user is None or scan is None:
            gone = text("Deze scan kan ik niet meer vinden. Stuur /export opnieuw.")
            await query.answer(t(gone), show_alert=True)
            return
        if action.kind == "scan":
            await query.answer()
            await _offer_formats(context, user_id, scan)
            return
        job = prepare_scan_job(s, user, scan, action.fmt, t, s.scans.now(), str(user_id))
    await query.answer(t(text("Een ogenblik, het bestand wordt gemaakt.")))
    # PDF: in the render process (bot.context.BotData.renderer); the rest is quick text.
    made = job.finish(
        await context.bot_data.renderer.run(job.remote) if job.heavy else job.render()
    )
    if scan.finished is None:
        caption = text(
            "Onvolledig: de scan voor {municipality} is nog niet afgerond.",
            municipality=verbatim(_name(context, scan)),
        )
    else:
        caption = _scan_label(scan, _name(context, scan))
    await send_document(context, user_id, made, t(caption))


def register(app: App) -> None:
    app.add_handler(CommandHandler(["export"], export_command, filters=filters.ChatType.PRIVATE))
    app.add_handler(CallbackQueryHandler(export_button, pattern=pattern(*cb.KINDS)))
