"""The diagnosis after a finished scan and on /resultaat; the peers on /collegas."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, filters

from bot.buttons import peers as peer_buttons
from bot.buttons import toets as toets_buttons
from bot.buttons.privacy import consent_data
from bot.context import App, Context, services, translator, user_locks
from bot.formatting import fit
from bot.handlers.plan import send_plan_offer
from bot.webapp.buttons import own_results_button
from dialogs.model import User
from dialogs.peers.peer_lines import peer_texts
from dialogs.privacy import consents
from dialogs.results.diagnosis import Diagnosis
from dialogs.results.diagnosis_texts import diagnosis_texts
from dialogs.scan.content import title_msgid
from dialogs.texts import text
from regiescan.renderers.radar_chart import Legend, radar_chart
from regiescan.wiring.i18n import Translator

MAX_LABEL = 60  # characters of a button label


def _label(value: str) -> str:
    return value if len(value) <= MAX_LABEL else value[: MAX_LABEL - 1] + "…"


async def deliver_result(context: Context, user_id: int, *, only_if_due: bool = False) -> None:
    """Send the diagnosis (``only_if_due``: only if it is still due: a scan just finished, or
    one whose result a crash kept from being sent); once, even when two updates ask for it at
    the same moment."""
    under_way = context.bot_data.results_under_way
    if user_id in under_way:
        return
    under_way.add(user_id)
    try:
        await send_result(context, user_id, only_if_due=only_if_due)
    finally:
        under_way.discard(user_id)


async def send_result(context: Context, user_id: int, *, only_if_due: bool = False) -> None:
    """Diagnosis, radar chart and peers of the user's latest finished scan. Call it without
    holding the user's lock: it takes the lock itself to record the delivery."""
    s = services(context)
    user = s.scans.user(user_id)
    if only_if_due and (user is None or user.result_pending is None):
        # Delivered meanwhile: the update that found it due was handled before an earlier
        # reply in the user's chain sent it (both replies are queued in order).
        return
    t = s.translators.get(user.locale if user else None)  # one read of the user, not two
    diagnosis = s.results.diagnose(user) if user else None
    if user is None or diagnosis is None:
        message = text("U heeft nog geen afgeronde scan. Met /scan begint of vervolgt u de scan.")
        await context.bot.send_message(user_id, t(message))
        return
    dashboard = own_results_button(s.settings, t)
    # matplotlib takes a few hundred ms and lots of memory: in the render process, so other
    # chats are not held up and the bot's memory stays flat; before the diagnosis is sent, so
    # that sending it and recording that are moments apart.
    chart = await context.bot_data.renderer.run(
        radar_chart,
        diagnosis.values,
        [t(k.title_msgid) for k in s.content.knelpunten],
        diagnosis.previous_values,
        diagnosis.region.medians if diagnosis.region else None,
        legend=Legend().translated(t.render),
    )
    await context.bot.send_message(
        user_id,
        fit("\n".join(t(x) for x in diagnosis_texts(diagnosis))),
        reply_markup=InlineKeyboardMarkup([[dashboard]]) if dashboard is not None else None,
    )
    if user.result_pending is not None:  # durably: a crash from here on does not resend it
        async with user_locks(context).get(user_id):
            s.scans.result_delivered(user_id, user.result_pending)
    caption = t(text("Uw scores per knelpunt, van 1 (zwak) tot 5 (sterk)."))
    await context.bot.send_photo(user_id, chart, caption=caption, filename="regiescan.png")
    await send_peers(context, user, diagnosis)
    await send_plan_offer(context, user_id)  # "Maak een verbeterplan"
    if consents.PEER_LISTING not in user.consents:
        await ask_peer_consent(context, user_id, t)


async def send_peers(context: Context, user: User, diagnosis: Diagnosis) -> None:
    """Peers strong where this municipality is weak, with a contact button each."""
    s = services(context)
    t = s.translators.get(user.locale)
    suggestions = s.results.peers(user, diagnosis)
    lines = peer_texts(suggestions, s.registry, diagnosis.municipality, diagnosis.demo)
    rows: list[list[InlineKeyboardButton]] = []
    for suggestion in suggestions:
        title = t(title_msgid(suggestion.knelpunt))
        for peer in suggestion.peers:
            label = t(
                text(
                    "Vraag contact aan: {municipality} ({knelpunt})",
                    municipality=peer.municipality.name + (" (demo)" if diagnosis.demo else ""),
                    knelpunt=title,
                )
            )
            data = peer_buttons.ask(peer.user_id, suggestion.knelpunt)
            rows.append([InlineKeyboardButton(_label(label), callback_data=data)])
        for practice in suggestion.practices:
            if practice.url.startswith("https://"):
                rows.append([InlineKeyboardButton(_label(practice.title), url=practice.url)])
    toets = t(text("Organiseer een collegiale toets"))
    rows.append([InlineKeyboardButton(toets, callback_data=toets_buttons.new_toets())])
    if not lines:
        lines = [text("Uw scan laat geen zwakke knelpunten zien.")]
    await context.bot.send_message(
        user.user_id,
        fit("\n".join(t(x) for x in lines)),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def ask_peer_consent(context: Context, user_id: int, t: Translator) -> None:
    """Ask once whether the municipality may be shown to others as a peer."""
    question = [
        text("Mag uw gemeente getoond worden als collega-gemeente?"),
        text(consents.EXPLANATIONS[consents.PEER_LISTING]),
        text("U kunt dit altijd wijzigen met /toestemming."),
    ]
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(text("Ja, toon mijn gemeente")),
                    callback_data=consent_data(consents.PEER_LISTING, True),
                ),
                InlineKeyboardButton(
                    t(text("Nee, liever niet")),
                    callback_data=consent_data(consents.PEER_LISTING, False),
                ),
            ]
        ]
    )
    await context.bot.send_message(
        user_id, "\n\n".join(t(x) for x in question), reply_markup=buttons
    )


async def result(update: Update, context: Context) -> None:
    """Show the diagnosis of the last finished scan."""
    if update.effective_user is not None:
        await deliver_result(context, update.effective_user.id)


async def peers(update: Update, context: Context) -> None:
    """Show the peer municipalities for the weakest knelpunten."""
    user_id = update.effective_user.id if update.effective_user else None
    if user_id is None:
        return
    s = services(context)
    user = s.scans.user(user_id)
    diagnosis = s.results.diagnose(user) if user else None
    if user is None or diagnosis is None:
        t = translator(context, user_id)
        message = text("U heeft nog geen afgeronde scan. Met /scan begint of vervolgt u de scan.")
        await context.bot.send_message(user_id, t(message))
        return
    await send_peers(context, user, diagnosis)


def register(app: App) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["resultaat", "result"], result, filters=private))
    app.add_handler(CommandHandler(["collegas", "peers"], peers, filters=private))
