"""The diagnosis of a finished scan: weakest knelpunten with advice, balance, profile, trends.

:func:`diagnose` turns a scan into plain data (:class:`Diagnosis`);
:func:`dialogs.results.diagnosis_texts.diagnosis_texts` renders that as
:class:`~dialogs.texts.Text` lines for one message. Choices, each a constant below:

* Weakest: up to :data:`WEAKEST` knelpunten scoring below ``peers.STRONG_FROM``, lowest first (ties
  in content order). Knelpunten with "onvoldoende zicht" come *after* every scored one and only
  fill the places left: a score is evidence of weakness, missing answers are evidence of missing
  information, which the diagnosis reports separately (as a finding for ``informatie``).
* Advice: per weak knelpunt every advice that applies, the one answering the statements scored
  lowest first (:meth:`AdviceRules.for_knelpunt`). The message shows a first step per knelpunt
  and, when none of those is one the municipality can take itself, the best such step too
  (:meth:`Diagnosis.first_steps`).
* Balance: the mean score per dimensie over the knelpunten with a usable score. Balanced when
  the means lie within :data:`BALANCED_WITHIN` of each other; otherwise the lowest is named
  (ties: all lowest). The article's warning: kunnen strictly the lowest while willen or kennen
  is below :data:`LOW_DIMENSION_BELOW` too. ``mostly_kunnen``: most of the weakest are kunnen
  knelpunten, which the study says is rarely the whole story.
* Signals between answers: all four "best persons" conditions met while expertise or
  informatie scores below :data:`LOW_DIMENSION_BELOW` (knowledge may rest on one person), and
  leerproces among the weakest (a collegiale toets fits).
* Comparison: per knelpunt with a usable score in both scans, a shift of at least
  :data:`CHANGE_THRESHOLD`. A previous scan of another municipality is not compared.
* Regional median: see :func:`dialogs.peers.matching.regional_median` (at least three *other*
  municipalities of the same veiligheidsregio, per knelpunt, or none at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dialogs.model import Scan
from dialogs.municipalities import Municipality, MunicipalityRegistry
from dialogs.peers.matching import STRONG_FROM, RegionalMedian, SharedScan, regional_median, usable
from dialogs.regions import DEFAULT_KIND
from dialogs.results.advice import Advice, AdviceRules
from dialogs.results.scoring import KnelpuntScore, score_scan
from dialogs.scan.content import BEST_PERSON_CONDITIONS, DIMENSIES, INVLOED, Content

WEAKEST = 3  # knelpunten in the diagnosis
LOW_DIMENSION_BELOW = 3.5  # a dimensie mean (or a knelpunt score) below this is "low"
BALANCED_WITHIN = 0.5  # dimensie means closer together than this are "in balance"
CONDITION_MET_FROM = 4  # a best-persons statement answered this or more is met
CHANGE_THRESHOLD = 0.5  # a shift of at least this much since the previous scan is reported
ADVICE_SHOWN = 1  # advice per weak knelpunt in the message: a first step (Diagnosis has all)
ONE_PERSON_KNELPUNTEN = ("expertise", "informatie")  # low here with a full profile: one person
TOETS_KNELPUNT = "leerproces"  # weak here: point to the collegiale toets
CHANGES_SHOWN = 3  # shifts since the previous scan in the message, largest first

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass(frozen=True)
class WeakKnelpunt:
    knelpunt: str
    score: float | None  # None: "onvoldoende zicht"
    advice: tuple[Advice, ...]  # all that apply, most specific first
    regional_median: float | None = None


@dataclass(frozen=True)
class Balance:
    means: Mapping[str, float | None]  # dimensie -> mean of the usable knelpunt scores
    low_besides_kunnen: tuple[str, ...]  # willen/kennen dimensies that are low too
    lowest: tuple[str, ...] = ()  # the dimensie(s) at the lowest mean; empty: balanced/unknown

    @property
    def balanced(self) -> bool:
        """Every dimensie has a mean and they lie within BALANCED_WITHIN of each other."""
        return not self.lowest and all(v is not None for v in self.means.values())

    @property
    def kunnen_warning(self) -> bool:
        """Kunnen is the weakest, but willen or kennen scores low too (the article's point)."""
        return bool(self.low_besides_kunnen)


@dataclass(frozen=True)
class ConditionStatus:
    condition: str  # one of content.BEST_PERSON_CONDITIONS
    statement: str
    status: str  # MET, NOT_MET or UNKNOWN


@dataclass(frozen=True)
class Change:
    knelpunt: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def improved(self) -> bool:
        return self.delta > 0


@dataclass(frozen=True)
class Comparison:
    previous_finished: str
    previous_scores: tuple[KnelpuntScore, ...]
    changes: tuple[Change, ...]  # largest shift first


@dataclass(frozen=True)
class Diagnosis:
    scan_id: str
    finished: str | None
    demo: bool
    municipality: Municipality | None
    scores: tuple[KnelpuntScore, ...]  # content order
    weakest: tuple[WeakKnelpunt, ...]
    blind_spots: tuple[str, ...]  # knelpunten with "onvoldoende zicht"
    balance: Balance
    conditions: tuple[ConditionStatus, ...]
    comparison: Comparison | None
    region: RegionalMedian | None
    respondent_role: str | None = None  # the role the respondent gave ("coordinator", ...)
    mostly_kunnen: bool = False  # most of the weakest knelpunten are kunnen knelpunten
    one_person: tuple[str, ...] = ()  # full profile, yet these knelpunten score low
    toets: bool = False  # leerproces among the weakest: a collegiale toets fits

    @property
    def values(self) -> tuple[float | None, ...]:
        """The usable score per knelpunt, in content order (a chart's series)."""
        return tuple(usable(s) for s in self.scores)

    @property
    def previous_values(self) -> tuple[float | None, ...] | None:
        """The previous scan's usable scores, if it was compared."""
        return (
            tuple(usable(s) for s in self.comparison.previous_scores) if self.comparison else None
        )

    def actions(
        self, per_knelpunt: int | None = None
    ) -> tuple[tuple[str, tuple[Advice, ...]], ...]:
        """The weakest knelpunten's advice grouped by invloed (lokaal, regio, rijk), empty
        groups left out; within a group in the order of the weakest, then of the advice."""
        chosen = [a for w in self.weakest for a in w.advice[:per_knelpunt]]
        return _grouped(chosen)

    def first_steps(self) -> tuple[tuple[str, tuple[Advice, ...]], ...]:
        """The message's advice: the first of each weak knelpunt, grouped like
        :meth:`actions`, plus the best step the municipality takes itself (*zelf*) when none of
        those is one: a diagnosis never leaves a coordinator with only others to wait for."""
        chosen = [w.advice[0] for w in self.weakest if w.advice]
        if chosen and not any(a.invloed == "lokaal" for a in chosen):
            zelf = [a for w in self.weakest for a in w.advice if a.invloed == "lokaal"]
            chosen += zelf[:1]
        return _grouped(chosen)


def _grouped(chosen: Sequence[Advice]) -> tuple[tuple[str, tuple[Advice, ...]], ...]:
    groups = ((where, tuple(a for a in chosen if a.invloed == where)) for where in INVLOED)
    return tuple((where, advice) for where, advice in groups if advice)


def diagnose(
    scan: Scan,
    content: Content,
    rules: AdviceRules,
    registry: MunicipalityRegistry,
    *,
    previous: Scan | None = None,
    others: Sequence[SharedScan] = (),
    kind: str = DEFAULT_KIND,
) -> Diagnosis:
    """Diagnose ``scan``. ``previous``: the coordinator's previous finished scan; ``others``:
    shared finished scans of other users (filtered here to the regional comparison's rules);
    ``kind``: the kind of region of the regional median."""
    municipality = registry.get(scan.gemeente) if scan.gemeente else None
    scores = tuple(score_scan(scan, content))
    region = regional_median(municipality, others, registry, content, scan.demo, kind)
    size = municipality.size_class if municipality else None
    answers = {st.id: scan.value(st.id) for st in content.statements}
    weakest = tuple(
        WeakKnelpunt(
            s.knelpunt,
            usable(s),
            rules.for_knelpunt(s.knelpunt, size, answers),
            region.medians[content.index_of(s.knelpunt)] if region else None,
        )
        for s in _weakest(scores)
    )
    conditions = _conditions(scan, content)
    kunnen = [w for w in weakest if content.knelpunt(w.knelpunt).dimensie == "kunnen"]
    return Diagnosis(
        scan_id=scan.id,
        finished=scan.finished,
        demo=scan.demo,
        municipality=municipality,
        scores=scores,
        weakest=weakest,
        blind_spots=tuple(s.knelpunt for s in scores if s.insufficient_view),
        balance=_balance(scores, content),
        conditions=conditions,
        comparison=_compare(scan, previous, scores, content),
        region=region,
        respondent_role=scan.role,
        mostly_kunnen=len(weakest) >= 2 and 2 * len(kunnen) > len(weakest),
        one_person=_one_person(scores, conditions),
        toets=any(w.knelpunt == TOETS_KNELPUNT for w in weakest),
    )


def _one_person(
    scores: Sequence[KnelpuntScore], conditions: Sequence[ConditionStatus]
) -> tuple[str, ...]:
    """With all four conditions met, the knelpunten of :data:`ONE_PERSON_KNELPUNTEN` that still
    score low: the municipality's knowledge may rest on its coordinator alone."""
    if not conditions or any(c.status != MET for c in conditions):
        return ()
    return tuple(
        s.knelpunt
        for s in scores
        if s.knelpunt in ONE_PERSON_KNELPUNTEN
        and (v := usable(s)) is not None
        and v < LOW_DIMENSION_BELOW
    )


def _weakest(scores: Sequence[KnelpuntScore]) -> list[KnelpuntScore]:
    scored = [s for s in scores if (v := usable(s)) is not None and v < STRONG_FROM]
    scored.sort(key=lambda s: usable(s) or 0.0)  # stable: ties stay in content order
    blind = [s for s in scores if s.insufficient_view]
    return (scored + blind)[:WEAKEST]


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _balance(scores: Sequence[KnelpuntScore], content: Content) -> Balance:
    means = {
        d: _mean(usable(s) for s in scores if content.knelpunt(s.knelpunt).dimensie == d)
        for d in DIMENSIES
    }
    kunnen = means["kunnen"]
    others = {d: v for d, v in means.items() if d != "kunnen" and v is not None}
    low: tuple[str, ...] = ()
    if kunnen is not None and all(kunnen < v for v in others.values()):
        low = tuple(d for d, v in others.items() if v < LOW_DIMENSION_BELOW)
    known = {d: v for d, v in means.items() if v is not None}
    lowest: tuple[str, ...] = ()
    if len(known) >= 2 and max(known.values()) - min(known.values()) >= BALANCED_WITHIN:
        bottom = min(known.values())
        lowest = tuple(d for d, v in known.items() if v == bottom)
    return Balance(means=means, low_besides_kunnen=low, lowest=lowest)


def _conditions(scan: Scan, content: Content) -> tuple[ConditionStatus, ...]:
    by_condition = {s.condition: s.id for s in content.statements if s.condition}
    result = []
    for condition in BEST_PERSON_CONDITIONS:
        value = scan.value(by_condition[condition])
        if isinstance(value, int):
            status = MET if value >= CONDITION_MET_FROM else NOT_MET
        else:
            status = UNKNOWN
        result.append(ConditionStatus(condition, by_condition[condition], status))
    return tuple(result)


def _compare(
    scan: Scan, previous: Scan | None, scores: Sequence[KnelpuntScore], content: Content
) -> Comparison | None:
    if previous is None or previous.finished is None or previous.id == scan.id:
        return None
    if scan.gemeente and previous.gemeente and scan.gemeente != previous.gemeente:
        return None
    before = tuple(score_scan(previous, content))
    changes = [
        Change(now.knelpunt, b, a)
        for was, now in zip(before, scores, strict=True)
        if (b := usable(was)) is not None
        and (a := usable(now)) is not None
        and abs(a - b) >= CHANGE_THRESHOLD
    ]
    changes.sort(key=lambda c: -abs(c.delta))
    return Comparison(previous.finished, before, tuple(changes))
