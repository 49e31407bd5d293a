"""One scan to export, and the two kinds of data a scan's export is made from.

Each format in :mod:`regiescan.renderers.formats` names one of these data functions (run on the
calling thread: they read the indexes) and a renderer that serialises the result (which may
run in a worker thread). Data lives here; serialisation is the renderers'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialogs.exports.scan_json import Translate, scan_document
from dialogs.exports.scan_summary import Summary, build_summary
from dialogs.model import Scan, User
from dialogs.results.service import Results


@dataclass(frozen=True)
class ScanSource:
    user: User
    scan: Scan  # one of the user's scans (finished or in progress)
    results: Results
    translate: Translate  # into the language of the export
    now: str  # ISO 8601: when the export is made


def summary_data(source: ScanSource) -> Summary:
    """The summary a reader sees (PDF, Markdown): facts, scores, diagnosis, advice, peers."""
    return build_summary(source.user, source.scan, source.results)


def document_data(source: ScanSource) -> dict[str, Any]:
    """Everything about the scan as plain JSON data (``data/export.schema.json``)."""
    diagnosis = source.results.diagnose(source.user, source.scan)
    assert diagnosis is not None
    content = source.results.content
    return scan_document(source.user, source.scan, diagnosis, content, source.translate, source.now)
