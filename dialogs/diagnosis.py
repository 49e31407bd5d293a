"""The diagnosis of a finished scan: weakest knelpunten with advice, balance, profile, trends.

:func:`diagnose` turns a scan into plain data (:class:`Diagnosis`); :func:`diagnosis_texts` renders
that as :class:`~dialogs.texts.Text` lines for one message. Choices, each a constant below:

* Weakest: up to :data:`WEAKEST` knelpunten scoring below ``peers.STRONG_FROM``, lowest first (ties
  in content order). Knelpunten with "onvoldoende zicht" come *after* every scored one and only
  fill the places left: a score is evidence of weakness, missing answers are evidence of missing
  information, which the diagnosis reports separately (as a finding for ``informatie``).
* Balance: the mean score per dimensie over the knelpunten with a usable score. The article's
  warning is raised when kunnen is strictly the lowest and willen or kennen is below
  :data:`LOW_DIMENSION_BELOW` too.
* Comparison: per knelpunt with a usable score in both scans, a shift of at least
  :data:`CHANGE_THRESHOLD`. A previous scan of another municipality is not compared.
* Regional median: see :func:`dialogs.peers.regional_median` (at least three *other*
  municipalities of the same veiligheidsregio, per knelpunt, or none at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dialogs.advice import Advice, AdviceRules
from dialogs.content import BEST_PERSON_CONDITIONS, DIMENSIES, INVLOED, Content, title_msgid
from dialogs.model import Scan
from dialogs.municipalities import Municipality, MunicipalityRegistry
from dialogs.peers import STRONG_FROM, RegionalMedian, SharedScan, regional_median, usable
from dialogs.scoring import KnelpuntScore, score_scan
from dialogs.texts import N_, Date, Number, Text, plural, text, verbatim

WEAKEST = 3  # knelpunten in the diagnosis
LOW_DIMENSION_BELOW = 3.5  # a dimensie mean below this is "low" (the kunnen warning)
CONDITION_MET_FROM = 4  # a best-persons statement answered this or more is met
CHANGE_THRESHOLD = 0.5  # a shift of at least this much since the previous scan is reported
ADVICE_SHOWN = 1  # advice per weak knelpunt in the message: a first step (Diagnosis has all)
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
) -> Diagnosis:
    """Diagnose ``scan``. ``previous``: the coordinator's previous finished scan; ``others``:
    shared finished scans of other users (filtered here to the regional comparison's rules)."""
    municipality = registry.get(scan.gemeente) if scan.gemeente else None
    scores = tuple(score_scan(scan, content))
    region = regional_median(municipality, others, registry, content, scan.demo)
    size = municipality.size_class if municipality else None
    weakest = tuple(
        WeakKnelpunt(
            s.knelpunt,
            usable(s),
            rules.for_knelpunt(s.knelpunt, size),
            region.medians[content.index_of(s.knelpunt)] if region else None,
        )
        for s in _weakest(scores)
    )
    return Diagnosis(
        scan_id=scan.id,
        finished=scan.finished,
        demo=scan.demo,
        municipality=municipality,
        scores=scores,
        weakest=weakest,
        blind_spots=tuple(s.knelpunt for s in scores if s.insufficient_view),
        balance=_balance(scores, content),
        conditions=_conditions(scan, content),
        comparison=_compare(scan, previous, scores, content),
        region=region,
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
    return Balance(means=means, low_besides_kunnen=low)


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


# --- The diagnosis as one message ---------------------------------------------------------

_WHERE = {
    "lokaal": N_("Wat u zelf kunt doen:"),
    "regio": N_("Wat u met de regio kunt doen:"),
    "rijk": N_("Wat u kunt signaleren richting het rijk:"),
}
_DIMENSIE = {"willen": N_("willen"), "kennen": N_("kennen")}
_CONDITION = {
    "proces": N_("procesmanagement en een goed netwerk"),
    "inhoud": N_("kennis van de inhoud en van het werk van de partners"),
    "methode": N_("een systematische aanpak"),
    "positie": N_("een sterke positie en een korte lijn naar het bestuur"),
}
_STATUS = {NOT_MET: N_("Nog niet vervuld: {condition}"), UNKNOWN: N_("Nog onbekend: {condition}")}


def _title(knelpunt_id: str) -> Text:
    return text(title_msgid(knelpunt_id))


def diagnosis_texts(diagnosis: Diagnosis) -> list[Text]:
    """The diagnosis as short lines for one message: the weakest knelpunten and what to do
    first, then the balance, the coordinator profile, blind spots and shifts since last time."""
    d, m = diagnosis, diagnosis.municipality
    name = verbatim(m.name + (" (demo)" if d.demo else "")) if m else None
    lines = [text("Diagnose voor {municipality}", municipality=name)] if name else []
    lines += _weakest_texts(d) or [
        text(
            "Geen knelpunt scoort lager dan {threshold}. Collega's kunnen van u leren.",
            threshold=Number(STRONG_FROM),
        )
    ]
    for where, advice in d.actions(ADVICE_SHOWN):
        lines.append(text(_WHERE[where]))
        lines += [text("• {advice}", advice=text(a.msgid)) for a in advice]
    means = {k: text("onbekend") if v is None else Number(v) for k, v in d.balance.means.items()}
    lines.append(
        text("Gemiddeld per dimensie: willen {willen} · kunnen {kunnen} · kennen {kennen}", **means)
    )
    low = d.balance.low_besides_kunnen
    if len(low) == 1:
        lines.append(
            text(
                "'Kunnen' scoort het laagst, maar ook '{dimensie}' blijft achter. "
                "Bestuurlijke voorrang en mensen met het goede profiel tellen minstens zo zwaar "
                "als sturingsmiddelen.",
                dimensie=text(_DIMENSIE[low[0]]),
            )
        )
    elif low:
        lines.append(
            text(
                "'Kunnen' scoort het laagst, maar ook 'willen' en 'kennen' blijven achter. "
                "Bestuurlijke voorrang en mensen met het goede profiel tellen minstens zo zwaar "
                "als sturingsmiddelen."
            )
        )
    lines.append(
        text(
            "Uw profiel als coördinator: {met} van de {total} voorwaarden vervuld.",
            met=sum(c.status == MET for c in d.conditions),
            total=len(d.conditions),
        )
    )
    for c in d.conditions:
        if c.status in _STATUS:
            lines.append(text(_STATUS[c.status], condition=text(_CONDITION[c.condition])))
    if d.blind_spots:
        lines.append(
            plural(
                "Bij {n} knelpunt weet u te weinig voor een score. Ook dat zegt iets "
                "over '{informatie}'.",
                "Bij {n} knelpunten weet u te weinig voor een score. Ook dat zegt iets "
                "over '{informatie}'.",
                "n",
                n=len(d.blind_spots),
                informatie=_title("informatie"),
            )
        )
    return lines + (_comparison_texts(d.comparison) if d.comparison else [])


def _weakest_texts(d: Diagnosis) -> list[Text]:
    lines = [text("Uw zwakste knelpunten:")] if d.weakest else []
    for n, w in enumerate(d.weakest, start=1):
        title = _title(w.knelpunt)
        if w.score is None:
            lines.append(text("{n}. {title}: onvoldoende zicht", n=n, title=title))
        elif w.regional_median is None:
            lines.append(text("{n}. {title}: {score}", n=n, title=title, score=Number(w.score)))
        else:
            median = Number(w.regional_median)
            msgid = N_("{n}. {title}: {score} (regio {median})")
            lines.append(text(msgid, n=n, title=title, score=Number(w.score), median=median))
    if d.region and any(w.regional_median is not None for w in d.weakest):
        lines.append(
            text(
                "Regio: de mediaan van {count} andere gemeenten in veiligheidsregio {region}.",
                count=d.region.municipalities,
                region=verbatim(d.region.veiligheidsregio),
            )
        )
    return lines


def _comparison_texts(comparison: Comparison) -> list[Text]:
    date = Date(comparison.previous_finished)
    if not comparison.changes:
        msgid = N_("Sinds uw vorige scan van {date} is geen score {threshold} of meer verschoven.")
        return [text(msgid, date=date, threshold=Number(CHANGE_THRESHOLD))]
    lines = [text("Sinds uw vorige scan van {date}:", date=date)]
    for c in comparison.changes[:CHANGES_SHOWN]:
        msgid = N_("Beter: {title}, van {before} naar {after}")
        if not c.improved:
            msgid = N_("Zwakker: {title}, van {before} naar {after}")
        before, after = Number(c.before), Number(c.after)
        lines.append(text(msgid, title=_title(c.knelpunt), before=before, after=after))
    if (rest := len(comparison.changes) - CHANGES_SHOWN) > 0:
        lines.append(plural("En nog {n} verschuiving.", "En nog {n} verschuivingen.", "n", n=rest))
    return lines
