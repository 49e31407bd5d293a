"""The floor: the least any PTB bot can do for a button press.

Concurrent updates, no state, no storage, no rate limiter: the button handler edits the tapped
message (a statement-sized text and the scan's nine buttons) and acknowledges the press, both
at once with the edit first. PTB's defaults otherwise; ``--tuned`` gives it the product's
connection pool (``bot.ratelimit.POOL_SIZE``). Run: ``python -m bench.baselines.floor_bot``
with TELEGRAM_BOT_TOKEN and TELEGRAM_BASE_URL set.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, ContextTypes

from bot.ratelimit import POOL_SIZE, POOL_TIMEOUT

TEXT = (
    "Systematiek · stelling 2 van 4\n\n"
    "In onze gemeente worden de doelen voor integrale veiligheid vastgelegd in een "
    "meerjarig beleidsplan dat de gemeenteraad vaststelt, met meetbare doelen per thema.\n\n"
    "Kies hoe goed deze stelling op uw gemeente van toepassing is."
)
LABELS = ["1 · Helemaal oneens", "2 · Oneens", "3 · Neutraal", "4 · Eens", "5 · Helemaal eens"]


def keyboard() -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(label, callback_data=f"a:{i + 1}")] for i, label in enumerate(LABELS)
    ]
    rows.append([InlineKeyboardButton("Weet ik niet", callback_data="a:dk")])
    rows.append(
        [
            InlineKeyboardButton("Vorige", callback_data="back"),
            InlineKeyboardButton("Overslaan", callback_data="skip"),
            InlineKeyboardButton("Pauze", callback_data="pause"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Edit the message, acknowledge the press."""
    query = update.callback_query
    if query is None:
        return
    await asyncio.gather(query.edit_message_text(TEXT, reply_markup=keyboard()), query.answer())


def main(argv: list[str]) -> None:
    builder: Any = ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    builder = builder.base_url(os.environ["TELEGRAM_BASE_URL"]).concurrent_updates(True)
    if argv[:1] == ["--tuned"]:  # the product's connection pool instead of PTB's 256
        builder = builder.connection_pool_size(POOL_SIZE).pool_timeout(POOL_TIMEOUT)
    app = builder.build()
    app.add_handler(CallbackQueryHandler(button))
    app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main(sys.argv[1:])
