"""Buttons of the peer features: contact requests and the collegiale toets.

``q|<peer user>|<knelpunt>`` ask a peer for contact; ``a|<request>|y|n`` answer a request;
``r|new`` start a toets, ``r|t|<review>|<peer user>`` toggle an invitee, ``r|go|<review>``
send, ``r|x|<review>`` cancel; ``i|<review>|y|n`` answer an invitation. Ids in the data are
only claims: every handler checks them against the store and the sender.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.buttons.base import encode

_ID = r"(-?[0-9]{1,20})"
_KNELPUNT = r"([a-z]{3,20})"


@dataclass(frozen=True)
class PeerAction:
    kind: str  # ask, answer, new, toggle, send, cancel, invite_answer
    target: int = 0  # peer user id, request id or review id
    other: int = 0  # peer user id (toggle)
    knelpunt: str = ""
    yes: bool = False


_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^q\|{_ID}\|{_KNELPUNT}$"), "ask"),
    (re.compile(rf"^a\|{_ID}\|(y|n)$"), "answer"),
    (re.compile(r"^r\|new$"), "new"),
    (re.compile(rf"^r\|t\|{_ID}\|{_ID}$"), "toggle"),
    (re.compile(rf"^r\|go\|{_ID}$"), "send"),
    (re.compile(rf"^r\|x\|{_ID}$"), "cancel"),
    (re.compile(rf"^i\|{_ID}\|(y|n)$"), "invite_answer"),
]


def parse_peer(data: str) -> PeerAction | None:
    for pattern, kind in _FORMS:
        m = pattern.match(data)
        if not m:
            continue
        groups = m.groups()
        if kind == "ask":
            return PeerAction(kind, int(groups[0]), knelpunt=groups[1])
        if kind in ("answer", "invite_answer"):
            return PeerAction(kind, int(groups[0]), yes=groups[1] == "y")
        if kind == "toggle":
            return PeerAction(kind, int(groups[0]), int(groups[1]))
        if kind in ("send", "cancel"):
            return PeerAction(kind, int(groups[0]))
        return PeerAction(kind)
    return None


def ask(peer_user: int, knelpunt: str) -> str:
    return encode("q", peer_user, knelpunt)


def answer(request_id: int, yes: bool) -> str:
    return encode("a", request_id, "y" if yes else "n")


def new_review() -> str:
    return encode("r", "new")


def toggle(review_id: int, peer_user: int) -> str:
    return encode("r", "t", review_id, peer_user)


def send(review_id: int) -> str:
    return encode("r", "go", review_id)


def cancel(review_id: int) -> str:
    return encode("r", "x", review_id)


def invite_answer(review_id: int, yes: bool) -> str:
    return encode("i", review_id, "y" if yes else "n")


KINDS = dict.fromkeys(("q", "a", "r", "i"), parse_peer)
