"""The one application factory: settings and services in, a configured PTB Application out.

Tests, the polling runner and the webhook server all build the bot here.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from telegram import BotCommand, Update
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
from bot.application import RegiescanApplication
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
from bot.ratelimit import POOL_SIZE, POOL_TIMEOUT, RepliesFirstRateLimiter
from bot.update_journal import JournalingRequest, UpdateJournal
from dialogs.texts import N_
from regiescan.wiring.i18n import Translators
from regiescan.wiring.services import Services

log = logging.getLogger("regiescan.bot")

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
    data = app.bot_data
    journal = data.journal
    if journal is not None:  # updates fetched before a kill are handled first
        for pending in await asyncio.to_thread(journal.open):
            await app.update_queue.put(Update.de_json(pending, app.bot))
    await asyncio.gather(
        app.bot.set_my_commands(_menu(data.services.translators, "nl")),
        app.bot.set_my_commands(_menu(data.services.translators, "en"), language_code="en"),
    )
    # Polling starts right after this: loading the region index (on a first start: building
    # it from every user file) runs meanwhile, and the staff side starts once it is there. A
    # scan tap does not need the index (RegionIndex queues its changes until it is loaded).
    task = asyncio.create_task(_start_regional(app), name="regional start")
    data.background.add(task)
    task.add_done_callback(data.background.discard)


async def _start_regional(app: App) -> None:
    index = app.bot_data.services.regional.index
    try:
        started = time.perf_counter()
        await asyncio.to_thread(index.ensure_loaded)
        log.info("region index ready after %.1f s", time.perf_counter() - started)
        await regional_app.on_start(app)  # resume broadcasts, missed schedules, schedule jobs
    except Exception:
        log.exception("the regional start (region index, broadcasts, schedules) failed")


async def _finish_background(app: App) -> None:
    for task in list(app.bot_data.background):
        task.cancel()
    await asyncio.gather(*app.bot_data.background, return_exceptions=True)


async def _post_stop(app: App) -> None:
    await _finish_background(app)
    await regional_app.on_stop(app)  # messages under way finish while the bot still works


async def _post_shutdown(app: App) -> None:
    services = app.bot_data.services
    await _finish_background(app)
    await regional_app.on_stop(app)
    if app.bot_data.journal is not None:
        app.bot_data.journal.close()
    services.close()


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limiter: bool = True,
    journal: UpdateJournal | None = None,
) -> App:
    """A ready-to-run Application; ``request`` lets tests plug in a fake Bot API.

    ``journal``: keep fetched updates on disk until handled (long polling)."""
    settings = services.settings
    token = settings.require_token().get()
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(token)
        .application_class(RegiescanApplication)
        .context_types(CONTEXT_TYPES)
        # Different users concurrently; one user's updates in order (UserLocks in handlers).
        .concurrent_updates(True)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    if rate_limiter:
        builder = builder.rate_limiter(RepliesFirstRateLimiter(max_retries=3))
    if request is not None:
        builder = builder.request(request)
    else:  # httpcore scans every pooled connection per request: 256 costs CPU (bench/README.md)
        builder = builder.connection_pool_size(POOL_SIZE).pool_timeout(POOL_TIMEOUT)
    if journal is not None:  # PTB's own default for the getUpdates connection, journaled
        get_updates_request = JournalingRequest(
            get_updates_request or HTTPXRequest(connection_pool_size=1), journal
        )
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    app = builder.build()
    app.bot_data.services = services
    app.bot_data.journal = journal
    if journal is not None:  # holds what users sent until it is handled; never in backups
        services.personal_data.register(journal, copies=None)
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
