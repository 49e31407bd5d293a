"""Telegram message text and inline keyboards from the core's outcomes (nothing is sent here:
that is :mod:`bot.replies`)."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.scan import step_data
from dialogs.scan.steps import Outcome, Step
from dialogs.texts import Text
from regiescan.wiring.i18n import Translator

MAX_MESSAGE = 4096
ELLIPSIS = "…"


def fit(message: str, limit: int = MAX_MESSAGE) -> str:
    """Keep a message within Telegram's limit, cutting at the end if it must."""
    return message if len(message) <= limit else message[: limit - len(ELLIPSIS)] + ELLIPSIS


def paragraphs(t: Translator, texts: Iterable[Text]) -> str:
    return fit("\n\n".join(t(x) for x in texts))


def step_text(t: Translator, outcome: Outcome) -> str:
    notices = [t(n) for n in outcome.notices]
    body = [t(line) for line in outcome.step.body]
    return fit("\n\n".join([*notices, *body]))


def keyboard(t: Translator, step: Step) -> InlineKeyboardMarkup | None:
    rows: dict[int, list[InlineKeyboardButton]] = {}
    for option in step.options:
        button = InlineKeyboardButton(t(option.label), callback_data=step_data(step.seq, option.id))
        rows.setdefault(option.row, []).append(button)
    if not rows:
        return None
    return InlineKeyboardMarkup([rows[r] for r in sorted(rows)])
