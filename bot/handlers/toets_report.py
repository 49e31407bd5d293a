"""After the judgement: the report to the municipality, measures, exports, sharing with the
region, and the jobs (expiry, the reminder the day before, the three-month follow-up)."""

from __future__ import annotations

from datetime import datetime

from telegram import InputFile

from bot.buttons import toets as tc
from bot.buttons.regional import resume_data
from bot.context import Context, services, translator
from bot.toets_view import Button, back_to, say, send, town_of
from dialogs.peers.contacts import Refused
from dialogs.regional.schedule_rules import moment_text
from dialogs.texts import text, verbatim
from dialogs.toets.model import REPORTED, Toets
from dialogs.toets.texts import report_lines
from regiescan.renderers import jobs

# The PDF is drawn in the render process; fpdf2 (imported by toets_documents) stays out of the bot.
FORMATS = {"pdf": "application/pdf", "md": "text/markdown"}


def report_rows(toets: Toets) -> list[list[Button]]:
    rows: list[list[Button]] = []
    for n, rec in enumerate((toets.report or {}).get("recommendations", []), start=1):
        if not rec.get("measure"):
            rows.append(
                [
                    (
                        text("Maak maatregel van aanbeveling {n}", n=n),
                        tc.act(toets.id, "m", rec["id"]),
                    )
                ]
            )
    rows.append(
        [
            (text("Als PDF"), tc.act(toets.id, "e", "pdf")),
            (text("Als Markdown"), tc.act(toets.id, "e", "md")),
        ]
    )
    share = (text("Niet meer delen met de regio"), tc.act(toets.id, "rg", "0"))
    if not toets.share_region:
        share = (text("Deel het rapport met de regio"), tc.act(toets.id, "rg", "1"))
    rows.append([share])
    return rows


async def show_report(context: Context, toets: Toets, user_id: int) -> None:
    lines = report_lines(toets, services(context).registry)
    rows = report_rows(toets) if toets.inviter == user_id and toets.state == REPORTED else []
    await send(context, user_id, lines, rows)


async def chair_preview(context: Context, toets: Toets, user_id: int) -> None:
    lines = [
        text("Zo gaat het rapport naar de gemeente:"),
        *report_lines(toets, services(context).registry),
    ]
    rows: list[list[Button]] = [
        [(text("Verstuur het rapport"), tc.act(toets.id, "cg"))],
        [(text("Terug naar het oordeel"), tc.act(toets.id, "cu"))],
    ]
    await send(context, user_id, lines, rows)


async def reported(context: Context, toets: Toets) -> None:
    await say(
        context,
        toets.inviter,
        text(
            "Het team heeft zijn oordeel over uw zelfevaluatie vastgesteld. Hieronder "
            "het rapport; van elke aanbeveling maakt u met één tik een maatregel."
        ),
    )
    await show_report(context, toets, toets.inviter)
    for m in toets.active():
        await send(
            context,
            m.user_id or 0,
            [
                text(
                    "Het rapport is verstuurd naar {town}. Dank u wel voor uw tijd en uw "
                    "blik van buiten. Wilt u zelf ook een collegiale toets?",
                    town=town_of(context, toets),
                )
            ],
            [[(text("Organiseer een collegiale toets"), tc.new_toets())]],
        )


async def measure(context: Context, toets_id: str, user_id: int, rec_id: str) -> None:
    rec = services(context).toetsen.after.to_measure(toets_id, user_id, rec_id)
    toets = services(context).toetsen.book.load(toets_id)
    assert toets is not None
    where = text("Bewaard als maatregel bij deze toets.")
    if rec["measure"]["ref"] != "toets":
        where = text("Toegevoegd aan uw verbeterplan.")
    await send(
        context,
        user_id,
        [text("Maatregel: {title}", title=verbatim(rec["text"])), where],
        [*report_rows(toets), [back_to(toets)]],
    )


async def export(context: Context, toets: Toets, user_id: int, fmt: str) -> None:
    if fmt not in FORMATS or toets.report is None:
        raise Refused(text("Deze knop begrijp ik niet. Er is niets gewijzigd."))
    s = services(context)
    t = translator(context, user_id)
    from regiescan.renderers.toets_documents import render_markdown, report_document

    mime = FORMATS[fmt]
    doc = report_document(toets, s.registry, t)
    if fmt == "pdf":  # fpdf2 and its fonts in the render process
        data = await context.bot_data.renderer.run(jobs.toets_pdf, doc, t.locale, s.scans.now())
    else:
        data = render_markdown(doc, t, s.scans.now())
    name = s.registry.get(toets.gemeente or "") or None
    slug = (name.name if name else "gemeente").lower().replace(" ", "-")
    document = InputFile(data, filename=f"toets-{slug}-{s.scans.now()[:10]}.{fmt}")
    document.mimetype = mime
    await context.bot.send_document(
        user_id, document=document, caption=t(text("Het rapport van de collegiale toets."))
    )


async def staff_report(context: Context, toets_id: str, user_id: int) -> None:
    """Regional staff: a report the municipality shared with its region, nothing else."""
    s = services(context)
    member = s.regional.access.member(user_id)
    toets = s.toetsen.book.load(toets_id)
    m = s.registry.get(toets.gemeente or "") if toets else None
    allowed = member is not None and toets is not None and m is not None
    if not allowed or not toets or not toets.share_region or toets.state != REPORTED:
        raise Refused(text("Dit rapport is niet met u gedeeld."))
    if member is None or m is None or not s.regional.access.may_reach(member, m.vr_code):
        raise Refused(text("Dit rapport is niet met u gedeeld."))
    await show_report(context, toets, user_id)


# --- jobs ---------------------------------------------------------------------------------
async def toets_jobs(context: Context) -> None:
    """Hourly: quiet toetsen expire, the day-before reminder, the three-month follow-up."""
    after = services(context).toetsen.after
    for toets in after.expire_quiet():
        notice = text(
            "De collegiale toets van {town} is verlopen: er gebeurde te lang niets. U "
            "kunt altijd een nieuwe organiseren met /toets.",
            town=town_of(context, toets),
        )
        for user_id in {toets.inviter, *(m.user_id for m in toets.active() if m.user_id)}:
            await say(context, user_id, notice)
    for toets in after.reminders_due():
        moment = moment_text(datetime.fromisoformat((toets.date or {})["at"]))
        notice = text(
            "Herinnering: morgen, {moment}, is het gesprek van de collegiale toets van {town}.",
            moment=moment,
            town=town_of(context, toets),
        )
        for user_id in {toets.inviter, *(m.user_id for m in toets.active() if m.user_id)}:
            await send(context, user_id, [notice], [[back_to(toets)]])
    for toets in after.followups_due():
        recs = (toets.report or {}).get("recommendations", [])
        taken = sum(1 for r in recs if r.get("measure"))
        await send(
            context,
            toets.inviter,
            [
                text(
                    "Drie maanden geleden kreeg u het rapport van uw collegiale toets. Hoe "
                    "staan de maatregelen ervoor? Van {taken} van de {total} aanbevelingen "
                    "maakte u een maatregel. Een nieuwe scan laat zien wat er veranderd is.",
                    taken=taken,
                    total=len(recs),
                )
            ],
            [
                [(text("Start een nieuwe scan"), resume_data())],
                [(text("Rapport bekijken"), tc.act(toets.id, "rp"))],
            ],
        )
