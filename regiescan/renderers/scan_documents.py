"""A coordinator's export of one scan (PDF, Markdown, JSON), shared by the bot and the CLI.

Every export is logged (who, which scan, which format, when), never its content.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

from dialogs.exports.formats import SCAN_FORMATS, ExportFile, export_file
from dialogs.exports.scan_json import scan_document
from dialogs.exports.scan_summary import build_summary
from dialogs.model import Scan, User
from regiescan.renderers.markdown import render_markdown
from regiescan.renderers.plan_documents import plan_object, with_plan
from regiescan.wiring.i18n import Translator
from regiescan.wiring.services import Services

log = logging.getLogger("regiescan.export")

CURRENT = "current"  # --scan current: the scan in progress
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ExportError(ValueError):
    """The export cannot be made as asked; the message says why, in one line."""


def exportable_scans(user: User) -> list[Scan]:
    """The scans a user can export: the one in progress (once it names a municipality),
    then the finished ones, latest first."""
    scans = [user.current] if user.current is not None and user.current.gemeente else []
    order = sorted(enumerate(user.finished), key=lambda n_s: (n_s[1].finished or "", n_s[0]))
    return scans + [s for _, s in reversed(order)]


def find_scan(user: User, scan_id: str) -> Scan | None:
    return next((s for s in exportable_scans(user) if s.id == scan_id), None)


def pick_scan(user: User, when: str | None) -> Scan:
    """The scan meant by ``--scan``: None = the latest finished (else the one in progress),
    ``current`` = the one in progress, YYYY-MM-DD = the last one finished that day."""
    scans = exportable_scans(user)
    finished = [s for s in scans if s.finished]
    if when is None:
        if finished:
            return finished[0]
        if scans:
            return scans[0]
        raise ExportError(f"user {user.user_id} has no scan to export yet")
    when = when.strip().lower()
    if when == CURRENT:
        if scans and scans[0].finished is None:
            return scans[0]
        raise ExportError(f"user {user.user_id} has no scan in progress")
    if not _DATE.match(when):
        raise ExportError(f"--scan must be a date (YYYY-MM-DD) or '{CURRENT}', got {when!r}")
    for scan in finished:
        if (scan.finished or "")[:10] == when:
            return scan
    days = ", ".join(sorted({(s.finished or "")[:10] for s in finished})) or "none"
    raise ExportError(
        f"user {user.user_id} has no scan finished on {when} (finished scans: {days})"
    )


def prepare_scan_export(
    services: Services, user: User, scan: Scan, fmt: str, t: Translator, now: str, who: str
) -> Callable[[], ExportFile]:
    """Gather what the export of ``scan`` shows (here: indexes are read on this thread) and
    return the rendering, which may run in a worker thread (the PDF takes a moment)."""
    if fmt not in SCAN_FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use {', '.join(SCAN_FORMATS)}")
    results = services.results
    content = services.content
    m = services.registry.get(scan.gemeente or "")
    if fmt == "json":
        diagnosis = results.diagnose(user, scan)
        assert diagnosis is not None
        document = scan_document(user, scan, diagnosis, content, t.render, now)
        document["plan"] = plan_object(services, user, scan, t)
    else:
        summary = with_plan(services, user, scan, build_summary(user, scan, results))

    def render() -> ExportFile:
        if fmt == "json":
            data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        elif fmt == "md":
            data = render_markdown(summary, t, now)
        else:
            from regiescan.renderers.pdf import render_pdf  # fpdf2 loads only when needed

            data = render_pdf(summary, t, content, now)
        made = export_file(m.name if m else "scan", scan.finished or now, fmt, data)
        log.info(
            "export: %s exported scan %s (%s) as %s at %s",
            who,
            scan.id,
            "finished" if scan.finished else "incomplete",
            fmt,
            now,
        )
        return made

    return render


def export_scan(
    services: Services, user: User, scan: Scan, fmt: str, t: Translator, now: str, who: str
) -> ExportFile:
    """``scan`` of ``user`` as a file in ``fmt`` (pdf, md, json), in ``t``'s language."""
    return prepare_scan_export(services, user, scan, fmt, t, now, who)()
