"""Builders of realistic Bot API updates, as the JSON dicts Telegram sends.

The builders return plain dicts (the getUpdates/webhook shape). Either queue them for polling
with ``api.push_update(data)``, or hand them to the application directly::

    await app.process_update(to_update(api.track(make_message_update("hoi")), app.bot))

``to_update`` runs ``Update.de_json(data, bot)`` so every nested object has the bot set
(``message.reply_text`` works); ``api.track`` lets the fake learn the chat and message.
Ids (update, message, callback query) come from module-wide counters unless given.
"""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING, Any, Literal

from telegram import Bot, Update

if TYPE_CHECKING:
    from tests.helpers.fake_bot_api_core import FakeBotAPI

JSONDict = dict[str, Any]
MediaKind = Literal["sticker", "photo", "voice", "document", "location", "contact"]

DEFAULT_USER_ID = 1001
DEFAULT_GROUP_ID = -1001234567890
DEFAULT_CHANNEL_ID = -1009876543210
BOT_ID = 123  # the numeric part of the "123:ABC" test token
BOT_USERNAME = "regiescan_test_bot"

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)
_file_ids = itertools.count(1)


def next_update_id() -> int:
    return next(_update_ids)


def make_user(
    user_id: int = DEFAULT_USER_ID,
    *,
    first_name: str = "Sanne",
    last_name: str | None = "de Vries",
    username: str | None = "sanne_dv",
    language_code: str | None = "nl",
) -> JSONDict:
    user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def make_chat(
    chat_id: int,
    chat_type: str = "private",
    *,
    user: JSONDict | None = None,
    title: str | None = None,
) -> JSONDict:
    if chat_type == "private":
        source = user or make_user(chat_id)
        chat = {"id": chat_id, "type": "private", "first_name": source["first_name"]}
        chat.update({k: source[k] for k in ("last_name", "username") if k in source})
        return chat
    return {"id": chat_id, "type": chat_type, "title": title or "Veiligheidsoverleg"}


def _message(
    *,
    user: JSONDict | None,
    chat: JSONDict,
    message_id: int | None,
    date: int | None = None,
    **fields: Any,
) -> JSONDict:
    message: JSONDict = {
        "message_id": message_id if message_id is not None else next(_message_ids),
        "date": date if date is not None else int(time.time()),
        "chat": chat,
    }
    if user is not None:
        message["from"] = user
    message.update({key: value for key, value in fields.items() if value is not None})
    return message


def _update(kind: str, payload: JSONDict, update_id: int | None) -> JSONDict:
    return {"update_id": update_id if update_id is not None else next_update_id(), kind: payload}


def _sender_and_chat(
    user_id: int, chat_id: int | None, chat_type: str, language_code: str | None
) -> tuple[JSONDict, JSONDict]:
    user = make_user(user_id, language_code=language_code)
    if chat_id is None:
        chat_id = user_id if chat_type == "private" else DEFAULT_GROUP_ID
    return user, make_chat(chat_id, chat_type, user=user)


def make_message_update(
    text: str,
    *,
    user_id: int = DEFAULT_USER_ID,
    chat_id: int | None = None,
    chat_type: str = "private",
    language_code: str | None = "nl",
    update_id: int | None = None,
    message_id: int | None = None,
    entities: list[JSONDict] | None = None,
) -> JSONDict:
    """A user's text message (private chat by default: chat_id = user_id)."""
    user, chat = _sender_and_chat(user_id, chat_id, chat_type, language_code)
    message = _message(user=user, chat=chat, message_id=message_id, text=text, entities=entities)
    return _update("message", message, update_id)


def make_command_update(
    command: str = "/start",
    payload: str | None = None,
    *,
    bot_username: str | None = None,
    **kwargs: Any,
) -> JSONDict:
    """``/command[@bot] [payload]`` with its bot_command entity (deep-link payload as text)."""
    name = command if command.startswith("/") else f"/{command}"
    if bot_username:
        name = f"{name}@{bot_username}"
    text = name if payload is None else f"{name} {payload}"
    entities = [{"type": "bot_command", "offset": 0, "length": len(name)}]
    return make_message_update(text, entities=entities, **kwargs)


def make_group_message_update(
    text: str,
    *,
    chat_id: int = DEFAULT_GROUP_ID,
    chat_type: Literal["group", "supergroup"] = "supergroup",
    title: str = "Veiligheidsoverleg",
    user_id: int = DEFAULT_USER_ID,
    language_code: str | None = "nl",
    update_id: int | None = None,
    message_id: int | None = None,
) -> JSONDict:
    user = make_user(user_id, language_code=language_code)
    chat = make_chat(chat_id, chat_type, title=title)
    message = _message(user=user, chat=chat, message_id=message_id, text=text)
    return _update("message", message, update_id)


def make_channel_post_update(
    text: str,
    *,
    chat_id: int = DEFAULT_CHANNEL_ID,
    title: str = "Gemeente Nieuws",
    username: str | None = "gemeente_nieuws",
    update_id: int | None = None,
    message_id: int | None = None,
) -> JSONDict:
    """A channel post: no ``from``, the channel as ``sender_chat``."""
    chat = make_chat(chat_id, "channel", title=title)
    if username:
        chat["username"] = username
    message = _message(
        user=None, chat=chat, message_id=message_id, text=text, sender_chat=dict(chat)
    )
    return _update("channel_post", message, update_id)


