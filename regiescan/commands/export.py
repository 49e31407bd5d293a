"""`regiescan export` (one coordinator's scan) and `regiescan export-region` (a region's scans).

Both work on the data dir without a running bot. The file goes where ``-o`` says (default: its
own name in the current directory), written atomically: an interrupted export leaves no half
file. The command line counts as an administrator (``beheerder``) for
``REGIESCAN_EXPORT_NAMED``; who ran it is logged as the operating-system user.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TextIO

from dialogs.exports.files import ExportFile
from dialogs.model import User
from dialogs.regional.access import BEHEERDER
from regiescan.renderers.formats import REGION_FORMATS, SCAN_FORMATS
from regiescan.renderers.region_documents import RegionExportError, export_region, named_allowed
from regiescan.renderers.scan_documents import CURRENT, ExportError, export_scan, pick_scan
from regiescan.wiring.i18n import LOCALES
from regiescan.wiring.services import Services, build_services
from regiescan.wiring.settings import Settings
from storage.atomic import atomic_write_bytes

COMMANDS = ("export", "export-region")
BAR_WIDTH = 30


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    one = sub.add_parser("export", help="export one coordinator's scan as PDF, Markdown or JSON")
    one.add_argument("--user", type=int, required=True, help="the coordinator's Telegram user id")
    one.add_argument(
        "--format", required=True, choices=tuple(SCAN_FORMATS), help=", ".join(SCAN_FORMATS)
    )
    one.add_argument(
        "--scan",
        metavar="DATE",
        help=f"YYYY-MM-DD: the scan finished that day; '{CURRENT}': the one in progress "
        "(default: the latest finished scan)",
    )
    one.add_argument("-o", "--output", metavar="FILE", help="default: regiescan-<gemeente>-<date>")
    one.add_argument("--lang", choices=LOCALES, help="default: the coordinator's language")
    region = sub.add_parser("export-region", help="export a veiligheidsregio's scans (CSV, XLSX)")
    region.add_argument(
        "--regio", required=True, action="append", metavar="VR", help="e.g. VR21 (repeatable)"
    )
    region.add_argument(
        "--format", required=True, choices=tuple(REGION_FORMATS), help=", ".join(REGION_FORMATS)
    )
    region.add_argument("-o", "--output", metavar="FILE", help="default: regiescan-<vr>-<date>")
    region.add_argument("--lang", choices=LOCALES, default="nl", help="column headings (nl)")


def _who() -> str:
    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):
        return "command line"


def _check_output(output: str | None) -> None:
    """Refuse a target in a missing folder before anything is made (or logged)."""
    if output and not Path(output).is_dir() and not Path(output).parent.is_dir():
        raise ExportError(f"cannot write {output}: folder {Path(output).parent} does not exist")


def _write(made: ExportFile, output: str | None) -> Path:
    target = Path(output) if output else Path.cwd() / made.filename
    if target.is_dir():
        target = target / made.filename
    atomic_write_bytes(target, made.data)
    return target


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self, stream: TextIO = sys.stderr, enabled: bool | None = None) -> None:
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        filled = BAR_WIDTH * done // total
        if filled == self._shown and done != total:
            return
        self._shown = filled
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\rreading scans [{bar}] {done}/{total}{end}")
        self.stream.flush()


def run(settings: Settings, args: argparse.Namespace) -> int:
    services = build_services(settings)
    try:
        if args.command == "export":
            return _export(services, args)
        return _export_region(services, args)
    except (ExportError, RegionExportError) as exc:
        print(f"regiescan: {exc}", file=sys.stderr)
        return 1
    finally:
        services.close()


def _export(services: Services, args: argparse.Namespace) -> int:
    doc = services.store.load(args.user)
    if doc is None:
        raise ExportError(
            f"no user {args.user} in {services.settings.data_dir} "
            "(give the coordinator's Telegram user id)"
        )
    user = User.from_doc(doc)
    scan = pick_scan(user, args.scan)
    _check_output(args.output)
    t = services.translators.get(args.lang or user.locale)
    made = export_scan(services, user, scan, args.format, t, services.scans.now(), _who())
    target = _write(made, args.output)
    mark = "" if scan.finished else " (onvolledig: the scan is not finished)"
    print(f"{target}{mark}")
    return 0


def _export_region(services: Services, args: argparse.Namespace) -> int:
    _check_output(args.output)
    t = services.translators.get(args.lang)
    made = export_region(
        services,
        [code for value in args.regio for code in value.split(",")],
        args.format,
        t,
        services.scans.now(),
        named=named_allowed(services.settings, BEHEERDER),
        who=_who(),
        progress=ProgressBar(),
    )
    target = _write(made, args.output)
    print(target)
    return 0
