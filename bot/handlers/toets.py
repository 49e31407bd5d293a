"""The collegiale toets in the chat: /toets, its buttons, the invitation links and typed text.

Every button is parsed by :mod:`bot.buttons.toets` and every claim in it is checked by the
core (:mod:`dialogs.toets`), which saves before anything is confirmed here. Typed text is
looked at before the scan sees it: only where a toets asked this user for text is it taken.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram import User as TgUser
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.buttons import toets as tc
from bot.buttons.codec import pattern
from bot.context import App, Context, services, user_locks
from bot.handlers import toets_judging as judging_view
from bot.handlers import toets_report as report_view
from bot.handlers import toets_status as status_view
from bot.handlers import toets_team as team_view
from bot.handlers import toets_verdicts
from bot.handlers.toets_actions import ACTIONS
from bot.toets_view import person, say
from dialogs.peers.contacts import Refused
from dialogs.scan.content import KNELPUNT_IDS
from dialogs.scan.service import ScanService
from dialogs.texts import text
from dialogs.toets.afterwards import DATE
from dialogs.toets.judging import EXPLAIN, RECOMMEND, TEAM
from dialogs.toets.model import IN, JUDGING
from dialogs.toets.service import ToetsService
from dialogs.toets.team import TOKEN_PREFIX


async def toets_command(update: Update, context: Context) -> None:
    """/toets: the user's toetsen and the way to organise one."""
    me = update.effective_user
    if me is None:
        return
    async with user_locks(context).get(me.id):
        await status_view.overview(context, me)


async def toets_button(update: Update, context: Context) -> None:
    """Every toets button; a refusal is a clear line and changes nothing."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    me = query.from_user
    parsed = tc.parse_toets(query.data)
    async with user_locks(context).get(me.id):
        try:
            if parsed is None:
                raise Refused(text("Deze knop begrijp ik niet. Met /toets ziet u uw toetsen."))
            if parsed.action == tc.LEGACY:
                raise Refused(
                    text(
                        "Deze uitnodiging hoort bij een oudere versie van de toets. "
                        "Begin opnieuw met /toets."
                    )
                )
            handler = ACTIONS.get(parsed.action)
            if handler is None:
                raise Refused(text("Deze knop begrijp ik niet. Met /toets ziet u uw toetsen."))
            await handler(context, query, me, parsed)
        except Refused as refused:
            await say(context, me.id, refused.reason)


async def join_link(context: Context, me: TgUser, token: str) -> None:
    """/start t_<token>: someone opens an invitation link (called by the /start handler)."""
    try:
        toets, _ = services(context).toetsen.team.claim_link(token, person(me))
    except Refused as refused:
        await say(context, me.id, refused.reason)
        return
    await team_view.invitation(context, toets, me.id)


def is_link(payload: str) -> bool:
    return payload.startswith(TOKEN_PREFIX)


async def typed_text(update: Update, context: Context) -> None:
    """Text a toets asked for (the date, an explanation, a recommendation); else untouched."""
    me, message = update.effective_user, update.effective_message
    if me is None or message is None or message.text is None:
        return
    s = services(context)
    async with user_locks(context).get(me.id):
        if s.toetsen.awaiting_text(me.id) is None:
            await _button_expected(context, me.id)
            return
        try:
            toets, member, kind = s.toetsen.typed(me.id, message.text)
        except Refused as refused:
            await say(context, me.id, refused.reason)
            return
        if kind == DATE:
            await team_view.date_proposed(context, toets)
        elif member is not None and kind == EXPLAIN:
            await say(context, me.id, text("Uw toelichting is bewaard."))
            await judging_view.continue_after(context, toets, member, move_on=True)
        elif member is not None and kind == RECOMMEND:
            await say(context, me.id, text("Uw aanbeveling is bewaard."))
            await judging_view.continue_after(context, toets, member, move_on=False)
        elif member is not None and kind == TEAM:
            await say(context, me.id, text("De toelichting van het team is bewaard."))
            here = member.cursor or KNELPUNT_IDS[0]
            await judging_view.chair_screen(context, toets, member, here)


async def _button_expected(context: Context, user_id: int) -> None:
    """A judging member typed where buttons are asked: say so, show the screen again."""
    s = services(context)
    for toets in s.toetsen.mine(user_id):
        member = toets.member_of(user_id)
        if toets.state == JUDGING and member is not None and member.status == IN:
            await say(
                context,
                user_id,
                text("Kies een van de knoppen onder het bericht. Uw tekst is niet bewaard."),
            )
            await judging_view.knelpunt_screen(context, toets, member)
            return


class _ToetsText(filters.MessageFilter):
    """Text from someone a toets is waiting on: typed text it asked for, or a judging member
    (without a scan of their own under way) who typed where buttons are expected."""

    def __init__(self, toetsen: ToetsService, scans: ScanService) -> None:
        super().__init__(name="toets_text")
        self.toetsen = toetsen
        self.scans = scans

    def filter(self, message: Message) -> bool:
        sender = message.from_user
        if sender is None:
            return False
        if self.toetsen.awaiting_text(sender.id) is not None:
            return True
        return judging_member(self.toetsen, self.scans, sender.id)


def judging_member(toetsen: ToetsService, scans: ScanService, user_id: int) -> bool:
    judging = [
        t
        for t in toetsen.mine(user_id)
        if t.state == JUDGING and (m := t.member_of(user_id)) is not None and m.status == IN
    ]
    if not judging:
        return False
    user = scans.user(user_id)
    return user is None or user.current is None  # else the text may be for their own scan


def register(app: App) -> None:
    """Before the scan's handlers: /toets, its buttons, and the text a toets asked for."""
    assert toets_verdicts.ACTIONS_ADDED  # the judging, chair and report actions are in ACTIONS
    private = filters.ChatType.PRIVATE
    s = app.bot_data.services
    app.add_handler(CommandHandler(["toets", "peerreview"], toets_command, filters=private))
    app.add_handler(CallbackQueryHandler(toets_button, pattern=pattern(*tc.KINDS)))
    # Only text a toets is waiting for; everything else goes on to the scan's text handler.
    wanted = filters.TEXT & ~filters.COMMAND & private & _ToetsText(s.toetsen, s.scans)
    app.add_handler(MessageHandler(wanted & ~filters.UpdateType.EDITED, typed_text))
    if app.job_queue is not None:  # hourly: expiry, the day-before reminder, the follow-up
        app.job_queue.run_repeating(report_view.toets_jobs, interval=3600, first=180)
