"""The fake Bot API's update queue and webhook: getUpdates, setWebhook, deleteWebhook.

Not thread-safe by itself: :class:`FakeBotAPI` calls it under its lock.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import urlparse

from tests.helpers.bot_api_spec import BotAPIError, bad_request

_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


class UpdateQueue:
    """Updates waiting for getUpdates (confirmed by ``offset``) and the webhook settings."""

    def __init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._last_update_id = 0
        self._allowed_updates: list[str] | None = None
        self._webhook: dict[str, Any] = {}

    @property
    def webhook(self) -> dict[str, Any]:
        return dict(self._webhook)

    def pending(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._updates)

    def push(self, data: dict[str, Any]) -> None:
        if "update_id" not in data:
            data["update_id"] = self._last_update_id + 1
        self._last_update_id = max(self._last_update_id, int(data["update_id"]))
        self._updates.append(data)
        self._updates.sort(key=lambda item: item["update_id"])

    def ready(self, offset: int | None) -> bool:
        """Whether getUpdates with this offset has something to return right away."""
        if offset is None or offset < 0:
            return bool(self._updates)
        return any(update["update_id"] >= offset for update in self._updates)

    def get_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        if self._webhook.get("url"):
            raise BotAPIError(_WEBHOOK_CONFLICT, 409)
        offset = p.get("offset")
        if isinstance(offset, int) and offset < 0:
            self._updates = self._updates[offset:]
        elif isinstance(offset, int):
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if "allowed_updates" in p:
            self._allowed_updates = list(p["allowed_updates"]) or None
        if self._allowed_updates:
            allowed = set(self._allowed_updates)
            self._updates = [u for u in self._updates if set(u) - {"update_id"} <= allowed]
        limit = min(max(int(p.get("limit", 100)), 1), 100)
        return copy.deepcopy(self._updates[:limit])

    def set_webhook(self, p: dict[str, Any]) -> bool:
        url = p["url"]
        if not url:
            return self.delete_webhook(p)
        try:
            parsed = urlparse(url)
            port = parsed.port or 443
        except ValueError:
            raise bad_request("bad webhook: Failed to resolve host") from None
        if parsed.scheme != "https" or not parsed.hostname:
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if port not in (80, 88, 443, 8443):
            raise bad_request(
                "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        if not 1 <= int(p.get("max_connections", 40)) <= 100:
            raise bad_request("bad webhook: max_connections must be between 1 and 100")
        if p.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {
            "url": url,
            "max_connections": int(p.get("max_connections", 40)),
            **({"allowed_updates": p["allowed_updates"]} if "allowed_updates" in p else {}),
            **({"secret_token": secret} if secret else {}),
        }
        return True

    def delete_webhook(self, p: dict[str, Any]) -> bool:
        self._webhook = {}
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def webhook_info(self) -> dict[str, Any]:
        info = {k: v for k, v in self._webhook.items() if k != "secret_token"}
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
            **info,
        }
