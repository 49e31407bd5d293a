"""The sections of the scan summary (:mod:`dialogs.exports.scan_summary`), as Text lines.

The weakest knelpunten with *all* their advice grouped by where it can be acted on, the balance
of willen/kunnen/kennen, the "best persons" profile, the peers with their links, and the
comparison with the previous scan. Msgids are shared with the chat's diagnosis and peer texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.peers.matching import STRONG_FROM, PeerSuggestion
from dialogs.peers.peer_lines import peer_texts
from dialogs.regions import region_name
from dialogs.results.diagnosis import CHANGE_THRESHOLD, MET, NOT_MET, Diagnosis
from dialogs.results.diagnosis_texts import (
    CONDITION,
    WHERE,
    balance_texts,
    blind_spot_line,
    change_lines,
    median_line,
    profile_line,
    signal_texts,
    weakest_line,
)
from dialogs.results.service import Results
from dialogs.scan.content import BEST_PERSON_CONDITIONS, title_msgid
from dialogs.texts import N_, Date, Number, Text, text, verbatim

P, LI, SUB = "p", "li", "sub"  # paragraph, bullet, subheading

_STATUS = {
    MET: N_("Vervuld: {condition}"),
    NOT_MET: N_("Nog niet vervuld: {condition}"),
}
_UNKNOWN_STATUS = N_("Nog onbekend: {condition}")
_PEER_LINE = N_("• {municipality}: {why}")
_PEER_KNELPUNT = N_("Bij {knelpunt}:")
_SOURCE = N_("Open bron: {label}, {url}")


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


def reading_guide(d: Diagnosis) -> tuple[Text, ...]:
    """A few lines on how to read the summary, for a reader who never saw the scan."""
    lines = [
        text(
            "De gemeente heeft zichzelf beoordeeld op tien knelpunten uit onderzoek naar de regie "
            "op integrale veiligheid, met stellingen van 1 (helemaal oneens) tot 5 (helemaal "
            "eens). Een score van {threshold} of hoger is een sterk punt; daaronder vraagt het "
            "knelpunt aandacht.",
            threshold=Number(STRONG_FROM),
        ),
        text(
            "Elk knelpunt hoort bij een dimensie: willen (prioriteit en belang), kunnen "
            "(sturingsmiddelen en ruimte) of kennen (kennis en vaardigheden). Het onderzoek laat "
            "zien dat willen en kennen minstens zo zwaar wegen als kunnen."
        ),
        text(
            "Bij de grootste knelpunten staat wat de gemeente zelf kan doen, wat met de regio "
            "kan en wat alleen richting het rijk te signaleren is. 'Onvoldoende zicht' betekent "
            "dat te veel stellingen met 'weet ik niet' zijn beantwoord voor een score."
        ),
    ]
    if d.region is not None:
        lines.append(
            text(
                "De mediaan van de regio komt uit de scans van {count} andere gemeenten in "
                "{region}, alleen waar minstens drie gemeenten een score hebben.",
                count=d.region.municipalities,
                region=region_name(d.region.kind, d.region.veiligheidsregio),
            )
        )
    return tuple(lines)


def weakest_section(d: Diagnosis) -> Section:
    items: list[Item] = []
    for n, w in enumerate(d.weakest, start=1):
        items.append(Item(weakest_line(n, w.knelpunt, w.score, w.regional_median), SUB))
        for where, label in WHERE.items():
            advice = [a for a in w.advice if a.invloed == where]
            if advice:
                items.append(Item(text(label)))
                for a in advice:
                    items.append(Item(text(a.msgid), LI))
                    items += [
                        Item(text(_SOURCE, label=verbatim(x.label), url=verbatim(x.url)), LI, x.url)
                        for x in a.links
                    ]
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
        items.append(Item(median_line(d.region)))
    if d.blind_spots:
        items.append(Item(blind_spot_line(len(d.blind_spots))))
        items += [Item(text(title_msgid(k)), LI) for k in d.blind_spots]
    return Section(text("Grootste knelpunten en advies"), tuple(items))


def balance_section(d: Diagnosis) -> Section:
    items = [Item(line) for line in balance_texts(d)]
    items += [Item(line) for line in signal_texts(d)]
    return Section(text("Willen, kunnen, kennen"), tuple(items))


def profile_section(d: Diagnosis) -> Section:
    items = [Item(profile_line(d))]
    by_condition = {c.condition: c for c in d.conditions}
    for name in BEST_PERSON_CONDITIONS:
        c = by_condition.get(name)
        if c is None:
            continue
        msgid = _STATUS.get(c.status, _UNKNOWN_STATUS)
        items.append(Item(text(msgid, condition=text(CONDITION[name])), LI))
    return Section(text("Het profiel van de veiligheidscoördinator"), tuple(items))


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
    return Section(text("Collega-gemeenten die goed scoren op uw knelpunten"), tuple(items))


def comparison_section(d: Diagnosis) -> Section:
    comparison = d.comparison
    assert comparison is not None
    date = Date(comparison.previous_finished)
    if not comparison.changes:
        msgid = N_("Sinds uw vorige scan van {date} is geen score {threshold} of meer verschoven.")
        only = Item(text(msgid, date=date, threshold=Number(CHANGE_THRESHOLD)))
        return Section(text("Vergelijking met uw vorige scan"), (only,))
    items = [Item(text("Sinds uw vorige scan van {date}:", date=date))]
    items += [Item(line, LI) for line in change_lines(comparison.changes)]
    return Section(text("Vergelijking met uw vorige scan"), tuple(items))
