"""The Bot API 10.1 spec as data, and the checks the Telegram server makes on a call.

Parameters are accepted as they arrive on the wire (PTB form-encodes every value as a string:
``str`` values as is, everything else JSON-dumped, e.g. ``reply_markup`` as a JSON string,
``chat_id`` as ``"42"``, booleans as ``"true"``) or already decoded (a JSON request body).
:func:`decode_call` turns them into Python values following the spec's field types.

Stricter than Telegram on purpose: unknown parameters are rejected (Telegram ignores them, which
hides typos), except the few that PTB's ``Defaults`` add to every send/edit method
(:data:`PTB_DEFAULT_PARAMS`), which are dropped as Telegram would.

Unknown methods answer 404 "Not Found" like the real server; PTB turns that into
``InvalidToken`` for bot methods and ``EndPointNotFound`` for ``Bot.do_api_request``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from tests.helpers.bot_api_formatting import FormattingError, parse_text

SPEC_PATH = Path(__file__).with_name("telegram-bot-api-10.1.min.json")

TEXT_MAX = 4096
CAPTION_MAX = 1024
CALLBACK_DATA_MAX_BYTES = 64
CALLBACK_ANSWER_MAX = 200
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_JSON_ERRORS = {
    "reply_markup": "can't parse reply keyboard markup JSON object",
    "entities": "can't parse entities JSON object",
    "caption_entities": "can't parse entities JSON object",
}
_INT = re.compile(r"-?\d+")
# PTB's ``Defaults`` put these on every method sharing its send/edit code path (e.g.
# disable_notification on editMessageText); Telegram ignores them there, and so does the fake.
PTB_DEFAULT_PARAMS = frozenset(
    {
        "parse_mode",
        "disable_notification",
        "protect_content",
        "link_preview_options",
        "allow_sending_without_reply",
    }
)


class BotAPIError(Exception):
    """A call the server rejects; maps to ``{"ok": false, "error_code", "description"}``."""

    def __init__(
        self,
        description: str,
        error_code: int = 400,
        parameters: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(description)
        self.description = description
        self.error_code = error_code
        self.parameters = dict(parameters) if parameters else None

    def response(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> BotAPIError:
    return BotAPIError(f"Bad Request: {description}", 400)


@functools.cache
def load_spec() -> dict[str, Any]:
    """The parsed spec file (read once, on first use)."""
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


@functools.cache
def _methods_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in load_spec()["methods"]}


def canonical_method(name: str) -> str | None:
    """The spec's spelling of ``name`` (Telegram matches method names case-insensitively)."""
    return _methods_by_lower_name().get(name.lower())


def method_fields(method: str) -> dict[str, dict[str, Any]]:
    """The spec's fields of a method, by name (``method`` must be canonical)."""
    fields = load_spec()["methods"][method].get("fields", [])
    return {field["name"]: field for field in fields}


def _decode_value(name: str, types: list[str], value: Any) -> Any:
    kinds = set(types)
    if not isinstance(value, str):
        if kinds <= {"String"} and isinstance(value, int | float):
            return str(value)
        return value
    if kinds <= {"String"} or "InputFile" in kinds:
        return value
    if kinds == {"Integer", "String"}:
        return int(value) if _INT.fullmatch(value) else value
    if kinds == {"Integer"}:
        if _INT.fullmatch(value.strip()):
            return int(value)
        raise bad_request(f"invalid {name} specified: expected an Integer, got {value!r}")
    if kinds == {"Float"}:
        try:
            return float(value)
        except ValueError:
            raise bad_request(f"invalid {name} specified: expected a Float") from None
    if kinds == {"Boolean"}:
        lowered = value.lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0", ""):
            return False
        raise bad_request(f"invalid {name} specified: expected a Boolean, got {value!r}")
    try:
        return json.loads(value)
    except ValueError:
        raise bad_request(_JSON_ERRORS.get(name, f"can't parse {name} JSON object")) from None


