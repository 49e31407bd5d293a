"""/regio: the region's progress per municipality, one-tap nudges, and the regional picture."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, filters

from bot.buttons import toets as toets_buttons
from bot.buttons.regional import StaffCallback, staff_data
from bot.context import App, Context, services, translator
from bot.formatting import fit
from bot.nudges import nudge
from bot.staff_access import STALE, deny, regional, require_staff_scope
from bot.webapp.buttons import dashboard_button
from dialogs.plan.regional import region_plan_texts
from dialogs.regional.access import NOT_YOUR_REGION, StaffMember
from dialogs.regional.dashboard import region_picture
from dialogs.regional.overview import overview_texts
from dialogs.texts import text, verbatim
from regiescan.renderers.heatmap import heatmap_png

PER_ROW = 2


async def region_command(update: Update, context: Context) -> None:
    """Show one region (/regio VR21), or offer the staff member's regions to choose from."""
    checked = await require_staff_scope(update, context)
    if checked is None:
        return
    member, scope = checked
    r = regional(context)
    if len(scope) == 1:
        await show_region(context, member, scope[0])
        return
    t = translator(context, member.user_id)
    buttons = [
        InlineKeyboardButton(
            r.region_name(code) or code, callback_data=staff_data("r", "show", code)
        )
        for code in scope
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    dashboard = dashboard_button(context.bot_data.services.settings, t)
    if dashboard is not None:
        rows.append([dashboard])
    await context.bot.send_message(
        member.user_id, t(text("Welke regio wilt u zien?")), reply_markup=InlineKeyboardMarkup(rows)
    )


async def on_button(
    update: Update, context: Context, member: StaffMember, cb: StaffCallback
) -> None:
    """Show a region, or nudge one municipality."""
    query = update.callback_query
    assert query is not None
    r = regional(context)
    t = translator(context, member.user_id)
    if cb.action == "show":
        if not r.access.may_reach(member, cb.arg):
            await deny(update, context, NOT_YOUR_REGION)
            return
        await query.answer()
        await show_region(context, member, cb.arg)
        return
    if cb.action == "n":
        await _nudge(update, context, member, cb.arg)
        return
    await query.answer(t(text(STALE)), show_alert=True)


async def show_region(context: Context, member: StaffMember, region: str) -> None:
    r = regional(context)
    t = translator(context, member.user_id)
    entries = r.index.entries((region,))
    picture = region_picture(region, entries, r.registry, r.content)
    name = r.region_name(region) or region
    stats = list(picture.stats) if picture.stats is not None else None
    lines = overview_texts(name, list(picture.statuses), stats, picture.finished, r.content)
    codes = {s.code for s in picture.statuses}
    toetsen = services(context).toetsen
    counts = toetsen.region_counts(codes)  # counts only: the content is the municipality's
    lines.append(text("Collegiale toetsen: {running} lopend, {reported} afgerond.", **counts))
    lines += [
        verbatim(""),
        *region_plan_texts(services(context).plans.region_view(region, entries)),
    ]
    buttons = []
    for shared in toetsen.shared_reports(codes):  # reports a municipality chose to share
        town = r.registry.get(shared.gemeente or "")
        label = t(text("Toetsrapport {name}", name=verbatim(town.name if town else "-")))
        buttons.append(
            InlineKeyboardButton(label, callback_data=toets_buttons.act(shared.id, "rr"))
        )
    for s in picture.statuses:
        if s.code in picture.nudgeable:
            label = t(text("Herinner {name}", name=verbatim(s.name)))
            buttons.append(InlineKeyboardButton(label, callback_data=staff_data("r", "n", s.code)))
    rows = [buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]
    dashboard = dashboard_button(context.bot_data.services.settings, t, region)
    if dashboard is not None:
        rows.append([dashboard])
    await context.bot.send_message(
        member.user_id,
        fit("\n".join(t(line) for line in lines)),
        reply_markup=InlineKeyboardMarkup(rows) if rows else None,
    )
    if stats is None:
        return
    rows_ = [(t(row.label), row.scores) for row in picture.heat]
    columns = [f"{n}. {t(k.title_msgid)}" for n, k in enumerate(r.content.knelpunten, start=1)]
    title = t(text("Veiligheidsregio {region}: score per knelpunt", region=verbatim(name)))
    comma = member_locale_comma(t.locale)
    png = await context.bot_data.renderer.run(heatmap_png, rows_, columns, title, comma)
    caption = t(
        text(
            "Alleen gemeenten die hebben ingestemd met vermelding staan er met naam in; de "
            "andere zijn samengenomen."
        )
    )
    await context.bot.send_photo(member.user_id, photo=png, caption=caption, filename="regio.png")


def member_locale_comma(locale: str) -> bool:
    return locale == "nl"


async def _nudge(update: Update, context: Context, member: StaffMember, code: str) -> None:
    """Remind the coordinators of one municipality who have not finished (once a day)."""
    query = update.callback_query
    assert query is not None
    t = translator(context, member.user_id)
    outcome = nudge(context.bot_data, member, code)
    await query.answer(t(outcome.notice)[:200], show_alert=not outcome.ok)


def register(app: App) -> None:
    app.add_handler(
        CommandHandler(["regio", "region"], region_command, filters=filters.ChatType.PRIVATE)
    )
