"""Composing the team: peers from those who consented, one-time links for outsiders, the chair,
what is shared, and joining, declining and withdrawing.

An invitation link carries a random token (``secrets``, 128 bits) that is valid for
:data:`LINK_VALID` and works once; only its SHA-256 is stored, so the data dir cannot be used
to join. A guessed, reused or expired token is refused and changes nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from dialogs.model import Scan, User
from dialogs.peers.contacts import Person, Refused
from dialogs.peers.matching import SharedScan
from dialogs.results.service import Results
from dialogs.scan.content import Content
from dialogs.texts import text
from dialogs.toets.book import ToetsBook
from dialogs.toets.guide import conversation_guide, take_snapshot
from dialogs.toets.machine import MAX_LINKS, MAX_PEERS, MIN_TEAM
from dialogs.toets.model import (
    ASKED,
    CHAIR_ASKED,
    CHAIR_YES,
    DECLINED,
    DRAFT,
    IN,
    INVITED,
    JUDGING,
    LINK,
    OPEN_SLOT,
    OPEN_STATES,
    PEER,
    PREPARING,
    RUNNING,
    WITHDRAWN,
    Member,
    Toets,
)
from dialogs.toets.store import PlanSource

LINK_VALID = timedelta(days=14)
TOKEN_PREFIX = "t_"  # /start payload of an invitation link: t_<token>
CHOICES = 8  # peer municipalities offered
BAD_LINK = text(
    "Deze uitnodigingslink is niet geldig. Vraag degene die u uitnodigde om een nieuwe link."
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Team:
    def __init__(
        self, book: ToetsBook, results: Results, content: Content, plan: PlanSource
    ) -> None:
        self.book = book
        self.results = results
        self.content = content
        self.plan = plan

    # --- the draft ---------------------------------------------------------------------------
    def choices(self, user: User) -> list[SharedScan]:
        """Opted-in peers of other municipalities: same region first, at most one per town."""
        if not user.finished:
            return []
        own = self.results.registry.get(user.finished[-1].gemeente or "")
        seen: set[str] = set()
        ranked: list[tuple[bool, int, SharedScan]] = []
        shared = sorted(self.results.shared(peers_only=True), key=lambda s: s.finished)
        for s in reversed(shared):
            m = self.results.registry.get(s.gemeente)
            if m is None or s.user_id == user.user_id or (own and m.code == own.code):
                continue
            if m.code in seen or s.demo != user.finished[-1].demo:
                continue
            seen.add(m.code)
            ranked.append((own is None or m.vr_code != own.vr_code, len(ranked), s))
        return [s for *_, s in sorted(ranked)[:CHOICES]]

    def start(self, user: User, who: Person) -> Toets:
        """The inviter's open toets, or a new draft from their latest finished scan."""
        if not user.finished:
            raise Refused(
                text("Rond eerst uw scan af; daarna kunt u een collegiale toets organiseren.")
            )
        for toets in self.book.all():
            if toets.inviter == user.user_id and toets.state in OPEN_STATES:
                return toets
        scan = user.finished[-1]
        now = self.book.now()
        toets = Toets(
            self.book.new_id(),
            user.user_id,
            scan.gemeente,
            scan.id,
            now,
            now,
            state_since=now,
            inviter_name=who.name,
        )
        self.book.save(toets)
        return toets

    def toggle_peer(self, toets_id: str, user: User, peer_user_id: int) -> Toets:
        toets = self.book.as_inviter(toets_id, user.user_id, (DRAFT,))
        if peer_user_id not in {s.user_id for s in self.choices(user)}:
            raise Refused(text("Deze collega-gemeente is niet (meer) beschikbaar voor contact."))
        mine = next((m for m in toets.peers() if m.user_id == peer_user_id), None)
        if mine is not None:
            toets.members.remove(mine)
            for i, m in enumerate(toets.members):
                m.index = i
        elif len(toets.peers()) >= MAX_PEERS:
            raise Refused(text("U kunt hooguit {max} gemeenten uitnodigen.", max=MAX_PEERS))
        else:
            shared = next(s for s in self.choices(user) if s.user_id == peer_user_id)
            toets.members.append(
                Member(len(toets.members), PEER, ASKED, peer_user_id, gemeente=shared.gemeente)
            )
        self.book.save(toets)
        return toets

    def add_link(self, toets_id: str, user_id: int) -> tuple[Toets, str | None]:
        """A link slot; its token now if the invitations went out, else when they go out."""
        toets = self.book.as_inviter(toets_id, user_id, (DRAFT, INVITED, PREPARING))
        if len(toets.links()) >= MAX_LINKS:
            raise Refused(text("U kunt hooguit {max} uitnodigingslinks maken.", max=MAX_LINKS))
        slot = Member(len(toets.members), LINK, OPEN_SLOT)
        toets.members.append(slot)
        token = None if toets.state == DRAFT else self._arm(slot)
        self.book.save(toets)
        return toets, token

    def _arm(self, slot: Member) -> str:
        token = secrets.token_urlsafe(16)
        slot.token_hash, slot.token_created = token_hash(token), self.book.now()
        return token

    def drop_link(self, toets_id: str, user_id: int) -> Toets:
        toets = self.book.as_inviter(toets_id, user_id, (DRAFT,))
        slots = toets.links()
        if not slots:
            raise Refused(text("Er is geen uitnodigingslink om te verwijderen."))
        toets.members.remove(slots[-1])
        for i, m in enumerate(toets.members):
            m.index = i
        self.book.save(toets)
        return toets

    def toggle_note(self, toets_id: str, user: User, knelpunt: str) -> Toets:
        toets = self.book.as_inviter(toets_id, user.user_id, (DRAFT,))
        scan = self.scan_of(toets, user)
        if scan.note(knelpunt) is None:
            raise Refused(text("Bij dit knelpunt heeft u geen toelichting geschreven."))
        if knelpunt in toets.share_notes:
            toets.share_notes.remove(knelpunt)
        else:
            toets.share_notes.append(knelpunt)
        self.book.save(toets)
        return toets

    def toggle_plan(self, toets_id: str, user: User) -> Toets:
        toets = self.book.as_inviter(toets_id, user.user_id, (DRAFT,))
        if not self.plan.plan_for(user.user_id):
            raise Refused(text("U heeft nog geen verbeterplan om te delen."))
        toets.share_plan = not toets.share_plan
        self.book.save(toets)
        return toets

    def scan_of(self, toets: Toets, user: User) -> Scan:
        scan = next((s for s in user.finished if s.id == toets.scan_id), None)
        if scan is None:
            raise Refused(
                text("De scan van deze toets bestaat niet meer. Begin opnieuw met /toets.")
            )
        return scan

    def preview(self, toets: Toets, user: User) -> dict[str, Any]:
        """Exactly what the team would receive if the invitations went out now."""
        plan = self.plan.plan_for(user.user_id) if toets.share_plan else None
        return take_snapshot(self.scan_of(toets, user), self.content, toets.share_notes, plan)

    def send(self, toets_id: str, user: User, who: Person) -> tuple[Toets, list[str]]:
        """Freeze the snapshot and guide, arm the links, and move to ``invited``."""
        toets = self.book.as_inviter(toets_id, user.user_id, (DRAFT,))
        if len(toets.members) < MIN_TEAM:
            raise Refused(
                text(
                    "Nodig minstens {min} mensen uit: collega-gemeenten of via een "
                    "uitnodigingslink.",
                    min=MIN_TEAM,
                )
            )
        toets.snapshot = snapshot = self.preview(toets, user)
        toets.guide = conversation_guide(snapshot)
        toets.inviter_name = who.name
        tokens = [self._arm(slot) for slot in toets.links()]
        if not self.book.fire(toets, "send"):
            raise Refused(text("Kies {min} tot {max} gemeenten.", min=MIN_TEAM, max=MAX_PEERS))
        return toets, tokens

    # --- the invited ---------------------------------------------------------------------
    def claim_link(self, token: str, who: Person) -> tuple[Toets, Member]:
        """Someone opened an invitation link: the slot becomes theirs, to accept or decline."""
        digest = token_hash(token)
        found = [(t, m) for t in self.book.all() for m in t.links() if m.token_hash == digest]
        if not found:
            raise Refused(BAD_LINK)
        toets, slot = found[0]
        if slot.user_id == who.user_id and slot.status == ASKED and toets.state in RUNNING:
            return toets, slot  # the same person opening it again: show the invitation again
        if slot.status != OPEN_SLOT:
            raise Refused(
                text(
                    "Deze uitnodigingslink is al gebruikt. Een link werkt maar één "
                    "keer; vraag gerust om een nieuwe."
                )
            )
        created = datetime.fromisoformat(slot.token_created or toets.created)
        if datetime.fromisoformat(self.book.now()) - created >= LINK_VALID:
            raise Refused(
                text(
                    "Deze uitnodigingslink is verlopen (na {days} dagen). Vraag om "
                    "een nieuwe link.",
                    days=LINK_VALID.days,
                )
            )
        self.book.open_in(toets.id, (INVITED, PREPARING))  # refused: cancelled, expired, on
        if toets.inviter == who.user_id or toets.member_of(who.user_id):
            raise Refused(text("U hoort al bij deze toets."))
        slot.user_id, slot.status, slot.name = who.user_id, ASKED, who.name
        self.book.save(toets)
        return toets, slot

    def answer(self, toets_id: str, who: Person, accept: bool) -> tuple[Toets, Member]:
        toets = self.book.load(toets_id)
        if toets and any(m.user_id == who.user_id and m.status == DECLINED for m in toets.members):
            raise Refused(text("U heeft deze uitnodiging al beantwoord."))
        toets, member = self.book.as_member(toets_id, who.user_id, (INVITED, PREPARING))
        if member.status != ASKED:
            raise Refused(text("U heeft deze uitnodiging al beantwoord."))
        member.status = IN if accept else DECLINED
        member.answered, member.name = self.book.now(), who.name
        self.book.save(toets)
        return toets, member

    def withdraw(self, toets_id: str, user_id: int) -> tuple[Toets, Member]:
        # Until the judgement is settled: after that the report is the team's, not theirs.
        toets, member = self.book.as_member(toets_id, user_id, (INVITED, PREPARING, JUDGING))
        if member.status != IN:
            raise Refused(text("U doet niet (meer) mee aan deze toets."))
        member.status, member.awaiting = WITHDRAWN, None
        member.judgements, member.recommendations = {}, []  # their input leaves with them
        if member.chair:
            member.chair = None
        self.book.save(toets)
        return toets, member

    def ask_chair(self, toets_id: str, user_id: int, index: int) -> tuple[Toets, Member]:
        toets = self.book.as_inviter(toets_id, user_id, (INVITED, PREPARING, "judging"))
        member = toets.member(index)
        if member is None or not member.active:
            raise Refused(text("Alleen iemand die meedoet, kan voorzitter worden."))
        for m in toets.members:
            m.chair = None
        member.chair = CHAIR_ASKED
        self.book.save(toets)
        return toets, member

    def answer_chair(self, toets_id: str, user_id: int, yes: bool) -> tuple[Toets, Member]:
        toets, member = self.book.as_member(toets_id, user_id, RUNNING)
        if member.chair != CHAIR_ASKED:
            raise Refused(text("Deze vraag is al beantwoord of niet meer aan u gesteld."))
        member.chair = CHAIR_YES if yes else None
        self.book.save(toets)
        return toets, member

    def prepare(self, toets_id: str, user_id: int) -> Toets:
        toets = self.book.as_inviter(toets_id, user_id, (INVITED,))
        if not self.book.fire(toets, "prepare"):
            raise Refused(
                text(
                    "Om te beginnen zijn minstens {min} deelnemers nodig, en een "
                    "voorzitter die heeft toegezegd.",
                    min=MIN_TEAM,
                )
            )
        return toets

    def cancel(self, toets_id: str, user_id: int) -> Toets:
        toets = self.book.as_inviter(toets_id, user_id)
        self.book.fire(toets, "cancel")
        return toets
