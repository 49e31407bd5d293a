"""The renders a :class:`~regiescan.renderers.render_pool.RenderPool` child process runs.

Each job is a top-level function of picklable arguments (the core's dataclasses, a locale,
strings), so it can be sent to another process. The child loads the content and the catalogs
once and keeps them for the jobs that follow until it is recycled. The renderers themselves are
the ones of the format registry (:mod:`regiescan.renderers.formats`), so the bot, the CLI and
the render process make the same bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from dialogs.exports.region_table import RegionTable
from dialogs.exports.summary_sections import Section
from dialogs.plan.regional import RegionPlans
from dialogs.scan.content import Content, load_content
from dialogs.texts import Text
from regiescan.wiring.i18n import Translators


@functools.cache
def _content() -> Content:
    return load_content()


@functools.cache
def _translators() -> Translators:
    return Translators()


def scan_format(fmt: str, data: Any, locale: str, now: str) -> bytes:
    """A scan export in ``fmt`` (``SCAN_FORMATS``) from the data its format gathered."""
    from regiescan.renderers.formats import SCAN_FORMATS

    return SCAN_FORMATS[fmt].render(data, _translators().get(locale), _content(), now)


def region_format(fmt: str, table: RegionTable, locale: str, plans: Sequence[RegionPlans]) -> bytes:
    """A regional export in ``fmt`` (``REGION_FORMATS``): openpyxl loads in this process only."""
    from regiescan.renderers.formats import REGION_FORMATS

    return REGION_FORMATS[fmt].render(table, _translators().get(locale), _content(), plans)


def sections_pdf(
    locale: str, title: Text, subtitle: Text, sections: Sequence[Section], now: str
) -> bytes:
    """A document of summary sections as PDF (the verbeterplan alone)."""
    from regiescan.renderers.pdf_sections import render_sections_pdf

    return render_sections_pdf(_translators().get(locale), title, subtitle, list(sections), now)


def toets_pdf(doc: Any, locale: str, now: str) -> bytes:
    """The report of a collegiale toets as PDF (``doc``: a ``ToetsReport``)."""
    from regiescan.renderers.toets_documents import render_pdf

    return render_pdf(doc, _translators().get(locale), now)
