"""The Application class of the bot: PTB's, plus the update journal and a readable start-up.

* Each update is claimed from the journal before it is handled and marked handled after, so
  a kill in between replays it at the next start (:mod:`bot.update_journal`).
* Reaching the Bot API at start is retried by PTB (``bootstrap_retries``); each failed attempt
  is one log line naming the host (never the token, which is part of the URL's path).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.context import BotData

log = logging.getLogger("regiescan.bot")


class RegiescanApplication(Application[Any, Any, Any, Any, BotData, Any]):
    """Built by :func:`bot.app.build_application` (``ApplicationBuilder.application_class``)."""

    _start_attempts = 0

    async def initialize(self) -> None:
        try:
            await super().initialize()
        except InvalidToken:
            raise
        except TelegramError as exc:
            self._start_attempts += 1
            log.warning(
                "cannot reach the Telegram Bot API at %s (attempt %d: %s); retrying",
                self.api_host(),
                self._start_attempts,
                _reason(exc),
            )
            raise

    def api_host(self) -> str:
        """The Bot API server's host (and port), without the token."""
        return urlsplit(self.bot.base_url).netloc or "api.telegram.org"

    async def process_update(self, update: object) -> None:
        journal = self.bot_data.journal
        if journal is None or not isinstance(update, Update):
            await super().process_update(update)
            return
        if not journal.claim(update.update_id):
            return  # a copy of an update handled already, or being handled
        try:
            await super().process_update(update)
        except Exception:
            journal.handled(update.update_id)  # an update that fails must not fail forever
            raise
        journal.handled(update.update_id)


def _reason(exc: TelegramError) -> str:
    reason = str(exc.message if hasattr(exc, "message") else exc)
    return reason.removeprefix("httpx.").strip() or type(exc).__name__
