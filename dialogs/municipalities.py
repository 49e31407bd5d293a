"""The Dutch municipalities (CBS 2024) and a forgiving name matcher.

Build a :class:`MunicipalityRegistry` once (``load_default()``) and keep it; nothing
happens at import. Matching compares *keys*: a name folded to the letters a-z only (case,
accents, apostrophes, hyphens, spaces, digits and invisible marks dropped), so
"'s-Hertogenbosch" and "s hertogenbosch" share a key. A municipality is indexed under its
name, its name without the CBS suffix ("Hengelo (O.)" -> "hengelo"), that plus its
province ("Bergen Limburg") and its :data:`ALIASES`. A key of several municipalities
("bergen") is ambiguous: no exact match, all suggested. Other queries get suggestions by
prefix and :mod:`difflib` similarity, and are exact only as a single typo (one insertion,
deletion, substitution or swap) of at least 6 letters with no other municipality within
two edits: "Amsterdm" is Amsterdam, but "Velden" (Velsen? Leiden?) is not exact.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import TextIO

from dialogs.regions import POLITIE_EENHEID, RegionData, kind_of, load_regions

# Size classes by number of inhabitants: the one place that defines them.
KLEIN, MIDDELGROOT, GROOT = "klein", "middelgroot", "groot"
MIDDELGROOT_FROM = 20_000  # klein: fewer than this
GROOT_FROM = 100_000  # middelgroot: MIDDELGROOT_FROM up to this (exclusive)

# Other names people use -> the CBS name. Frisian municipalities are listed under their
# Frisian name by CBS; their Dutch names (and mixes of both) are aliases.
ALIASES: dict[str, str] = {
    "Den Bosch": "'s-Hertogenbosch",
    "Hertogenbosch": "'s-Hertogenbosch",
    "Den Haag": "'s-Gravenhage",
    "The Hague": "'s-Gravenhage",
    "Gravenhage": "'s-Gravenhage",
    "Nuenen": "Nuenen, Gerwen en Nederwetten",
    "Súdwest-Friesland": "Súdwest-Fryslân",
    "Zuidwest-Friesland": "Súdwest-Fryslân",
    "Zuidwest-Fryslân": "Súdwest-Fryslân",
    "Noordoost-Friesland": "Noardeast-Fryslân",
    "Noordoost-Fryslân": "Noardeast-Fryslân",
    "Noardeast-Friesland": "Noardeast-Fryslân",
    "De Friese Meren": "De Fryske Marren",
    "Tietjerksteradeel": "Tytsjerksteradiel",
    "Dantumadeel": "Dantumadiel",
}

REQUIRED_COLUMNS = ("code", "name", "province", "population", "vr_code", "veiligheidsregio")
MAX_QUERY_CHARS = 200  # raw input beyond this is ignored
MAX_KEY_CHARS = 60  # the longest name has 26 letters
FUZZY_CUTOFF = 0.72  # difflib ratio below which a name does not resemble the query
_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")  # "Hengelo (O.)" -> "Hengelo"
_NON_LETTERS = re.compile(r"[^a-z]+")
_STOPWORDS = frozenset({"s", "de", "den", "het", "en", "aan", "op", "van", "bij"})


def size_class(population: int) -> str:
    """Return "klein", "middelgroot" or "groot" for a number of inhabitants."""
    if population < MIDDELGROOT_FROM:
        return KLEIN
    return MIDDELGROOT if population < GROOT_FROM else GROOT


@dataclass(frozen=True)
class Municipality:
    """One municipality as CBS lists it, with its safety region (veiligheidsregio)."""

    code: str  # "GM0796"
    name: str  # "'s-Hertogenbosch"
    province: str
    population: int
    vr_code: str  # "VR21"
    veiligheidsregio: str  # its official name ("Zuid-Limburg", where CBS has "Limburg-Zuid")
    pe_code: str = ""  # "PE09": the politie-eenheid, derived from the veiligheidsregio
    politie_eenheid: str = ""  # "Oost-Brabant"

    @property
    def size_class(self) -> str:
        """The size class by population; see :func:`size_class`."""
        return size_class(self.population)

    def region(self, kind: str) -> tuple[str, str]:
        """(code, name) of the municipality's region of ``kind`` (dialogs.regions)."""
        if kind == POLITIE_EENHEID:
            return self.pe_code, self.politie_eenheid
        return self.vr_code, self.veiligheidsregio

    def in_region(self, code: str) -> bool:
        """Whether the municipality lies in region ``code`` of either kind."""
        code = code.strip().upper()
        return bool(code) and code in (self.vr_code, self.pe_code)


