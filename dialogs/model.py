"""The stored shape of a coordinator and their scans, as typed objects over plain JSON.

A user document (one per Telegram or terminal user) holds the dialogue state, the scan in
progress and every finished scan. Finished scans are history: nothing changes them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from typing import Any

# Answer values besides the 1-5 scale.
DONT_KNOW = "dk"
SKIPPED = "skip"
SCALE = (1, 2, 3, 4, 5)
AnswerValue = int | str

HISTORY_PER_ITEM = 10  # earlier values kept per statement or note: a small history
RECENT_REFS = 8  # front event ids remembered per user, to recognise a replayed event


def _copy(value: Any) -> Any:
    """A deep copy of plain JSON-shaped data. ``to_doc`` runs three times per tap, and
    ``dataclasses.asdict`` (deepcopy underneath) took ten times as long (bench/README.md)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_copy(item) for item in value)
    return value


@dataclass
class Scan:
    """One self-assessment of one municipality, in progress or finished."""

    id: str
    started: str
    content_version: str
    gemeente: str | None = None
    role: str | None = None
    finished: str | None = None
    # Position of the walk: a statement id, or None at the note step of `knelpunt`.
    knelpunt: str | None = None
    statement: str | None = None
    reached_end: bool = False
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    # Answers to statements that a content update removed: kept for the record, not scored.
    dropped: dict[str, dict[str, Any]] = field(default_factory=dict)
    demo: bool = False

    @classmethod
    def new(cls, content_version: str, now: str) -> Scan:
        return cls(id=uuid.uuid4().hex[:12], started=now, content_version=content_version)

    def value(self, statement_id: str) -> AnswerValue | None:
        entry = self.answers.get(statement_id)
        return None if entry is None else entry["value"]

    def note(self, knelpunt_id: str) -> str | None:
        entry = self.notes.get(knelpunt_id)
        return None if entry is None else entry["text"]

    def set_answer(self, statement_id: str, value: AnswerValue, now: str) -> None:
        old = self.value(statement_id)
        if old is not None and old != value:
            self._remember("statement", statement_id, old, value, now)
        self.answers[statement_id] = {"value": value, "at": now}

    def set_note(self, knelpunt_id: str, text: str | None, now: str) -> None:
        old = self.note(knelpunt_id)
        if old is not None and old != text:
            self._remember("note", knelpunt_id, old, text, now)
        if text is None:
            self.notes.pop(knelpunt_id, None)
        else:
            self.notes[knelpunt_id] = {"text": text, "at": now}

    def _remember(self, kind: str, item: str, old: Any, new: Any, now: str) -> None:
        self.history.append({"kind": kind, "id": item, "at": now, "from": old, "to": new})
        mine = [h for h in self.history if h["kind"] == kind and h["id"] == item]
        if len(mine) > HISTORY_PER_ITEM:
            self.history.remove(mine[0])

    def to_doc(self) -> dict[str, Any]:
        return {f.name: _copy(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Scan:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in doc.items() if k in known})


@dataclass
class User:
    """Everything stored about one user of the bot or the terminal chat."""

    user_id: int
    created: str
    updated: str
    locale: str = "nl"
    state: str = "idle"
    seq: int = 0  # increases with every new step; buttons carry it to recognise stale taps
    last_choice: list[Any] | None = None  # [seq, option] of the last accepted button
    profile: dict[str, Any] = field(default_factory=dict)
    invite: str | None = None
    current: Scan | None = None
    finished: list[Scan] = field(default_factory=list)
    consents: dict[str, Any] = field(default_factory=dict)
    # Dialogue scratch state that must survive a restart.
    paused_from: str | None = None
    focus: str | None = None  # knelpunt or statement chosen in the overview
    suggestions: list[str] = field(default_factory=list)  # municipality codes on offer
    # When Telegram last refused a message to this user (blocked the bot, deleted account);
    # None while reachable. Broadcasts skip inactive users; any new message clears it.
    inactive: str | None = None
    # The id of the finished scan whose diagnosis is not delivered yet (saved with the finish,
    # cleared once it is sent), so a crash in between never loses the result.
    result_pending: str | None = None
    # The front ids of the last events applied (see Event.ref), newest last.
    recent_refs: list[str] = field(default_factory=list)

    @classmethod
    def new(cls, user_id: int, now: str, locale: str = "nl") -> User:
        return cls(user_id=user_id, created=now, updated=now, locale=locale)

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "current":
                doc["current"] = self.current.to_doc() if self.current else None
            elif f.name == "finished":
                doc["finished"] = [s.to_doc() for s in self.finished]
            else:
                doc[f.name] = _copy(getattr(self, f.name))
        return doc

    def remember_ref(self, ref: str | None) -> None:
        if ref is not None and ref not in self.recent_refs:
            self.recent_refs = [*self.recent_refs, ref][-RECENT_REFS:]

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> User:
        known = {f for f in cls.__dataclass_fields__}
        data = {k: v for k, v in doc.items() if k in known}
        data["current"] = Scan.from_doc(doc["current"]) if doc.get("current") else None
        data["finished"] = [Scan.from_doc(s) for s in doc.get("finished", [])]
        return cls(**data)
