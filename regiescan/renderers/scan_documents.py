"""A coordinator's export of one scan (PDF, Markdown, JSON), shared by the bot and the CLI.

The formats are :mod:`regiescan.renderers.formats`; this module picks the scan, gathers the
data the format names and renders it.

Every export is logged (who, which scan, which format, when), never its content.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from dialogs.exports.files import ExportFile, export_file
from dialogs.exports.scan_source import ScanSource
from dialogs.model import Scan, User
from regiescan.renderers import jobs
from regiescan.renderers.formats import SCAN_FORMATS
from regiescan.renderers.plan_documents import with_plan_data
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


@dataclass(frozen=True)
class ScanExportJob:
    """An export split for a front that renders elsewhere: ``render`` makes the bytes on this
    process; when ``heavy``, ``remote`` is the same call as a picklable top-level function
    that a :class:`~regiescan.renderers.render_pool.RenderPool` runs in its child process.
    ``finish`` names the file and logs the export."""

    render: Callable[[], bytes]
    remote: Callable[[], bytes]
    heavy: bool
    finish: Callable[[bytes], ExportFile]


def prepare_scan_job(
    services: Services, user: User, scan: Scan, fmt: str, t: Translator, now: str, who: str
) -> ScanExportJob:
    """Gather what the export of ``scan`` shows (indexes are read on this thread)."""
    spec = SCAN_FORMATS.get(fmt)
    if spec is None:
        raise ExportError(f"unknown format {fmt!r}: use {', '.join(SCAN_FORMATS)}")
    content = services.content
    m = services.registry.get(scan.gemeente or "")
    data = spec.data(ScanSource(user, scan, services.results, t.render, now))
    data = with_plan_data(services, user, scan, t, data)  # the verbeterplan, in every format

    def finish(rendered: bytes) -> ExportFile:
        made = export_file(
            m.name if m else "scan", scan.finished or now, fmt, spec.mime_type, rendered
        )
        log.info(
            "export: %s exported scan %s (%s) as %s at %s",
            who,
            scan.id,
            "finished" if scan.finished else "incomplete",
            fmt,
            now,
        )
        return made

    return ScanExportJob(
        render=functools.partial(spec.render, data, t, content, now),
        remote=functools.partial(jobs.scan_format, fmt, data, t.locale, now),
        heavy=spec.heavy,
        finish=finish,
    )


def prepare_scan_export(
    services: Services, user: User, scan: Scan, fmt: str, t: Translator, now: str, who: str
) -> Callable[[], ExportFile]:
    """Gather what the export of ``scan`` shows (here: indexes are read on this thread) and
    return the rendering, which may run in a worker thread (the PDF takes a moment)."""
    job = prepare_scan_job(services, user, scan, fmt, t, now, who)
    return lambda: job.finish(job.render())


def export_scan(
    services: Services, user: User, scan: Scan, fmt: str, t: Translator, now: str, who: str
) -> ExportFile:
    """``scan`` of ``user`` as a file in ``fmt`` (pdf, md, json), in ``t``'s language."""
    return prepare_scan_export(services, user, scan, fmt, t, now, who)()
