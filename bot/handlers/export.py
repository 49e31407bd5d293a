"""/export (a coordinator's scan as PDF, Markdown or JSON) and /export_regio (staff: CSV, XLSX).

Both ask with buttons: which scan or region, then which format; the file arrives as a document.
Staff buttons check the role and the region again on every tap (``require_staff``), like every
other staff button. Files are rendered in a worker thread and never written to disk.
"""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot import export_callbacks as cb
from bot.context import Context, services, translator, user_locks
from bot.handlers.plan_export import offer_plan_export
from bot.staff_context import deny, regional, require_staff, require_staff_scope
from dialogs.exports.formats import ExportFile
from dialogs.model import Scan
from dialogs.regional.access import NOT_YOUR_REGION, StaffMember
from dialogs.texts import N_, Date, Text, text, verbatim
from regiescan.renderers.region_documents import named_allowed, prepare_region_export
from regiescan.renderers.scan_documents import exportable_scans, find_scan, prepare_scan_export

FINISHED_SHOWN = 8  # finished scans offered, latest first
SCAN_FORMAT_LABELS = {
    "pdf": N_("PDF, om te printen of te mailen"),
    "md": N_("Markdown, tekst voor een notitie"),
    "json": N_("JSON, alle gegevens voor andere programma's"),
}
REGION_FORMAT_LABELS = {"xlsx": N_("Excel (XLSX)"), "csv": N_("CSV")}


def _scan_label(scan: Scan, name: str) -> Text:
    if scan.finished is None:
        return text("Huidige scan, {municipality} (onvolledig)", municipality=verbatim(name))
    return text(
        "Scan van {date}, {municipality}", date=Date(scan.finished), municipality=verbatim(name)
    )


def _markup(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in rows]
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
        user_id, t(text("Welke scan wilt u exporteren?")), reply_markup=_markup(rows)
    )
    await offer_plan_export(context, user_id)


def _name(context: Context, scan: Scan) -> str:
    m = services(context).registry.get(scan.gemeente or "")
    return m.name if m else "-"


async def _offer_formats(context: Context, user_id: int, scan: Scan) -> None:
    t = translator(context, user_id)
    rows = [
        (t(text(label)), cb.scan_format(scan.id, fmt)) for fmt, label in SCAN_FORMAT_LABELS.items()
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
    await context.bot.send_message(user_id, t(question), reply_markup=_markup(rows))


async def export_button(update: Update, context: Context) -> None:
    """Every export button: a scan or format (coordinator), a region or format (staff)."""
    query = update.callback_query
    if query is None:
        return
    action = cb.parse_export(query.data)
    if action is None:
        await query.answer()
        return
    if action.kind in ("region", "region_format"):
        member = await require_staff(update, context)
        if member is not None:
            await _region_button(update, context, member, action)
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
        render = prepare_scan_export(s, user, scan, action.fmt, t, s.scans.now(), str(user_id))
    await query.answer(t(text("Een ogenblik, het bestand wordt gemaakt.")))
    made = await asyncio.to_thread(render)
    if scan.finished is None:
        caption = text(
            "Onvolledig: de scan voor {municipality} is nog niet afgerond.",
            municipality=verbatim(_name(context, scan)),
        )
    else:
        caption = _scan_label(scan, _name(context, scan))
    await _send(context, user_id, made, t(caption))


async def _send(context: Context, chat_id: int, made: ExportFile, caption: str) -> None:
    document = InputFile(made.data, filename=made.filename)
    document.mimetype = made.mime_type  # not left to the system's mime.types
    await context.bot.send_document(chat_id, document=document, caption=caption)


async def export_region_command(update: Update, context: Context) -> None:
    """Staff: offer a region (or, with one region, the formats at once)."""
    checked = await require_staff_scope(update, context)
    if checked is None:
        return
    member, scope = checked
    r = regional(context)
    if len(scope) == 1:
        await _offer_region_formats(context, member, scope[0])
        return
    t = translator(context, member.user_id)
    rows = [(r.region_name(code) or code, cb.choose_region(code)) for code in scope]
    rows.append((t(text("Alle regio's hierboven")), cb.choose_region(cb.ALL_REGIONS)))
    await context.bot.send_message(
        member.user_id, t(text("Van welke regio wilt u de scans?")), reply_markup=_markup(rows)
    )


def _regions(context: Context, member: StaffMember, target: str) -> tuple[str, ...] | None:
    """The regions a button names, if the member reaches every one of them (checked now)."""
    if target == cb.ALL_REGIONS:
        return member.regions or None
    return (target,) if regional(context).access.may_reach(member, target) else None


async def _offer_region_formats(context: Context, member: StaffMember, target: str) -> None:
    t = translator(context, member.user_id)
    name = regional(context).region_name(target) if target != cb.ALL_REGIONS else None
    rows = [
        (t(text(label)), cb.region_format(target, fmt))
        for fmt, label in REGION_FORMAT_LABELS.items()
    ]
    if name is None:
        question = text("In welk formaat wilt u de scans van al uw regio's?")
    else:
        question = text(
            "In welk formaat wilt u de scans van Veiligheidsregio {region}?", region=verbatim(name)
        )
    await context.bot.send_message(member.user_id, t(question), reply_markup=_markup(rows))


async def _region_button(
    update: Update, context: Context, member: StaffMember, action: cb.ExportAction
) -> None:
    query = update.callback_query
    assert query is not None
    regions = _regions(context, member, action.target)
    if regions is None:
        await deny(update, context, NOT_YOUR_REGION)
        return
    if action.kind == "region":
        await query.answer()
        await _offer_region_formats(context, member, action.target)
        return
    s = services(context)
    t = translator(context, member.user_id)
    render = prepare_region_export(
        s,
        regions,
        action.fmt,
        t,
        s.scans.now(),
        named=named_allowed(s.settings, member.role),
        who=f"staff {member.user_id} ({member.role})",
    )
    await query.answer(t(text("Een ogenblik, het bestand wordt gemaakt.")))
    made = await asyncio.to_thread(render)
    caption = text(
        "Alleen gemeenten die hebben ingestemd met vermelding staan er met naam in; de "
        "andere zijn samengenomen."
    )
    if named_allowed(s.settings, member.role):
        caption = text("Met uw rol staan alle gemeenten er met naam in. Ga er zorgvuldig mee om.")
    await _send(context, member.user_id, made, t(caption))
