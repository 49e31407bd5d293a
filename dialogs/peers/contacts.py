"""Coordinators reaching each other: contact requests and invitations to a collegiale toets.

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
from dialogs.peers.stores import REVIEWS, ContactStore, Record
from dialogs.results.service import Results
from dialogs.texts import Text, text

MAX_OPEN_REQUESTS = 5
EXPIRES_AFTER = timedelta(days=14)
REVIEW_MIN, REVIEW_MAX = 2, 4
REVIEW_CHOICES = 8  # peer municipalities offered for a collegiale toets

OPEN, ACCEPTED, DECLINED, EXPIRED = "open", "accepted", "declined", "expired"
DRAFT, SENT, CANCELLED = "draft", "sent", "cancelled"


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

    # --- collegiale toets -------------------------------------------------------------------
    def review_choices(self, user: User) -> list[SharedScan]:
        """Opted-in peers of other municipalities: same region first, at most one per town."""
        if not user.finished:
            return []
        own = self.results.registry.get(user.finished[-1].gemeente or "")
        seen: set[str] = set()
        choices = []
        shared = sorted(
            self.results.shared(peers_only=True), key=lambda s: s.finished, reverse=True
        )
        for s in shared:
            m = self.results.registry.get(s.gemeente)
            if m is None or s.user_id == user.user_id or (own and m.code == own.code):
                continue
            if m.code in seen or s.demo != user.finished[-1].demo:
                continue
            seen.add(m.code)
            choices.append((own is not None and m.vr_code == own.vr_code, s))
        choices.sort(key=lambda pair: not pair[0])
        return [s for _, s in choices[:REVIEW_CHOICES]]

    def start_review(self, user: User, now: str) -> Record:
        if len(self.review_choices(user)) < REVIEW_MIN:
            raise Refused(
                text(
                    "Er zijn nog te weinig collega-gemeenten die hun scan delen om een collegiale "
                    "toets te organiseren. Vraag de staf van uw veiligheidsregio om hulp."
                )
            )
        for old in self._reviews(user.user_id, DRAFT):
            self.records.update(old["id"], {"status": CANCELLED}, REVIEWS)
        record: Record = {"from_user": user.user_id, "created": now, "status": DRAFT,
                          "scan": user.finished[-1].id, "selected": [], "invitees": []}  # fmt: skip
        record["id"] = self.records.add(record, REVIEWS)
        return record

    def _reviews(self, user_id: int, status: str) -> list[Record]:
        return self.records.find(
            lambda r: r["from_user"] == user_id and r["status"] == status, REVIEWS
        )

    def draft(self, review_id: int, user: User) -> Record:
        record = self.records.get(review_id, REVIEWS)
        if record is None or record["from_user"] != user.user_id or record["status"] != DRAFT:
            raise Refused(text("Deze uitnodiging is niet meer open. Begin opnieuw via /resultaat."))
        return record

    def cancel_review(self, review_id: int, user: User) -> None:
        self.draft(review_id, user)
        self.records.update(review_id, {"status": CANCELLED}, REVIEWS)

    def toggle(self, review_id: int, user: User, peer_user_id: int) -> Record:
        record = self.draft(review_id, user)
        allowed = {s.user_id for s in self.review_choices(user)}
        if peer_user_id not in allowed:
            raise Refused(text("Deze collega-gemeente is niet (meer) beschikbaar voor contact."))
        selected = list(record["selected"])
        if peer_user_id in selected:
            selected.remove(peer_user_id)
        elif len(selected) >= REVIEW_MAX:
            raise Refused(text("U kunt hooguit {max} gemeenten uitnodigen.", max=REVIEW_MAX))
        else:
            selected.append(peer_user_id)
        self.records.update(review_id, {"selected": selected}, REVIEWS)
        return {**record, "selected": selected}

    def send_review(self, review_id: int, user: User, who: Person, now: str) -> Record:
        record = self.draft(review_id, user)
        if not REVIEW_MIN <= len(record["selected"]) <= REVIEW_MAX:
            raise Refused(text("Kies {min} tot {max} gemeenten.", min=REVIEW_MIN, max=REVIEW_MAX))
        invitees = [{"user_id": uid, "status": OPEN} for uid in record["selected"]]
        fields = {"status": SENT, "sent": now, "invitees": invitees, "from_name": who.name}
        self.records.update(review_id, fields, REVIEWS)
        return {**record, **fields}

    def answer_review(self, review_id: int, who: Person, accept: bool, now: str) -> Record:
        record = self.records.get(review_id, REVIEWS)
        invitees = list(record["invitees"]) if record else []
        mine = next((i for i in invitees if i["user_id"] == who.user_id), None)
        if record is None or record["status"] != SENT or mine is None:
            raise Refused(text("Deze uitnodiging kan ik niet vinden."))
        if mine["status"] != OPEN:
            raise Refused(text("U heeft deze uitnodiging al beantwoord."))
        mine.update(status=ACCEPTED if accept else DECLINED, answered=now)
        self.records.update(review_id, {"invitees": invitees}, REVIEWS)
        return {**record, "invitees": invitees}


def _expired(record: Record, now: str) -> bool:
    created = datetime.fromisoformat(record["created"])
    return datetime.fromisoformat(now) - created >= EXPIRES_AFTER
