"""Every staff button (kind ``m``): the role is checked first, on every tap, then the area that
owns the button handles it (``b`` /bericht, ``p`` /planning, ``r`` /regio)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.buttons.codec import parse, pattern
from bot.buttons.regional import StaffCallback
from bot.context import App, Context
from bot.handlers import bericht, planning, region
from bot.staff_access import require_staff
from bot.staff_drafts import drafts


async def staff_button(update: Update, context: Context) -> None:
    """Every staff button: the role is checked first, on every tap, then the area handles it."""
    query = update.callback_query
    if query is None:
        return
    member = await require_staff(update, context)
    if member is None:
        return
    parsed = parse(query.data)
    if not isinstance(parsed, StaffCallback):
        await query.answer()
        return
    handlers = {"b": bericht.on_button, "p": planning.on_button, "r": region.on_button}
    try:
        await handlers[parsed.area](update, context, member, parsed)
    finally:
        drafts(context).save(member.user_id)  # the step the draft is at survives a restart


def register(app: App) -> None:
    app.add_handler(CallbackQueryHandler(staff_button, pattern=pattern("m")))
