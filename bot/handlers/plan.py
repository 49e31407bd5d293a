"""/plan and the plan's buttons and typed text in the chat: the core's plan dialogue, rendered.

Typed text goes to the plan while a plan screen is open (a title, a trekker or a date it asks
for; elsewhere a reminder to use the buttons); any other command or button closes the plan's
screen, so text meant for the scan never lands in the plan.
"""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import plan_reminders
from bot.buttons import plan as plan_buttons
from bot.buttons.codec import pattern
from bot.context import App, Context, services, translator, user_locks
from bot.edits import edit_text
from bot.formatting import step_text
from bot.handler_groups import PLAN_TEXT
from bot.handlers.plan_export import export_plan
from dialogs.plan.loop import progress_texts
from dialogs.scan.steps import Event, Outcome, Step
from dialogs.texts import text
from regiescan.wiring.i18n import Translator

PLAN_COMMANDS = ("plan", "verbeterplan")
MAX_LABEL = 60  # characters of a button label (a title may be 120)
PLAN_GROUP = PLAN_TEXT  # before reachable_again and the staff drafts: see register


def _label(value: str) -> str:
    return value if len(value) <= MAX_LABEL else value[: MAX_LABEL - 1] + "…"


def keyboard(t: Translator, step: Step) -> InlineKeyboardMarkup | None:
    rows: dict[int, list[InlineKeyboardButton]] = {}
    for option in step.options:
        data = plan_buttons.step(step.seq, option.id)
        rows.setdefault(option.row, []).append(
            InlineKeyboardButton(_label(t(option.label)), callback_data=data)
        )
    return InlineKeyboardMarkup([rows[r] for r in sorted(rows)]) if rows else None


async def send_screen(context: Context, user_id: int, outcome: Outcome) -> Message:
    t = services(context).translators.get(outcome.locale)
    message: Message = await context.bot.send_message(
        user_id, step_text(t, outcome), reply_markup=keyboard(t, outcome.step)
    )
    return message


async def edit_screen(context: Context, query: CallbackQuery, outcome: Outcome) -> None:
    """The tapped message becomes the new screen (a new message if it cannot be edited)."""
    t = services(context).translators.get(outcome.locale)
    message = query.message
    if not isinstance(message, Message):
        await send_screen(context, query.from_user.id, outcome)
        return
    try:  # an edit that would change nothing (a replayed button) is skipped
        await edit_text(
            context.bot_data.shown, message, step_text(t, outcome), keyboard(t, outcome.step)
        )
    except BadRequest:
        await send_screen(context, query.from_user.id, outcome)


async def plan_command(update: Update, context: Context) -> None:
    """Open the plan, or start one from the diagnosis."""
    user = update.effective_user
    if user is None:
        return
    async with user_locks(context).get(user.id):
        outcome = services(context).plan_dialog.start(user.id)
        await send_screen(context, user.id, outcome)


async def plan_button(update: Update, context: Context) -> None:
    """Every plan button; the change is saved before the screen changes."""
    query = update.callback_query
    if query is None:
        return
    user_id = query.from_user.id
    dialog = services(context).plan_dialog
    parsed = plan_buttons.parse_plan(query.data)
    if parsed is not None and parsed.kind == "export":
        await export_plan(update, context, parsed.option)  # takes the lock itself
        return
    async with user_locks(context).get(user_id):
        if parsed is None:
            outcome = dialog.show(user_id)
            outcome.notices.append(text("Deze knop begrijp ik niet. Hieronder staat uw plan."))
            await query.answer()
            await send_screen(context, user_id, outcome)
            return
        if parsed.kind == "start":
            await query.answer()
            await send_screen(context, user_id, dialog.start(user_id))
            return
        if parsed.kind == "reminder":
            outcome = dialog.reminder_answer(user_id, parsed.measure, parsed.option)
            await query.answer()
            await send_screen(context, user_id, outcome)
            return
        outcome = dialog.handle(user_id, Event.choice(parsed.option, parsed.seq))
        if outcome.stale:
            t = translator(context, user_id)
            await query.answer(t(outcome.notices[0])[:200])
            await send_screen(context, user_id, outcome)
            return
        try:
            await edit_screen(context, query, outcome)
        finally:
            await query.answer()


async def typed_text(update: Update, context: Context) -> None:
    """Text while a plan screen is open; another command closes the plan's screen."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    dialog = services(context).plan_dialog
    if message.text.startswith("/"):
        command = (message.text[1:].split(maxsplit=1) or [""])[0].split("@")[0].lower()
        if command not in PLAN_COMMANDS:
            async with user_locks(context).get(user.id):
                dialog.release(user.id)
        return
    if context.bot_data.staff_drafts.get(user.id) is not None:
        return  # a staff message being written takes the text (bot.handlers.bericht)
    async with user_locks(context).get(user.id):
        if not dialog.is_active(user.id):
            return
        outcome = dialog.handle(user.id, Event.text(message.text))
        await send_screen(context, user.id, outcome)
    raise ApplicationHandlerStop


async def other_button(update: Update, context: Context) -> None:
    """Any button that is not the plan's closes the plan's screen."""
    query = update.callback_query
    if query is not None:
        async with user_locks(context).get(query.from_user.id):
            services(context).plan_dialog.release(query.from_user.id)


async def send_plan_offer(context: Context, user_id: int) -> None:
    """Under the diagnosis: what the plan did since the previous scan, and the plan button."""
    s = services(context)
    user = s.scans.user(user_id)
    if user is None or not user.finished:
        return
    t = s.translators.get(user.locale)
    doc = s.plans.document(user_id)
    lines = progress_texts(user, doc, s.content)
    if doc.all_measures():
        lines.append(text("Met uw verbeterplan volgt u de maatregelen tot de volgende scan."))
        label = text("Open uw verbeterplan")
    else:
        lines.append(
            text("Zet de diagnose om in maatregelen, met een trekker en een datum per maatregel.")
        )
        label = text("Maak een verbeterplan")
    button = InlineKeyboardButton(t(label), callback_data=plan_buttons.start())
    await context.bot.send_message(
        user_id, "\n".join(t(x) for x in lines), reply_markup=InlineKeyboardMarkup([[button]])
    )


def register(app: App) -> None:
    """/plan, its buttons, its typed text and the reminder job (before the scan's catch-alls)."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(list(PLAN_COMMANDS), plan_command, filters=private))
    app.add_handler(CallbackQueryHandler(plan_button, pattern=pattern(*plan_buttons.KINDS)))
    # Its own group, before the staff drafts' (-1) and the scan's text handler (0): text a plan
    # screen asks for. The same group sees every other button, to end the asking.
    new_text = filters.TEXT & private & filters.UpdateType.MESSAGE  # edits: bot.handlers.fallback
    app.add_handler(MessageHandler(new_text, typed_text), PLAN_GROUP)
    app.add_handler(CallbackQueryHandler(other_button, pattern=r"^(?!n\|)"), PLAN_GROUP)
    plan_reminders.schedule(app)
