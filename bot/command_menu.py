"""The command menu Telegram shows beside the text field, per language (Dutch is the default).

:func:`publish` runs at start (``bot.lifecycle.post_init``); the descriptions are msgids.
"""

from __future__ import annotations

import asyncio

from telegram import BotCommand

from bot.context import App
from dialogs.texts import N_
from regiescan.wiring.i18n import Translators

# (command, description msgid) per language.
MENU = {
    "nl": [
        ("scan", N_("De scan starten of verder gaan")),
        ("overzicht", N_("Uw antwoorden bekijken en wijzigen")),
        ("resultaat", N_("De uitkomst van uw laatste scan")),
        ("collegas", N_("Collega-gemeenten die sterk zijn waar u zwak bent")),
        ("toets", N_("Een collegiale toets organiseren of eraan meedoen")),
        ("stop", N_("De scan pauzeren")),
        ("taal", N_("Nederlands of Engels")),
        ("privacy", N_("Wat er met uw gegevens gebeurt")),
        ("mijngegevens", N_("Alles wat over u is bewaard, als bestand")),
        ("export", N_("Uw scan als PDF, Markdown of JSON")),
        ("plan", N_("Uw verbeterplan: maatregelen met trekker en datum")),
        ("toestemming", N_("Uw toestemmingen bekijken of intrekken")),
        ("vergeetmij", N_("Alles over u laten verwijderen")),
        ("help", N_("Uitleg over de opdrachten")),
    ],
    "en": [
        ("scan", N_("De scan starten of verder gaan")),
        ("overview", N_("Uw antwoorden bekijken en wijzigen")),
        ("result", N_("De uitkomst van uw laatste scan")),
        ("peers", N_("Collega-gemeenten die sterk zijn waar u zwak bent")),
        ("peerreview", N_("Een collegiale toets organiseren of eraan meedoen")),
        ("stop", N_("De scan pauzeren")),
        ("language", N_("Nederlands of Engels")),
        ("privacy", N_("Wat er met uw gegevens gebeurt")),
        ("mydata", N_("Alles wat over u is bewaard, als bestand")),
        ("export", N_("Uw scan als PDF, Markdown of JSON")),
        ("plan", N_("Uw verbeterplan: maatregelen met trekker en datum")),
        ("consent", N_("Uw toestemmingen bekijken of intrekken")),
        ("forgetme", N_("Alles over u laten verwijderen")),
        ("help", N_("Uitleg over de opdrachten")),
    ],
}


def menu(translators: Translators, locale: str) -> list[BotCommand]:
    t = translators.get(locale)
    return [BotCommand(command, t(description)) for command, description in MENU[locale]]


async def publish(app: App) -> None:
    """Set the Dutch menu as the default and the English one for English-speaking clients."""
    translators = app.bot_data.services.translators
    await asyncio.gather(  # two round trips, concurrently
        app.bot.set_my_commands(menu(translators, "nl")),
        app.bot.set_my_commands(menu(translators, "en"), language_code="en"),
    )
