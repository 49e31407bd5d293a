"""Plain records of the fake Bot API: calls, uploaded files, stored messages, faults."""

from __future__ import annotations

import mimetypes
import struct
from dataclasses import dataclass, field
from typing import Any, Literal


class InjectedNetworkError(ConnectionError):
    """Raised by :meth:`FakeBotAPI.handle` for an injected network fault.

    :class:`FakeRequest` turns it into PTB's ``NetworkError`` (as ``HTTPXRequest`` does for an
    ``httpx.ConnectError``); the HTTP server drops the connection without answering.
    """


@dataclass(frozen=True)
class UploadedFile:
    """A file the bot sent: the multipart part (or a re-sent file id / URL)."""

    field: str
    filename: str | None
    mime_type: str | None
    data: bytes
    file_id: str = ""

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Call:
    """One request the fake received, parameters decoded to Python values.

    ``error_code``/``description`` are set when the fake answered with an error (including
    injected faults); ``ok`` is True for successful calls.
    """

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    error_code: int | None = None
    description: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_code is None

    @property
    def chat_id(self) -> int | str | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, int | str) else None


@dataclass
class StoredMessage:
    """A message as the fake server currently holds it (after edits).

    ``text`` is the visible text (after parse_mode) of a text message or the caption of a media
    message; ``reply_markup`` is the markup as last set (None when removed).
    """

    chat_id: int
    message_id: int
    kind: Literal["text", "document", "photo", "incoming"]
    text: str | None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    from_bot: bool = True
    file: UploadedFile | None = None
    date: int = 0
    edit_date: int | None = None
    deleted: bool = False
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or []
        return [list(row) for row in rows]

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """The inline buttons, row by row, as (text, callback_data)."""
        return [
            (button["text"], button.get("callback_data"))
            for row in self.inline_keyboard
            for button in row
        ]


@dataclass
class Fault:
    """An injected failure for the next ``remaining`` matching calls (None: every call)."""

    kind: Literal["error", "network", "late"]
    method: str | None
    chat_id: int | str | None
    remaining: int | None
    error_code: int = 0
    description: str = ""
    parameters: dict[str, Any] | None = None
    delay: float = 0.0  # "late": the call succeeds, its answer comes this many seconds later

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id)


def guess_mime_type(filename: str | None, given: str | None) -> str:
    if given and given != "application/octet-stream":
        return given
    guessed = mimetypes.guess_type(filename or "")[0]
    return guessed or given or "application/octet-stream"


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF, JPEG or WebP image, None if not an image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith(b"\xff\xd8"):
        index = 2
        while index + 9 < len(data):
            if data[index] != 0xFF:
                break
            marker, length = data[index + 1], struct.unpack(">H", data[index + 2 : index + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[index + 5 : index + 9])
                return int(width), int(height)
            index += 2 + length
        return 640, 480
    return None
