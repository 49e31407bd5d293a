"""Loading, checking, moving and saving toetsen: the one owner of the toets documents.

Every change is saved before the caller can tell anyone about it; a lifecycle step is taken
only through the machine, and saved only after its trigger returned True. Every claim a button
makes (which toets, which member) is checked here against the document and the sender.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable

from dialogs.peers.contacts import Refused
from dialogs.texts import text
from dialogs.toets.machine import Lifecycle, build_machine
from dialogs.toets.model import CANCELLED, EXPIRED, OPEN_STATES, WITHDRAWN, Member, Toets
from dialogs.toets.store import ToetsStore

NOT_FOUND = text("Deze toets kan ik niet vinden. Met /toets ziet u uw toetsen.")
STALE = text("Deze knop hoort bij een eerdere stap van de toets. Er is niets gewijzigd.")
WITHDRAWN_TEXT = text("U heeft zich uit deze toets teruggetrokken. Er is niets gewijzigd.")
CANCELLED_TEXT = text("Deze toets is geannuleerd. Er is niets gewijzigd.")
EXPIRED_TEXT = text("Deze toets is verlopen. Er is niets gewijzigd.")
NOT_CHAIR = text("Dit kan alleen de voorzitter van de toets.")


class ToetsBook:
    def __init__(self, store: ToetsStore, now: Callable[[], str]) -> None:
        self.store = store
        self.now = now
        self._machine = build_machine()
        # user id -> ids of the toetsen they organise or were invited to; built on first use,
        # kept current on every save here. A stale entry costs one load, nothing more.
        self._index: dict[int, set[str]] | None = None

    def new_id(self) -> str:
        while True:
            toets_id = secrets.token_hex(5)
            if self.store.get(toets_id) is None:
                return toets_id

    def load(self, toets_id: str) -> Toets | None:
        doc = self.store.get(toets_id)
        return None if doc is None else Toets.from_doc(doc)

    def all(self) -> list[Toets]:
        return [Toets.from_doc(doc) for doc in self.store.all()]

    def save(self, toets: Toets) -> None:
        toets.updated = self.now()
        self.store.put(toets.to_doc())
        self._remember(toets)

    def delete(self, toets_id: str) -> None:
        self.store.delete(toets_id)
        for ids in (self._index or {}).values():
            ids.discard(toets_id)

    def _remember(self, toets: Toets) -> None:
        if self._index is None:
            return
        for user_id in (toets.inviter, *(m.user_id for m in toets.members)):
            if user_id is not None:
                self._index.setdefault(user_id, set()).add(toets.id)

    def of_user(self, user_id: int) -> list[Toets]:
        """The toetsen that involve ``user_id``, from the index (no scan of every file)."""
        if self._index is None:
            self._index = {}
            for toets in self.all():
                self._remember(toets)
        found = [self.load(toets_id) for toets_id in sorted(self._index.get(user_id, ()))]
        return [t for t in found if t is not None and t.involves(user_id)]

    def fire(self, toets: Toets, trigger: str) -> bool:
        """Take one lifecycle step; saved (with its history) only when it was allowed."""
        model = Lifecycle(toets)
        self._machine.add_model(model, initial=toets.state)
        try:
            moved = bool(model.trigger(trigger))
        finally:
            self._machine.remove_model(model)
        if moved:
            now = self.now()
            toets.history.append({"from": toets.state, "to": model.state, "at": now, "by": trigger})
            toets.state, toets.state_since = model.state, now
            self.save(toets)
        return moved

    # --- checked access -------------------------------------------------------------------
    def open_in(self, toets_id: str, states: Iterable[str]) -> Toets:
        toets = self.load(toets_id)
        if toets is None:
            raise Refused(NOT_FOUND)
        if toets.state not in states:
            if toets.state == CANCELLED:
                raise Refused(CANCELLED_TEXT)
            if toets.state == EXPIRED:
                raise Refused(EXPIRED_TEXT)
            raise Refused(STALE)
        return toets

    def as_inviter(self, toets_id: str, user_id: int, states: Iterable[str] = OPEN_STATES) -> Toets:
        toets = self.load(toets_id)
        if toets is None or toets.inviter != user_id:
            raise Refused(NOT_FOUND)
        return self.open_in(toets_id, states)

    def as_member(
        self, toets_id: str, user_id: int, states: Iterable[str] = OPEN_STATES
    ) -> tuple[Toets, Member]:
        toets = self.load(toets_id)
        member = toets.member_of(user_id) if toets else None
        if toets is None or member is None:
            raise Refused(NOT_FOUND)
        if member.status == WITHDRAWN:
            raise Refused(WITHDRAWN_TEXT)
        toets = self.open_in(toets_id, states)
        return toets, toets.members[member.index]

    def as_chair(
        self, toets_id: str, user_id: int, states: Iterable[str] = OPEN_STATES
    ) -> tuple[Toets, Member]:
        toets, member = self.as_member(toets_id, user_id, states)
        chair = toets.confirmed_chair()
        if chair is None or chair.index != member.index:
            raise Refused(NOT_CHAIR)
        return toets, member
