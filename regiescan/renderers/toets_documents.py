"""The report of a collegiale toets as Markdown and PDF, for the college.

The same content as the report in the chat: per knelpunt the own score beside the team's
judgement and its explanation, the recommendations (marked when they became a measure), and
the team. Only what people typed is escaped in Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dialogs.municipalities import MunicipalityRegistry
from dialogs.texts import text
from dialogs.toets.model import Toets
from dialogs.toets.texts import (
    knelpunt_title,
    member_label,
    recommendation_line,
    score,
    town,
    verdict,
)
from regiescan.renderers.markdown import _cell, generated_line
from regiescan.renderers.pdf import (
    BODY,
    FONT,
    HEADING_FILL,
    LINE,
    TABLE_FONT,
    TABLE_LINE,
    TABLE_PADDING,
    TITLE,
    _Document,
    _heading,
)
from regiescan.wiring.i18n import Translator


@dataclass(frozen=True)
class ToetsReport:
    """The translated pieces of one report."""

    title: str
    subtitle: str
    table: list[list[str]]  # heading row first
    recommendations: list[str]
    team: list[str]
    headings: tuple[str, str, str]  # scores, recommendations, team


def report_document(toets: Toets, registry: MunicipalityRegistry, t: Translator) -> ToetsReport:
    report: dict[str, Any] = toets.report or {}
    table = [
        [
            t(text("Knelpunt")),
            t(text("Eigen score")),
            t(text("Oordeel van het team")),
            t(text("Toelichting")),
        ]
    ]
    for row in report.get("knelpunten", []):
        table.append(
            [
                t(knelpunt_title(row["knelpunt"])),
                t(score(row["score"])),
                t(verdict(row["verdict"])),
                row.get("explanation") or "",
            ]
        )
    team = {row["index"]: row for row in report.get("team", [])}
    recs = [
        t(recommendation_line(n, rec, team.get(rec["by"]), registry))
        for n, rec in enumerate(report.get("recommendations", []), start=1)
    ] or [t(text("Het team heeft geen aanbevelingen gedaan."))]
    members = []
    for row in report.get("team", []):
        label = member_label(row, registry)
        members.append(t(text("{member}, voorzitter", member=label) if row.get("chair") else label))
    return ToetsReport(
        title=t(
            text("Rapport van de collegiale toets voor {town}", town=town(registry, toets.gemeente))
        ),
        subtitle=t(
            text(
                "Zelfevaluatie en oordeel van collega's over de regierol in integrale "
                "veiligheid, vastgesteld op {date}",
                date=_date(t, toets),
            )
        ),
        table=table,
        recommendations=recs,
        team=members,
        headings=(
            t(text("Eigen score en oordeel van het team")),
            t(text("Aanbevelingen")),
            t(text("Het team")),
        ),
    )


def _date(t: Translator, toets: Toets) -> str:
    settled = next((h["at"] for h in reversed(toets.history) if h["to"] == "settled"), None)
    return t.date(settled or toets.updated)


def render_markdown(doc: ToetsReport, t: Translator, now: str) -> bytes:
    out = [f"# {doc.title}", "", f"*{doc.subtitle}*", "", f"## {doc.headings[0]}", ""]
    out.append("| " + " | ".join(doc.table[0]) + " |")
    out.append("|" + "|".join(["---"] * len(doc.table[0])) + "|")
    for cells in doc.table[1:]:
        out.append("| " + " | ".join([*cells[:3], _cell(cells[3])]) + " |")
    out += ["", f"## {doc.headings[1]}", ""]
    out += [_cell(line) for line in doc.recommendations]
    out += ["", f"## {doc.headings[2]}", ""]
    out += [f"- {_cell(member)}" for member in doc.team]
    out += ["", "---", "", generated_line(t, now), ""]
    return "\n".join(out).encode("utf-8")


def render_pdf(doc: ToetsReport, t: Translator, now: str) -> bytes:
    page_label = t(text("Pagina {page} van {pages}", page="{page}", pages="{nb}"))
    pdf = _Document(doc.title, "Regiescan", page_label)
    pdf.set_title(doc.title)
    pdf.set_author("Regiescan")
    pdf.set_lang(t.locale)
    pdf.add_page()
    pdf.set_font(FONT, "B", TITLE)
    pdf.multi_cell(0, 8, doc.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY)
    pdf.multi_cell(0, LINE, doc.subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _heading(pdf, doc.headings[0])
    pdf.set_font(FONT, "", TABLE_FONT)
    with pdf.table(
        col_widths=(50.0, 22.0, 28.0, 74.0),
        text_align=("LEFT", "CENTER", "CENTER", "LEFT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        line_height=TABLE_LINE,
        padding=TABLE_PADDING,
        v_align="TOP",
        repeat_headings=1,
    ) as table:
        for cells in doc.table:
            table.row(cells)
    for heading, items in ((doc.headings[1], doc.recommendations), (doc.headings[2], doc.team)):
        _heading(pdf, heading)
        pdf.set_font(FONT, "", BODY)
        for item in items:
            pdf.multi_cell(0, LINE, item, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(0.8)
    pdf.ln(4)
    pdf.multi_cell(0, 4, generated_line(t, now), align="L")
    return bytes(pdf.output())
