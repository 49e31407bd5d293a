"""The diagnosis as short :class:`~dialogs.texts.Text` lines for one chat message.

:func:`dialogs.results.diagnosis.diagnose` decides; this module only words the outcome.
"""

from __future__ import annotations

from dialogs.peers.matching import STRONG_FROM
from dialogs.results.diagnosis import (
    ADVICE_SHOWN,
    CHANGE_THRESHOLD,
    CHANGES_SHOWN,
    MET,
    NOT_MET,
    UNKNOWN,
    Comparison,
    Diagnosis,
)
from dialogs.scan.content import title_msgid
from dialogs.texts import N_, Date, Number, Text, plural, text, verbatim

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
