"""Buttons of the contact requests between coordinators.

``q|<peer user>|<knelpunt>`` ask a peer for contact; ``a|<request>|y|n`` answer a request.
Ids in the data are only claims: every handler checks them against the store and the sender.
The collegiale toets (``r``, ``i``, ``t``) has its own module, :mod:`bot.buttons.toets`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.buttons.base import encode

_ID = r"(-?[0-9]{1,20})"
_KNELPUNT = r"([a-z]{3,20})"


@dataclass(frozen=True)
class PeerAction:
    kind: str  # ask, answer
    target: int = 0  # peer user id or request id
    knelpunt: str = ""
    yes: bool = False


_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^q\|{_ID}\|{_KNELPUNT}$"), "ask"),
    (re.compile(rf"^a\|{_ID}\|(y|n)$"), "answer"),
]


def parse_peer(data: str) -> PeerAction | None:
    for pattern, kind in _FORMS:
        m = pattern.match(data)
        if not m:
            continue
        groups = m.groups()
        if kind == "ask":
            return PeerAction(kind, int(groups[0]), knelpunt=groups[1])
        return PeerAction(kind, int(groups[0]), yes=groups[1] == "y")
    return None


def ask(peer_user: int, knelpunt: str) -> str:
    return encode("q", peer_user, knelpunt)


def answer(request_id: int, yes: bool) -> str:
    return encode("a", request_id, "y" if yes else "n")


KINDS = dict.fromkeys(("q", "a"), parse_peer)