def decode_call(
    method: str,
    params: Mapping[str, Any],
    *,
    uploaded: Collection[str] = (),
) -> tuple[str, dict[str, Any]]:
    """Resolve the method, decode ``params`` and run every check; raise :class:`BotAPIError`.

    ``uploaded`` names the multipart file parts sent along. Returns the canonical method name
    and the decoded parameters (file parts not included).
    """
    canonical = canonical_method(method)
    if canonical is None:
        raise BotAPIError("Not Found", 404)
    fields = method_fields(canonical)
    decoded: dict[str, Any] = {}
    for name, value in params.items():
        field = fields.get(name)
        if field is None and name in PTB_DEFAULT_PARAMS:
            continue
        if field is None:
            raise bad_request(
                f'unknown parameter "{name}" for method {canonical} '
                "(the fake rejects what Telegram would silently ignore)"
            )
        decoded[name] = _decode_value(name, field["types"], value)
    referenced = {
        value.removeprefix("attach://")
        for value in _strings(decoded.values())
        if value.startswith("attach://")
    }
    for name in uploaded:
        if name not in fields and name not in referenced:
            raise bad_request(f'unknown parameter "{name}" for method {canonical}')
    for name in sorted(referenced - set(uploaded)):
        raise bad_request(f'file "attach://{name}" is referenced but was not uploaded')
    for name, field in fields.items():
        if field["required"] and name not in decoded and name not in uploaded:
            raise bad_request(_missing(canonical, name, field["types"]))
    _check_values(canonical, decoded)
    return canonical, decoded


def _strings(values: Any) -> list[str]:
    if isinstance(values, str):
        return [values]
    if isinstance(values, Mapping):
        return _strings(list(values.values()))
    if isinstance(values, list | tuple):
        return [s for value in values for s in _strings(value)]
    return []


def _missing(method: str, name: str, types: list[str]) -> str:
    if "InputFile" in types:
        return f"there is no {name} in the request"
    if name == "text" and method in ("sendMessage", "editMessageText"):
        return "message text is empty"
    return f"{name} is empty"


def _check_values(method: str, params: dict[str, Any]) -> None:
    parse_mode = params.get("parse_mode")
    if method in ("sendMessage", "editMessageText") and "text" in params:
        check_text(str(params["text"]), parse_mode, params.get("entities"), TEXT_MAX)
    if "caption" in params:
        entities = params.get("caption_entities")
        check_text(str(params["caption"]), parse_mode, entities, CAPTION_MAX, caption=True)
    if "reply_markup" in params:
        check_reply_markup(params["reply_markup"])
    if method == "answerCallbackQuery" and len(params.get("text") or "") > CALLBACK_ANSWER_MAX:
        raise bad_request("MESSAGE_TOO_LONG")
    if method == "sendChatAction" and params["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    if method == "setMyCommands":
        _check_commands(params["commands"])
    language_code = params.get("language_code")
    if (
        method.endswith("MyCommands")
        and language_code
        and not re.fullmatch(r"[a-z]{2}", str(language_code))
    ):
        raise bad_request("LANG_CODE_INVALID")


def check_text(
    text: str,
    parse_mode: Any,
    entities: Any,
    limit: int,
    *,
    caption: bool = False,
) -> tuple[str, list[dict[str, Any]]]:
    """Parse a message text or caption like Telegram; return visible text and entities."""
    if entities is not None and not isinstance(entities, list):
        raise bad_request("can't parse entities JSON object")
    try:
        visible, parsed = parse_text(text, None if entities is not None else parse_mode)
    except FormattingError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    if entities is not None:
        parsed = list(entities)
    if not visible and not caption:
        raise bad_request("message text is empty")
    if len(visible) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return visible, parsed


def check_reply_markup(markup: Any) -> None:
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "keyboard" must be an Array of Array')
    elif not markup.get("remove_keyboard") and not markup.get("force_reply"):
        raise bad_request("can't parse reply keyboard markup JSON object")


def check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" must be an Array of Array')
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request('can\'t find field "text"')
            actions = [key for key in _BUTTON_ACTIONS if key in button]
            if not actions:
                raise bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None:
                size = len(str(data).encode("utf-8"))
                if not 1 <= size <= CALLBACK_DATA_MAX_BYTES:
                    raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not re.match(r"(https?|tg)://\S+$", str(url)):
                raise bad_request("BUTTON_URL_INVALID")
            if "web_app" in button:
                from tests.helpers.fake_bot_api_menu import check_web_app

                check_web_app(button["web_app"])


def _check_commands(commands: Any) -> None:
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")


def validate_call(
    method: str,
    params: Mapping[str, Any],
    *,
    uploaded: Collection[str] = (),
) -> str | None:
    """The error description Telegram would answer for this call, or None if it is valid."""
    try:
        decode_call(method, params, uploaded=uploaded)
    except BotAPIError as exc:
        return exc.description
    return None
