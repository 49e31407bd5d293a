"""The privacy statement, in plain words, for every front (/privacy, and `privacy` in the terminal).

What it promises is what the code does, and tests hold it to that: answers are seen by others
only with consent or as a regional aggregate of at least three municipalities; data is deleted
``retention_months`` after the last activity by a daily job; backups are kept ``backup_days``
days and an erasure removes the user from them at once.
"""

from __future__ import annotations

from dialogs.texts import N_, Text, plural, text

# Shown in the intro of a first scan, before the first question.
INTRO_NOTICE = N_(
    "Uw antwoorden zijn vertrouwelijk: andere gemeenten zien ze alleen als u daar toestemming "
    "voor geeft, en de regio ziet van uw antwoorden alleen totalen van minstens drie "
    "gemeenten. Wat er met uw gegevens gebeurt, en hoe u ze opvraagt of laat verwijderen, leest "
    "u met /privacy."
)


def privacy_statement(
    organisation: str, contact: str, retention_months: int, backup_days: int
) -> list[Text]:
    """The whole statement as paragraphs (fits one Telegram message)."""
    who = [
        text(
            "Verantwoordelijk: {organisation} is verantwoordelijk voor deze Regiescan en voor "
            "wat er met uw gegevens gebeurt.",
            organisation=organisation,
        )
    ]
    if contact:
        who.append(text("Vragen en verzoeken: {contact}.", contact=contact))
    return [
        text("Privacyverklaring van Regiescan"),
        *who,
        text(
            "Wat wij bewaren: uw Telegram-gebruikersnummer; uw naam zoals Telegram die toont, "
            "alleen als dat nodig is om u met een collega in contact te brengen; de gemeente en "
            "functie die u opgeeft; uw antwoorden en toelichtingen; uw toestemmingen, met datum "
            "en tijd; uw taalkeuze; en of de berichten die wij u sturen zijn aangekomen. Wat u "
            "in berichten typt, komt niet in onze logboeken."
        ),
        text(
            "Waarom: om de scan mogelijk te maken, u de uitkomst te laten zien, en de regio "
            "te helpen gemeenten van elkaar te laten leren. Dat hoort bij de publieke taak van "
            "gemeenten en veiligheidsregio's voor openbare orde en veiligheid. Voor uw "
            "vermelding als collega-gemeente en voor herinneringen vragen wij uw toestemming."
        ),
        text(
            "Wie wat ziet: uw antwoorden en toelichtingen ziet alleen u. Andere gemeenten zien "
            "uw scores alleen als u toestemming geeft om als collega-gemeente te worden "
            "getoond, en uw toelichting bij uw sterke punten alleen als u ook die deelt. "
            "Regionale medewerkers van uw eigen veiligheidsregio zien of u de scan "
            "bent begonnen of hebt afgerond. Cijfers over de regio tonen wij pas als minstens "
            "drie gemeenten de scan hebben afgerond, en nooit de scores van één gemeente die "
            "daar geen toestemming voor gaf."
        ),
        text(
            "Uw verbeterplan: de maatregelen die u vastlegt, met trekker, datum en status, "
            "bewaren wij bij uw gegevens; de titels en trekkers ziet alleen u. Regionale "
            "medewerkers zien per knelpunt hoeveel gemeenten maatregelen hebben, pas vanaf "
            "drie gemeenten, en uw gemeente alleen bij naam als u toestemming gaf om als "
            "collega-gemeente te worden getoond."
        ),
        plural(
            "Hoe lang: tot {count} maand na uw laatste activiteit. Daarna worden uw gegevens "
            "automatisch verwijderd; dat controleren wij elke dag.",
            "Hoe lang: tot {count} maanden na uw laatste activiteit. Daarna worden uw gegevens "
            "automatisch verwijderd; dat controleren wij elke dag.",
            "count",
            count=retention_months,
        ),
        plural(
            "Van alle gegevens maken wij elke dag een reservekopie, die {count} dag bewaard "
            "blijft. Laat u uw gegevens verwijderen, dan verdwijnen ze ook meteen uit de "
            "reservekopieën.",
            "Van alle gegevens maken wij elke dag een reservekopie, die {count} dagen bewaard "
            "blijft. Laat u uw gegevens verwijderen, dan verdwijnen ze ook meteen uit de "
            "reservekopieën.",
            "count",
            count=backup_days,
        ),
        text(
            "Uw rechten: u mag uw gegevens inzien, laten verbeteren of laten verwijderen, en u "
            "kunt bezwaar maken. Met /mijngegevens krijgt u alles wat wij over u bewaren als "
            "bestand. Met /vergeetmij verwijdert u alles. Met /toestemming ziet u uw "
            "toestemmingen en trekt u ze in. Bent u het niet met ons eens, dan kunt u een "
            "klacht indienen bij de Autoriteit Persoonsgegevens."
        ),
        text(
            "Telegram bewaart zelf een kopie van dit gesprek. Daar hebben wij geen invloed op; "
            "u kunt het gesprek in Telegram zelf verwijderen."
        ),
    ]
