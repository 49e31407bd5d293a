"""Logging set-up: one format, quiet libraries, and secrets redacted from every line."""

from __future__ import annotations

import logging

from regiescan.settings import Settings

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
    for noisy in ("transitions", "httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
