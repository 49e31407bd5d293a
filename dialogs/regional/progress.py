"""Where a coordinator stands, as seen by regional staff: one small index entry per user.

A coordinator belongs to the veiligheidsregio of their profile's municipality; before they
have a profile, to the region of the regional invite they arrived with. The entry holds only
what staff need to select and count: status, position, consents, reachability, and the
scores of the latest finished scan (for regional aggregates, never shown per municipality
without the peer consent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from dialogs.model import User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.peers.demo import is_demo
from dialogs.privacy.consents import PEER_LISTING, REMINDERS, is_given
from dialogs.results.scoring import score_scan
from dialogs.scan.content import Content

NOT_STARTED, IN_PROGRESS, FINISHED = "not_started", "in_progress", "finished"
STATUSES = (NOT_STARTED, IN_PROGRESS, FINISHED)


def reminders_on(user: User) -> bool:
    return is_given(user, REMINDERS)


def gemeente_of(user: User) -> str | None:
    """The municipality the user scans for: the profile's, else the current scan's."""
    code = user.profile.get("gemeente")
    if isinstance(code, str) and code:
        return code
    return user.current.gemeente if user.current else None


def region_of(
    user: User, registry: MunicipalityRegistry, invite_region: Callable[[str], str | None]
) -> str | None:
    """The veiligheidsregio the user belongs to, or None: also for demo users and local
    terminal users (id 0 or below), as staff see and reach real Telegram users only."""
    if is_demo(user) or user.user_id <= 0:
        return None
    code = gemeente_of(user)
    if code:
        m = registry.get(code)
        return m.vr_code if m else None
    return invite_region(user.invite) if user.invite else None


@dataclass(frozen=True, slots=True)  # ~100,000 of them in memory: no __dict__ each
class IndexEntry:
    user_id: int
    gemeente: str | None
    status: str
    knelpunt: int | None  # 1-based position of an unfinished scan (None: not at the statements)
    finished: str | None  # when the latest finished scan was finished
    reminders: bool
    active: bool  # False once Telegram refused delivery (blocked, deleted account)
    peer: bool  # opted in as a peer: may be named with scores
    scores: tuple[float | None, ...] | None  # latest finished scan, per knelpunt (None: no view)
    demo: bool = False

    def to_doc(self) -> dict[str, Any]:
        # Field by field: dataclasses.asdict deep-copies and took 20 us per entry, which made
        # writing a shard of 30 entries cost 0.7 ms at every change (bench finding 7).
        doc = {name: getattr(self, name) for name in _DOC_FIELDS}
        doc["scores"] = list(self.scores) if self.scores is not None else None
        return doc

    @classmethod
    def from_doc(cls, user_id: int, doc: dict[str, Any]) -> IndexEntry:
        known = {f for f in cls.__dataclass_fields__} - {"user_id"}
        data = {k: v for k, v in doc.items() if k in known}
        scores = data.get("scores")
        data["scores"] = tuple(scores) if scores is not None else None
        return cls(user_id=user_id, **data)


_DOC_FIELDS = tuple(f.name for f in fields(IndexEntry) if f.name != "user_id")


def entry_for(user: User, content: Content) -> IndexEntry:
    """The index entry of a user, from their stored document."""
    scan = user.current
    last = user.finished[-1] if user.finished else None
    knelpunt = None
    if scan is not None:
        status = IN_PROGRESS
        if scan.knelpunt and scan.knelpunt in {k.id for k in content.knelpunten}:
            knelpunt = content.index_of(scan.knelpunt) + 1
    else:
        status = FINISHED if last is not None else NOT_STARTED
    scores = None
    if last is not None:
        scores = tuple(
            None if s.insufficient_view else round(s.score or 0.0, 4)
            for s in score_scan(last, content)
        )
    return IndexEntry(
        user_id=user.user_id,
        gemeente=gemeente_of(user),
        status=status,
        knelpunt=knelpunt,
        finished=(last.finished or last.started) if last is not None else None,
        reminders=reminders_on(user),
        active=user.inactive is None,
        peer=is_given(user, PEER_LISTING),
        scores=scores,
        demo=bool(last.demo) if last is not None else False,
    )
