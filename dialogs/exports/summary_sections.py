"""The sections of the scan summary (:mod:`dialogs.exports.scan_summary`), as Text lines.

The weakest knelpunten with *all* their advice grouped by where it can be acted on, the balance
of willen/kunnen/kennen, the "best persons" profile, the peers with their links, and the
comparison with the previous scan. Msgids are shared with the chat's diagnosis and peer texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.peers.matching import STRONG_FROM, PeerSuggestion, peer_texts
from dialogs.results.diagnosis import CHANGE_THRESHOLD, MET, NOT_MET, Diagnosis
from dialogs.results.service import Results
from dialogs.scan.content import BEST_PERSON_CONDITIONS, title_msgid
from dialogs.texts import N_, Date, Number, Text, plural, text, verbatim

P, LI, SUB = "p", "li", "sub"  # paragraph, bullet, subheading

_WHERE = {
    "lokaal": N_("Wat u zelf kunt doen:"),
    "regio": N_("Wat u met de regio kunt doen:"),
    "rijk": N_("Wat u kunt signaleren richting het rijk:"),
}
_DIMENSIE = {"willen": N_("willen"), "kunnen": N_("kunnen"), "kennen": N_("kennen")}
_CONDITION = {
    "proces": N_("procesmanagement en een goed netwerk"),
    "inhoud": N_("kennis van de inhoud en van het werk van de partners"),
    "methode": N_("een systematische aanpak"),
    "positie": N_("een sterke positie en een korte lijn naar het bestuur"),
}
_STATUS = {
    MET: N_("Vervuld: {condition}"),
    NOT_MET: N_("Nog niet vervuld: {condition}"),
}
_UNKNOWN_STATUS = N_("Nog onbekend: {condition}")
_PEER_LINE = N_("• {municipality}: {why}")
_PEER_KNELPUNT = N_("Bij {knelpunt}:")


@dataclass(frozen=True)
class Item:
    """One line of a section: a paragraph, a bullet or a subheading; ``url`` makes it a link."""

    text: Text
    kind: str = P
    url: str | None = None


@dataclass(frozen=True)
class Section:
    heading: Text
    items: tuple[Item, ...]


def weakest_section(d: Diagnosis) -> Section:
    items: list[Item] = []
    for n, w in enumerate(d.weakest, start=1):
        title = text(title_msgid(w.knelpunt))
        if w.score is None:
            line = text("{n}. {title}: onvoldoende zicht", n=n, title=title)
        elif w.regional_median is None:
            line = text("{n}. {title}: {score}", n=n, title=title, score=Number(w.score))
        else:
            msgid = N_("{n}. {title}: {score} (regio {median})")
            median = Number(w.regional_median)
            line = text(msgid, n=n, title=title, score=Number(w.score), median=median)
        items.append(Item(line, SUB))
        for where, label in _WHERE.items():
            advice = [a for a in w.advice if a.invloed == where]
            if advice:
                items.append(Item(text(label)))
                items += [Item(text(a.msgid), LI) for a in advice]
    if not d.weakest:
        items.append(
            Item(
                text(
                    "Geen knelpunt scoort lager dan {threshold}. Collega's kunnen van u leren.",
                    threshold=Number(STRONG_FROM),
                )
            )
        )
    if d.region and any(w.regional_median is not None for w in d.weakest):
        items.append(
            Item(
                text(
                    "Regio: de mediaan van {count} andere gemeenten in veiligheidsregio {region}.",
                    count=d.region.municipalities,
                    region=verbatim(d.region.veiligheidsregio),
                )
            )
        )
    if d.blind_spots:
        items.append(
            Item(
                plural(
                    "Bij {n} knelpunt weet u te weinig voor een score. Ook dat zegt iets "
                    "over '{informatie}'.",
                    "Bij {n} knelpunten weet u te weinig voor een score. Ook dat zegt iets "
                    "over '{informatie}'.",
                    "n",
                    n=len(d.blind_spots),
                    informatie=text(title_msgid("informatie")),
                )
            )
        )
        items += [Item(text(title_msgid(k)), LI) for k in d.blind_spots]
    return Section(text("Zwakste knelpunten en advies"), tuple(items))


def balance_section(d: Diagnosis) -> Section:
    means = {k: text("onbekend") if v is None else Number(v) for k, v in d.balance.means.items()}
    items = [
        Item(
            text(
                "Gemiddeld per dimensie: willen {willen} · kunnen {kunnen} · kennen {kennen}",
                **means,
            )
        )
    ]
    low = d.balance.low_besides_kunnen
    if len(low) == 1:
        warning = text(
            "'Kunnen' scoort het laagst, maar ook '{dimensie}' blijft achter. "
            "Bestuurlijke voorrang en mensen met het goede profiel tellen minstens zo zwaar "
            "als sturingsmiddelen.",
            dimensie=text(_DIMENSIE[low[0]]),
        )
        items.append(Item(warning))
    elif low:
        warning = text(
            "'Kunnen' scoort het laagst, maar ook 'willen' en 'kennen' blijven achter. "
            "Bestuurlijke voorrang en mensen met het goede profiel tellen minstens zo zwaar "
            "als sturingsmiddelen."
        )
        items.append(Item(warning))
    return Section(text("Willen, kunnen, kennen"), tuple(items))


def profile_section(d: Diagnosis) -> Section:
    met = sum(c.status == MET for c in d.conditions)
    items = [
        Item(
            text(
                "Uw profiel als coördinator: {met} van de {total} voorwaarden vervuld.",
                met=met,
                total=len(d.conditions),
            )
        )
    ]
    by_condition = {c.condition: c for c in d.conditions}
    for name in BEST_PERSON_CONDITIONS:
        c = by_condition.get(name)
        if c is None:
            continue
        msgid = _STATUS.get(c.status, _UNKNOWN_STATUS)
        items.append(Item(text(msgid, condition=text(_CONDITION[name])), LI))
    return Section(text("Het profiel van de coördinator"), tuple(items))


def peers_section(
    suggestions: tuple[PeerSuggestion, ...], results: Results, d: Diagnosis
) -> Section:
    """The chat's peer lines, structured: one subheading per weak knelpunt, links kept."""
    lines = peer_texts(suggestions, results.registry, d.municipality, d.demo)
    urls = iter(e.url for s in suggestions for e in s.practices)
    items: list[Item] = []
    for line in lines[1:]:  # the first line is the chat's heading
        if line.msgid == _PEER_KNELPUNT:
            items.append(Item(line, SUB))
        elif line.msgid == _PEER_LINE:
            plain = text("{municipality}: {why}", **line.params)
            items.append(Item(plain, LI))
        elif "url" in line.params:
            items.append(Item(line, LI, url=next(urls)))
        else:
            items.append(Item(line))
    if not items:
        items.append(Item(text("Uw scan laat geen zwakke knelpunten zien.")))
    return Section(text("Collega-gemeenten die sterk zijn waar u zwak bent"), tuple(items))


def comparison_section(d: Diagnosis) -> Section:
    comparison = d.comparison
    assert comparison is not None
    date = Date(comparison.previous_finished)
    if not comparison.changes:
        msgid = N_("Sinds uw vorige scan van {date} is geen score {threshold} of meer verschoven.")
        only = Item(text(msgid, date=date, threshold=Number(CHANGE_THRESHOLD)))
        return Section(text("Vergelijking met uw vorige scan"), (only,))
    items = [Item(text("Sinds uw vorige scan van {date}:", date=date))]
    for c in comparison.changes:
        msgid = N_("Beter: {title}, van {before} naar {after}")
        if not c.improved:
            msgid = N_("Zwakker: {title}, van {before} naar {after}")
        before, after = Number(c.before), Number(c.after)
        items.append(
            Item(text(msgid, title=text(title_msgid(c.knelpunt)), before=before, after=after), LI)
        )
    return Section(text("Vergelijking met uw vorige scan"), tuple(items))
