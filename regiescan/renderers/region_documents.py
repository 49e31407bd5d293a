"""Regional staff's export of their region(s) as CSV or XLSX, shared by the bot and the CLI.

Who is in a region comes from the region index (no scan of every user file); each of those
users' files is read once. Whether municipalities without peer consent are named depends on
the staff role and ``REGIESCAN_EXPORT_NAMED`` (default: never). Every export is logged: who,
which regions and format, how many scans, when; never a score or a name.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from dialogs.exports.files import ExportFile, export_file
from dialogs.exports.region_table import RegionTable, region_table
from dialogs.model import User
from regiescan.renderers import jobs
from regiescan.renderers.formats import REGION_FORMATS
from regiescan.wiring.i18n import Translator
from regiescan.wiring.services import Services
from regiescan.wiring.settings import Settings
from storage.errors import StorageError

log = logging.getLogger("regiescan.export")

Progress = Callable[[int, int], None]  # (users read, users in all)


class RegionExportError(ValueError):
    """The regional export cannot be made as asked; the message says why, in one line."""


def named_allowed(settings: Settings, role: str) -> bool:
    """Whether a staff member with ``role`` sees municipalities without consent by name."""
    return role in settings.export_named


def check_regions(services: Services, asked: Sequence[str]) -> tuple[str, ...]:
    """The asked region codes, cleaned; RegionExportError for an unknown one."""
    known = services.registry.regions()
    cleaned = tuple(sorted({r.strip().upper() for r in asked if r.strip()}))
    unknown = [r for r in cleaned if r not in known]
    if unknown or not cleaned:
        example = ", ".join(list(known)[:3])
        raise RegionExportError(
            f"unknown veiligheidsregio {', '.join(unknown) or '(none)'}: use a code like {example}"
        )
    return cleaned


def read_users(services: Services, ids: list[int], progress: Progress | None) -> Iterator[User]:
    """The users' documents one by one (the export, the dashboard's trend); a damaged file is
    logged and skipped."""
    for n, user_id in enumerate(ids, start=1):
        try:
            doc = services.store.load(user_id)
        except StorageError as exc:  # one damaged file must not stop the others
            log.warning("region read: user %s skipped (%s)", user_id, type(exc).__name__)
            doc = None
        if doc is not None:
            yield User.from_doc(doc)
        if progress is not None:
            progress(n, len(ids))


def region_filename_part(regions: Sequence[str]) -> str:
    return "-".join(r.lower() for r in regions) if len(regions) <= 3 else "regios"


@dataclass(frozen=True)
class RegionExportJob:
    """A regional export split for a front that renders elsewhere: ``collect`` reads the
    users' files (a worker thread), ``render(table)`` makes the bytes on this process and,
    when ``heavy``, ``remote(table)`` is the same call, picklable for a
    :class:`~regiescan.renderers.render_pool.RenderPool`; ``finish`` names the file and logs
    the export."""

    collect: Callable[[], RegionTable]
    render: Callable[[RegionTable], bytes]
    remote: Callable[[RegionTable], Callable[[], bytes]]
    heavy: bool
    finish: Callable[[RegionTable, bytes], ExportFile]


def prepare_region_job(
    services: Services,
    regions: Sequence[str],
    fmt: str,
    t: Translator,
    now: str,
    *,
    named: bool,
    who: str,
    progress: Progress | None = None,
) -> RegionExportJob:
    """Check the request and list the region's users (the index is read on this thread).
    ``named``: name every scan, with or without consent."""
    spec = REGION_FORMATS.get(fmt)
    if spec is None:
        raise RegionExportError(f"unknown format {fmt!r}: use {', '.join(REGION_FORMATS)}")
    regions = check_regions(services, regions)
    entries = services.regional.index.entries(regions)
    ids = [e.user_id for e in entries]
    plans = [services.plans.region_view(region, entries) for region in regions]

    def collect() -> RegionTable:
        return region_table(
            read_users(services, ids, progress),
            regions,
            services.registry,
            services.content,
            named=named,
        )

    def render(table: RegionTable) -> bytes:
        return spec.render(table, t, services.content, plans)

    def remote(table: RegionTable) -> Callable[[], bytes]:
        return functools.partial(jobs.region_format, fmt, table, t.locale, plans)

    def finish(table: RegionTable, data: bytes) -> ExportFile:
        log.info(
            "export: %s exported region %s as %s at %s (%d scans by name, %d only in aggregates%s)",
            who,
            ",".join(regions),
            fmt,
            now,
            len(table.rows),
            table.not_named,
            "; names without consent allowed" if named else "",
        )
        return export_file(region_filename_part(regions), now, fmt, spec.mime_type, data)

    return RegionExportJob(collect, render, remote, spec.heavy, finish)


def prepare_region_export(
    services: Services,
    regions: Sequence[str],
    fmt: str,
    t: Translator,
    now: str,
    *,
    named: bool,
    who: str,
    progress: Progress | None = None,
) -> Callable[[], ExportFile]:
    """Check the request and list the region's users (here: the index is read on this
    thread); return the reading and rendering, which may run in a worker thread.
    ``named``: name every scan, with or without consent."""
    job = prepare_region_job(
        services, regions, fmt, t, now, named=named, who=who, progress=progress
    )

    def made() -> ExportFile:
        table = job.collect()
        return job.finish(table, job.render(table))

    return made


def export_region(
    services: Services,
    regions: Sequence[str],
    fmt: str,
    t: Translator,
    now: str,
    *,
    named: bool,
    who: str,
    progress: Progress | None = None,
) -> ExportFile:
    """The scans of ``regions`` as ``fmt`` (csv, xlsx), made on this thread."""
    render = prepare_region_export(
        services, regions, fmt, t, now, named=named, who=who, progress=progress
    )
    return render()
