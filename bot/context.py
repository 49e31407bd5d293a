"""Typed access to what handlers share: the services and the per-user locks."""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from telegram.ext import CallbackContext

from regiescan.i18n import Translator
from regiescan.wiring import Services

Context = CallbackContext[Any, Any, Any, Any]


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


def services(context: Context) -> Services:
    return context.bot_data["services"]


def user_locks(context: Context) -> UserLocks:
    return context.bot_data["locks"]


def translator(context: Context, user_id: int) -> Translator:
    s = services(context)
    return s.translators.get(s.scans.locale(user_id))
