"""The scan's content: the ten knelpunten, their statements and tags, loaded from data.

The data file (``dialogs/data/content.toml``) holds ids and tags only; the texts live in the
catalogs under msgids derived from the ids (:func:`title_msgid`, :func:`statement_msgid`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

# The canonical knelpunt ids, in the order of the study. Stored scans use them as keys.
KNELPUNT_IDS: tuple[str, ...] = (
    "systematiek",
    "coordinator",
    "sturing",
    "expertise",
    "informatie",
    "samenhang",
    "bestuur",
    "ketens",
    "rijksbeleid",
    "leerproces",
)
DIMENSIES = ("willen", "kunnen", "kennen")
INVLOED = ("lokaal", "regio", "rijk")
SCHAAL = ("", "klein", "groot")
BEST_PERSON_CONDITIONS = ("proces", "inhoud", "methode", "positie")
MIN_STATEMENTS, MAX_STATEMENTS = 2, 5


class ContentError(ValueError):
    """The content file breaks one of the rules the rest of the product relies on."""


@dataclass(frozen=True)
class Statement:
    id: str
    knelpunt: str
    condition: str | None = None

    @property
    def msgid(self) -> str:
        return statement_msgid(self.id)


@dataclass(frozen=True)
class Knelpunt:
    id: str
    dimensie: str
    invloed: str
    schaal: str
    statements: tuple[Statement, ...]

    @property
    def title_msgid(self) -> str:
        return title_msgid(self.id)

    @property
    def intro_msgid(self) -> str:
        return intro_msgid(self.id)


def title_msgid(knelpunt_id: str) -> str:
    return f"knelpunt.{knelpunt_id}.title"


def intro_msgid(knelpunt_id: str) -> str:
    return f"knelpunt.{knelpunt_id}.intro"


def statement_msgid(statement_id: str) -> str:
    return f"statement.{statement_id}"


@dataclass(frozen=True)
class Content:
    """One version of the scan's content, validated on construction."""

    version: str
    knelpunten: tuple[Knelpunt, ...]

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for k in self.knelpunten for s in k.statements)

    def knelpunt(self, knelpunt_id: str) -> Knelpunt:
        for k in self.knelpunten:
            if k.id == knelpunt_id:
                return k
        raise KeyError(knelpunt_id)

    def statement(self, statement_id: str) -> Statement | None:
        for s in self.statements:
            if s.id == statement_id:
                return s
        return None

    def index_of(self, knelpunt_id: str) -> int:
        return [k.id for k in self.knelpunten].index(knelpunt_id)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Content:
        knelpunten = []
        for raw in data.get("knelpunt", []):
            statements = tuple(
                Statement(id=s["id"], knelpunt=raw["id"], condition=s.get("condition"))
                for s in raw.get("statements", [])
            )
            knelpunten.append(
                Knelpunt(
                    id=raw["id"],
                    dimensie=raw["dimensie"],
                    invloed=raw["invloed"],
                    schaal=raw.get("schaal", ""),
                    statements=statements,
                )
            )
        return cls(version=str(data["version"]), knelpunten=tuple(knelpunten))


def load_content(path: Path | None = None) -> Content:
    """Read and validate the content file (the packaged one unless ``path`` is given)."""
    if path is None:
        raw = resources.files("dialogs").joinpath("data/content.toml").read_bytes()
    else:
        raw = path.read_bytes()
    try:
        return Content.from_dict(tomllib.loads(raw.decode("utf-8")))
    except (KeyError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"content file is malformed: {exc}") from exc


def _validate(content: Content) -> None:
    ids = tuple(k.id for k in content.knelpunten)
    if ids != KNELPUNT_IDS:
        raise ContentError(f"knelpunten must be exactly {KNELPUNT_IDS} in order, got {ids}")
    seen: set[str] = set()
    conditions: list[str] = []
    for k in content.knelpunten:
        if k.dimensie not in DIMENSIES or k.invloed not in INVLOED or k.schaal not in SCHAAL:
            raise ContentError(f"knelpunt {k.id} has an unknown tag")
        if not MIN_STATEMENTS <= len(k.statements) <= MAX_STATEMENTS:
            raise ContentError(
                f"knelpunt {k.id} needs {MIN_STATEMENTS}-{MAX_STATEMENTS} statements"
            )
        for s in k.statements:
            if not s.id.startswith(k.id + ".") or s.id in seen:
                raise ContentError(f"statement id {s.id!r} is duplicated or outside {k.id}")
            seen.add(s.id)
            if s.condition is not None:
                conditions.append(s.condition)
    if sorted(conditions) != sorted(BEST_PERSON_CONDITIONS):
        raise ContentError("the four best-persons conditions must each mark one statement")
