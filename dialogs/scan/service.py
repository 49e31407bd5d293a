"""The scan as a service: load a user, apply one event, save durably, return the next step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from dialogs.model import User
from dialogs.scan.engine import ScanEngine
from dialogs.scan.steps import Event, Outcome
from dialogs.stores import UserStore

LOCALES = ("nl", "en")


def utc_now() -> datetime:
    return datetime.now(UTC)


class ScanService:
    """What both fronts call. Saving happens before the outcome is returned, so a front that
    shows the outcome only shows what is already on disk."""

    def __init__(
        self, store: UserStore, engine: ScanEngine, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.store = store
        self.engine = engine
        self.clock = clock
        # Called with each user document after it is saved (e.g. to keep an index current).
        self.on_saved: list[Callable[[User], None]] = []

    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def user(self, user_id: int) -> User | None:
        doc = self.store.load(user_id)
        return None if doc is None else User.from_doc(doc)

    def now(self) -> str:
        return self._now()

    def _user_or_new(self, user_id: int) -> User:
        return self.user(user_id) or User.new(user_id, self._now())

    def handle(self, user_id: int, event: Event) -> Outcome:
        user = self._user_or_new(user_id)
        outcome = self.engine.handle(user, event, self._now())
        if outcome.saved:
            self.save(user)
        return outcome

    def save(self, user: User) -> None:
        """Write the user durably, then tell the listeners."""
        self.store.save(user.user_id, user.to_doc())
        self.saved(user)

    def saved(self, user: User) -> None:
        """Tell the listeners about a user just written with ``store.save`` (a caller that
        writes in a worker thread calls this afterwards, where the listeners live)."""
        for listener in self.on_saved:
            listener(user)

    def show(self, user_id: int) -> Outcome:
        """The user's current step, as it is stored."""
        return self.engine.show(self._user_or_new(user_id))

    def result_delivered(self, user_id: int, scan_id: str) -> None:
        """The diagnosis of the finished scan ``scan_id`` has been sent: never send it again."""
        user = self.user(user_id)
        if user is not None and user.result_pending == scan_id:
            user.result_pending = None
            self.save(user)

    def set_locale(self, user_id: int, locale: str) -> Outcome:
        if locale not in LOCALES:
            raise ValueError(f"unsupported locale {locale!r}")
        user = self._user_or_new(user_id)
        if user.locale != locale:
            user.locale = locale
            user.updated = self._now()
            self.save(user)
        return self.engine.show(user)

    def record_invite(self, user_id: int, code: str) -> None:
        """Remember the invite (e.g. a regional code) a user arrived with, before the profile."""
        user = self._user_or_new(user_id)
        if user.invite != code:
            user.invite = code
            user.updated = self._now()
            self.save(user)

    def mark_demo(self, user_id: int) -> None:
        """Make ``user_id`` a demo user: their next scans are demo scans (dialogs.peers.demo)."""
        user = self._user_or_new(user_id)
        if not user.profile.get("demo"):
            user.profile["demo"] = True
            user.updated = self._now()
            self.save(user)

    def touch(self, user_id: int) -> None:
        """Record activity elsewhere (the verbeterplan) as the user's last activity, at most
        once a day, so retention counts it (:mod:`dialogs.privacy.retention`)."""
        user = self.user(user_id)
        now = self._now()
        if user is not None and user.updated[:10] != now[:10]:
            user.updated = now
            self.save(user)

    def locale(self, user_id: int) -> str:
        user = self.user(user_id)
        return user.locale if user else LOCALES[0]
