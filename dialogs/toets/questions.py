"""The questions of the conversation guide, as msgids (texts in the catalogs).

Per statement one open question for when the self-score on it is weak or unknown; per knelpunt
one question that tests a strong self-score; and questions for gaps between knelpunten, where
the study's analysis suggests that one score and another do not fit together. Written from the
study's content (the ten knelpunten and what it recommends), in our own words.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.texts import N_

# Asked when the statement scored low (or "weet ik niet"): aimed at what lies behind it.
WEAK: dict[str, str] = {
    "systematiek.analyse": N_(
        "Op welke analyse van de lokale problemen zijn de huidige maatregelen gebaseerd, en wie "
        "heeft die analyse gemaakt?"
    ),
    "systematiek.doelen": N_(
        "Welke doelen voor veiligheid zou u over twee jaar kunnen afvinken, en hoe meet u dat?"
    ),
    "systematiek.afspraken": N_(
        "Wat gebeurt er als een partner een afspraak niet nakomt? Kunt u een voorbeeld geven?"
    ),
    "systematiek.evaluatie": N_(
        "Welke maatregel is de afgelopen jaren bijgestuurd of gestopt op grond van een evaluatie?"
    ),
    "coordinator.proces": N_(
        "Wie trekt het overleg met de partners, en wat gebeurt er als die persoon wegvalt?"
    ),
    "coordinator.inhoud": N_(
        "Hoe houdt de coördinator zicht op wat politie, zorg en woningcorporaties doen?"
    ),
    "coordinator.methode": N_(
        "Wie in de organisatie bewaakt de cyclus van analyse, doelen, uitvoering en evaluatie?"
    ),
    "coordinator.positie": N_(
        "Hoe vaak spreekt de coördinator de burgemeester of de portefeuillehouder, en over wat?"
    ),
    "sturing.horizontaal": N_(
        "Waar lukt het wel om partners mee te krijgen zonder formele zeggenschap, en wat maakt "
        "dat verschil?"
    ),
    "sturing.instrumenten": N_(
        "Welke subsidievoorwaarden, vergunningen of convenanten zouden partners meer kunnen "
        "binden dan nu?"
    ),
    "sturing.gezag": N_(
        "Hoe komen de lokale prioriteiten op de agenda van de politie, bijvoorbeeld in de driehoek?"
    ),
    "expertise.kennis": N_("Welke kennis mist u het meest aan tafel met de partners?"),
    "expertise.gelijkwaardig": N_(
        "Aan welk moment denkt u waarop partners de gemeente niet als gelijkwaardige partij zagen?"
    ),
    "expertise.aanvullen": N_(
        "Welke buurgemeente of regionale voorziening zou de ontbrekende kennis kunnen leveren?"
    ),
    "informatie.werkwijze": N_(
        "Hoe ontstaat het jaarlijkse beeld van de veiligheid: wie verzamelt wat, en wanneer?"
    ),
    "informatie.registratie": N_(
        "Welke registratie vertrouwt u het minst, en wat zou het kosten om die op orde te brengen?"
    ),
    "informatie.partners": N_(
        "Welke informatie van de partners ligt er wel, maar wordt niet gebruikt?"
    ),
    "informatie.beeld": N_(
        "Is er een onderwerp waarop cijfers uw eigen beeld van de problemen hebben bijgesteld?"
    ),
    "samenhang.toetsing": N_(
        "Bij welk recent besluit over wonen, ruimte, jeugd of onderwijs is naar veiligheid "
        "gekeken, en wat leverde dat op?"
    ),
    "samenhang.afdelingen": N_(
        "Welke afdeling buiten OOV zou veiligheid meer als haar zaak moeten zien, en waarom "
        "gebeurt dat nu niet?"
    ),
    "samenhang.management": N_(
        "Hoe komt de bijdrage van andere afdelingen aan veiligheid ter sprake in het "
        "managementteam?"
    ),
    "bestuur.prioriteit": N_(
        "Waar blijkt in de begroting of het collegeprogramma dat veiligheid prioriteit heeft?"
    ),
    "bestuur.college": N_(
        "Welke wethouders voelen zich mede verantwoordelijk voor veiligheid, en hoe merkt u dat?"
    ),
    "bestuur.doorzetten": N_(
        "Wanneer heeft het bestuur voor het laatst doorgezet bij een partner die niet leverde?"
    ),
    "ketens.capaciteit": N_(
        "Waar loopt de aanpak vast op capaciteit bij politie, justitie of zorg, en wat heeft u "
        "daarover afgesproken?"
    ),
    "ketens.prioriteiten": N_(
        "Hoe bespreekt u met politie en OM de aandacht voor overlast en verloedering naast "
        "criminaliteit?"
    ),
    "ketens.maatwerk": N_(
        "Waar zou lokaal maatwerk van de ketenpartners het meeste verschil maken?"
    ),
    "rijksbeleid.budgetten": N_(
        "Welk landelijk budget past slecht bij de lokale problemen, en is dat al gemeld, alleen "
        "of met de regio?"
    ),
    "rijksbeleid.schotten": N_(
        "Bij welke casus liep de aanpak vast op een schot in landelijk beleid, en wat deed u toen?"
    ),
    "leerproces.erkenning": N_(
        "Wordt in de organisatie gezien dat integrale veiligheid een andere manier van werken "
        "vraagt, of is het vooral een taak van één afdeling?"
    ),
    "leerproces.ruimte": N_(
        "Wanneer is er voor het laatst bewust tijd genomen om terug te kijken op de werkwijze?"
    ),
    "leerproces.collegas": N_(
        "Van welke gemeente heeft u de laatste tijd iets overgenomen, en wat?"
    ),
}

# Asked when the knelpunt scored strong: what would an outsider see that shows it?
STRONG: dict[str, str] = {
    "systematiek": N_("Kunt u de cyclus van analyse tot evaluatie laten zien aan één maatregel?"),
    "coordinator": N_("Wat zou er blijven lopen als de coördinator een half jaar weg is?"),
    "sturing": N_("Welke prestatieafspraak met een partner werkt goed, en hoe bewaakt u die?"),
    "expertise": N_("Op welk onderwerp komen partners naar de gemeente voor kennis?"),
    "informatie": N_("Welke analyse heeft de aanpak het afgelopen jaar echt veranderd?"),
    "samenhang": N_("Welke afdeling buiten OOV draagt aantoonbaar bij, en hoe is dat geregeld?"),
    "bestuur": N_("Hoe blijft veiligheid op de collegeagenda staan als er andere crises zijn?"),
    "ketens": N_("Welke afspraak met de keten zou een andere gemeente kunnen overnemen?"),
    "rijksbeleid": N_("Hoe weet u de landelijke regels en budgetten zo goed te benutten?"),
    "leerproces": N_("Wat heeft de organisatie het afgelopen jaar anders gaan doen, en waarom?"),
}

# Asked when most statements of a knelpunt were "weet ik niet".
UNKNOWN = N_("Bij dit knelpunt heeft de gemeente weinig zicht. Wie zou dit wel kunnen weten?")


@dataclass(frozen=True)
class Gap:
    """Two scores that do not fit together: ``high`` strong while ``low`` is weak."""

    high: str  # a knelpunt or a statement id
    low: str
    question: str  # asked under the knelpunt of ``low``


GAPS: tuple[Gap, ...] = (
    Gap(
        "coordinator",
        "expertise",
        N_(
            "Het profiel van de coördinator scoort hoog, de expertise van de gemeente laag: rust "
            "de kennis op één persoon?"
        ),
    ),
    Gap(
        "systematiek",
        "informatie",
        N_(
            "De aanpak heet systematisch, maar informatie en analyse scoren laag: waarop zijn "
            "de doelen en maatregelen dan gebaseerd?"
        ),
    ),
    Gap(
        "bestuur",
        "samenhang",
        N_(
            "Het bestuur geeft veiligheid prioriteit, maar andere afdelingen dragen weinig bij: "
            "hoe vertaalt die prioriteit zich naar de organisatie?"
        ),
    ),
    Gap(
        "coordinator.positie",
        "bestuur",
        N_(
            "De coördinator heeft korte lijnen met het bestuur, toch scoort het bestuurlijk "
            "commitment laag: wat gebeurt er met wat de coördinator aankaart?"
        ),
    ),
    Gap(
        "systematiek",
        "leerproces",
        N_(
            "Er wordt planmatig gewerkt, maar leren en veranderen krijgen weinig ruimte: wat "
            "gebeurt er met de uitkomsten van evaluaties?"
        ),
    ),
    Gap(
        "ketens",
        "sturing",
        N_(
            "De ketenpartners hebben genoeg ruimte, toch lukt sturen op hen slecht: ligt het aan "
            "de middelen of aan hoe de gemeente ze inzet?"
        ),
    ),
    Gap(
        "expertise",
        "informatie",
        N_(
            "Er is kennis in huis, maar informatie en analyse blijven achter: ontbreekt het aan "
            "capaciteit of aan een vaste werkwijze?"
        ),
    ),
)
