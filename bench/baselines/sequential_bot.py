"""The sequential baseline: the scan as PTB's examples teach it.

``persistentconversationbot.py`` (a ``ConversationHandler`` with ``persistent=True`` and a
``PicklePersistence``, ``context.user_data`` for the answers) combined with
``inlinekeyboard2.py`` (``await query.answer()``, then ``await query.edit_message_text``), with
PTB's defaults: updates processed one at a time, the pickle written by the persistence job
every 60 s and at shutdown. Only the statement walk: one state, an answer moves to the next
statement. Run: ``python -m bench.baselines.sequential_bot PICKLE`` with TELEGRAM_BOT_TOKEN and
TELEGRAM_BASE_URL set; ``write_pickle`` prepares PICKLE with stored coordinators.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
import warnings
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    PicklePersistence,
)
from telegram.warnings import PTBUserWarning

from dialogs.scan.content import load_content
from dialogs.texts import text
from regiescan.wiring.i18n import Translators

STATEMENT = 0
CONVERSATION = "scan"
SCALE = ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"]


@functools.cache
def statements() -> list[tuple[str, str]]:
    """(statement id, Dutch text) in scan order."""
    t = Translators().get("nl")
    return [(s.id, t(text(s.msgid))) for k in load_content().knelpunten for s in k.statements]


def keyboard() -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(f"{i} · {label}", callback_data=f"a:{i}")]
        for i, label in enumerate(SCALE, 1)
    ]
    rows.append([InlineKeyboardButton("Weet ik niet", callback_data="a:dk")])
    return InlineKeyboardMarkup(rows)


def screen(index: int) -> str:
    walk = statements()
    return f"Stelling {index + 1} van {len(walk)}\n\n{walk[index][1]}"


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Begin at the first statement."""
    data = context.user_data
    assert data is not None
    data["index"] = 0
    data["answers"] = {}
    if update.message:
        await update.message.reply_text(screen(0), reply_markup=keyboard())
    return STATEMENT


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Store the answer, show the next statement."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    data = context.user_data
    assert data is not None
    index = data.get("index", 0)
    value = query.data.split(":", 1)[1]
    data.setdefault("answers", {})[statements()[index][0]] = value
    index += 1
    data["index"] = index
    if index >= len(statements()):
        await query.edit_message_text("Dank u, de scan is klaar.")
        return ConversationHandler.END
    await query.edit_message_text(screen(index), reply_markup=keyboard())
    return STATEMENT


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """End the conversation."""
    if update.message:
        await update.message.reply_text("Gestopt.")
    return ConversationHandler.END


def write_pickle(path: Path, users: dict[int, dict[str, Any]]) -> None:
    """A PicklePersistence file (single_file) holding ``users`` mid-scan.

    ``users``: user id -> {"index": position of the current statement, "answers": {id: value}}.
    """
    data = {
        "conversations": {CONVERSATION: {(uid, uid): STATEMENT for uid in users}},
        "user_data": users,
        "chat_data": {},
        "bot_data": {},
        "callback_data": None,
    }
    with path.open("wb") as file:
        pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)


def main(argv: list[str]) -> None:
    warnings.filterwarnings("ignore", category=PTBUserWarning)  # per_message=False is intended
    persistence = PicklePersistence(filepath=argv[0])
    builder: Any = ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    app = builder.base_url(os.environ["TELEGRAM_BASE_URL"]).persistence(persistence).build()
    app.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("scan", start)],
            states={STATEMENT: [CallbackQueryHandler(answer, pattern=r"^a:")]},
            fallbacks=[CommandHandler("stop", stop)],
            name=CONVERSATION,
            persistent=True,
        )
    )
    app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main(sys.argv[1:])
