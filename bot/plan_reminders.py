"""Follow-up of plans in the running bot: a JobQueue job that sends what is due.

What is due comes from :func:`dialogs.plan.reminders.pending`; each reminder is recorded in the
plan before it is sent, so it goes out once, also across restarts (the job runs at start, which
sends a reminder missed while the bot was down). A send that certainly failed is un-recorded and
tried at the next run; one that may have arrived (a timeout) is not sent again. Coordinators who
turned reminders off (``/herinneringen uit``) or blocked the bot get nothing. Sends go through
the Application's rate limiter like every other message. Logs carry ids, never titles.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, TelegramError, TimedOut
from telegram.ext import CallbackContext

from bot.buttons import plan as plan_buttons
from bot.context import App
from dialogs.plan.document import AFGEROND, BEZIG, VERVALLEN, PlanDocument
from dialogs.plan.reminders import Reminder, mark, pending, unmark
from dialogs.plan.screens import plan_lines
from dialogs.regional.progress import reminders_on
from dialogs.texts import Date, Text, plural, text
from regiescan.wiring.i18n import Translator
from regiescan.wiring.services import Services
from storage.errors import StorageError

log = logging.getLogger(__name__)
JOB_NAME = "regiescan-plan-reminders"
INTERVAL = 3600  # seconds between checks


def schedule(app: App) -> None:
    if app.job_queue is None:
        log.warning("no JobQueue: plan reminders are only sent at start")
        return
    app.job_queue.run_repeating(_job, interval=INTERVAL, first=INTERVAL, name=JOB_NAME)


async def _job(context: CallbackContext[Any, Any, Any, Any]) -> None:
    await send_due(context.application)


async def send_due(app: App) -> int:
    """Send every reminder that is due now; returns how many were sent."""
    services: Services = app.bot_data.services
    plans = services.plans
    sent = 0
    for user_id in plans.user_ids():
        async with app.bot_data.locks.get(user_id):
            try:
                sent += await _send_for(app, services, user_id)
            except StorageError:  # one damaged file must not stop the others' reminders
                log.warning(
                    "plan reminders for user %s skipped: their data cannot be read", user_id
                )
    if sent:
        log.info("plan reminders: %d sent", sent)
    return sent


async def _send_for(app: App, services: Services, user_id: int) -> int:
    plans = services.plans
    user = services.scans.user(user_id)
    if user is None or user.inactive is not None or not reminders_on(user):
        return 0
    doc = plans.readable(user_id)
    if not doc.plans:
        return 0
    t = services.translators.get(user.locale)
    sent = 0
    for reminder in pending(doc, plans.today()):
        before = doc.overview_sent
        mark(doc, reminder, plans.now())
        plans.save(doc, by_user=False)  # recorded before it is sent: never twice
        body, markup = _message(t, doc, reminder, services)
        try:
            await app.bot.send_message(user_id, body, reply_markup=markup)
            sent += 1
        except (Forbidden, TimedOut) as exc:  # blocked, or may have arrived: not again
            log.info(
                "plan reminder %s for user %s not confirmed (%s)",
                reminder.kind,
                user_id,
                type(exc).__name__,
            )
            if isinstance(exc, Forbidden):
                return sent
        except TelegramError as exc:
            log.warning(
                "plan reminder %s for user %s failed (%s); retried later",
                reminder.kind,
                user_id,
                type(exc).__name__,
            )
            unmark(doc, reminder, before)
            plans.save(doc, by_user=False)
            return sent
    return sent


def _message(
    t: Translator, doc: PlanDocument, reminder: Reminder, services: Services
) -> tuple[str, InlineKeyboardMarkup]:
    open_button = InlineKeyboardButton(t(text("Open het plan")), callback_data=plan_buttons.start())
    if reminder.kind == "month":
        plan = doc.current
        assert plan is not None
        today = services.plans.today()
        late = [m for m in plan.open_measures() if m.due and m.due < today.isoformat()]
        lines: list[Text] = [
            text("Maandoverzicht van uw verbeterplan"),
            plural(
                "{count} maatregel staat nog open, waarvan {late} over de datum.",
                "{count} maatregelen staan nog open, waarvan {late} over de datum.",
                "count",
                count=len(plan.open_measures()),
                late=len(late),
            ),
            *plan_lines(plan, services.content, today),
        ]
        return "\n".join(t(x) for x in lines)[:4000], InlineKeyboardMarkup([[open_button]])
    m = doc.find(reminder.measure or "")
    assert m is not None
    if reminder.kind == "week":
        body = text(
            "Over een week, op {date}, moet “{title}” klaar zijn. Lukt dat?",
            date=Date(reminder.due or ""),
            title=m.title_text(),
        )
        return t(body), InlineKeyboardMarkup([[open_button]])
    body = text(
        "Is “{title}” gelukt? De datum was {date}.", title=m.title_text(), date=Date(m.due or "")
    )
    rows = [
        [
            InlineKeyboardButton(
                t(text("Ja, afgerond")), callback_data=plan_buttons.reminder(m.id, AFGEROND)
            )
        ],
        [
            InlineKeyboardButton(
                t(text("Nog bezig: nieuwe datum")), callback_data=plan_buttons.reminder(m.id, BEZIG)
            )
        ],
        [
            InlineKeyboardButton(
                t(text("Vervallen")), callback_data=plan_buttons.reminder(m.id, VERVALLEN)
            )
        ],
    ]
    return t(body), InlineKeyboardMarkup(rows)
