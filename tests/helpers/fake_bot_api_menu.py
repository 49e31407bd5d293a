"""The chat menu button (setChatMenuButton / getChatMenuButton) and Web App checks, as the
Bot API 10.1 spec describes them: a MenuButton is ``default``, ``commands`` or ``web_app``
(with ``text`` and a ``WebAppInfo`` whose ``url`` is HTTPS); one per private chat, plus the
bot's default when no chat_id is given."""

from __future__ import annotations

import re
from typing import Any

from tests.helpers.bot_api_spec import bad_request

MENU_TYPES = ("default", "commands", "web_app")


def check_web_app(info: Any) -> None:
    """A WebAppInfo: an object with an HTTPS url (Telegram opens nothing else)."""
    if not isinstance(info, dict) or not isinstance(info.get("url"), str):
        raise bad_request('can\'t find field "url"')
    if not re.match(r"https://[^\s/]+\S*$", info["url"]):
        raise bad_request(
            f"inline keyboard button Web App URL '{info['url']}' is invalid: "
            "Only HTTPS links are allowed"
        )


class MenuButtons:
    def __init__(self) -> None:
        self._by_chat: dict[int | None, dict[str, Any]] = {}

    def set(self, params: dict[str, Any]) -> bool:
        chat_id = params.get("chat_id")
        if isinstance(chat_id, int) and chat_id < 0:
            raise bad_request("chat_id must be a private chat")
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in MENU_TYPES:
            raise bad_request("can't parse menu button JSON object")
        if button["type"] == "web_app":
            if not str(button.get("text") or "").strip():
                raise bad_request("menu button text is empty")
            check_web_app(button.get("web_app"))
        self._by_chat[chat_id] = dict(button)
        return True

    def get(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.button(params.get("chat_id"))

    def button(self, chat_id: int | None) -> dict[str, Any]:
        """The chat's menu button as Telegram would return it."""
        return self._by_chat.get(chat_id) or self._by_chat.get(None) or {"type": "default"}
