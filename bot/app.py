"""The one application factory: settings and services in, a configured PTB Application out.

Tests, the polling runner and the webhook server all build the bot here.
"""

from __future__ import annotations

from typing import Any

from telegram import BotCommand
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.context import UserLocks
from bot.handlers import errors, fallback, info, language, scan, start
from dialogs.texts import N_
from regiescan.i18n import Translators
from regiescan.wiring import Services

# Command menu: (command, description msgid) per language. Dutch is the default menu.
MENU = {
    "nl": [
        ("scan", N_("De scan starten of verder gaan")),
        ("overzicht", N_("Uw antwoorden bekijken en wijzigen")),
        ("resultaat", N_("De uitkomst van uw laatste scan")),
        ("stop", N_("De scan pauzeren")),
        ("taal", N_("Nederlands of Engels")),
        ("privacy", N_("Wat er met uw gegevens gebeurt")),
        ("help", N_("Uitleg over de opdrachten")),
    ],
    "en": [
        ("scan", N_("De scan starten of verder gaan")),
        ("overview", N_("Uw antwoorden bekijken en wijzigen")),
        ("result", N_("De uitkomst van uw laatste scan")),
        ("stop", N_("De scan pauzeren")),
        ("language", N_("Nederlands of Engels")),
        ("privacy", N_("Wat er met uw gegevens gebeurt")),
        ("help", N_("Uitleg over de opdrachten")),
    ],
}


def _menu(translators: Translators, locale: str) -> list[BotCommand]:
    t = translators.get(locale)
    return [BotCommand(command, t(description)) for command, description in MENU[locale]]


async def _post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = app.bot_data["services"]
    await app.bot.set_my_commands(_menu(services.translators, "nl"))
    await app.bot.set_my_commands(_menu(services.translators, "en"), language_code="en")


async def _post_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: Services = app.bot_data["services"]
    services.close()


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limiter: bool = True,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """A ready-to-run Application; ``request`` lets tests plug in a fake Bot API."""
    settings = services.settings
    token = settings.require_token().get()
    builder = (
        ApplicationBuilder()
        .token(token)
        # Different users concurrently; one user's updates in order (UserLocks in handlers).
        .concurrent_updates(True)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    if rate_limiter:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    app = builder.build()
    app.bot_data["services"] = services
    app.bot_data["locks"] = UserLocks()
    _register(app)
    return app


def _register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
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
        (["resultaat", "result"], info.result),
        (["taal", "language"], language.choose_language),
        (["privacy"], info.privacy),
        (["help", "hulp"], info.help_command),
    ]
    for names, callback in commands:
        app.add_handler(CommandHandler(names, callback, filters=private))
    app.add_handler(CallbackQueryHandler(scan.button))
    app.add_handler(MessageHandler(filters.COMMAND & private, fallback.unknown_command))
    app.add_handler(MessageHandler(filters.TEXT & private, scan.typed_text))
    # Last: anything else in a private chat (stickers, photos, voice, files, locations, ...).
    app.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, fallback.media))
    app.add_error_handler(errors.on_error)
