"""The scan summary as Markdown, for pasting into a memo; and helpers the PDF shares.

The same parts as the PDF (the chart aside): the facts, a reading guide, the table with the
regional median beside the score when there is one, and the sections.

Only what a coordinator typed (the notes) is escaped, so a note cannot break the table or turn
into formatting; everything else is our own text.
"""

from __future__ import annotations

import re

from babel.numbers import format_decimal

from dialogs.exports.scan_summary import KnelpuntRow, Summary
from dialogs.exports.summary_sections import LI, SUB, reading_guide
from dialogs.texts import N_, Date, text
from regiescan.wiring.i18n import Translator

SUBTITLE = N_("Zelfevaluatie van de regierol van de gemeente in integrale veiligheid")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def score_text(t: Translator, value: float | None) -> str:
    """A score as the reader writes it ("3,4"), or "onvoldoende zicht"."""
    if value is None:
        return t(text("onvoldoende zicht"))
    return format_decimal(value, format="0.0", locale=t.locale)


def row_score(t: Translator, row: KnelpuntRow) -> str:
    """The score cell of a row: "nog niet beantwoord" for a knelpunt not reached yet."""
    return t(text("nog niet beantwoord")) if row.unanswered else score_text(t, row.score)


def knelpunt_label(t: Translator, summary: Summary, n: int) -> str:
    row = summary.rows[n]
    return f"{row.number}. {t(row.title)}"


def generated_line(t: Translator, now: str) -> str:
    return t(text("Gemaakt met Regiescan op {date}", date=Date(now)))


def region_medians(summary: Summary) -> tuple[float | None, ...] | None:
    """The regional median per knelpunt (from three other municipalities), when there is one."""
    region = summary.diagnosis.region
    return region.medians if region is not None else None


def table_headings(t: Translator, summary: Summary) -> list[str]:
    """Knelpunt, score, the regional median and the previous score when there are, note."""
    headings = [t(text("Knelpunt")), t(text("Score"))]
    if region_medians(summary) is not None:  # beside the score it is compared with
        headings.append(t(text("Mediaan regio")))
    if summary.previous_heading is not None:
        headings.append(t(summary.previous_heading))
    headings.append(t(text("Toelichting")))
    return headings


def number_cells(t: Translator, summary: Summary, n: int) -> list[str]:
    """Row ``n``'s score, regional median and previous score, as :func:`table_headings` has
    their columns."""
    row = summary.rows[n]
    cells = [row_score(t, row)]
    medians = region_medians(summary)
    if medians is not None:
        cells.append("-" if medians[n] is None else score_text(t, medians[n]))
    if summary.previous_heading is not None:
        cells.append(score_text(t, row.previous))
    return cells


def _cell(value: str) -> str:
    """A typed value made safe for one Markdown table cell."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", value.replace("&", "&amp;").replace("<", "&lt;"))
    return "<br>".join(line.strip() for line in escaped.splitlines()) or " "


def render_markdown(summary: Summary, t: Translator, now: str) -> bytes:
    """The summary as a UTF-8 Markdown document."""
    out = [f"# {t(summary.title)}", "", f"*{t(text(SUBTITLE))}*", ""]
    if summary.notice is not None:
        out += [f"> **{t(summary.notice)}**", ""]
    out += [f"- **{t(f.label)}:** {t(f.value)}" for f in summary.facts]
    guide_heading = t(text("Zo leest u dit stuk"))
    out += ["", f"## {guide_heading}", ""]
    for sentence in reading_guide(summary.diagnosis):
        out += [t(sentence), ""]
    scores_heading = t(text("Scores per knelpunt"))
    out += ["", f"## {scores_heading}", "", t(summary.legend), ""]
    headings = table_headings(t, summary)
    out.append("| " + " | ".join(headings) + " |")
    out.append("|" + "|".join(["---"] * len(headings)) + "|")
    for n, row in enumerate(summary.rows):
        cells = [f"{knelpunt_label(t, summary, n)} ({t(row.dimensie)})"]
        cells += number_cells(t, summary, n)
        cells.append(_cell(row.note or ""))
        out.append("| " + " | ".join(cells) + " |")
    for section in summary.sections:
        out += ["", f"## {t(section.heading)}", ""]
        previous_kind = None
        for item in section.items:
            line = t(item.text)
            if item.kind == SUB:
                out += ([""] if out[-1] else []) + [f"### {line}", ""]
            elif item.kind == LI:
                out.append(f"- {line}")
            else:
                if previous_kind == LI:
                    out.append("")
                out += [line, ""]
            previous_kind = item.kind
    out += ["", "---", "", f"{t(summary.source)} · {generated_line(t, now)}", ""]
    return ("\n".join(_squeeze(out))).encode("utf-8")


def _squeeze(lines: list[str]) -> list[str]:
    """No runs of blank lines."""
    kept: list[str] = []
    for line in lines:
        if line == "" and kept and kept[-1] == "":
            continue
        kept.append(line)
    return kept
