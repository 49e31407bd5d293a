"""Chats, messages and files held by the fake Bot API, with the message methods acting on them.

Not thread-safe by itself: :class:`FakeBotAPI` calls it under its lock.
"""

from __future__ import annotations

import copy
import itertools
import posixpath
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlparse

from tests.helpers.bot_api_spec import (
    CAPTION_MAX,
    TEXT_MAX,
    BotAPIError,
    bad_request,
    check_text,
)
from tests.helpers.fake_bot_api_models import (
    StoredMessage,
    UploadedFile,
    guess_mime_type,
    image_size,
)

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_INCOMING_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")


class ChatStore:
    """What the server knows: chats, messages per chat (ids per chat), files by file_id."""

    def __init__(self, bot_user: Callable[[], dict[str, Any]], *, known_chats_only: bool) -> None:
        self._bot_user = bot_user
        self.known_chats_only = known_chats_only
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.files: dict[str, UploadedFile] = {}
        self._last_id: dict[int, int] = {}
        self._file_counter = itertools.count(1)

    # -- chats ------------------------------------------------------------------------------

    def resolve_chat(self, chat_id: Any) -> dict[str, Any]:
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self.chats.values():
                if str(chat.get("username", "")).lower() == chat_id[1:].lower():
                    return chat
            raise bad_request("chat not found")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            raise bad_request("chat not found")
        known = self.chats.get(chat_id)
        if known is not None:
            return known
        if self.known_chats_only or chat_id == 0:
            raise bad_request("chat not found")
        if chat_id > 0:
            chat = {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
        elif chat_id < -1_000_000_000_000:
            chat = {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
        else:
            chat = {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}
        self.chats[chat_id] = chat
        return chat

    def remember_update(self, update: Mapping[str, Any]) -> None:
        """Learn chats, user messages and file ids from an update the server delivers."""
        for key in _INCOMING_KEYS:
            message = update.get(key)
            if not isinstance(message, dict):
                continue
            chat_id, message_id = message["chat"]["id"], int(message["message_id"])
            known = self.messages.get((chat_id, message_id))
            if key in ("message", "channel_post") and (
                known is not None or message_id <= self._last_id.get(chat_id, 0)
            ):
                # Telegram numbers a chat's messages itself, one sequence for both sides: a
                # new message never takes the id of an earlier one (the bot's, say).
                message["message_id"] = self._last_id.get(chat_id, 0) + 1
            elif known is not None and known.from_bot:
                continue  # an edit of a message the user did not write: nothing to learn
            self._remember_message(message, from_bot=False)
        query = update.get("callback_query")
        if isinstance(query, Mapping) and isinstance(query.get("message"), Mapping):
            message = query["message"]
            from_bot = bool((message.get("from") or {}).get("is_bot"))
            if (message["chat"]["id"], message["message_id"]) not in self.messages:
                self._remember_message(message, from_bot=from_bot)

    def _remember_message(self, message: Mapping[str, Any], *, from_bot: bool) -> None:
        chat = dict(message["chat"])
        self.chats.setdefault(chat["id"], chat)
        message_id = int(message["message_id"])
        self._last_id[chat["id"]] = max(self._last_id.get(chat["id"], 0), message_id)
        for kind in ("document", "voice", "sticker", "audio", "video", "animation"):
            if isinstance(message.get(kind), Mapping):
                self._remember_file(kind, message[kind])
        for size in message.get("photo") or []:
            self._remember_file("photo", size)
        key = (chat["id"], message_id)
        self.messages[key] = StoredMessage(
            chat_id=chat["id"],
            message_id=message_id,
            kind="text" if from_bot and "text" in message else "incoming",
            text=message.get("text", message.get("caption")),
            entities=list(message.get("entities") or []),
            reply_markup=copy.deepcopy(message.get("reply_markup")),
            from_bot=from_bot,
            date=int(message.get("date", 0)),
            payload=copy.deepcopy(dict(message)),
        )

    def _remember_file(self, field: str, data: Mapping[str, Any]) -> None:
        file_id = str(data.get("file_id", ""))
        if file_id and file_id not in self.files:
            name = data.get("file_name")
            self.files[file_id] = UploadedFile(field, name, data.get("mime_type"), b"", file_id)

    # -- sending ----------------------------------------------------------------------------

    def _new_message(
        self, chat: dict[str, Any], p: dict[str, Any], **fields: Any
    ) -> dict[str, Any]:
        reply = p.get("reply_parameters")
        if isinstance(reply, Mapping) and "message_id" in reply:
            target = self.messages.get((chat["id"], int(reply["message_id"])))
            if (target is None or target.deleted) and not reply.get("allow_sending_without_reply"):
                raise bad_request("message to be replied not found")
        message_id = self._last_id.get(chat["id"], 0) + 1
        self._last_id[chat["id"]] = message_id
        payload: dict[str, Any] = {
            "message_id": message_id,
            "from": self._bot_user(),
            "chat": dict(chat),
            "date": int(time.time()),
            **fields,
        }
        markup = p.get("reply_markup")
        if _is_inline(markup):
            payload["reply_markup"] = copy.deepcopy(markup)
        return payload

    def send_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self.resolve_chat(p["chat_id"])
        text, entities = check_text(p["text"], p.get("parse_mode"), p.get("entities"), TEXT_MAX)
        payload = self._new_message(
            chat, p, text=text, **({"entities": entities} if entities else {})
        )
        self._store(payload, "text", text, entities, p.get("reply_markup"), None)
        return payload

    def send_file(
        self, method: str, p: dict[str, Any], files: Mapping[str, UploadedFile]
    ) -> dict[str, Any]:
        field = "photo" if method == "sendPhoto" else "document"
        chat = self.resolve_chat(p["chat_id"])
        caption, entities = check_text(
            p.get("caption", ""),
            p.get("parse_mode"),
            p.get("caption_entities"),
            CAPTION_MAX,
            caption=True,
        )
        upload = self._input_file(field, p, files)
        fields: dict[str, Any] = {field: self._file_object(field, upload)}
        if caption:
            fields["caption"] = caption
        if entities:
            fields["caption_entities"] = entities
        payload = self._new_message(chat, p, **fields)
        self._store(payload, field, caption or None, entities, p.get("reply_markup"), upload)
        return payload

    def _input_file(
        self, field: str, p: dict[str, Any], files: Mapping[str, UploadedFile]
    ) -> UploadedFile:
        value = p.get(field)
        if field in files and value is None:
            upload = files[field]
        elif isinstance(value, str) and value.startswith("attach://"):
            upload = files[value.removeprefix("attach://")]
        elif isinstance(value, str) and value in self.files:
            return self.files[value]
        elif isinstance(value, str) and urlparse(value).scheme in ("http", "https"):
            name = posixpath.basename(urlparse(value).path) or None
            return UploadedFile(field, name, None, b"", value)
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if not upload.data:
            raise bad_request("file must be non-empty")
        limit = MAX_PHOTO_BYTES if field == "photo" else MAX_DOCUMENT_BYTES
        if upload.size > limit:
            raise BotAPIError("Request Entity Too Large", 413)
        if field == "photo" and image_size(upload.data) is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        file_id = f"fake-{field}-{next(self._file_counter)}"
        stored = UploadedFile(field, upload.filename, upload.mime_type, upload.data, file_id)
        self.files[file_id] = stored
        return stored

    def _file_object(self, field: str, upload: UploadedFile) -> Any:
        unique = f"U{upload.file_id.rsplit('-', 1)[-1]}"
        if field == "photo":
            width, height = image_size(upload.data) or (800, 600)
            return [
                {
                    "file_id": upload.file_id,
                    "file_unique_id": unique,
                    "width": width,
                    "height": height,
                    "file_size": upload.size,
                }
            ]
        document: dict[str, Any] = {
            "file_id": upload.file_id,
            "file_unique_id": unique,
            "mime_type": guess_mime_type(upload.filename, upload.mime_type),
            "file_size": upload.size,
        }
        if upload.filename:
            document["file_name"] = upload.filename
        return document

    def _store(
        self,
        payload: dict[str, Any],
        kind: Any,
        text: str | None,
        entities: list[dict[str, Any]],
        markup: Any,
        upload: UploadedFile | None,
    ) -> None:
        chat_id = payload["chat"]["id"]
        self.messages[(chat_id, payload["message_id"])] = StoredMessage(
            chat_id=chat_id,
            message_id=payload["message_id"],
            kind=kind,
            text=text,
            entities=entities,
            reply_markup=copy.deepcopy(markup) if _is_inline(markup) else None,
            file=upload,
            date=payload["date"],
            payload=copy.deepcopy(payload),
        )

    # -- editing and deleting ---------------------------------------------------------------

    def _target(self, p: dict[str, Any], missing: str) -> StoredMessage:
        if "message_id" not in p:
            raise bad_request("message identifier is not specified")
        if "chat_id" not in p:
            raise bad_request("chat_id is empty")
        chat = self.resolve_chat(p["chat_id"])
        message = self.messages.get((chat["id"], p["message_id"]))
        if message is None or message.deleted:
            raise bad_request(missing)
        return message

    def edit(self, method: str, p: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in p:
            return True
        message = self._target(p, "message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        markup = p.get("reply_markup")
        if markup is not None and "inline_keyboard" not in markup:
            raise bad_request("inline keyboard expected")
        text, entities = message.text, message.entities
        if method == "editMessageCaption":
            if message.kind not in ("document", "photo"):
                raise bad_request("there is no caption in the message to edit")
            caption, entities = check_text(
                p.get("caption", ""),
                p.get("parse_mode"),
                p.get("caption_entities"),
                CAPTION_MAX,
                caption=True,
            )
            text = caption or None
        if method == "editMessageText":
            if message.kind != "text":
                raise bad_request("there is no text in the message to edit")
            if "text" not in p:
                raise bad_request("message text is empty")
            text, entities = check_text(p["text"], p.get("parse_mode"), p.get("entities"), TEXT_MAX)
        if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
            raise bad_request(_NOT_MODIFIED)
        message.text, message.entities = text, entities
        message.reply_markup = copy.deepcopy(markup)
        message.edit_date = int(time.time())
        payload = message.payload
        payload["edit_date"] = message.edit_date
        payload.pop("reply_markup", None)
        if markup is not None:
            payload["reply_markup"] = copy.deepcopy(markup)
        key = "text" if method == "editMessageText" else "caption"
        if method in ("editMessageText", "editMessageCaption"):
            payload.pop(key, None)
            payload.pop("entities" if key == "text" else "caption_entities", None)
            if text:
                payload[key] = text
            if entities:
                payload["entities" if key == "text" else "caption_entities"] = entities
        return copy.deepcopy(payload)

    def delete(self, p: dict[str, Any]) -> bool:
        message = self._target(p, "message to delete not found")
        chat = self.chats[message.chat_id]
        if not message.from_bot and chat["type"] != "private":
            raise bad_request("message can't be deleted")
        message.deleted = True
        return True

    def delete_many(self, p: dict[str, Any]) -> bool:
        """deleteMessages: messages that are gone or can't be deleted are skipped."""
        chat = self.resolve_chat(p["chat_id"])
        if not 1 <= len(p["message_ids"]) <= 100:
            raise bad_request("message_ids must contain 1-100 message identifiers")
        for message_id in p["message_ids"]:
            message = self.messages.get((chat["id"], int(message_id)))
            if message is not None and (message.from_bot or chat["type"] == "private"):
                message.deleted = True
        return True

    def get_chat(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self.resolve_chat(p["chat_id"])
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    # -- queries ----------------------------------------------------------------------------

    def bot_messages(self, chat_id: int) -> list[StoredMessage]:
        found = [
            message
            for (chat, _), message in self.messages.items()
            if chat == chat_id and message.from_bot and not message.deleted
        ]
        return [copy.deepcopy(message) for message in sorted(found, key=lambda m: m.message_id)]


def _is_inline(markup: Any) -> bool:
    return isinstance(markup, dict) and "inline_keyboard" in markup
