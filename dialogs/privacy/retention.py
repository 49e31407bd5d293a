"""Retention: users whose last activity is older than the retention period are deleted.

"Last activity" is the user document's ``updated`` stamp, which the core sets on every change
(an answer, a note, a language or consent choice). A document without a readable stamp, or one
that cannot be read, is never deleted by this rule: it is logged for the operator instead.
The daily job (``bot.maintenance_job``) and ``regiescan retention`` use the same functions.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from dialogs.stores import JSONDoc, StorageError, UserStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Expired:
    user_id: int
    last_activity: str


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (clamped to the month's end)."""
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def last_activity(doc: JSONDoc) -> datetime | None:
    stamp = doc.get("updated") or doc.get("created")
    if not isinstance(stamp, str):
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_expired(doc: JSONDoc | None, cutoff: datetime) -> bool:
    moment = None if doc is None else last_activity(doc)
    return moment is not None and moment < cutoff


def find_expired(store: UserStore, cutoff: datetime) -> Iterator[Expired]:
    """Every user last active before ``cutoff``. Reads each document once; writes nothing."""
    for user_id in store.user_ids():
        try:
            doc = store.load(user_id)
        except StorageError as exc:
            log.warning("retention skips a user whose data cannot be read: %s", exc)
            continue
        if doc is None:
            continue
        moment = last_activity(doc)
        if moment is None:
            log.warning("retention skips user %s: no readable last-activity stamp", user_id)
        elif moment < cutoff:
            yield Expired(user_id, moment.isoformat(timespec="seconds"))


def still_expired(store: UserStore, user_id: int, cutoff: datetime) -> bool:
    """Re-check one user right before deleting (they may have come back meanwhile)."""
    try:
        return is_expired(store.load(user_id), cutoff)
    except StorageError:
        return False
