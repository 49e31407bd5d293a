"""The export formats: one registry, format -> extension, MIME type, label msgid, renderer.

Everything else reads this: the bot's format buttons and their labels, the button data's check
(``bot.buttons.exports``), the CLI's ``--format`` choices, the file's name and type, and the
export itself (:mod:`regiescan.renderers.scan_documents`, :mod:`~.region_documents`).

Adding a format
---------------
1. A renderer module here: ``render_<fmt>(data, ...) -> bytes``, where ``data`` comes from the
   core (:class:`dialogs.exports.scan_summary.Summary` or the JSON document for a scan via
   :mod:`dialogs.exports.scan_source`; :class:`dialogs.exports.region_table.RegionTable` for
   a region).
2. One line in :data:`SCAN_FORMATS` or :data:`REGION_FORMATS` (an adapter below if the
   renderer's signature differs, importing a heavy library only inside it), then ``make
   locales`` for the label. The key is the file extension and the name on buttons and
   ``--format``; the dict's order is the order of the buttons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from dialogs.exports.region_table import RegionTable
from dialogs.exports.scan_source import ScanSource, document_data, summary_data
from dialogs.exports.scan_summary import Summary
from dialogs.plan.regional import RegionPlans
from dialogs.scan.content import Content
from dialogs.texts import N_
from regiescan.renderers.json_document import render_json
from regiescan.renderers.markdown import render_markdown
from regiescan.wiring.i18n import Translator

# A scan renderer gets what its data function made, the translator, the content and the moment.
ScanRenderer = Callable[[Any, Translator, Content, str], bytes]
RegionRenderer = Callable[[RegionTable, Translator, Content, Sequence[RegionPlans]], bytes]


@dataclass(frozen=True)
class ScanFormat:
    mime_type: str
    label: str  # msgid of the button label
    data: Callable[[ScanSource], Any]  # on the calling thread (reads the indexes)
    render: ScanRenderer  # may run in a worker thread
    # Draws with matplotlib/fpdf2/openpyxl: the bot runs it in its render process
    # (regiescan.renderers.render_pool), with picklable data.
    heavy: bool = False


@dataclass(frozen=True)
class RegionFormat:
    mime_type: str
    label: str  # msgid of the button label
    render: RegionRenderer  # in a worker thread, with the region's table
    heavy: bool = False  # as ScanFormat.heavy


def _pdf(summary: Summary, t: Translator, content: Content, now: str) -> bytes:
    from regiescan.renderers.pdf import render_pdf  # fpdf2 loads only when needed

    return render_pdf(summary, t, content, now)


def _markdown(summary: Summary, t: Translator, content: Content, now: str) -> bytes:
    return render_markdown(summary, t, now)


def _json(document: dict[str, Any], t: Translator, content: Content, now: str) -> bytes:
    return render_json(document)


def _xlsx(
    table: RegionTable, t: Translator, content: Content, plans: Sequence[RegionPlans]
) -> bytes:
    from regiescan.renderers.sheets import render_xlsx  # openpyxl loads only when needed

    return render_xlsx(table, t, content, plans)


def _csv(
    table: RegionTable, t: Translator, content: Content, plans: Sequence[RegionPlans]
) -> bytes:
    from regiescan.renderers.sheets import render_csv  # openpyxl loads only when needed

    return render_csv(table, t, content, plans)


# One scan, by a coordinator (/export, ``regiescan export``).
SCAN_FORMATS: dict[str, ScanFormat] = {
    "pdf": ScanFormat(
        "application/pdf", N_("PDF, om te printen of te mailen"), summary_data, _pdf, heavy=True
    ),
    "md": ScanFormat(
        "text/markdown", N_("Markdown, tekst voor een notitie"), summary_data, _markdown
    ),
    "json": ScanFormat(
        "application/json", N_("JSON, alle gegevens voor andere programma's"), document_data, _json
    ),
}

# The scans of one or more regions, by staff (/export_regio, ``regiescan export-region``).
REGION_FORMATS: dict[str, RegionFormat] = {
    "xlsx": RegionFormat(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        N_("Excel (XLSX)"),
        _xlsx,
        heavy=True,
    ),
    "csv": RegionFormat("text/csv", N_("CSV"), _csv),
}
