"""Export formats, their MIME types, and file names (``regiescan-<slug>-<yyyy-mm-dd>.<ext>``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The formats a coordinator can export one scan in, and regional staff a region in.
SCAN_FORMATS = ("pdf", "md", "json")
REGION_FORMATS = ("csv", "xlsx")

MIME_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "md": "text/markdown",
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class ExportFile:
    """A finished export: what to call it, what it is, and its bytes."""

    filename: str
    mime_type: str
    data: bytes


def slug(name: str) -> str:
    """A file-name-safe form of a name: "'s-Hertogenbosch" -> "s-hertogenbosch",
    "Súdwest-Fryslân" -> "sudwest-fryslan". Never empty."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_SLUG.sub("-", ascii_only).strip("-") or "onbekend"


def export_filename(name: str, iso: str, ext: str) -> str:
    """``regiescan-<slug of name>-<yyyy-mm-dd>.<ext>`` for a moment ``iso`` (ISO 8601)."""
    if ext not in MIME_TYPES:
        raise ValueError(f"unknown export format {ext!r}")
    return f"regiescan-{slug(name)}-{iso[:10]}.{ext}"


def export_file(name: str, iso: str, ext: str, data: bytes) -> ExportFile:
    return ExportFile(export_filename(name, iso, ext), MIME_TYPES[ext], data)
