"""The scan summary as an A4 PDF that a coordinator can put in front of their college.

Library: **fpdf2**, not reportlab. Both are kept and free; fpdf2 fits this document better:

* It is pure Python with small pure-Python-or-wheel dependencies (fontTools, Pillow,
  defusedxml), LGPL-3.0, released several times a year.
* Its API is imperative and small: a page, fonts, text cells that wrap, images from memory,
  links, a header/footer hook with a total-pages alias ("Pagina 1 van 3"), and tables whose
  cells wrap and whose rows flow onto the next page with the headings repeated. That is the
  whole of a two-to-four page summary.
* Text goes in as plain strings. reportlab's Platypus ``Paragraph`` parses its own XML-like
  markup, so every coordinator note would have to be escaped ("<", "&") or it breaks the
  document; its style sheets, frames and flowables are power this summary does not need.
* TrueType subsetting keeps the file small while ë, ï, é and the curly apostrophe (U+2019)
  render.

Fonts: DejaVu Sans from matplotlib's own data directory (``mpl-data/fonts/ttf``), which is
already a dependency for the radar chart, with fallback fonts for emoji and CJK and a visible
mark for what no font has (:mod:`regiescan.renderers.pdf_fonts`). Black-and-white
print: black text, table headings on light grey, the notice of an unfinished scan in a ruled
box, and the chart distinguishes its series by line style and marker.
"""

from __future__ import annotations

import io
import struct

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.fonts import FontFace

from dialogs.exports.scan_summary import Summary
from dialogs.exports.summary_sections import LI, SUB, Item, reading_guide
from dialogs.scan.content import Content
from dialogs.texts import text, verbatim
from regiescan.renderers.markdown import SUBTITLE, generated_line
from regiescan.renderers.pdf_fonts import FONT, GlyphFonts
from regiescan.renderers.pdf_table import column_widths, table_rows
from regiescan.renderers.radar_chart import Legend, radar_figure
from regiescan.wiring.i18n import Translator

MARGIN = 18  # mm
BODY, SMALL, HEADING, TITLE = 10, 8, 13, 18  # pt
LINE = 5.0  # mm per body line
CHART_WIDTH, CHART_HEIGHT = 140, 132  # mm: drawn at this size, so its 9 pt labels stay 9 pt
CHART_DPI = 180
TABLE_FONT, TABLE_LINE, TABLE_PADDING = 9, 4.6, 1.5  # pt, mm, mm
KEEP_WITH_NEXT = 28  # mm: a heading closer than this to the page end moves to the next page
KEEP_LINES = 8  # a paragraph of at most this many lines is never split over two pages
GREY = (90, 90, 90)
HEADING_FILL = (225, 225, 225)


class _Document(FPDF):
    def __init__(self, header: str, source: str, page_label: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._header = header
        self._source = source
        self._page_label = page_label  # "Pagina {page} van {nb}"
        self._glyphs = GlyphFonts(self)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=20)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", SMALL)
        self.set_text_color(*GREY)
        self.cell(0, 4, self._header, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*GREY)
        self.line(MARGIN, self.get_y() + 1, self.w - MARGIN, self.get_y() + 1)
        self.ln(5)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", SMALL)
        self.set_text_color(*GREY)
        width = (self.w - 2 * MARGIN) / 2
        self.cell(width, 4, self._source)
        label = self._page_label.replace("{page}", str(self.page_no()))
        self.cell(width, 4, label, align="R")
        self.set_text_color(0, 0, 0)

    def normalize_text(self, text: str) -> str:
        printable = self._glyphs.printable(text)
        self._glyphs.shape_if_needed(printable)
        return super().normalize_text(printable)

    def get_fallback_font(self, char: str, style: str = "") -> str | None:
        return self._glyphs.load_for(ord(char))

    def room(self) -> float:
        return self.h - self.b_margin - self.get_y()


