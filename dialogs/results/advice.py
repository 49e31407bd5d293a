"""Advice rules: which advice the diagnosis gives for a weak knelpunt, loaded from data.

The data file (``dialogs/data/advice.toml``) holds ids, tags and conditions only; the texts
live in the catalogs under ``advice.<id>`` (:func:`advice_msgid`), like the content's texts.

Order (:meth:`AdviceRules.for_knelpunt`): the advice answering the statements answered lowest
comes first; among equals, advice meant for the municipality's size class (``sizes``) or put
first for it (``first_for``); then the file order.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

from dialogs.model import AnswerValue
from dialogs.municipalities import GROOT, KLEIN, MIDDELGROOT
from dialogs.scan.content import INVLOED, Content

SIZE_CLASSES = (KLEIN, MIDDELGROOT, GROOT)


class AdviceError(ValueError):
    """The advice file breaks one of the rules the diagnosis relies on."""


def advice_msgid(advice_id: str) -> str:
    return f"advice.{advice_id}"


@dataclass(frozen=True)
class Link:
    """An open source an advice names: its name (shown as it is) and its address."""

    label: str
    url: str


@dataclass(frozen=True)
class Advice:
    """One advice: for a knelpunt, acted on at one level, maybe only for some size classes."""

    id: str
    knelpunt: str
    invloed: str  # lokaal (zelf), regio (met de regio), rijk (signaleren richting het rijk)
    source: str  # the part of the source article it is drawn from
    sizes: frozenset[str] | None = None  # None: every size class
    statements: tuple[str, ...] = ()  # the statements it answers (empty: the knelpunt as such)
    first_for: frozenset[str] = frozenset()  # size classes for which it comes first among equals
    links: tuple[Link, ...] = ()

    @property
    def msgid(self) -> str:
        return advice_msgid(self.id)

    def applies_to(self, size_class: str | None) -> bool:
        """Whether the advice holds for a municipality of ``size_class``.

        An unknown size (None) gets only the advice meant for every size: size-specific advice
        for the wrong size would be worse than none.
        """
        return self.sizes is None or (size_class is not None and size_class in self.sizes)


@dataclass(frozen=True)
class AdviceRules:
    """All advice, in file order, validated against the content on construction."""

    version: str
    advice: tuple[Advice, ...]

    def for_knelpunt(
        self,
        knelpunt_id: str,
        size_class: str | None,
        answers: Mapping[str, AnswerValue | None] | None = None,
    ) -> tuple[Advice, ...]:
        """The advice that applies, best first.

        ``answers``: the scan's value per statement id. With them, the advice answering the
        lowest-scored statements comes first. Among equals (and without answers), advice for
        this size class comes first, then the file order.
        """
        found = [a for a in self.advice if a.knelpunt == knelpunt_id and a.applies_to(size_class)]
        scored = {sid: v for sid, v in (answers or {}).items() if isinstance(v, int)}
        own = [v for sid, v in scored.items() if sid.startswith(knelpunt_id + ".")]
        middle = sum(own) / len(own) if own else 0.0  # advice on no answered statement: the mean

        def weakest(a: Advice) -> float:
            values = [v for sid in a.statements if (v := scored.get(sid)) is not None]
            return float(min(values)) if values else middle

        def for_size(a: Advice) -> bool:
            return size_class is not None and (a.sizes is not None or size_class in a.first_for)

        # Stable sort: the file order decides what is left equal.
        return tuple(sorted(found, key=lambda a: (weakest(a), not for_size(a))))

    def get(self, advice_id: str) -> Advice:
        for a in self.advice:
            if a.id == advice_id:
                return a
        raise KeyError(advice_id)

    @classmethod
    def from_dict(cls, data: dict[str, Any], content: Content) -> AdviceRules:
        rules = []
        for raw in data.get("advice", []):
            sizes = raw.get("sizes")
            rules.append(
                Advice(
                    id=raw["id"],
                    knelpunt=raw["knelpunt"],
                    invloed=raw["invloed"],
                    source=raw["source"],
                    sizes=None if sizes is None else frozenset(sizes),
                    statements=tuple(raw.get("statements", ())),
                    first_for=frozenset(raw.get("first_for", ())),
                    links=tuple(Link(str(x["label"]), str(x["url"])) for x in raw.get("links", ())),
                )
            )
        result = cls(version=str(data.get("version", "")), advice=tuple(rules))
        _validate(result, content)
        return result


def load_advice(content: Content, path: Path | None = None) -> AdviceRules:
    """Read and validate the advice file (the packaged one unless ``path`` is given)."""
    if path is None:
        raw = resources.files("dialogs").joinpath("data/advice.toml").read_bytes()
    else:
        raw = path.read_bytes()
    try:
        return AdviceRules.from_dict(tomllib.loads(raw.decode("utf-8")), content)
    except (KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise AdviceError(f"advice file is malformed: {exc}") from exc


def _validate(rules: AdviceRules, content: Content) -> None:
    knelpunten = {k.id for k in content.knelpunten}
    seen: set[str] = set()
    general: set[str] = set()
    answered: set[str] = set()  # statements answered by advice for every size
    zelf: set[str] = set()  # knelpunten with advice the municipality follows itself, any size
    for a in rules.advice:
        if a.id in seen or not a.id.startswith(a.knelpunt + "."):
            raise AdviceError(f"advice id {a.id!r} is duplicated or outside {a.knelpunt}")
        seen.add(a.id)
        if a.knelpunt not in knelpunten:
            raise AdviceError(f"advice {a.id} names an unknown knelpunt {a.knelpunt!r}")
        if a.invloed not in INVLOED:
            raise AdviceError(f"advice {a.id} has an unknown invloed {a.invloed!r}")
        if not a.source.strip():
            raise AdviceError(f"advice {a.id} names no source")
        own = {s.id for s in content.knelpunt(a.knelpunt).statements}
        if strange := [sid for sid in a.statements if sid not in own]:
            raise AdviceError(f"advice {a.id} names statements outside {a.knelpunt}: {strange}")
        if not a.first_for <= set(SIZE_CLASSES):
            raise AdviceError(f"advice {a.id} has first_for sizes outside {SIZE_CLASSES}")
        if any(not link.url.startswith("https://") or not link.label for link in a.links):
            raise AdviceError(f"advice {a.id} has a link without a label or an https address")
        if a.sizes is None:
            general.add(a.knelpunt)
            answered.update(a.statements)
            if a.invloed == "lokaal":
                zelf.add(a.knelpunt)
        elif not a.sizes or not a.sizes <= set(SIZE_CLASSES):
            raise AdviceError(f"advice {a.id} has sizes outside {SIZE_CLASSES}")
    if missing := knelpunten - general:
        raise AdviceError(f"knelpunten without advice for every size: {sorted(missing)}")
    if missing := knelpunten - zelf:
        raise AdviceError(f"knelpunten without advice the municipality follows itself: {missing}")
    if unanswered := [s.id for s in content.statements if s.id not in answered]:
        raise AdviceError(f"statements that no advice for every size answers: {unanswered}")


def extract_advice(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor for ``advice.toml``: every advice id becomes a msgid."""
    for raw in tomllib.loads(fileobj.read().decode("utf-8")).get("advice", []):
        sizes = ", ".join(raw.get("sizes", [])) or "all sizes"
        note = f"Advice for knelpunt '{raw['knelpunt']}' ({raw['invloed']}; {sizes})"
        yield 0, None, advice_msgid(raw["id"]), [note, f"Source: {raw['source']}"]
