"""The one application factory: settings and services in, a configured PTB Application out.

Tests, the polling runner and the webhook server all build the bot here.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import BotCommand
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot import export_callbacks, maintenance_job, peer_callbacks, regional_app
from bot.broadcasting.wire import WireRequest
from bot.context import CONTEXT_TYPES, App
from bot.handlers import (
    consent,
    errors,
    export,
    fallback,
    info,
    language,
    my_data,
    peers,
    results,
    scan,
    start,
)
from bot.ratelimit import POOL_SIZE, POOL_TIMEOUT, LanedRateLimiter, LaneUpdateProcessor
from dialogs.texts import N_
from regiescan.wiring.i18n import Translators
from regiescan.wiring.services import Services

# Command menu: (command, description msgid) per language. Dutch is the default menu.
MENU = {
    "nl": [
        ("scan", N_("De scan starten of verder gaan")),
        ("overzicht", N_("Uw antwoorden bekijken en wijzigen")),
        ("resultaat", N_("De uitkomst van uw laatste scan")),
        ("collegas", N_("Collega-gemeenten die sterk zijn waar u zwak bent")),
        ("stop", N_("De scan pauzeren")),
        ("taal", N_("Nederlands of Engels")),
        ("privacy", N_("Wat er met uw gegevens gebeurt")),
        ("mijngegevens", N_("Alles wat over u is bewaard, als bestand")),
        ("export", N_("Uw scan als PDF, Markdown of JSON")),
        ("toestemming", N_("Uw toestemmingen bekijken of intrekken")),
        ("vergeetmij", N_("Alles over u laten verwijderen")),
        ("help", N_("Uitleg over de opdrachten")),
    ],
    "en": [
        ("scan", N_("De scan starten of verder gaan")),
        ("overview", N_("Uw antwoorden bekijken en wijzigen")),
        ("result", N_("De uitkomst van uw laatste scan")),
        ("peers", N_("Collega-gemeenten die sterk zijn waar u zwak bent")),
        ("stop", N_("De scan pauzeren")),
        ("language", N_("Nederlands of Engels")),
        ("privacy", N_("Wat er met uw gegevens gebeurt")),
        ("mydata", N_("Alles wat over u is bewaard, als bestand")),
        ("export", N_("Uw scan als PDF, Markdown of JSON")),
        ("consent", N_("Uw toestemmingen bekijken of intrekken")),
        ("forgetme", N_("Alles over u laten verwijderen")),
        ("help", N_("Uitleg over de opdrachten")),
    ],
}


def _menu(translators: Translators, locale: str) -> list[BotCommand]:
    t = translators.get(locale)
    return [BotCommand(command, t(description)) for command, description in MENU[locale]]


async def _post_init(app: App) -> None:
    services = app.bot_data.services
    # Concurrently: two round trips to Telegram and loading (on a first start: building) the
    # region index, which reads files. Nothing else runs yet: polling starts after this.
    await asyncio.gather(
        app.bot.set_my_commands(_menu(services.translators, "nl")),
        app.bot.set_my_commands(_menu(services.translators, "en"), language_code="en"),
        asyncio.to_thread(services.regional.index.ensure_loaded),
    )
    await regional_app.on_start(app)  # resume broadcasts, missed schedules, schedule jobs


async def _post_stop(app: App) -> None:
    await regional_app.on_stop(app)  # messages under way finish while the bot still works


async def _post_shutdown(app: App) -> None:
    services = app.bot_data.services
    await regional_app.on_stop(app)
    services.close()


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limiter: bool = True,
) -> App:
    """A ready-to-run Application; ``request`` lets tests plug in a fake Bot API."""
    settings = services.settings
    token = settings.require_token().get()
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(token)
        .context_types(CONTEXT_TYPES)
        # Different users concurrently; one user's updates in order (UserLocks in handlers).
        # The update's chat is the reply lane of the rate limiter (bot.ratelimit).
        .concurrent_updates(LaneUpdateProcessor(256))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    if rate_limiter:
        builder = builder.rate_limiter(LanedRateLimiter(max_retries=3))
    if request is None:  # httpcore scans every pooled connection per request: 256 costs CPU
        request = HTTPXRequest(connection_pool_size=POOL_SIZE, pool_timeout=POOL_TIMEOUT)
    # Tells a broadcast the instant its request is on the wire (bot.broadcasting.wire).
    builder = builder.request(WireRequest(request))
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    app = builder.build()
    app.bot_data.services = services
    _register(app)
    return app


def _register(app: App) -> None:
    private = filters.ChatType.PRIVATE
    # Order matters: groups are turned away before anything else looks at their updates.
    app.add_handler(ChatMemberHandler(fallback.added_to_group, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS, fallback.group_message))
    # Edited messages before the text handler, which would otherwise treat them as new text.
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, fallback.edited))
    commands = [
        (["start"], start.start),
        (["scan"], scan.scan),
        (["overzicht", "overview"], scan.overview),
        (["stop", "pauze", "pause"], scan.pause),
        (["resultaat", "result"], results.result),
        (["collegas", "peers"], results.peers),
        (["taal", "language"], language.choose_language),
        (["privacy"], info.privacy),
        (["mijngegevens", "mydata"], my_data.my_data),
        (["vergeetmij", "forgetme"], my_data.forget),
        (["toestemming", "consent"], consent.show_consents),
        (["export"], export.export_command),
        (["export_regio", "export_region"], export.export_region_command),  # staff only
        (["help", "hulp"], info.help_command),
    ]
    for names, callback in commands:
        app.add_handler(CommandHandler(names, callback, filters=private))
    # Staff commands and buttons, /herinneringen, "Ga verder": before the scan's catch-alls.
    regional_app.register(app)
    # Before the scan's catch-all button handler: /vergeetmij and /toestemming buttons.
    app.add_handler(CallbackQueryHandler(my_data.forget_button, pattern=r"^v\|"))
    app.add_handler(CallbackQueryHandler(consent.consent_button, pattern=r"^c\|"))
    app.add_handler(CallbackQueryHandler(peers.peer_button, pattern=peer_callbacks.PATTERN))
    app.add_handler(CallbackQueryHandler(export.export_button, pattern=export_callbacks.PATTERN))
    app.add_handler(CallbackQueryHandler(scan.button))
    app.add_handler(MessageHandler(filters.COMMAND & private, fallback.unknown_command))
    app.add_handler(MessageHandler(filters.TEXT & private, scan.typed_text))
    # Last: anything else in a private chat (stickers, photos, voice, files, locations, ...).
    app.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, fallback.media))
    app.add_error_handler(errors.on_error)
    maintenance_job.schedule(app)  # daily: retention, backup, pruning
    if app.job_queue is not None:  # hourly: contact requests unanswered for 14 days
        app.job_queue.run_repeating(peers.expire_requests, interval=3600, first=120)
