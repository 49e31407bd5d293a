"""The regional export as CSV or XLSX, from :class:`dialogs.exports.region_table.RegionTable`.

XLSX (openpyxl, write-only: memory and time grow linearly with the scans) has four sheets:
*Scans* (one row per named scan, a score per knelpunt), *Antwoorden* (the same scans, an answer
per statement), *Regio* (the aggregates in which every scan counts) and *Uitleg* (what the
columns mean, the statements' texts). CSV holds the *Scans* table, a blank line, then the
*Regio* table: for Dutch readers with ``;`` between fields and a decimal comma (what Excel in
a Dutch locale expects), otherwise ``,`` and a decimal point; UTF-8 with a byte order mark so
Excel reads ë and â.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from dialogs.exports.region_table import STATUS_LABELS, RegionTable, ScanRow
from dialogs.model import DONT_KNOW, SKIPPED, AnswerValue
from dialogs.plan.regional import RegionPlans
from dialogs.regional.overview import MIN_FINISHED
from dialogs.scan.content import Content, statement_msgid
from dialogs.texts import N_, text
from regiescan.renderers.plan_sheets import plan_headings, plan_rows
from regiescan.wiring.i18n import Translator

_SIZE = {"klein": N_("klein"), "middelgroot": N_("middelgroot"), "groot": N_("groot")}
_ANSWER = {DONT_KNOW: N_("weet ik niet"), SKIPPED: N_("overgeslagen")}
SCORE_DIGITS = 2


def _scan_headings(t: Translator, content: Content) -> list[str]:
    fixed = [
        t(text("Veiligheidsregio")),
        t(text("Gemeentecode")),
        t(text("Gemeente")),
        t(text("Grootteklasse")),
        t(text("Status")),
        t(text("Begonnen")),
        t(text("Afgerond")),
    ]
    return fixed + [f"{n}. {t(k.title_msgid)}" for n, k in enumerate(content.knelpunten, 1)]


def _fixed(t: Translator, row: ScanRow) -> list[Any]:
    return [
        row.vr_code,
        row.code,
        row.name,
        t(text(_SIZE[row.size_class])),
        t(text(STATUS_LABELS[row.status])),
        row.started[:10],
        (row.finished or "")[:10],
    ]


def _score(value: float | None) -> float | None:
    return None if value is None else round(value, SCORE_DIGITS)


def _answer(t: Translator, value: AnswerValue | None) -> Any:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return t(text(_ANSWER[value])) if value in _ANSWER else str(value)


def _aggregate_headings(t: Translator, content: Content) -> list[str]:
    fixed = [t(text("Veiligheidsregio")), t(text("Omschrijving")), t(text("Aantal"))]
    return fixed + [f"{n}. {t(k.title_msgid)}" for n, k in enumerate(content.knelpunten, 1)]


def _aggregate_rows(t: Translator, table: RegionTable) -> list[list[Any]]:
    return [
        [a.vr_code, t(a.label), a.count, *[_score(v) for v in (a.values or ())]]
        for a in table.aggregates
    ]


# --- CSV ----------------------------------------------------------------------------------


def render_csv(
    table: RegionTable, t: Translator, content: Content, plans: Sequence[RegionPlans] = ()
) -> bytes:
    dutch = t.locale == "nl"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")

    def cell(value: Any) -> Any:
        if isinstance(value, float):
            shown = f"{value:.{SCORE_DIGITS}f}".rstrip("0").rstrip(".")
            return shown.replace(".", ",") if dutch else shown
        return "" if value is None else value

    writer.writerow(_scan_headings(t, content))
    for row in table.rows:
        writer.writerow([cell(v) for v in [*_fixed(t, row), *map(_score, row.scores)]])
    writer.writerow([])
    writer.writerow(_aggregate_headings(t, content))
    for values in _aggregate_rows(t, table):
        writer.writerow([cell(v) for v in values])
    if any(p.knelpunten for p in plans):
        writer.writerow([])
        writer.writerow(plan_headings(t))
        writer.writerows([cell(v) for v in values] for values in plan_rows(t, plans))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- XLSX ---------------------------------------------------------------------------------


def _sheet(
    wb: Workbook, title: str, headings: Sequence[str], widths: Sequence[float]
) -> WriteOnlyWorksheet:
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = "D2"
    for n, width in enumerate(widths):
        ws.column_dimensions[_column(n)].width = width
    bold = Font(bold=True)
    cells = []
    for heading in headings:
        c = WriteOnlyCell(ws, value=heading)
        c.font = bold
        c.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(c)
    ws.append(cells)
    return ws


def _column(n: int) -> str:
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def render_xlsx(
    table: RegionTable, t: Translator, content: Content, plans: Sequence[RegionPlans] = ()
) -> bytes:
    wb = Workbook(write_only=True)
    knelpunten = len(content.knelpunten)
    scans = _sheet(wb, t(text("Scans")), _scan_headings(t, content), [9, 10, 24, 12, 11, 11, 11])
    scans.column_dimensions["A"].width = 9
    for n in range(knelpunten):
        scans.column_dimensions[_column(7 + n)].width = 14
    for row in table.rows:
        scans.append([*_fixed(t, row), *map(_score, row.scores)])
    answer_headings = [*_scan_headings(t, content)[:7], *table.statements]
    answers = _sheet(wb, t(text("Antwoorden")), answer_headings, [9, 10, 24, 12, 11, 11, 11])
    for row in table.rows:
        answers.append(
            [*_fixed(t, row), *(_answer(t, row.answers.get(s)) for s in table.statements)]
        )
    region = _sheet(wb, t(text("Regio")), _aggregate_headings(t, content), [9, 60, 8])
    for values in _aggregate_rows(t, table):
        region.append(values)
    if any(p.knelpunten for p in plans):
        sheet = _sheet(
            wb, t(text("Verbeterplannen")), plan_headings(t), [9, 40, 14, 14, 30, 30, 14]
        )
        for values in plan_rows(t, plans):
            sheet.append(values)
    _explanation(wb, t, table, content)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _explanation(wb: Workbook, t: Translator, table: RegionTable, content: Content) -> None:
    ws = wb.create_sheet(t(text("Uitleg"))[:31])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    lines = [
        text(
            "Scores van 1 (zwak) tot 5 (sterk): het gemiddelde van de stellingen van een "
            "knelpunt. Een leeg vak: onvoldoende zicht (meer dan de helft 'weet ik niet', "
            "overgeslagen of nog niet beantwoord)."
        ),
        text(
            "Alleen scans van coördinatoren die toestemming gaven voor vermelding staan bij "
            "naam op de bladen Scans en Antwoorden. Alle scans tellen mee op het blad Regio; "
            "cijfers verschijnen daar pas vanaf {min} gemeenten.",
            min=MIN_FINISHED,
        ),
        text("Bron gemeentegegevens: CBS"),
    ]
    for line in lines:
        ws.append([None, t(line)])
    ws.append([])
    ws.append([t(text("Stelling")), t(text("Tekst"))])
    for sid in table.statements:
        ws.append([sid, t(statement_msgid(sid))])
