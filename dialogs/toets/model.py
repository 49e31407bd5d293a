"""The stored shape of a collegiale toets, as typed objects over plain JSON.

One document per toets: the inviter, the team, the snapshot that was shared, the conversation
guide, the members' input, the chair's settled judgement and the report frozen at settling.
The vocabulary (states, member statuses, verdicts) lives here with the documents' owner.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

# Lifecycle states (dialogs.toets.machine). The last three are final.
DRAFT, INVITED, PREPARING, JUDGING, SETTLED = "draft", "invited", "preparing", "judging", "settled"
REPORTED, CANCELLED, EXPIRED = "reported", "cancelled", "expired"
STATES = (DRAFT, INVITED, PREPARING, JUDGING, SETTLED, REPORTED, CANCELLED, EXPIRED)
OPEN_STATES = (DRAFT, INVITED, PREPARING, JUDGING, SETTLED)
RUNNING = (INVITED, PREPARING, JUDGING, SETTLED)

# Members: a peer coordinator (invited from the consenting peers) or a person invited by link.
PEER, LINK = "peer", "link"
# Member statuses. A link slot is "open" until someone opens the link.
OPEN_SLOT, ASKED, IN, DECLINED, WITHDRAWN, ERASED = (
    "open",
    "asked",
    "in",
    "declined",
    "withdrawn",
    "erased",
)
# Verdicts on a self-score.
RECOGNISABLE, TOO_POSITIVE, TOO_NEGATIVE, NO_VERDICT = "h", "p", "n", "-"
VERDICTS = (RECOGNISABLE, TOO_POSITIVE, TOO_NEGATIVE)
# The chair: asked, accepted.
CHAIR_ASKED, CHAIR_YES = "asked", "yes"


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


@dataclass
class Member:
    index: int
    kind: str
    status: str
    user_id: int | None = None
    gemeente: str | None = None  # a peer's municipality (CBS code)
    name: str | None = None  # their Telegram name, given when they join
    token_hash: str | None = None  # a link slot: sha256 of the token, never the token
    token_created: str | None = None
    answered: str | None = None
    chair: str | None = None
    date_ok: bool | None = None
    # knelpunt -> {"verdict": h|p|n, "explanation": str | None, "at": iso}
    judgements: dict[str, dict[str, Any]] = field(default_factory=dict)
    # [{"id": "<member>.<n>", "knelpunt": k, "text": str, "at": iso}]
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    # Typed text this member is asked for: {"kind": "explain"|"recommend"|"team", "knelpunt": k}
    awaiting: dict[str, Any] | None = None
    cursor: str | None = None  # the knelpunt this member is judging
    rec_seq: int = 0

    @property
    def active(self) -> bool:
        return self.status == IN

    def to_doc(self) -> dict[str, Any]:
        return {f.name: _copy(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Member:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in doc.items() if k in known})


@dataclass
class Toets:
    id: str
    inviter: int
    gemeente: str | None
    scan_id: str
    created: str
    updated: str
    state: str = DRAFT
    state_since: str = ""
    inviter_name: str | None = None
    members: list[Member] = field(default_factory=list)
    share_notes: list[str] = field(default_factory=list)  # knelpunten whose note is shared
    share_plan: bool = False
    snapshot: dict[str, Any] | None = None  # what the team sees, frozen when sent
    guide: list[dict[str, Any]] = field(default_factory=list)
    date: dict[str, Any] | None = None  # {"at": iso, "proposed": iso, "reminded": iso|None}
    inviter_awaiting: dict[str, Any] | None = None  # {"kind": "date"}
    # The chair's settled judgement per knelpunt: {"verdict": v, "explanation": str | None}
    team: dict[str, dict[str, Any]] = field(default_factory=dict)
    excluded: list[str] = field(default_factory=list)  # recommendation ids the chair left out
    report: dict[str, Any] | None = None  # frozen when settled
    share_region: bool = False
    followup: str | None = None  # when the three-month follow-up was sent
    history: list[dict[str, Any]] = field(default_factory=list)

    def member(self, index: int) -> Member | None:
        return self.members[index] if 0 <= index < len(self.members) else None

    def member_of(self, user_id: int) -> Member | None:
        """The member entry of ``user_id`` (not a declined or erased one)."""
        for m in self.members:
            if m.user_id == user_id and m.status in (ASKED, IN, WITHDRAWN):
                return m
        return None

    def active(self) -> list[Member]:
        return [m for m in self.members if m.active]

    def peers(self) -> list[Member]:
        return [m for m in self.members if m.kind == PEER]

    def links(self) -> list[Member]:
        return [m for m in self.members if m.kind == LINK]

    def chair(self) -> Member | None:
        return next((m for m in self.members if m.chair and m.status in (ASKED, IN)), None)

    def confirmed_chair(self) -> Member | None:
        chair = self.chair()
        return chair if chair and chair.active and chair.chair == CHAIR_YES else None

    def involves(self, user_id: int) -> bool:
        return self.inviter == user_id or any(m.user_id == user_id for m in self.members)

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            doc[f.name] = [m.to_doc() for m in value] if f.name == "members" else _copy(value)
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Toets:
        known = set(cls.__dataclass_fields__)
        data = {k: v for k, v in doc.items() if k in known}
        data["members"] = [Member.from_doc(m) for m in doc.get("members", [])]
        return cls(**data)