def render_pdf(summary: Summary, t: Translator, content: Content, now: str) -> bytes:
    """The summary as PDF bytes, in the reader's language."""
    title = t(summary.title)
    page_label = t(text("Pagina {page} van {pages}", page="{page}", pages="{nb}"))
    pdf = _Document(f"{title} · {t.date(summary.date)}", t(summary.source), page_label)
    pdf.set_title(title)
    pdf.set_author("Regiescan")
    pdf.set_lang(t.locale)
    pdf.add_page()
    _title(pdf, summary, t)
    _cover(pdf, summary, t)
    _guide(pdf, summary, t)
    _chart(pdf, summary, t, content)
    _table(pdf, summary, t)
    for section in summary.sections:
        _heading(pdf, t(section.heading))
        for item in section.items:
            _item(pdf, item, t)
    pdf.ln(4)
    pdf.set_font(FONT, "", SMALL)
    pdf.multi_cell(0, 4, generated_line(t, now), align="L")
    return bytes(pdf.output())


def _title(pdf: _Document, summary: Summary, t: Translator) -> None:
    pdf.set_font(FONT, "B", TITLE)
    pdf.multi_cell(0, 8, t(summary.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY)
    pdf.multi_cell(0, LINE, t(text(SUBTITLE)), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    if summary.notice is not None:
        pdf.set_font(FONT, "B", BODY)
        pdf.set_line_width(0.6)
        pdf.multi_cell(
            0,
            LINE,
            t(summary.notice),
            border=1,
            padding=2,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_line_width(0.2)
        pdf.ln(3)


def _cover(pdf: _Document, summary: Summary, t: Translator) -> None:
    """Who it is for, then the facts (municipality, role, date, ...), in a ruled block."""
    name = verbatim(summary.municipality.name if summary.municipality else "-")
    audience = text("Voor het college van burgemeester en wethouders van {gemeente}", gemeente=name)
    top, label_width, value_width = pdf.get_y(), 52, pdf.w - 2 * MARGIN - 58
    pdf.set_xy(MARGIN + 3, top + 2)
    pdf.set_font(FONT, "B", BODY + 1)
    pdf.multi_cell(0, LINE + 1, t(audience), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    for fact in summary.facts:
        pdf.set_x(MARGIN + 3)
        pdf.set_font(FONT, "B", BODY)
        y = pdf.get_y()
        pdf.multi_cell(
            label_width, LINE, t(fact.label), align="L", new_x=XPos.RIGHT, new_y=YPos.TOP
        )
        below_label = pdf.get_y()
        pdf.set_font(FONT, "", BODY)
        pdf.multi_cell(
            value_width, LINE, t(fact.value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_y(max(pdf.get_y(), below_label, y + LINE))
    bottom = pdf.get_y() + 2
    pdf.set_draw_color(*GREY)
    pdf.rect(MARGIN, top, pdf.w - 2 * MARGIN, bottom - top)
    pdf.set_y(bottom + 2)


def _guide(pdf: _Document, summary: Summary, t: Translator) -> None:
    """A short reading guide under the cover block."""
    pdf.set_font(FONT, "B", BODY)
    pdf.multi_cell(
        0, LINE, t(text("Zo leest u dit stuk")), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font(FONT, "", SMALL + 1)
    for line in reading_guide(summary.diagnosis):
        pdf.multi_cell(0, 4.2, t(line), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.6)


def chart_png(summary: Summary, t: Translator, content: Content) -> bytes:
    """The radar chart drawn at its printed size (the chat's is drawn larger and scaled)."""
    d = summary.diagnosis
    fig = radar_figure(
        d.values,
        [t(k.title_msgid) for k in content.knelpunten],
        d.previous_values,
        d.region.medians if d.region else None,
        legend=Legend().translated(t.render),
    )
    fig.set_size_inches(CHART_WIDTH / 25.4, CHART_HEIGHT / 25.4)
    buffer = io.BytesIO()
    # Cropped to what is drawn: the polar plot leaves empty bands a fixed page box would keep.
    fig.savefig(buffer, format="png", dpi=CHART_DPI, bbox_inches="tight", pad_inches=0.04)
    return buffer.getvalue()


def _png_mm(png: bytes) -> tuple[float, float]:
    """A PNG's size in mm at :data:`CHART_DPI` (from its header)."""
    width, height = struct.unpack(">II", png[16:24])
    return width / CHART_DPI * 25.4, height / CHART_DPI * 25.4


def _chart(pdf: _Document, summary: Summary, t: Translator, content: Content) -> None:
    png = chart_png(summary, t, content)
    width, height = _png_mm(png)
    if pdf.room() < height + 10:
        pdf.add_page()
    pdf.ln(3)
    x = (pdf.w - width) / 2
    pdf.image(io.BytesIO(png), x=x, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 1)
    pdf.set_font(FONT, "", SMALL)
    pdf.multi_cell(0, 4, t(summary.legend), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _height(pdf: _Document, cells: list[str], widths: tuple[float, ...], bold: bool) -> float:
    """How tall a table row will be (its tallest cell), to keep a heading with it."""
    pdf.set_font(FONT, "B" if bold else "", TABLE_FONT)
    lines = []
    for cell, width in zip(cells, widths, strict=True):
        wrapped = pdf.multi_cell(
            width - 2 * TABLE_PADDING,
            TABLE_LINE,
            cell,
            dry_run=True,
            output=MethodReturnValue.LINES,
        )
        lines.append(len(wrapped) if isinstance(wrapped, list) else 1)
    return max(lines) * TABLE_LINE + 2 * TABLE_PADDING


def _table(pdf: _Document, summary: Summary, t: Translator) -> None:
    widths = column_widths(summary)
    rows = table_rows(summary, t)
    # The heading, the table's headings and its first row go on one page.
    first = _height(pdf, rows[0], widths, True) + _height(pdf, rows[1], widths, False)
    _heading(pdf, t(text("Scores per knelpunt")), first)
    pdf.set_font(FONT, "", TABLE_FONT)
    with pdf.table(
        col_widths=widths,
        text_align=("LEFT", *["CENTER"] * (len(widths) - 2), "LEFT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        line_height=TABLE_LINE,
        padding=TABLE_PADDING,
        v_align="TOP",
        repeat_headings=1,
    ) as table:
        for cells in rows:
            table.row(cells)


def _heading(pdf: _Document, heading: str, keep: float = KEEP_WITH_NEXT) -> None:
    if pdf.room() < keep + 13:
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font(FONT, "B", HEADING)
    pdf.multi_cell(0, 7, heading, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(0, 0, 0)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.ln(2)


def _item(pdf: _Document, item: Item, t: Translator) -> None:
    value = t(item.text)
    if item.kind == SUB:
        if pdf.room() < KEEP_WITH_NEXT - 3:  # a subheading and a few lines after it
            pdf.add_page()
        pdf.ln(1.5)
        pdf.set_font(FONT, "B", BODY + 0.5)
        pdf.multi_cell(0, LINE, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    pdf.set_font(FONT, "", BODY)
    indent = 7 if item.kind == LI else 0
    _keep_together(pdf, value, pdf.w - 2 * MARGIN - indent)
    if item.kind == LI:
        pdf.set_x(MARGIN + 3)
        pdf.cell(4, LINE, "•")
        pdf.multi_cell(
            0, LINE, value, align="L", link=item.url, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        return
    pdf.multi_cell(0, LINE, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(0.8)


def _keep_together(pdf: _Document, value: str, width: float) -> None:
    """A paragraph of a few lines goes to the next page whole rather than split."""
    lines = pdf.multi_cell(width, LINE, value, dry_run=True, output=MethodReturnValue.LINES)
    count = len(lines) if isinstance(lines, list) else 1
    if count <= KEEP_LINES and count * LINE > pdf.room():
        pdf.add_page()
