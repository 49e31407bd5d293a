"""The diagnosis as short :class:`~dialogs.texts.Text` lines for one chat message.

:func:`dialogs.results.diagnosis.diagnose` decides; this module only words the outcome. The
export (:mod:`dialogs.exports.summary_sections`) reuses the balance, profile and signal lines,
so the chat and the paper say the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.peers.matching import STRONG_FROM, RegionalMedian
from dialogs.regions import region_name
from dialogs.results.advice import Advice
from dialogs.results.diagnosis import (
    CHANGE_THRESHOLD,
    CHANGES_SHOWN,
    MET,
    NOT_MET,
    UNKNOWN,
    Change,
    Comparison,
    Diagnosis,
)
from dialogs.scan.content import title_msgid
from dialogs.texts import N_, Date, Number, Text, plural, text, verbatim

WHERE = {
    "lokaal": N_("Wat u zelf kunt doen:"),
    "regio": N_("Wat u met de regio kunt doen:"),
    "rijk": N_("Wat u kunt signaleren richting het rijk:"),
}
DIMENSIE = {"willen": N_("willen"), "kunnen": N_("kunnen"), "kennen": N_("kennen")}
CONDITION = {
    "proces": N_("procesmanagement en een goed netwerk"),
    "inhoud": N_("kennis van de inhoud en van het werk van de partners"),
    "methode": N_("expertise in een systematische aanpak"),
    "positie": N_("een sterke positie en een korte lijn naar het bestuur"),
}
_STATUS = {NOT_MET: N_("Nog niet vervuld: {condition}"), UNKNOWN: N_("Nog onbekend: {condition}")}
# What the lowest dimensie means for this municipality, when one stands out.
_LOWEST = {
    "willen": N_(
        "'Willen' scoort het laagst: het knelpunt zit vooral in prioriteit en belang. Begin bij "
        "het college en bij de afdelingen die veiligheid nog niet als hun zaak zien."
    ),
    "kennen": N_(
        "'Kennen' scoort het laagst: het knelpunt zit vooral in kennis en vaardigheden. Leren van "
        "een collega-gemeente die hier goed scoort, helpt daarbij meer dan een cursus."
    ),
    "kunnen": N_(
        "'Kunnen' scoort het laagst. Gemeenten zoeken de oorzaak vaak bij te weinig "
        "sturingsmiddelen en bij het rijk, maar in de praktijk wegen bestuurlijke prioriteit en de "
        "juiste mensen minstens zo zwaar."
    ),
}


def _title(knelpunt_id: str) -> Text:
    return text(title_msgid(knelpunt_id))


def quoted(title: Text) -> Text:
    """A knelpunt title inside a sentence: 'Informatie en analyse'."""
    return text("'{title}'", title=title)


def diagnosis_texts(diagnosis: Diagnosis) -> list[Text]:
    """The diagnosis as short lines for one message: the biggest knelpunten and what to do
    first, then the balance, signals, the coordinator profile, blind spots and shifts."""
    d, m = diagnosis, diagnosis.municipality
    name = verbatim(m.name + (" (demo)" if d.demo else "")) if m else None
    lines = [text("Diagnose voor {municipality}", municipality=name)] if name else []
    lines += _weakest_texts(d) or [
        text(
            "Geen knelpunt scoort lager dan {threshold}. Collega's kunnen van u leren.",
            threshold=Number(STRONG_FROM),
        )
    ]
    for where, advice in d.first_steps():
        lines.append(text(WHERE[where]))
        for a in advice:
            lines += advice_lines(a)
    lines += balance_texts(d)
    lines += signal_texts(d)
    lines.append(profile_line(d))
    for c in d.conditions:
        if c.status in _STATUS:
            lines.append(text(_STATUS[c.status], condition=text(CONDITION[c.condition])))
    if d.blind_spots:
        lines.append(blind_spot_line(len(d.blind_spots)))
    return lines + (_comparison_texts(d.comparison) if d.comparison else [])


def advice_lines(a: Advice) -> list[Text]:
    """An advice as a bullet, with the open sources it names on the next line."""
    lines = [text("• {advice}", advice=text(a.msgid))]
    if a.links:
        sources = " · ".join(f"{link.label}: {link.url}" for link in a.links)
        lines.append(text("Open bronnen: {sources}", sources=verbatim(sources)))
    return lines


def balance_texts(d: Diagnosis) -> list[Text]:
    """What the three dimensies mean, their means, and what the balance says."""
    b = d.balance
    means = {k: text("onbekend") if v is None else Number(v) for k, v in b.means.items()}
    lines = [
        text(
            "Willen gaat over prioriteit en belang, kunnen over sturingsmiddelen en ruimte, kennen "
            "over kennis en vaardigheden."
        ),
        text(
            "Gemiddeld per dimensie: willen {willen} · kunnen {kunnen} · kennen {kennen}", **means
        ),
    ]
    if b.balanced:
        lines.append(
            text(
                "De drie dimensies liggen dicht bij elkaar: geen ervan is op zichzelf de oorzaak. "
                "Kijk daarom vooral naar de afzonderlijke knelpunten."
            )
        )
    elif len(b.lowest) == 1:
        lines.append(text(_LOWEST[b.lowest[0]]))
    elif len(b.lowest) == 2:
        first, second = (text(DIMENSIE[x]) for x in b.lowest)
        lines.append(text("'{first}' en '{second}' scoren even laag.", first=first, second=second))
        if "kunnen" in b.lowest:
            lines.append(text(_LOWEST["kunnen"]))
    low = b.low_besides_kunnen
    if len(low) == 1:
        lines.append(
            text(
                "Ook '{dimensie}' blijft achter, en daar heeft de gemeente zelf invloed op.",
                dimensie=text(DIMENSIE[low[0]]),
            )
        )
    elif low:
        lines.append(
            text(
                "Ook 'willen' en 'kennen' blijven achter, en daar heeft de gemeente zelf invloed "
                "op."
            )
        )
    if d.mostly_kunnen:
        lines.append(
            text(
                "Uw grootste knelpunten liggen vooral buiten uw directe invloed, bij de ketens en "
                "het rijk. Dat is zelden het hele verhaal: begin bij wat u zelf kunt doen en "
                "signaleer de rest samen met de regio."
            )
        )
    return lines


def signal_texts(d: Diagnosis) -> list[Text]:
    """What the answers say together: knowledge resting on one person, a toets that fits."""
    lines: list[Text] = []
    if d.one_person:
        titles = [quoted(_title(k)) for k in d.one_person]
        which = (
            titles[0]
            if len(titles) == 1
            else text("{first} en {second}", first=titles[0], second=titles[1])
        )
        lines.append(
            text(
                "De veiligheidscoördinator voldoet aan alle vier de voorwaarden, maar de gemeente "
                "scoort laag op {knelpunten}. Mogelijk rust de kennis op één persoon: leg "
                "werkwijze en contacten vast en werk een collega in.",
                knelpunten=which,
            )
        )
    if d.toets:
        lines.append(
            text(
                "Bij '{knelpunt}' past een collegiale toets: bestuurders en ambtenaren van andere "
                "gemeenten beoordelen uw aanpak, met deze scan als zelfevaluatie, en doen "
                "aanbevelingen.",
                knelpunt=_title("leerproces"),
            )
        )
    return lines


def profile_line(d: Diagnosis) -> Text:
    """How many of the four conditions are met, worded for who answered."""
    met, total = sum(c.status == MET for c in d.conditions), len(d.conditions)
    msgid = N_(
        "Profiel van de veiligheidscoördinator: aan {met} van de {total} voorwaarden voldaan."
    )
    if d.respondent_role == "coordinator":
        msgid = N_(
            "Uw profiel als veiligheidscoördinator: aan {met} van de {total} voorwaarden voldaan."
        )
    return text(msgid, met=met, total=total)


def blind_spot_line(count: int) -> Text:
    return plural(
        "Bij {n} knelpunt weet u te weinig voor een score. Ook dat zegt iets over '{informatie}'.",
        "Bij {n} knelpunten weet u te weinig voor een score. Ook dat zegt iets over "
        "'{informatie}'.",
        "n",
        n=count,
        informatie=_title("informatie"),
    )


def weakest_line(n: int, knelpunt: str, score: float | None, median: float | None) -> Text:
    title = _title(knelpunt)
    if score is None:
        return text("{n}. {title}: onvoldoende zicht", n=n, title=title)
    if median is None:
        return text("{n}. {title}: {score}", n=n, title=title, score=Number(score))
    msgid = N_("{n}. {title}: {score} (regio {median})")
    return text(msgid, n=n, title=title, score=Number(score), median=Number(median))


def median_line(region: RegionalMedian) -> Text:
    return text(
        "Regio: de mediaan van {count} andere gemeenten in {region}.",
        count=region.municipalities,
        region=region_name(region.kind, region.veiligheidsregio),
    )


def _weakest_texts(d: Diagnosis) -> list[Text]:
    lines = [text("Uw grootste knelpunten:")] if d.weakest else []
    for n, w in enumerate(d.weakest, start=1):
        lines.append(weakest_line(n, w.knelpunt, w.score, w.regional_median))
    if d.region and any(w.regional_median is not None for w in d.weakest):
        lines.append(median_line(d.region))
    return lines


def _comparison_texts(comparison: Comparison) -> list[Text]:
    date = Date(comparison.previous_finished)
    if not comparison.changes:
        msgid = N_("Sinds uw vorige scan van {date} is geen score {threshold} of meer verschoven.")
        return [text(msgid, date=date, threshold=Number(CHANGE_THRESHOLD))]
    lines = [text("Sinds uw vorige scan van {date}:", date=date)]
    lines += change_lines(comparison.changes[:CHANGES_SHOWN])
    if (rest := len(comparison.changes) - CHANGES_SHOWN) > 0:
        lines.append(plural("En nog {n} verschuiving.", "En nog {n} verschuivingen.", "n", n=rest))
    return lines


def change_lines(changes: Sequence[Change]) -> list[Text]:
    lines = []
    for c in changes:
        msgid = N_("Beter: {title}, van {before} naar {after}")
        if not c.improved:
            msgid = N_("Zwakker: {title}, van {before} naar {after}")
        before, after = Number(c.before), Number(c.after)
        lines.append(text(msgid, title=_title(c.knelpunt), before=before, after=after))
    return lines
