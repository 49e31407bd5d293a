"""The verbeterplan in exports: its section in the scan summary and JSON, and the plan alone as
a document for the college (PDF, Markdown or JSON). Shared by the bot and the CLI.

Every export is logged (who, which plan, which format), never its content.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from dialogs.exports.files import ExportFile, export_file
from dialogs.exports.scan_summary import Summary
from dialogs.exports.summary_sections import Item, Section
from dialogs.model import Scan, User
from dialogs.plan.export import plan_for, plan_json, plan_section
from dialogs.plan.loop import progress_texts
from dialogs.texts import Date, text, verbatim
from regiescan.renderers import jobs
from regiescan.renderers.formats import SCAN_FORMATS
from regiescan.renderers.markdown import generated_line
from regiescan.wiring.i18n import Translator
from regiescan.wiring.services import Services

log = logging.getLogger("regiescan.export")
PLAN_FORMAT = "regiescan-plan-export"


def with_plan(services: Services, user: User, scan: Scan, summary: Summary) -> Summary:
    """The summary with the measures completed since the previous scan (for the latest scan)
    and the scan's plan as its last sections (unchanged without a plan)."""
    doc = services.plans.document(user.user_id)
    sections = list(summary.sections)
    latest = [s for s in user.finished if s.finished]
    if (
        latest
        and latest[-1].id == scan.id
        and (loop := progress_texts(user, doc, services.content))
    ):
        sections.append(Section(text("Sinds de vorige scan"), tuple(Item(x) for x in loop)))
    plan = plan_for(doc, user, scan)
    if plan is not None:
        sections.append(plan_section(plan, services.content, services.plans.today()))
    return replace(summary, sections=tuple(sections))


def plan_object(services: Services, user: User, scan: Scan, t: Translator) -> dict[str, Any] | None:
    plan = plan_for(services.plans.document(user.user_id), user, scan)
    return None if plan is None else plan_json(plan, t.render, services.plans.today())


def with_plan_data(services: Services, user: User, scan: Scan, t: Translator, data: Any) -> Any:
    """A scan export's data with the plan added: as sections of a reader's summary (PDF,
    Markdown), as the ``plan`` object of the JSON document. Other data passes unchanged."""
    if isinstance(data, Summary):
        return with_plan(services, user, scan, data)
    if isinstance(data, dict):
        return {**data, "plan": plan_object(services, user, scan, t)}
    return data


@dataclass(frozen=True)
class PlanExportJob:
    """The plan-alone export split like :class:`~.scan_documents.ScanExportJob`: ``render`` on
    this process, ``remote`` (when ``heavy``) a picklable call for the render process,
    ``finish`` names the file and logs the export."""

    render: Callable[[], bytes]
    remote: Callable[[], bytes]
    heavy: bool
    finish: Callable[[bytes], ExportFile]


def prepare_plan_job(
    services: Services, user: User, fmt: str, t: Translator, now: str, who: str
) -> PlanExportJob | None:
    """The current plan alone, ready to render; None when there is no plan with measures."""
    spec = SCAN_FORMATS.get(fmt)
    if spec is None:
        raise ValueError(f"unknown format {fmt!r}")
    doc = services.plans.document(user.user_id)
    plan = doc.current
    if plan is None or not plan.measures:
        return None
    today = services.plans.today()
    m = services.registry.get(plan.gemeente or "")
    name = m.name if m else "-"
    title = text("Verbeterplan voor {municipality}", municipality=verbatim(name))
    section = plan_section(plan, services.content, today)
    loop = progress_texts(user, doc, services.content)
    sections = [section]
    if loop:
        sections.append(Section(text("Sinds de vorige scan"), tuple(Item(x) for x in loop)))
    subtitle = text("Opgesteld op {date}", date=Date(plan.created))

    def render() -> bytes:
        if fmt == "json":
            document = {
                "format": PLAN_FORMAT,
                "format_version": 1,
                "generated": now,
                "locale": t.locale,
                "municipality": m.code if m else None,
                "plan": plan_json(plan, t.render, today),
            }
            return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        if fmt == "md":
            return _markdown(t, title, section, loop, now)
        from regiescan.renderers.pdf_sections import render_sections_pdf  # fpdf2 when needed

        return render_sections_pdf(t, title, subtitle, sections, now)

    def finish(data: bytes) -> ExportFile:
        made = export_file(f"verbeterplan-{name}", now, fmt, spec.mime_type, data)
        log.info("export: %s exported plan %s as %s at %s", who, plan.id, fmt, now)
        return made

    remote = functools.partial(jobs.sections_pdf, t.locale, title, subtitle, sections, now)
    return PlanExportJob(render, remote, fmt == "pdf", finish)


def prepare_plan_export(
    services: Services, user: User, fmt: str, t: Translator, now: str, who: str
) -> Callable[[], ExportFile] | None:
    """The current plan alone as a file; None when there is no plan with measures."""
    job = prepare_plan_job(services, user, fmt, t, now, who)
    if job is None:
        return None
    return lambda: job.finish(job.render())


def _markdown(t: Translator, title: Any, section: Section, loop: list[Any], now: str) -> bytes:
    out = [f"# {t(title)}", ""]
    for item in section.items:
        line = t(item.text)
        out.append(
            f"### {line}" if item.kind == "sub" else f"- {line}" if item.kind == "li" else line
        )
    if loop:
        out += ["", f"## {t(text('Sinds de vorige scan'))}", ""] + [t(x) for x in loop]
    out += ["", "---", "", generated_line(t, now), ""]
    return "\n".join(out).encode("utf-8")
