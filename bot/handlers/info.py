"""/help and /privacy: information that changes nothing."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.context import App, Context, services, translator
from bot.formatting import paragraphs
from dialogs.privacy.statement import privacy_statement
from dialogs.texts import N_, joined, text

HELP = (
    N_("Zo gebruikt u Regiescan:"),
    N_("/scan: de scan starten of verder gaan waar u was"),
    N_("/overzicht: uw antwoorden tot nu toe bekijken en wijzigen"),
    N_("/stop: de scan pauzeren (alles blijft bewaard)"),
    N_("/resultaat: de uitkomst van uw laatste afgeronde scan"),
    N_("/collegas: collega-gemeenten die sterk zijn waar u zwak bent"),
    N_("/toets: een collegiale toets organiseren, of meedoen als u bent uitgenodigd"),
    N_("/plan: uw verbeterplan, met per maatregel een trekker en een datum"),
    N_("/taal: Nederlands of Engels"),
    N_("/privacy: wat er met uw gegevens gebeurt"),
    N_(
        "Beantwoord de stellingen met de knoppen onder het bericht. Een toelichting typt u "
        "gewoon als bericht."
    ),
)
PRIVACY_HELP = (
    N_("Uw gegevens:"),
    N_("/mijngegevens: alles wat Regiescan over u bewaart, als bestand"),
    N_("/toestemming: uw toestemmingen bekijken, geven of intrekken"),
    N_("/vergeetmij: alles over u laten verwijderen"),
)


async def help_command(update: Update, context: Context) -> None:
    """List the commands."""
    user = update.effective_user
    if user is not None:
        t = translator(context, user.id)
        help_text = t(joined(*map(text, HELP))) + "\n\n" + t(joined(*map(text, PRIVACY_HELP)))
        await context.bot.send_message(user.id, help_text)


async def privacy(update: Update, context: Context) -> None:
    """Say who is responsible, what is stored and why, who sees what, how long, and the rights."""
    user = update.effective_user
    if user is None:
        return
    s = services(context).settings
    statement = privacy_statement(s.organisation, s.contact, s.retention_months, s.backup_days)
    await context.bot.send_message(user.id, paragraphs(translator(context, user.id), statement))


def register(app: App) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["privacy"], privacy, filters=private))
    app.add_handler(CommandHandler(["help", "hulp"], help_command, filters=private))
