"""The renders a :class:`~regiescan.renderers.render_pool.RenderPool` child process runs.

Each job is a top-level function of picklable arguments (the core's dataclasses, a locale,
strings), so it can be sent to another process. The child loads the content and the catalogs
once and keeps them for the jobs that follow until it is recycled.
"""

from __future__ import annotations

import functools

from dialogs.exports.region_table import RegionTable
from dialogs.exports.scan_summary import Summary
from dialogs.scan.content import Content, load_content
from regiescan.wiring.i18n import Translators


@functools.cache
def _content() -> Content:
    return load_content()


@functools.cache
def _translators() -> Translators:
    return Translators()


def scan_pdf(summary: Summary, locale: str, now: str) -> bytes:
    """A coordinator's scan summary as PDF (fpdf2 and matplotlib load in this process only)."""
    from regiescan.renderers.pdf import render_pdf

    return render_pdf(summary, _translators().get(locale), _content(), now)


def region_xlsx(table: RegionTable, locale: str) -> bytes:
    """A regional table as XLSX (openpyxl loads in this process only)."""
    from regiescan.renderers.sheets import render_xlsx

    return render_xlsx(table, _translators().get(locale), _content())
