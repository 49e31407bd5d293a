"""The plan document of one coordinator: their plans, each a list of measures, and the
dialogue's position. :class:`dialogs.plan.service.PlanService` is the only code that changes it.

Stored shape (plain JSON, one document per user)::

    {"schema": 1, "user_id": 1001, "seq": 12, "screen": {"kind": "overview", ...},
     "proposals": [...], "overview_sent": iso | null,
     "plans": [{"id": hex, "scan_id": hex, "gemeente": "GM0796", "created": iso,
                "measures": [{"id": hex, "knelpunt": "informatie", "title": str | null,
                              "proposal": msgid | null, "origin": {"kind": "advice", ...},
                              "owner": str | null, "due": "2027-03-15" | null,
                              "status": "gepland", "created": iso, "updated": iso,
                              "history": [{"at": iso, "what": "status", "from": .., "to": ..}],
                              "reminded": ["week:2027-03-15", "due:2027-03-15"]}]}]}
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from dialogs.texts import N_, Text, text, verbatim

SCHEMA = 1

GEPLAND, BEZIG, AFGEROND, VERVALLEN = "gepland", "bezig", "afgerond", "vervallen"
STATUSES = (GEPLAND, BEZIG, AFGEROND, VERVALLEN)
OPEN_STATUSES = (GEPLAND, BEZIG)
STATUS_LABELS = {
    GEPLAND: N_("gepland"),
    BEZIG: N_("bezig"),
    AFGEROND: N_("afgerond"),
    VERVALLEN: N_("vervallen"),
}

# Where a measure came from: an advice of the diagnosis, a peer's good practice, a
# recommendation of a collegiale toets, or the coordinator's own idea.
ORIGIN_KINDS = ("advice", "peer", "toets", "own")

MAX_TITLE = 120  # characters of a measure title
MAX_OWNER = 80  # characters of an owner ("wethouder OOV", "team Veiligheid")
MAX_MEASURES = 40  # per plan: a plan for a college, not a task list
HISTORY_KEPT = 20  # changes remembered per measure


def new_id() -> str:
    return secrets.token_hex(3)


@dataclass
class Measure:
    id: str
    knelpunt: str
    origin: dict[str, Any]
    created: str
    title: str | None = None  # typed by the coordinator (or edited)
    proposal: str | None = None  # the msgid of an adopted, unedited proposal title
    owner: str | None = None
    due: str | None = None  # ISO date, Europe/Amsterdam
    status: str = GEPLAND
    updated: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def title_text(self) -> Text:
        """The title to show: the coordinator's own words, or the proposal in the reader's
        language."""
        if self.title is not None:
            return verbatim(self.title)
        return text(self.proposal or "")

    def change(self, what: str, new: Any, now: str) -> bool:
        """Set one field and remember the change; False when nothing changed."""
        old = getattr(self, what)
        if old == new:
            return False
        setattr(self, what, new)
        self.updated = now
        self.history.append({"at": now, "what": what, "from": old, "to": new})
        del self.history[:-HISTORY_KEPT]
        return True

    def completed_at(self) -> str | None:
        """When the measure was (last) marked afgerond, if it is."""
        if self.status != AFGEROND:
            return None
        done = [h["at"] for h in self.history if h["what"] == "status" and h["to"] == AFGEROND]
        return done[-1] if done else self.updated or self.created

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "knelpunt": self.knelpunt,
            "title": self.title,
            "proposal": self.proposal,
            "origin": dict(self.origin),
            "owner": self.owner,
            "due": self.due,
            "status": self.status,
            "created": self.created,
            "updated": self.updated,
            "history": [dict(h) for h in self.history],
            "reminded": list(self.reminded),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Measure:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in doc.items() if k in known})


@dataclass
class Plan:
    id: str
    created: str
    scan_id: str | None = None
    gemeente: str | None = None
    measures: list[Measure] = field(default_factory=list)

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def open_measures(self) -> list[Measure]:
        return [m for m in self.measures if m.is_open]

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created": self.created,
            "scan_id": self.scan_id,
            "gemeente": self.gemeente,
            "measures": [m.to_doc() for m in self.measures],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Plan:
        return cls(
            id=doc["id"],
            created=doc["created"],
            scan_id=doc.get("scan_id"),
            gemeente=doc.get("gemeente"),
            measures=[Measure.from_doc(m) for m in doc.get("measures", [])],
        )


@dataclass
class PlanDocument:
    """Everything stored about one coordinator's plans."""

    user_id: int
    plans: list[Plan] = field(default_factory=list)
    seq: int = 0  # increases with every screen: buttons carry it to recognise stale taps
    screen: dict[str, Any] = field(default_factory=dict)
    proposals: list[dict[str, Any]] = field(default_factory=list)  # on offer, in order
    overview_sent: str | None = None  # the last monthly overview

    @property
    def current(self) -> Plan | None:
        return self.plans[-1] if self.plans else None

    def all_measures(self) -> list[Measure]:
        return [m for p in self.plans for m in p.measures]

    def find(self, measure_id: str) -> Measure | None:
        """A measure of the current plan (earlier plans are history)."""
        plan = self.current
        return plan.measure(measure_id) if plan else None

    def to_doc(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "user_id": self.user_id,
            "seq": self.seq,
            "screen": dict(self.screen),
            "proposals": [dict(p) for p in self.proposals],
            "overview_sent": self.overview_sent,
            "plans": [p.to_doc() for p in self.plans],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> PlanDocument:
        return cls(
            user_id=int(doc["user_id"]),
            plans=[Plan.from_doc(p) for p in doc.get("plans", [])],
            seq=int(doc.get("seq", 0)),
            screen=dict(doc.get("screen") or {}),
            proposals=[dict(p) for p in doc.get("proposals", [])],
            overview_sent=doc.get("overview_sent"),
        )
