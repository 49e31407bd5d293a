"""Hypothesis strategies for hostile and malformed Telegram updates.

A strategy draws an :class:`Intent` (who sends what kind of thing); :func:`materialise` turns it
into the update dict, knowing the victim's current buttons so that forged callbacks can copy
them. Text covers RTL and bidi controls, zero-width characters, emoji, combining marks and
10,000-character messages; callback data is random or forged from every kind the bot knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.helpers.updates import (
    make_callback_update,
    make_channel_post_update,
    make_command_update,
    make_edited_message_update,
    make_group_message_update,
    make_media_update,
    make_message_update,
)

VICTIM = 424242
ATTACKERS = (777001, 777002)
BYSTANDERS = (888001, 888002)  # only ever in groups and channels: must never get a document
MEDIA = ("sticker", "photo", "voice", "document", "location", "contact")
KNOWN_COMMANDS = (
    "start", "scan", "overzicht", "overview", "stop", "pauze", "pause", "resultaat", "result",
    "taal", "language", "privacy", "help", "hulp", "mijngegevens", "mydata", "vergeetmij",
    "forgetme", "toestemming", "consent", "collegas", "bericht", "planning", "regio",
    "uitnodiging", "herinneringen", "export", "export_regio", "staf",
)  # fmt: skip
# Commands that change the victim's stored state when they are what the victim asked for.
STATE_CHANGING = {"stop", "pauze", "pause", "overzicht", "overview", "herinneringen"}

SPECIAL = [
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero width space
    "\u200d",  # zero width joiner
    "\ufeff",  # byte order mark
    "\u0301",  # combining acute accent
    "👍",
    "👩‍👩‍👧",
    "🇳🇱",
    "مرحبا",
    "שלום",
    "\x00",
    "\n",
    "'",
    '"',
    "<b>",
    "{name}",
    "%s",
    "\\",
    "/start",
    "s|0|a:4",
]

characters = st.characters(blacklist_categories=("Cs",))  # Telegram never sends lone surrogates
pieces = st.one_of(st.text(characters, max_size=30), st.sampled_from(SPECIAL))
hostile_text = st.one_of(
    st.lists(pieces, max_size=8).map("".join),
    st.builds(lambda p, n: (p or "x") * n, pieces, st.integers(1, 10_000)).map(
        lambda s: s[:10_000]
    ),
    st.sampled_from(["Utrecht", "4", "1", "weet ik niet", "terug", "ja", "stop"]),
)


def _fits_callback(data: str) -> bool:
    return 1 <= len(data.encode("utf-8")) <= 64


forged_data = st.one_of(
    st.text(characters, min_size=1, max_size=64).filter(_fits_callback),
    st.builds("s|{}|{}".format, st.integers(-3, 400), st.sampled_from(
        ["a:4", "a:dk", "a:9", "back", "skip", "pause", "finish", "begin", "gm:GM0344",
         "role:coordinator", "k:sturing", "e:systematiek.analyse", "", "a:4|x"])),
    st.sampled_from(
        ["l|en", "l|nl", "l|fr", "v|no", "v|AAAAAAAA", "v|", "c|p|1", "c|r|0", "c|a|0", "c|a|1",
         "g|scan", "m|b|send|x", "m|b|ok|", "m|r|nudge|GM0344", "m|p|del|1", "x|y", "|", "s||"]
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Intent:
    kind: str  # text, command, callback, copy_button, edited, media, group, channel, no_from
    sender: int
    text: str = ""
    command: str = ""
    language_code: str | None = "nl"
    chat_type: str = "supergroup"
    media: str = "photo"
    button: int = 0  # which of the victim's buttons an attacker copies


def _intent(kind: str, senders: Any, **fields: Any) -> st.SearchStrategy[Intent]:
    language = st.sampled_from(["nl", "en", None, "de"])
    return st.builds(Intent, st.just(kind), senders, language_code=language, **fields)


anyone = st.sampled_from([VICTIM, *ATTACKERS])
intents = st.one_of(
    _intent("text", anyone, text=hostile_text),
    _intent(
        "command",
        anyone,
        command=st.one_of(
            st.sampled_from(KNOWN_COMMANDS), st.from_regex(r"[a-z_]{1,20}", fullmatch=True)
        ),
        text=st.one_of(st.just(""), hostile_text),
    ),
    _intent("callback", anyone, text=forged_data),
    _intent("copy_button", st.sampled_from(ATTACKERS), button=st.integers(0, 20)),
    _intent("edited", anyone, text=hostile_text),
    _intent("media", anyone, media=st.sampled_from(MEDIA)),
    _intent(
        "group",
        st.sampled_from([*BYSTANDERS, VICTIM]),
        text=st.one_of(hostile_text, st.sampled_from(["/start", "/scan", "/vergeetmij x"])),
        chat_type=st.sampled_from(["group", "supergroup"]),
    ),
    _intent("channel", st.just(0), text=hostile_text),
    _intent("no_from", anyone, text=hostile_text),
)


def materialise(intent: Intent, victim_buttons: list[str], message_id: int) -> dict[str, Any]:
    """The update dict for ``intent``; forged callbacks point at the bot's message_id."""
    sender, lang = intent.sender, intent.language_code
    if intent.kind == "text":
        return make_message_update(intent.text, user_id=sender, language_code=lang)
    if intent.kind == "command":
        payload = intent.text or None
        return make_command_update(intent.command, payload, user_id=sender, language_code=lang)
    if intent.kind in ("callback", "copy_button"):
        data = intent.text
        if intent.kind == "copy_button":
            data = victim_buttons[intent.button % len(victim_buttons)] if victim_buttons else "x"
        return make_callback_update(data, message_id, user_id=sender, language_code=lang)
    if intent.kind == "edited":
        return make_edited_message_update(intent.text or "x", message_id, user_id=sender)
    if intent.kind == "media":
        return make_media_update(intent.media, user_id=sender, language_code=lang)  # type: ignore[arg-type]
    if intent.kind == "group":
        chat_type = "group" if intent.chat_type == "group" else "supergroup"
        return make_group_message_update(intent.text or "x", user_id=sender, chat_type=chat_type)
    if intent.kind == "channel":
        return make_channel_post_update(intent.text or "x")
    update = make_message_update(intent.text or "x", user_id=sender)
    del update["message"]["from"]
    return update


def deserves_answer(update: dict[str, Any]) -> int | None:
    """The private chat an update must be answered in, or None (groups, channels, no sender)."""
    if "callback_query" in update:
        return None  # answered through answerCallbackQuery, checked separately
    message = update.get("message") or update.get("edited_message")
    if not message or message["chat"]["type"] != "private" or "from" not in message:
        return None
    return int(message["chat"]["id"])
