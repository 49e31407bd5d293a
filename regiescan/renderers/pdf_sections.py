"""A PDF of sections only, in the summary's house style: the verbeterplan for the college."""

from __future__ import annotations

from collections.abc import Sequence

from fpdf.enums import XPos, YPos

from dialogs.exports.summary_sections import Section
from dialogs.texts import Text, text
from regiescan.renderers.markdown import generated_line
from regiescan.renderers.pdf import BODY, FONT, LINE, SMALL, TITLE, _Document, _heading, _item
from regiescan.wiring.i18n import Translator


def render_sections_pdf(
    t: Translator, title: Text, subtitle: Text, sections: Sequence[Section], now: str
) -> bytes:
    """A short document of sections only (the verbeterplan for the college)."""
    heading = t(title)
    page_label = t(text("Pagina {page} van {pages}", page="{page}", pages="{nb}"))
    pdf = _Document(heading, "Regiescan", page_label)
    pdf.set_title(heading)
    pdf.set_author("Regiescan")
    pdf.set_lang(t.locale)
    pdf.add_page()
    pdf.set_font(FONT, "B", TITLE)
    pdf.multi_cell(0, 8, heading, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", BODY)
    pdf.multi_cell(0, LINE, t(subtitle), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in sections:
        _heading(pdf, t(section.heading))
        for item in section.items:
            _item(pdf, item, t)
    pdf.ln(4)
    pdf.set_font(FONT, "", SMALL)
    pdf.multi_cell(0, 4, generated_line(t, now), align="L")
    return bytes(pdf.output())