@dataclass(frozen=True)
class MatchResult:
    """``exact``: the one unambiguous match, if any; ``suggestions``: best first (``exact``
    first when set), empty when nothing resembles the query."""

    exact: Municipality | None = None
    suggestions: list[Municipality] = field(default_factory=list)


def _words(text: str) -> list[str]:
    """Fold ``text`` to lowercase a-z words: accents, marks and punctuation dropped."""
    decomposed = unicodedata.normalize("NFKD", text[:MAX_QUERY_CHARS].casefold())
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Cf"))
    return _NON_LETTERS.sub(" ", kept).split()


def normalise(text: str) -> str:
    """The matching key of ``text``: its letters a-z ("'s-Gravenhage" -> "sgravenhage")."""
    return "".join(_words(text))[:MAX_KEY_CHARS]


def _edits_within(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b``, or ``limit + 1`` if above it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        before, prev = prev, row
    return min(prev[-1], limit + 1)


class MunicipalityRegistry:
    """All municipalities, indexed by code, region and matching key."""

    def __init__(self, municipalities: Iterable[Municipality]) -> None:
        self._by_code: dict[str, Municipality] = {}
        for m in municipalities:
            if m.code in self._by_code:
                raise ValueError(f"duplicate municipality code {m.code}")
            self._by_code[m.code] = m
        self._sorted = sorted(self._by_code.values(), key=lambda m: (normalise(m.name), m.code))
        by_name = {m.name: m for m in self._sorted}
        self._by_key: dict[str, list[Municipality]] = {}
        self._prefixes: list[tuple[str, float, Municipality]] = []  # (key, weight, m)
        for m in self._sorted:
            self._add(normalise(m.name), m)
            if (base := _SUFFIX.sub("", m.name)) != m.name:  # "Bergen (L.)": "Bergen Limburg"
                self._add(normalise(base), m)
                self._add(normalise(f"{base} {m.province}"), m)
            self._prefixes.append((normalise(m.name), 1.0, m))
            for word in _words(m.name):
                if word not in _STOPWORDS and word != normalise(m.name):
                    self._prefixes.append((word, 0.9, m))
        for alias, name in ALIASES.items():
            if name in by_name:  # an alias of a name absent from the data is skipped
                self._add(normalise(alias), by_name[name])
        self._keys = list(self._by_key)

    def _add(self, key: str, m: Municipality) -> None:
        found = self._by_key.setdefault(key, [])
        if m not in found:
            found.append(m)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str]) -> MunicipalityRegistry:
        """Read a CSV with (at least) the columns in :data:`REQUIRED_COLUMNS`."""
        with open(path, encoding="utf-8", newline="") as stream:
            return cls._read(stream, load_regions())

    @classmethod
    def load_default(cls) -> MunicipalityRegistry:
        """Read the packaged ``dialogs/data/gemeenten.csv`` (CBS 2024) with the regions."""
        text = resources.files("dialogs").joinpath("data/gemeenten.csv").read_text("utf-8")
        return cls._read(io.StringIO(text, newline=""), load_regions())

    @classmethod
    def _read(cls, stream: TextIO, regions: RegionData) -> MunicipalityRegistry:
        reader = csv.DictReader(stream)
        missing = set(REQUIRED_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"municipality CSV lacks columns: {sorted(missing)}")
        municipalities = []
        for row in reader:
            vr = row["vr_code"].strip()
            eenheid = regions.eenheid_of(vr)
            municipalities.append(
                Municipality(
                    code=row["code"].strip(),
                    name=row["name"].strip(),
                    province=row["province"].strip(),
                    population=int(row["population"]),
                    vr_code=vr,
                    veiligheidsregio=regions.official_name(vr, row["veiligheidsregio"].strip()),
                    pe_code=eenheid.code if eenheid else "",
                    politie_eenheid=eenheid.name if eenheid else "",
                )
            )
        return cls(municipalities)

    def get(self, code: str) -> Municipality | None:
        """The municipality with CBS code ``code`` ("GM0796"), if any."""
        return self._by_code.get(code.strip().upper())

    def all(self) -> list[Municipality]:
        """All municipalities, sorted by name."""
        return list(self._sorted)

    def in_region(self, code: str) -> list[Municipality]:
        """The municipalities of region ``code`` ("VR21", or an eenheid "PE09"), by name."""
        return [m for m in self._sorted if m.in_region(code)]

    def regions(self, kind: str | None = None) -> dict[str, str]:
        """Region code -> name for ``kind`` (default: the veiligheidsregio's), sorted by code."""
        found = (m.region(kind or "veiligheidsregio") for m in self._sorted)
        return dict(sorted((code, name) for code, name in found if code))

    def veiligheidsregios_of(self, code: str) -> tuple[str, ...]:
        """The veiligheidsregio codes a region of either kind covers ("PE10": VR23, VR24)."""
        if kind_of(code) is None:
            return ()
        return tuple(sorted({m.vr_code for m in self.in_region(code)}))

    def match(self, query: str, limit: int = 5) -> MatchResult:
        """Find the municipality meant by ``query``; never raises."""
        key = normalise(query) if isinstance(query, str) else ""
        words = _words(query) if isinstance(query, str) else []
        if len(words) > 1 and words[0] in ("gemeente", "gem"):  # "Gemeente Utrecht"
            key = "".join(words[1:])[:MAX_KEY_CHARS]
        limit = max(limit, 0)
        if not key:
            return MatchResult()
        hits = self._by_key.get(key, [])
        if len(hits) == 1:
            return MatchResult(hits[0], hits[:limit][:1])
        scores: dict[str, float] = {m.code: 2.0 for m in hits}  # ambiguous hits come first
        if len(key) >= 3:
            for target, weight, m in self._prefixes:
                if target.startswith(key):
                    score = weight * (0.8 + 0.2 * len(key) / len(target))
                    scores[m.code] = max(scores.get(m.code, 0.0), score)
        matcher = difflib.SequenceMatcher(b=key, autojunk=False)
        near: list[str] = []  # keys possibly within two edits of a key of >= 6 letters
        for target in self._keys:
            if 2 * min(len(key), len(target)) < 0.66 * (len(key) + len(target)):
                continue  # difflib's real_quick_ratio, inlined: too different in length
            matcher.set_seq1(target)
            quick = matcher.quick_ratio()
            if len(key) >= 6 and quick >= 1 - 2 / max(len(key), len(target)) - 1e-9:
                near.append(target)
            if quick >= FUZZY_CUTOFF and (ratio := matcher.ratio()) >= FUZZY_CUTOFF:
                for m in self._by_key[target]:
                    scores[m.code] = max(scores.get(m.code, 0.0), ratio)
        ranked = sorted(
            (self._by_code[c] for c in scores),
            key=lambda m: (-scores[m.code], -m.population, m.name),
        )
        exact = None if hits else self._typo(key, near)
        if exact is not None:
            ranked = [exact, *(m for m in ranked if m is not exact)]
        return MatchResult(exact, ranked[:limit])

    def _typo(self, key: str, near: list[str]) -> Municipality | None:
        """The one municipality one edit from ``key`` (``near``: all keys maybe within two)."""
        close: dict[str, int] = {}
        for target in near:
            distance = _edits_within(key, target, 2)
            for m in self._by_key[target] if distance <= 2 else ():
                close[m.code] = min(close.get(m.code, 3), distance)
        if len(key) >= 6 and len(close) == 1 and min(close.values()) == 1:
            return self._by_code[next(iter(close))]
        return None
