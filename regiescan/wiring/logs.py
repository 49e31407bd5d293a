"""Logging set-up: one format, quiet libraries, and secrets redacted from every line."""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from regiescan.wiring.settings import Settings

REDACTED = "[REDACTED]"


class RedactingFormatter(logging.Formatter):
    """Replaces each secret wherever it appears in a formatted line, tracebacks included."""

    def __init__(self, fmt: str, secrets: list[str]) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self._secrets:
            line = line.replace(secret, REDACTED)
        return line


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    secrets = [settings.token.get()] if settings.token else []
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # State changes and HTTP requests would log at INFO; the latter include the token in URLs.
    # fontTools.subset logs ~75 INFO lines per PDF export (one per font table it subsets).
    for noisy in ("transitions", "httpx", "httpcore", "apscheduler", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # PTB logs whole updates and requests (message text, answers) at DEBUG: never let them out.
    logging.getLogger("telegram").setLevel(max(logging.INFO, root.level))
    # An exception nobody caught is printed through the same redacting handler, not raw.
    sys.excepthook = _log_uncaught
    threading.excepthook = lambda args: _log_uncaught(
        args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback
    )


def _log_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    logging.getLogger("regiescan").critical(
        "stopped by an unexpected error", exc_info=(exc_type, exc, tb)
    )
