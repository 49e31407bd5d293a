"""Configuration from the environment (12-factor), read once into a typed object."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dialogs.regions import DEFAULT_KIND, REGION_KINDS

# Telegram tokens look like "123456789:AA..." (bot id, colon, 35 url-safe characters).
TOKEN_PATTERN = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$")


class SettingsError(ValueError):
    """A configuration value is missing or malformed; the message is one readable line."""


class Secret:
    """A string that never shows itself in logs, reprs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    token: Secret | None = None
    base_url: str | None = None
    base_file_url: str | None = None
    admins: tuple[int, ...] = ()
    log_level: str = "INFO"
    organisation: str = "de beheerder van deze Regiescan-installatie"
    contact: str = ""
    retention_months: int = 24  # delete a user this long after their last activity
    backup_days: int = 7  # keep the daily backups of the data dir this many days
    # Staff roles whose regional exports name municipalities without peer consent (default none).
    export_named: tuple[str, ...] = ()
    # Webhook mode: the secret Telegram sends with every call (X-Telegram-Bot-Api-Secret-Token).
    webhook_secret: Secret | None = None
    # The dashboard (Mini App): off without a URL; served on webapp_listen behind HTTPS.
    webapp_url: str | None = None
    webapp_listen: tuple[str, int] = ("127.0.0.1", 8080)
    webapp_max_age: int = 3600  # seconds a Telegram-signed initData stays valid
    # The kind of region that ranks peers and forms the regional median (dialogs.regions).
    region_kind: str = "veiligheidsregio"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        return cls(
            data_dir=Path(env.get("REGIESCAN_DATA_DIR", "data")),
            token=Secret(token) if token else None,
            base_url=env.get("TELEGRAM_BASE_URL") or None,
            base_file_url=env.get("TELEGRAM_BASE_FILE_URL") or None,
            admins=_ids(env.get("REGIESCAN_ADMINS", "")),
            log_level=_log_level(env.get("REGIESCAN_LOG_LEVEL", "")),
            organisation=env.get("REGIESCAN_ORGANISATION") or cls.organisation,
            contact=env.get("REGIESCAN_CONTACT", ""),
            retention_months=_positive_int(env, "REGIESCAN_RETENTION_MONTHS", 24),
            backup_days=_positive_int(env, "REGIESCAN_BACKUP_DAYS", 7),
            export_named=_roles(env.get("REGIESCAN_EXPORT_NAMED", "")),
            webhook_secret=_webhook_secret(env.get("REGIESCAN_WEBHOOK_SECRET", "")),
            webapp_url=_webapp_url(env.get("REGIESCAN_WEBAPP_URL", "")),
            webapp_listen=_listen(env.get("REGIESCAN_WEBAPP_LISTEN", "")),
            webapp_max_age=_positive_int(env, "REGIESCAN_WEBAPP_MAX_AGE", 3600),
            region_kind=_region_kind(env.get("REGIESCAN_REGION_KIND", "")),
        )

    def require_token(self) -> Secret:
        """The token, checked for shape; raises a one-line :class:`SettingsError` otherwise."""
        if self.token is None:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: ask @BotFather for a token, or run "
                "`regiescan chat` to use the terminal chat without Telegram."
            )
        if not TOKEN_PATTERN.match(self.token.get()):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (expected '<digits>:<35 "
                "characters>' as given by @BotFather)."
            )
        return self.token


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _log_level(raw: str) -> str:
    level = raw.strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise SettingsError(
            f"REGIESCAN_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {raw.strip()!r}"
        )
    return level


def _ids(raw: str) -> tuple[int, ...]:
    ids = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise SettingsError(
                f"REGIESCAN_ADMINS must list numeric Telegram user ids, got {part!r}"
            )
        ids.append(int(part))
    return tuple(ids)


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SettingsError(f"{name} must be a whole number of at least 1, got {raw!r}")
    return int(raw)


def _roles(raw: str) -> tuple[str, ...]:
    """REGIESCAN_EXPORT_NAMED: false (default), true (every staff role) or a role list."""
    value = raw.strip().lower()
    if value in ("", "false", "0", "no", "nee"):
        return ()
    if value in ("true", "1", "yes", "ja"):
        return ("beheerder", "regio")
    roles = tuple(sorted({r.strip() for r in value.replace(";", ",").split(",") if r.strip()}))
    if not set(roles) <= {"beheerder", "regio"}:
        raise SettingsError(
            f"REGIESCAN_EXPORT_NAMED must be false, true or staff roles (beheerder,regio), "
            f"got {raw!r}"
        )
    return roles


# Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and - for a webhook's secret_token.
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _webhook_secret(raw: str) -> Secret | None:
    value = raw.strip()
    if not value:
        return None
    if not WEBHOOK_SECRET_PATTERN.match(value):
        raise SettingsError(
            "REGIESCAN_WEBHOOK_SECRET must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -"
        )
    return Secret(value)


def _webapp_url(raw: str) -> str | None:
    """REGIESCAN_WEBAPP_URL: the public HTTPS address of the dashboard, or unset (off)."""
    url = raw.strip()
    if not url:
        return None
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s?#]*)?", url):
        raise SettingsError(
            f"REGIESCAN_WEBAPP_URL must be the dashboard's public https:// address (Telegram "
            f"opens only HTTPS), got {raw!r}"
        )
    return url if url.endswith("/") else url + "/"


def _listen(raw: str) -> tuple[str, int]:
    """REGIESCAN_WEBAPP_LISTEN: host:port the dashboard's HTTP server binds to."""
    value = raw.strip()
    if not value:
        return ("127.0.0.1", 8080)
    host, sep, port = value.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise SettingsError(
            f"REGIESCAN_WEBAPP_LISTEN must be host:port, e.g. 127.0.0.1:8080, got {raw!r}"
        )
    return (host, int(port))


def _region_kind(raw: str) -> str:
    """REGIESCAN_REGION_KIND: veiligheidsregio (default) or politie-eenheid."""
    value = raw.strip().lower().replace("_", "-").replace(" ", "-") or DEFAULT_KIND
    if value not in REGION_KINDS:
        raise SettingsError(
            f"REGIESCAN_REGION_KIND must be one of {', '.join(REGION_KINDS)}, got {raw!r}"
        )
    return value
