"""Plans in a region, for staff: per knelpunt how many municipalities have open and completed
measures, and where a joint approach is a chance.

Privacy as elsewhere in the regional view: a municipality is named only when a coordinator
who opted in as a peer (``peer_listing``) has the measures; the others count only in numbers,
and a number is shown only from :data:`MIN_MUNICIPALITIES` municipalities up. Demo users are
left out. A *signal* is a knelpunt on which at least that many municipalities of the region
have open measures: the study's forms of regional cooperation (pooled capacity for analysis,
shared expertise, joint agreements with partners) fit there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dialogs.municipalities import MunicipalityRegistry
from dialogs.plan.document import AFGEROND, PlanDocument
from dialogs.regional.progress import IndexEntry
from dialogs.scan.content import Content, title_msgid
from dialogs.texts import N_, Text, plural, text, verbatim

MIN_MUNICIPALITIES = 3
OPEN_LABEL = N_("open maatregelen")
DONE_LABEL = N_("afgeronde maatregelen")


@dataclass(frozen=True)
class KnelpuntPlans:
    knelpunt: str
    open_count: int  # municipalities with open measures on it
    done_count: int  # municipalities with completed measures on it
    open_named: tuple[str, ...]  # names of those that may be named
    done_named: tuple[str, ...]

    @property
    def signal(self) -> bool:
        return self.open_count >= MIN_MUNICIPALITIES


@dataclass(frozen=True)
class RegionPlans:
    region: str
    with_plan: int  # municipalities with at least one measure
    named_with_plan: tuple[str, ...]
    knelpunten: tuple[KnelpuntPlans, ...]  # content order, only knelpunten with measures

    @property
    def signals(self) -> tuple[KnelpuntPlans, ...]:
        return tuple(k for k in self.knelpunten if k.signal)


def region_plans(
    region: str,
    entries: Iterable[IndexEntry],
    document: Callable[[int], PlanDocument],
    registry: MunicipalityRegistry,
    content: Content,
) -> RegionPlans:
    opened: dict[str, set[str]] = {}
    done: dict[str, set[str]] = {}
    named: set[tuple[str, str, str]] = set()  # (knelpunt, state, code) a consenting user has
    with_plan: set[str] = set()
    named_plan: set[str] = set()
    for entry in entries:
        m = registry.get(entry.gemeente or "")
        if m is None or m.vr_code != region or entry.demo:
            continue
        plan = document(entry.user_id).current
        if plan is None or not plan.measures:
            continue
        with_plan.add(m.code)
        if entry.peer:
            named_plan.add(m.code)
        for measure in plan.measures:
            state = "open" if measure.is_open else "done" if measure.status == AFGEROND else ""
            if not state:
                continue
            (opened if state == "open" else done).setdefault(measure.knelpunt, set()).add(m.code)
            if entry.peer:
                named.add((measure.knelpunt, state, m.code))
    names = {m.code: m.name for m in registry.in_region(region)}

    def named_in(knelpunt: str, state: str, codes: set[str]) -> tuple[str, ...]:
        return tuple(sorted(names[c] for c in codes if (knelpunt, state, c) in named))

    rows = []
    for k in content.knelpunten:
        o, d = opened.get(k.id, set()), done.get(k.id, set())
        if o or d:
            rows.append(
                KnelpuntPlans(k.id, len(o), len(d), named_in(k.id, "open", o),
                              named_in(k.id, "done", d))
            )  # fmt: skip
    return RegionPlans(
        region,
        len(with_plan),
        tuple(sorted(names[c] for c in named_plan)),
        tuple(rows),
    )


def _names(values: tuple[str, ...]) -> Text:
    return verbatim(", ".join(values))


def _part(count: int, named: tuple[str, ...], label: str) -> Text | None:
    """'open bij 4 gemeenten (onder wie Tilburg)', or only the names below three."""
    if count >= MIN_MUNICIPALITIES:
        if named:
            return plural(
                "{label} bij {count} gemeente, onder wie {names}",
                "{label} bij {count} gemeenten, onder wie {names}",
                "count", label=text(label), count=count, names=_names(named),
            )  # fmt: skip
        return plural(
            "{label} bij {count} gemeente", "{label} bij {count} gemeenten", "count",
            label=text(label), count=count,
        )  # fmt: skip
    if named:
        return text("{label} bij {names}", label=text(label), names=_names(named))
    return None


def region_plan_texts(plans: RegionPlans) -> list[Text]:
    """The plans section of /regio and of the regional export."""
    lines = [text("Verbeterplannen")]
    if plans.with_plan >= MIN_MUNICIPALITIES:
        lines.append(
            plural(
                "{count} gemeente heeft een verbeterplan.",
                "{count} gemeenten hebben een verbeterplan.",
                "count", count=plans.with_plan,
            )
        )  # fmt: skip
    elif plans.named_with_plan:
        lines.append(
            text(
                "Onder de gemeenten met een verbeterplan: {names}.",
                names=_names(plans.named_with_plan),
            )
        )
    else:
        lines.append(text("Nog geen verbeterplannen om te tonen (aantallen vanaf drie gemeenten)."))
        return lines
    for k in plans.knelpunten:
        parts = [
            p
            for p in (
                _part(k.open_count, k.open_named, OPEN_LABEL),
                _part(k.done_count, k.done_named, DONE_LABEL),
            )
            if p is not None
        ]
        if parts:
            lines.append(
                text(
                    "{knelpunt}: {parts}",
                    knelpunt=text(title_msgid(k.knelpunt)),
                    parts=_joined(parts),
                )
            )
    for k in plans.signals:
        lines.append(
            text(
                "Kans voor een gezamenlijke aanpak: {count} gemeenten werken aan {knelpunt}. "
                "Denk aan gebundelde analysecapaciteit, gedeelde expertise of gezamenlijke "
                "afspraken met partners.",
                count=k.open_count,
                knelpunt=text(title_msgid(k.knelpunt)),
            )
        )
    return lines


def _joined(parts: list[Text]) -> Text:
    if len(parts) == 1:
        return parts[0]
    return text("{first}; {second}", first=parts[0], second=parts[1])
