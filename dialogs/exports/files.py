"""An export as a file: its name (``regiescan-<slug>-<yyyy-mm-dd>.<ext>``), type and bytes.

The formats themselves (extension, MIME type, label, renderer) are one registry:
:mod:`regiescan.renderers.formats`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_EXTENSION = re.compile(r"[a-z0-9]{1,8}")


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
    if not _EXTENSION.fullmatch(ext):
        raise ValueError(f"not a file extension: {ext!r}")
    return f"regiescan-{slug(name)}-{iso[:10]}.{ext}"


def export_file(name: str, iso: str, ext: str, mime_type: str, data: bytes) -> ExportFile:
    return ExportFile(export_filename(name, iso, ext), mime_type, data)
