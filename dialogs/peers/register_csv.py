"""The register of good practices as an operator keeps it: a CSV, checked whole before import.

The CSV is UTF-8, comma- or semicolon-separated, with a header::

    gemeente_code,knelpunt,titel,url,contact
    GM0796,informatie,Wijkanalyse met partners,https://example.nl/wijkanalyse,Team OOV

``contact`` is optional (the column may be left out). :func:`import_register_csv` checks the
whole file first and writes nothing unless every line is valid: the register then becomes
exactly the file's entries, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from os import PathLike
from pathlib import Path
from urllib.parse import urlsplit

from dialogs.municipalities import MunicipalityRegistry
from dialogs.peers.stores import RegisterEntry, RegisterStore
from dialogs.scan.content import Content
from dialogs.stores import StorageError

REQUIRED_COLUMNS = ("gemeente_code", "knelpunt", "titel", "url")
OPTIONAL_COLUMNS = ("contact",)
MAX_TEXT = 200  # characters in a title or contact
MAX_URL = 2000


class RegisterImportError(StorageError):
    """A register CSV has invalid lines; nothing of it was imported."""

    def __init__(self, path: str | PathLike[str], problems: list[tuple[int, str]]) -> None:
        self.path = Path(path)
        self.problems = problems  # (line number, what is wrong), in file order
        listed = "; ".join(f"line {line}: {problem}" for line, problem in problems)
        super().__init__(f"{self.path}: nothing imported. {listed}")


def import_register_csv(
    register: RegisterStore,
    path: str | PathLike[str],
    registry: MunicipalityRegistry,
    content: Content,
) -> int:
    """Replace the register with the entries of the CSV at ``path``; return how many.

    Raises :class:`RegisterImportError` naming every bad line, and then imports nothing.
    """
    try:
        raw = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegisterImportError(path, [(1, f"the file is not UTF-8 ({exc.reason})")]) from exc
    entries, problems = parse_register_csv(raw, registry, content)
    if problems:
        raise RegisterImportError(path, problems)
    register.replace(entries)
    return len(entries)


def parse_register_csv(
    raw: str, registry: MunicipalityRegistry, content: Content
) -> tuple[list[RegisterEntry], list[tuple[int, str]]]:
    """The entries of a register CSV, and its problems as (line number, problem)."""
    first = raw.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    if not header:
        return [], [(1, "the file is empty; expected a header row")]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [h for h in header if h not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        expected = ",".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
        return [], [(1, f"the header must be {expected} (contact optional), got {first!r}")]
    knelpunten = {k.id for k in content.knelpunten}
    entries: list[RegisterEntry] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str, str, str], int] = {}
    end = reader.line_num
    for row in reader:
        line, end = end + 1, reader.line_num  # a quoted field may span lines: report the first
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append((line, f"expected {len(header)} fields, found {len(row)}"))
            continue
        values = {h: cell.strip() for h, cell in zip(header, row, strict=True)}
        municipality = registry.get(values["gemeente_code"])
        found = []
        if municipality is None:
            found.append(f"unknown municipality code {values['gemeente_code']!r}")
        if values["knelpunt"] not in knelpunten:
            found.append(f"unknown knelpunt {values['knelpunt']!r}")
        if not values["titel"]:
            found.append("the titel is missing")
        elif len(values["titel"]) > MAX_TEXT:
            found.append(f"the titel is longer than {MAX_TEXT} characters")
        if not _is_web_url(values["url"]):
            found.append(f"the url must be an http:// or https:// address, got {values['url']!r}")
        contact = values.get("contact") or None
        if contact is not None and len(contact) > MAX_TEXT:
            found.append(f"the contact is longer than {MAX_TEXT} characters")
        if municipality is not None and not found:
            key = (municipality.code, values["knelpunt"], values["url"])
            if key in seen:
                found.append(f"the same entry as line {seen[key]}")
            seen.setdefault(key, line)
        if found:
            problems += [(line, problem) for problem in found]
            continue
        assert municipality is not None
        code, knelpunt = municipality.code, values["knelpunt"]
        entries.append(RegisterEntry(code, knelpunt, values["titel"], values["url"], contact))
    return entries, problems


def _is_web_url(url: str) -> bool:
    if not url or len(url) > MAX_URL or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