def make_edited_message_update(
    text: str,
    message_id: int,
    *,
    user_id: int = DEFAULT_USER_ID,
    chat_id: int | None = None,
    chat_type: str = "private",
    language_code: str | None = "nl",
    update_id: int | None = None,
) -> JSONDict:
    user, chat = _sender_and_chat(user_id, chat_id, chat_type, language_code)
    now = int(time.time())
    message = _message(
        user=user, chat=chat, message_id=message_id, date=now - 60, text=text, edit_date=now
    )
    return _update("edited_message", message, update_id)


def _file(prefix: str, **fields: Any) -> JSONDict:
    number = next(_file_ids)
    return {"file_id": f"{prefix}{number:06d}", "file_unique_id": f"AgAD{number:04d}", **fields}


def _media(kind: MediaKind) -> JSONDict:
    if kind == "sticker":
        sticker = _file("CAACAgIAAxkBAAI", type="regular", width=512, height=512)
        return {"sticker": {**sticker, "is_animated": False, "is_video": False, "emoji": "👍"}}
    if kind == "photo":
        sizes = [(90, 68, 1200), (320, 240, 15000), (800, 600, 62000)]
        return {
            "photo": [
                _file("AgACAgQAAxkBAAI", width=w, height=h, file_size=size) for w, h, size in sizes
            ]
        }
    if kind == "voice":
        return {"voice": _file("AwACAgQAAxkBAAI", duration=3, mime_type="audio/ogg")}
    if kind == "document":
        return {
            "document": _file(
                "BQACAgQAAxkBAAI",
                file_name="notulen.pdf",
                mime_type="application/pdf",
                file_size=52345,
            )
        }
    if kind == "location":
        return {"location": {"latitude": 52.0907, "longitude": 5.1214}}
    if kind == "contact":
        return {"contact": {"phone_number": "+31612345678", "first_name": "Piet"}}
    raise ValueError(f"unknown media kind {kind!r}")


def make_media_update(
    kind: MediaKind,
    *,
    caption: str | None = None,
    user_id: int = DEFAULT_USER_ID,
    chat_id: int | None = None,
    chat_type: str = "private",
    language_code: str | None = "nl",
    update_id: int | None = None,
    message_id: int | None = None,
) -> JSONDict:
    """A non-text message: sticker, photo, voice, document, location or contact."""
    user, chat = _sender_and_chat(user_id, chat_id, chat_type, language_code)
    message = _message(user=user, chat=chat, message_id=message_id, caption=caption)
    message.update(_media(kind))
    return _update("message", message, update_id)


def make_callback_update(
    data: str,
    message_id: int,
    *,
    user_id: int = DEFAULT_USER_ID,
    chat_id: int | None = None,
    chat_type: str = "private",
    language_code: str | None = "nl",
    message_text: str = "Kies een antwoord",
    reply_markup: JSONDict | None = None,
    update_id: int | None = None,
    query_id: str | None = None,
    bot_id: int = BOT_ID,
    bot_username: str = BOT_USERNAME,
) -> JSONDict:
    """A tap on an inline button with ``data``, on the bot's message ``message_id``.

    The message carries ``reply_markup`` (default: one button with ``data``).
    """
    if not 1 <= len(data.encode("utf-8")) <= 64:
        raise ValueError("callback_data must be 1-64 bytes; Telegram could not deliver this")
    user, chat = _sender_and_chat(user_id, chat_id, chat_type, language_code)
    bot = {"id": bot_id, "is_bot": True, "first_name": "Regiescan Test", "username": bot_username}
    markup = reply_markup or {"inline_keyboard": [[{"text": data, "callback_data": data}]]}
    message = _message(
        user=bot, chat=chat, message_id=message_id, text=message_text, reply_markup=markup
    )
    return _callback(user, message, data, update_id, query_id)


def _callback(
    user: JSONDict, message: JSONDict, data: str, update_id: int | None, query_id: str | None
) -> JSONDict:
    query = {
        "id": query_id or f"{user['id']}{next(_update_ids):08d}",
        "from": user,
        "message": message,
        "chat_instance": f"-{abs(message['chat']['id']) * 7919}",
        "data": data,
    }
    return _update("callback_query", query, update_id)


def make_button_press(
    api: FakeBotAPI,
    chat_id: int,
    button: str,
    *,
    user_id: int | None = None,
    language_code: str | None = "nl",
    update_id: int | None = None,
) -> JSONDict:
    """A tap on the button (by callback_data, else by label) of the bot's latest message.

    Fails like a user would: the button must be on the message as it currently is.
    """
    message = api.last_message(chat_id)
    data = next((d for t, d in message.buttons if d == button), None)
    data = data or next((d for t, d in message.buttons if t == button and d), None)
    if data is None:
        raise LookupError(f"no button {button!r} on the last message; it has {message.buttons}")
    user = make_user(user_id or chat_id, language_code=language_code)
    return _callback(user, dict(message.payload), data, update_id, None)


def to_update(data: JSONDict, bot: Bot) -> Update:
    """The ``telegram.Update`` for ``data``, bound to ``bot`` (e.g. ``application.bot``)."""
    update = Update.de_json(data, bot)
    if update is None:
        raise ValueError("not an update")
    return update
