"""/help, /privacy and /resultaat: information that changes nothing."""

from __future__ import annotations

from telegram import Update

from bot.context import Context, services, translator
from bot.render import paragraphs
from dialogs.summary import result_texts
from dialogs.texts import N_, text

HELP = N_(
    "Zo gebruikt u Regiescan:\n"
    "/scan: de scan starten of verder gaan waar u was\n"
    "/overzicht: uw antwoorden tot nu toe bekijken en wijzigen\n"
    "/stop: de scan pauzeren (alles blijft bewaard)\n"
    "/resultaat: de uitkomst van uw laatste afgeronde scan\n"
    "/taal: Nederlands of Engels\n"
    "/privacy: wat er met uw gegevens gebeurt\n"
    "Beantwoord de stellingen met de knoppen onder het bericht. Een toelichting typt u gewoon "
    "als bericht."
)


async def help_command(update: Update, context: Context) -> None:
    """List the commands."""
    user = update.effective_user
    if user is not None:
        await context.bot.send_message(user.id, translator(context, user.id)(text(HELP)))


async def privacy(update: Update, context: Context) -> None:
    """Say what is stored, why, who sees it and for how long."""
    user = update.effective_user
    if user is None:
        return
    settings = services(context).settings
    t = translator(context, user.id)
    lines = [
        text("Privacy bij Regiescan"),
        text(
            "Verantwoordelijk voor deze installatie is {organisation}.",
            organisation=settings.organisation,
        ),
        text(
            "Wij bewaren uw Telegram-gebruikersnummer, de gemeente en functie die u opgeeft, "
            "uw antwoorden en toelichtingen, en uw taalkeuze. Wij gebruiken die alleen om de "
            "scan mogelijk te maken en de uitkomst aan u te tonen."
        ),
        text(
            "Andere gemeenten zien niets van uw antwoorden, tenzij u daar zelf toestemming voor "
            "geeft. Regionale medewerkers zien alleen de voortgang van gemeenten in hun eigen "
            "veiligheidsregio."
        ),
        text("Telegram bewaart zelf een kopie van dit gesprek; daarover gaat Regiescan niet."),
    ]
    if settings.contact:
        lines.append(text("Vragen of verzoeken: {contact}", contact=settings.contact))
    await context.bot.send_message(user.id, paragraphs(t, lines))


async def result(update: Update, context: Context) -> None:
    """Show the outcome of the last finished scan."""
    user = update.effective_user
    if user is None:
        return
    s = services(context)
    stored = s.scans.user(user.id)
    t = translator(context, user.id)
    if stored is None:
        message = t(
            text("U heeft nog geen afgeronde scan. Met /scan begint of vervolgt u de scan.")
        )
    else:
        message = paragraphs(t, result_texts(stored, s.content, s.registry))
    await context.bot.send_message(user.id, message)
