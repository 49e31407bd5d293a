"""Running the bot: long polling, or PTB's webhook server with a secret token."""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from telegram import Update
from telegram.error import InvalidToken

from bot.app import build_application
from bot.update_journal import UpdateJournal
from regiescan.wiring.services import build_services
from regiescan.wiring.settings import Settings, SettingsError

log = logging.getLogger("regiescan.bot")


def run_bot(
    settings: Settings,
    *,
    webhook_url: str | None = None,
    listen: str = "127.0.0.1",
    port: int = 8443,
    secret_token: str | None = None,
) -> int:
    """Serve until SIGINT/SIGTERM; updates that arrived while down are processed, not dropped."""
    try:
        return _serve(settings, webhook_url, listen, port, secret_token)
    except InvalidToken:  # PTB's message quotes the token: never let it reach a terminal
        raise SettingsError(
            "Telegram rejected TELEGRAM_BOT_TOKEN: check it with @BotFather."
        ) from None


def _serve(
    settings: Settings, webhook_url: str | None, listen: str, port: int, secret_token: str | None
) -> int:
    services = build_services(settings)
    journal = None if webhook_url else UpdateJournal(settings.data_dir)
    app = build_application(services, journal=journal)
    if webhook_url:
        if not secret_token:
            raise SettingsError(
                "--webhook needs --secret-token or REGIESCAN_WEBHOOK_SECRET, so forged updates "
                "are refused."
            )
        path = urlparse(webhook_url).path.lstrip("/")
        log.info("starting webhook server on %s:%s", listen, port)
        app.run_webhook(
            listen=listen,
            port=port,
            url_path=path,
            webhook_url=webhook_url,
            secret_token=secret_token,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
            bootstrap_retries=-1,  # Telegram unreachable at start: wait for it (one line a try)
        )
    else:
        log.info("starting long polling")
        app.run_polling(
            allowed_updates=Update.ALL_TYPES, drop_pending_updates=False, bootstrap_retries=-1
        )
    return 0
