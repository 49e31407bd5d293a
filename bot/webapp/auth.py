"""Validating the ``initData`` Telegram signs for a Mini App, as Telegram documents it.

``secret_key = HMAC_SHA256(key="WebAppData", msg=bot_token)``; the data-check-string is every
received field except ``hash``, as ``key=value`` lines sorted by key; its HMAC-SHA256 with the
secret key, in hex, must equal ``hash`` (compared in constant time). ``auth_date`` must be no
older than the configured maximum age (and not in the future beyond a small clock skew). The
user id is taken only from data that passed these checks.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import parse_qsl

MAX_INIT_DATA = 8192  # bytes: Telegram's initData is far smaller
CLOCK_SKEW = 60  # seconds an auth_date may lie in the future


class InitDataError(ValueError):
    """initData is missing, malformed, forged, tampered or expired (the reason, for logs)."""


@dataclass(frozen=True)
class WebAppUser:
    user_id: int
    language_code: str | None
    auth_date: int


def secret_key(token: str) -> bytes:
    return hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "hash")


def sign(fields: dict[str, str], token: str) -> str:
    """The hex ``hash`` Telegram would put on these fields (used by the tests and the bench)."""
    return hmac.new(
        secret_key(token), data_check_string(fields).encode(), hashlib.sha256
    ).hexdigest()


def parse_fields(raw: str) -> dict[str, str]:
    """The initData query string as fields; every key at most once."""
    if not raw or len(raw.encode()) > MAX_INIT_DATA:
        raise InitDataError("empty or oversized")
    try:
        pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise InitDataError("not a query string") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataError("a field appears twice")
    return fields


def validate(raw: str, token: str, max_age: int, now: float) -> WebAppUser:
    """The validated user of ``raw``; :class:`InitDataError` otherwise."""
    fields = parse_fields(raw)
    given = fields.get("hash", "")
    expected = sign(fields, token)
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise InitDataError("hash does not match")
    try:
        auth_date = int(fields["auth_date"])
    except (KeyError, ValueError):
        raise InitDataError("no auth_date") from None
    if now - auth_date > max_age:
        raise InitDataError("expired")
    if auth_date - now > CLOCK_SKEW:
        raise InitDataError("auth_date in the future")
    try:
        user = json.loads(fields["user"])
        user_id = user["id"]
    except (KeyError, ValueError, TypeError):
        raise InitDataError("no user") from None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise InitDataError("no user id")
    language = user.get("language_code")
    return WebAppUser(user_id, language if isinstance(language, str) else None, auth_date)


def unverified_language(raw: str) -> str | None:
    """The language the client claims, to word a refusal in; never used for anything else."""
    try:
        user = json.loads(parse_fields(raw).get("user", "{}"))
        language = user.get("language_code") if isinstance(user, dict) else None
    except (InitDataError, ValueError):
        return None
    return language if isinstance(language, str) else None
