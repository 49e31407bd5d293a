"""Typed access to what handlers share: the services, the per-user locks and the staff state.

PTB builds one :class:`BotData` per Application (``ContextTypes(bot_data=BotData)``), so a
handler reads ``context.bot_data.services`` instead of a string key into an untyped dict.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, TypeVar

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.edits import ShownMessages
from regiescan.renderers.render_pool import RenderPool
from regiescan.wiring.i18n import Translator
from regiescan.wiring.services import Services
from storage.screen_marks import ScreenMarks

if TYPE_CHECKING:
    from bot.broadcasting.tasks import Broadcaster
    from bot.staff_drafts import StaffDrafts
    from bot.update_journal import UpdateJournal
    from bot.webapp.server import Dashboard


class UserLocks:
    """One asyncio lock per user, so one user's updates are applied in order, one at a time,
    while different users are served concurrently. Locks nobody holds are dropped."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def get(self, user_id: int) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[user_id] = lock
        return lock


class RecentChats:
    """The last ``limit`` chat ids seen, oldest dropped first: memory stays bounded however many
    groups a hostile sender invents."""

    def __init__(self, limit: int = 10_000) -> None:
        self._limit = limit
        self._chats: OrderedDict[int, None] = OrderedDict()

    def __contains__(self, chat_id: object) -> bool:
        return chat_id in self._chats

    def add(self, chat_id: int) -> None:
        self._chats[chat_id] = None
        self._chats.move_to_end(chat_id)
        while len(self._chats) > self._limit:
            self._chats.popitem(last=False)

    def discard(self, chat_id: int) -> None:
        self._chats.pop(chat_id, None)


_T = TypeVar("_T")


def _attached(value: _T | None, name: str) -> _T:
    """A part of BotData that build_application attaches after PTB created it."""
    if value is None:
        raise RuntimeError(f"BotData.{name} is set by bot.app.build_application")
    return value


class BotData:
    """Everything the handlers of one Application share. PTB creates it without arguments;
    :func:`bot.app.build_application` attaches the services and the broadcaster right after."""

    def __init__(self) -> None:
        self._services: Services | None = None
        self._broadcaster: Broadcaster | None = None
        self.locks = UserLocks()
        # Staff messages and schedules being put together (stored: they survive a restart).
        self._staff_drafts: StaffDrafts | None = None
        # /vergeetmij: the one-time token of each unanswered confirmation, per user.
        self.forget_tokens: dict[int, str] = {}
        # The dashboard's HTTP server while it runs (REGIESCAN_WEBAPP_URL set), else None.
        self.dashboard: Dashboard | None = None
        # Long polling: fetched updates on disk until handled (bot.update_journal); None in
        # webhook mode and in tests that feed updates directly.
        self.journal: UpdateJournal | None = None
        # Per user, the message that shows the current scan step: only it takes answers
        # (bot.replies removes the keyboard of the one a new message replaces). Stored, so
        # it holds across a restart too.
        self._screens: ScreenMarks | None = None
        # Users whose diagnosis is being sent right now (a double tap must not send it twice).
        self.results_under_way: set[int] = set()
        # Per user, the reply being sent: the next one waits for it, the user's lock does not.
        self.replies: dict[int, asyncio.Task[None]] = {}
        # Work started with the bot that must not hold up the first answer (the region index).
        self.background: set[asyncio.Task[None]] = set()
        # Groups that were told the bot works in private chats only (memory only: after a
        # restart a group hears it once more, at most on its next command to this bot).
        self.groups_told = RecentChats()
        # What the bot last put in the messages it edits, so an edit that changes nothing is
        # skipped (bot/edits.py).
        self.shown = ShownMessages()
        # Charts and documents are drawn in a recycled child process (memory stays flat);
        # build_application replaces it when the caller brings its own pool.
        self.renderer = RenderPool()
        self.owns_renderer = True

    @property
    def services(self) -> Services:
        return _attached(self._services, "services")

    @services.setter
    def services(self, services: Services) -> None:
        self._services = services

    @property
    def broadcaster(self) -> Broadcaster:
        return _attached(self._broadcaster, "broadcaster")

    @broadcaster.setter
    def broadcaster(self, broadcaster: Broadcaster) -> None:
        self._broadcaster = broadcaster

    @property
    def staff_drafts(self) -> StaffDrafts:
        """Staff messages and schedules being put together (stored: they survive a restart)."""
        return _attached(self._staff_drafts, "staff_drafts")

    @staff_drafts.setter
    def staff_drafts(self, drafts: StaffDrafts) -> None:
        self._staff_drafts = drafts

    @property
    def screens(self) -> ScreenMarks:
        """Per chat, the message that shows the current scan step (stored: survives a restart)."""
        return _attached(self._screens, "screens")

    @screens.setter
    def screens(self, screens: ScreenMarks) -> None:
        self._screens = screens

    @property
    def has_broadcaster(self) -> bool:
        return self._broadcaster is not None


# Only bot_data is typed: the other type parameters of PTB's generics stay Any, since PTB's own
# builder and job queue do not carry them through consistently.
Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]
App = Application[Any, Any, Any, Any, BotData, Any]
CONTEXT_TYPES: ContextTypes[Context, dict[Any, Any], dict[Any, Any], BotData] = ContextTypes(
    bot_data=BotData
)


def services(context: Context) -> Services:
    return context.bot_data.services


def user_locks(context: Context) -> UserLocks:
    return context.bot_data.locks


def translator(context: Context, user_id: int) -> Translator:
    s = services(context)
    return s.translators.get(s.scans.locale(user_id))
