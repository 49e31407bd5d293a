"""Coordinators reaching each other: contact requests (the toets lives in dialogs.toets).

The rules live here; the records in a :class:`~dialogs.peers.stores.ContactStore`. Who may
be reached is decided from the index of shared scans, never from what a button claims: a
forged button cannot reach a coordinator who did not opt in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dialogs.model import User
from dialogs.peers.matching import STRONG_FROM, SharedScan
from dialogs.peers.stores import ContactStore, Record
from dialogs.results.service import Results
from dialogs.texts import Text, text

MAX_OPEN_REQUESTS = 5
EXPIRES_AFTER = timedelta(days=14)

OPEN, ACCEPTED, DECLINED, EXPIRED = "open", "accepted", "declined", "expired"


class Refused(Exception):
    """The action is not allowed; ``reason`` says why, for the user."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.msgid)
        self.reason = reason


@dataclass(frozen=True)
class Person:
    """How a coordinator can be reached on Telegram (stored only in their own requests)."""

    user_id: int
    name: str
    username: str | None = None


class Contacts:
    def __init__(self, records: ContactStore, results: Results) -> None:
        self.records = records
        self.results = results

    # --- contact requests -------------------------------------------------------------------
    def _peer(self, asker: User, peer_user_id: int, knelpunt: str) -> SharedScan:
        own = asker.finished[-1].gemeente if asker.finished else None
        for shared in self.results.shared(peers_only=True):
            if shared.user_id != peer_user_id or shared.user_id == asker.user_id:
                continue
            score = shared.score(knelpunt)
            if shared.gemeente != own and score is not None and score >= STRONG_FROM:
                return shared
        raise Refused(text("Deze collega-gemeente is niet (meer) beschikbaar voor contact."))

    def request(
        self, asker: User, who: Person, peer_user_id: int, knelpunt: str, now: str
    ) -> Record:
        """Record a request from ``asker`` to the peer, after checking every rule."""
        if not asker.finished:
            raise Refused(text("Rond eerst uw scan af; daarna kunt u collega's om contact vragen."))
        peer = self._peer(asker, peer_user_id, knelpunt)
        mine = self.records.find(lambda r: r["from_user"] == asker.user_id)
        if any(r["to_user"] == peer_user_id and r["knelpunt"] == knelpunt for r in mine):
            raise Refused(text("U heeft deze gemeente al om contact gevraagd over dit knelpunt."))
        if sum(1 for r in mine if r["status"] == OPEN) >= MAX_OPEN_REQUESTS:
            raise Refused(
                text(
                    "U heeft al {max} openstaande verzoeken. Wacht op een antwoord voordat u "
                    "een nieuw verzoek doet.",
                    max=MAX_OPEN_REQUESTS,
                )
            )
        record: Record = {
            "from_user": asker.user_id,
            "from_name": who.name,
            "from_username": who.username,
            "from_gemeente": asker.finished[-1].gemeente,
            "to_user": peer_user_id,
            "to_gemeente": peer.gemeente,
            "knelpunt": knelpunt,
            "created": now,
            "status": OPEN,
        }
        record["id"] = self.records.add(record)
        return record

    def answer(self, request_id: int, who: Person, accept: bool, now: str) -> Record:
        """The addressee accepts or declines an open request."""
        record = self.records.get(request_id)
        if record is None or record["to_user"] != who.user_id:
            raise Refused(text("Dit verzoek kan ik niet vinden."))
        if record["status"] != OPEN:
            raise Refused(text("Dit verzoek is al afgehandeld."))
        if _expired(record, now):
            self.records.update(request_id, {"status": EXPIRED, "answered": now})
            raise Refused(text("Dit verzoek is verlopen."))
        fields: dict[str, Any] = {"status": ACCEPTED if accept else DECLINED, "answered": now}
        if accept:
            fields |= {"to_name": who.name, "to_username": who.username}
        self.records.update(request_id, fields)
        return {**record, **fields}

    def expire(self, now: str) -> list[Record]:
        """Mark open requests older than :data:`EXPIRES_AFTER` expired; return them."""
        due = self.records.find(lambda r: r["status"] == OPEN and _expired(r, now))
        for record in due:
            self.records.update(record["id"], {"status": EXPIRED, "answered": now})
        return due


def _expired(record: Record, now: str) -> bool:
    created = datetime.fromisoformat(record["created"])
    return datetime.fromisoformat(now) - created >= EXPIRES_AFTER
