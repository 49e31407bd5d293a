"""The PDF's table of the ten knelpunten as plain cells: which columns, how wide, what text.

Columns: the knelpunt (with its dimensie), the score, the regional median when there is one
(from three other municipalities), the previous score when there is one, and the note. The
knelpunt column is the widest of the numbers' neighbours, so a title wraps at most once.
"""

from __future__ import annotations

from dialogs.exports.scan_summary import Summary
from regiescan.renderers.markdown import (
    knelpunt_label,
    number_cells,
    region_medians,
    table_headings,
)
from regiescan.wiring.i18n import Translator

TABLE_WIDTH = 174.0  # mm: A4 less the margins


def table_rows(summary: Summary, t: Translator) -> list[list[str]]:
    rows = [table_headings(t, summary)]
    for n, row in enumerate(summary.rows):
        knelpunt = f"{knelpunt_label(t, summary, n)}\n({t(row.dimensie)})"
        rows.append([knelpunt, *number_cells(t, summary, n), row.note or ""])
    return rows


def column_widths(summary: Summary) -> tuple[float, ...]:
    """Column widths (174 mm in all): the knelpunt column wide enough for its longest title."""
    extra = (summary.previous_heading is not None) + (region_medians(summary) is not None)
    numbers = (25.0,) * (1 + extra)  # "onvoldoende" fits on one line
    knelpunt = 64.0 if extra < 2 else 58.0
    return (knelpunt, *numbers, TABLE_WIDTH - knelpunt - sum(numbers))
