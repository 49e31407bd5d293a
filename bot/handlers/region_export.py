"""/export_regio (staff): the scans of a region as CSV or XLSX.

It asks with buttons: which region, then which format; the file arrives as a document. The
buttons (``x|r``, ``x|q``) arrive through :func:`bot.handlers.export.export_button` and check
the role and the region again on every tap (``require_staff``), like every other staff button.
"""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.buttons import exports as cb
from bot.context import App, Context, services, translator
from bot.replies import button_column, send_document
from bot.staff_access import deny, regional, require_staff, require_staff_scope
from dialogs.regional.access import NOT_YOUR_REGION, StaffMember
from dialogs.texts import text, verbatim
from regiescan.renderers.formats import REGION_FORMATS
from regiescan.renderers.region_documents import named_allowed, prepare_region_job


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
        member.user_id,
        t(text("Van welke regio wilt u de scans?")),
        reply_markup=button_column(rows),
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
        (t(text(spec.label)), cb.region_format(target, fmt)) for fmt, spec in REGION_FORMATS.items()
    ]
    if name is None:
        question = text("In welk formaat wilt u de scans van al uw regio's?")
    else:
        question = text(
            "In welk formaat wilt u de scans van Veiligheidsregio {region}?", region=verbatim(name)
        )
    await context.bot.send_message(member.user_id, t(question), reply_markup=button_column(rows))


async def region_button(update: Update, context: Context, action: cb.ExportAction) -> None:
    """A region or a format: the role first, then the region, both checked on this tap."""
    query = update.callback_query
    assert query is not None
    member = await require_staff(update, context)
    if member is None:
        return
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
    job = prepare_region_job(
        s,
        regions,
        action.fmt,
        t,
        s.scans.now(),
        named=named_allowed(s.settings, member.role),
        who=f"staff {member.user_id} ({member.role})",
    )
    await query.answer(t(text("Een ogenblik, het bestand wordt gemaakt.")))
    table = await asyncio.to_thread(job.collect)  # reads the region's user files
    if job.heavy:  # XLSX: openpyxl in the render process
        data = await context.bot_data.renderer.run(job.remote(table))
    else:
        data = job.render(table)
    made = job.finish(table, data)
    caption = text(
        "Alleen gemeenten die hebben ingestemd met vermelding staan er met naam in; de "
        "andere zijn samengenomen."
    )
    if named_allowed(s.settings, member.role):
        caption = text("Met uw rol staan alle gemeenten er met naam in. Ga er zorgvuldig mee om.")
    await send_document(context, member.user_id, made, t(caption))


def register(app: App) -> None:
    """The command; its buttons are the export buttons (``bot.handlers.export.register``)."""
    app.add_handler(
        CommandHandler(
            ["export_regio", "export_region"],
            export_region_command,
            filters=filters.ChatType.PRIVATE,
        )
    )
