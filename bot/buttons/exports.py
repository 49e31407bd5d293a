"""Buttons of the exports (kind ``x``).

``x|s|<scan id>`` choose a scan, ``x|f|<scan id>|<pdf|md|json>`` export it;
``x|r|<VRnn|all>`` choose a region (staff), ``x|q|<VRnn|all>|<csv|xlsx>`` export it.
Ids in the data are only claims: the handlers look the scan up among the sender's own scans and
check the staff role and region on every tap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.buttons.base import encode
from regiescan.renderers.formats import REGION_FORMATS, SCAN_FORMATS

ALL_REGIONS = "all"
_SCAN_ID = r"([0-9a-f]{6,32})"
_REGION = r"(VR[0-9]{2}|all)"
_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^x\|s\|{_SCAN_ID}$"), "scan"),
    (re.compile(rf"^x\|f\|{_SCAN_ID}\|({'|'.join(SCAN_FORMATS)})$"), "scan_format"),
    (re.compile(rf"^x\|r\|{_REGION}$"), "region"),
    (re.compile(rf"^x\|q\|{_REGION}\|({'|'.join(REGION_FORMATS)})$"), "region_format"),
]


@dataclass(frozen=True)
class ExportAction:
    kind: str  # scan, scan_format, region, region_format
    target: str  # a scan id, a region code or ALL_REGIONS
    fmt: str = ""


def parse_export(data: str) -> ExportAction | None:
    """The export button named by ``data``, or None for anything malformed or forged."""
    for pattern, kind in _FORMS:
        m = pattern.match(data)
        if m:
            groups = m.groups()
            return ExportAction(kind, groups[0], groups[1] if len(groups) > 1 else "")
    return None


def choose_scan(scan_id: str) -> str:
    return encode("x", "s", scan_id)


def scan_format(scan_id: str, fmt: str) -> str:
    return encode("x", "f", scan_id, fmt)


def choose_region(region: str) -> str:
    return encode("x", "r", region)


def region_format(region: str, fmt: str) -> str:
    return encode("x", "q", region, fmt)


KINDS = {"x": parse_export}
