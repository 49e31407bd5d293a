"""Driving the collegiale toets in tests: taps on any earlier message, by people with names."""

from __future__ import annotations

import re
from typing import Any

from tests.helpers.bot_harness import BotHarness
from tests.helpers.updates import _callback, make_callback_update, make_user

NAMES = {
    1001: ("Sanne", "de Vries"),
    2002: ("Karim", "Bouali"),
    3003: ("Els", "Verhoeven"),
    4004: ("Wethouder", "Jansen"),
    5005: ("Iemand", "Anders"),
}


def user_json(user_id: int) -> dict[str, Any]:
    first, last = NAMES.get(user_id, ("Test", "Gebruiker"))
    return make_user(user_id, first_name=first, last_name=last, username=None)


async def press(bot: BotHarness, user_id: int, label: str) -> str:
    """Tap the newest button whose label starts with ``label``, on any message in the chat."""
    for message in reversed(bot.api.messages(user_id)):
        for text, data in message.buttons:
            if text.startswith(label) and data:
                await bot.process(
                    _callback(user_json(user_id), dict(message.payload), data, None, None)
                )
                return data
    raise LookupError(
        f"no button {label!r} for {user_id}: {[m.buttons for m in bot.api.messages(user_id)][-3:]}"
    )


async def press_data(bot: BotHarness, user_id: int, data: str) -> None:
    """Tap a button with exactly ``data`` (a forged or stale one) on the latest message."""
    messages = bot.api.messages(user_id)
    if not messages:  # someone the bot never wrote to: a message of their own making
        await bot.process(make_callback_update(data, 1, user_id=user_id))
        return
    await bot.process(_callback(user_json(user_id), dict(messages[-1].payload), data, None, None))


def texts(bot: BotHarness, user_id: int) -> list[str]:
    return [m.text or "" for m in bot.api.messages(user_id) if m.from_bot]


def token_from(bot: BotHarness, user_id: int) -> str:
    for text in reversed(texts(bot, user_id)):
        if m := re.search(r"\?start=t_([A-Za-z0-9_-]+)", text):
            return m[1]
    raise LookupError("no invitation link sent")
