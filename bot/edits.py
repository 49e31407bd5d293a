"""Editing a message in place, but never with what it already shows.

Telegram answers an edit that changes nothing with 400 "message is not modified". A replayed
button, a double tap, or a toggle tapped twice would otherwise cost a failed call each time.
Two things tell that an edit would change nothing:

* the message as the callback query carries it (what the user saw when tapping), and
* what the bot itself last put in that message (:class:`ShownMessages`). This catches a
  second tap made before the first one's edit arrived, whose query still carries the old text.

Every edit of a message in answer to a tap goes through :func:`edit_text`; a front that
changes a message some other way calls :meth:`ShownMessages.forget` for it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import weakref
from collections import OrderedDict

from telegram import CallbackQuery, InlineKeyboardMarkup, Message
from telegram.error import BadRequest


def _markup(markup: InlineKeyboardMarkup | None) -> object:
    if markup is None or not markup.inline_keyboard:
        return None
    return markup.to_dict()


def fingerprint(body: str, markup: InlineKeyboardMarkup | None) -> bytes:
    """What a message shows, as 16 bytes (Telegram keeps a text without outer whitespace)."""
    shown = json.dumps([body.strip(), _markup(markup)], sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(shown.encode("utf-8"), digest_size=16).digest()


class ShownMessages:
    """The fingerprint of what the bot last put in each of its recently edited messages.
    Bounded: the oldest of ``limit`` messages is forgotten first (about 100 bytes each)."""

    def __init__(self, limit: int = 20_000) -> None:
        self._limit = limit
        self._shown: OrderedDict[tuple[int, int], bytes] = OrderedDict()
        # Messages the bot knows to have no keyboard (so removing it again is skipped).
        self._bare: OrderedDict[tuple[int, int], None] = OrderedDict()
        self._guards: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def guard(self, chat_id: int) -> asyncio.Lock:
        """Held while the bot changes a message of the chat and records what it shows, so a
        check such as :meth:`is_bare` is not overtaken by an edit still on its way (e.g. the
        keyboard of the old screen removed while a tap on it edits it). Kept while in use."""
        lock = self._guards.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self._guards[chat_id] = lock
        return lock

    def is_bare(self, chat_id: int, message_id: int) -> bool:
        return (chat_id, message_id) in self._bare

    def set_bare(self, chat_id: int, message_id: int, bare: bool) -> None:
        key = (chat_id, message_id)
        if not bare:
            self._bare.pop(key, None)
            return
        self._bare[key] = None
        self._bare.move_to_end(key)
        while len(self._bare) > self._limit:
            self._bare.popitem(last=False)

    def get(self, chat_id: int, message_id: int) -> bytes | None:
        return self._shown.get((chat_id, message_id))

    def record(self, chat_id: int, message_id: int, shown: bytes) -> None:
        key = (chat_id, message_id)
        self._shown[key] = shown
        self._shown.move_to_end(key)
        while len(self._shown) > self._limit:
            self._shown.popitem(last=False)

    def forget(self, chat_id: int, message_id: int) -> None:
        self._shown.pop((chat_id, message_id), None)


def unchanged(message: Message, body: str, markup: InlineKeyboardMarkup | None) -> bool:
    """Whether ``message`` (as the update carries it) already shows ``body`` with ``markup``."""
    if message.text is None:
        return False
    return fingerprint(message.text, message.reply_markup) == fingerprint(body, markup)


async def edit_text(
    shown: ShownMessages,
    message: Message,
    body: str,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """Show ``body`` (and ``markup``, None: no keyboard) in ``message``; False when it already
    did, and then no call is made. Any other refusal (too old, deleted) raises ``BadRequest``."""
    wanted = fingerprint(body, markup)
    chat_id, message_id = message.chat_id, message.message_id
    async with shown.guard(chat_id):
        if unchanged(message, body, markup) or shown.get(chat_id, message_id) == wanted:
            return False
        try:
            await message.edit_text(body, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" in str(exc).lower():  # changed meanwhile by a path not recorded
                shown.record(message.chat_id, message.message_id, wanted)
                return False
            raise
        shown.record(message.chat_id, message.message_id, wanted)
        shown.set_bare(message.chat_id, message.message_id, _markup(markup) is None)
    return True


async def edit_query_message(
    shown: ShownMessages,
    query: CallbackQuery,
    body: str,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """:func:`edit_text` on the message whose button was tapped (by the query itself when the
    message is no longer accessible)."""
    if isinstance(query.message, Message):
        return await edit_text(shown, query.message, body, markup)
    try:
        await query.edit_message_text(body, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return False
        raise
    return True
