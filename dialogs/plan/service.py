"""The plan as a service: load a coordinator's plan document, change it, save it durably.

Every change is on disk before the method returns, so a front that confirms a change only
confirms what is stored. :meth:`PlanService.add_measure` is the entry point for other features
(the collegiale toets adds its recommendations as measures through it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.model import User
from dialogs.municipalities import Municipality, MunicipalityRegistry
from dialogs.peers.matching import RegisterEntry
from dialogs.plan.document import (
    MAX_MEASURES,
    MAX_OWNER,
    MAX_TITLE,
    ORIGIN_KINDS,
    STATUSES,
    Measure,
    Plan,
    PlanDocument,
    new_id,
)
from dialogs.plan.proposals import Proposal, propose
from dialogs.plan.regional import RegionPlans, region_plans
from dialogs.plan.store import PlanStore
from dialogs.regional.progress import IndexEntry
from dialogs.results.advice import AdviceRules
from dialogs.results.diagnosis import Diagnosis
from dialogs.scan.content import Content
from dialogs.scan.engine import clean_text
from dialogs.stores import StorageError
from dialogs.texts import Text, text

log = logging.getLogger(__name__)

TIMEZONE = ZoneInfo("Europe/Amsterdam")


class PlanError(ValueError):
    """A change the plan refuses; ``notice`` says why, in the user's terms."""

    def __init__(self, notice: Text) -> None:
        super().__init__(notice.msgid)
        self.notice = notice


def check_title(typed: str) -> str:
    """A measure title as stored, or :class:`PlanError` when empty or too long."""
    value = " ".join(clean_text(typed).split())
    if not value:
        raise PlanError(text("Typ een korte titel voor de maatregel."))
    if len(value) > MAX_TITLE:
        raise PlanError(
            text(
                "Die titel is {length} tekens; het maximum is {max}. Maak hem korter.",
                length=len(value),
                max=MAX_TITLE,
            )
        )
    return value


def check_owner(typed: str) -> str:
    value = " ".join(clean_text(typed).split())
    if not value:
        raise PlanError(text("Typ wie de maatregel trekt, bijvoorbeeld 'wethouder OOV'."))
    if len(value) > MAX_OWNER:
        raise PlanError(
            text(
                "Dat is {length} tekens; het maximum is {max}. Maak het korter.",
                length=len(value),
                max=MAX_OWNER,
            )
        )
    return value


class PlanService:
    """What the fronts (and other features) call to read and change plans."""

    def __init__(
        self,
        store: PlanStore,
        content: Content,
        rules: AdviceRules,
        registry: MunicipalityRegistry,
        clock: Callable[[], datetime],
        practices: Callable[[], list[RegisterEntry]] = list,
        user_of: Callable[[int], User | None] = lambda user_id: None,
    ) -> None:
        self.store = store
        self.content = content
        self.rules = rules
        self.registry = registry
        self.clock = clock
        self.practices = practices
        self.user_of = user_of
        # Called with the user id after every change the user made (their last activity).
        self.on_saved: list[Callable[[int], None]] = []

    # --- time ------------------------------------------------------------------------------
    def now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def today(self) -> date:
        return self.clock().astimezone(TIMEZONE).date()

    # --- the document ------------------------------------------------------------------------
    def document(self, user_id: int) -> PlanDocument:
        doc = self.store.load(user_id)
        return PlanDocument(user_id) if doc is None else PlanDocument.from_doc(doc)

    def readable(self, user_id: int) -> PlanDocument:
        """The document, or an empty one when it is damaged (logged by id): for overviews
        and the reminder job, where one damaged file must not stop the others."""
        try:
            return self.document(user_id)
        except StorageError:
            log.warning("plan document of user %s cannot be read; left out", user_id)
            return PlanDocument(user_id)

    def has_plan(self, user_id: int) -> bool:
        return bool(self.document(user_id).all_measures())

    def save(self, doc: PlanDocument, *, by_user: bool = True) -> None:
        """Write ``doc`` durably; a change the user made counts as their activity."""
        self.store.save(doc.user_id, doc.to_doc())
        if by_user:
            for listener in self.on_saved:
                listener(doc.user_id)

    def user_ids(self) -> list[int]:
        return self.store.user_ids()

    # --- plans ------------------------------------------------------------------------------
    def ensure_plan(self, doc: PlanDocument, user: User | None) -> Plan:
        """The current plan, or a new one for the user's latest finished scan."""
        if doc.current is not None:
            return doc.current
        scan = user.finished[-1] if user and user.finished else None
        plan = Plan(
            id=new_id(),
            created=self.now(),
            scan_id=scan.id if scan else None,
            gemeente=scan.gemeente if scan else (user.profile.get("gemeente") if user else None),
        )
        doc.plans.append(plan)
        return plan

    def needs_new_plan(self, doc: PlanDocument, user: User | None) -> bool:
        """Whether a scan finished after the current plan was made (time for a new plan)."""
        plan = doc.current
        if plan is None or user is None or not user.finished:
            return False
        latest = user.finished[-1]
        return latest.id != plan.scan_id and (latest.finished or "") > plan.created

    def new_plan(self, doc: PlanDocument, user: User, carry: bool) -> Plan:
        """A new plan for the latest scan; with ``carry`` the open measures move into it (the
        earlier plan keeps the finished ones, as history)."""
        old = doc.current
        doc.plans.append(Plan(id=new_id(), created=self.now()))
        plan = doc.plans[-1]
        scan = user.finished[-1]
        plan.scan_id, plan.gemeente = scan.id, scan.gemeente
        if carry and old is not None:
            for measure in old.open_measures():
                old.measures.remove(measure)
                measure.history.append({"at": self.now(), "what": "carried", "from": old.id})
                plan.measures.append(measure)
        return plan

    def municipality(self, doc: PlanDocument, user: User | None) -> Municipality | None:
        code = doc.current.gemeente if doc.current else None
        if code is None and user is not None and user.finished:
            code = user.finished[-1].gemeente
        return self.registry.get(code or "")

    # --- measures ------------------------------------------------------------------------------
    def add_measure(
        self,
        user_id: int,
        knelpunt: str,
        title: str,
        origin: dict[str, Any],
        *,
        owner: str | None = None,
        due: date | None = None,
        user: User | None = None,
    ) -> Measure:
        """Add a measure to the user's current plan (made if there is none) and save it.

        For other features: ``origin`` is e.g. ``{"kind": "toets", "toets_id": ...,
        "recommendation": ...}`` or ``{"kind": "own"}``. Raises :class:`PlanError` (a title too
        long, an unknown knelpunt, a full plan) and changes nothing then.
        """
        doc = self.document(user_id)
        user = user if user is not None else self.user_of(user_id)
        measure = self.new_measure(doc, user, knelpunt, origin, title=check_title(title))
        if owner is not None:
            measure.owner = check_owner(owner)
        if due is not None:
            measure.due = due.isoformat()
        self.save(doc)
        return measure

    def new_measure(
        self,
        doc: PlanDocument,
        user: User | None,
        knelpunt: str,
        origin: dict[str, Any],
        *,
        title: str | None = None,
        proposal: str | None = None,
    ) -> Measure:
        """A new measure in ``doc``'s current plan (not saved: the caller saves)."""
        if knelpunt not in {k.id for k in self.content.knelpunten}:
            raise PlanError(text("Dat knelpunt ken ik niet."))
        if origin.get("kind") not in ORIGIN_KINDS:
            raise ValueError(f"unknown origin kind {origin.get('kind')!r}")
        plan = self.ensure_plan(doc, user)
        if len(plan.measures) >= MAX_MEASURES:
            raise PlanError(
                text(
                    "Uw plan heeft al {max} maatregelen. Verwijder er eerst een.", max=MAX_MEASURES
                )
            )
        now = self.now()
        measure = Measure(
            id=new_id(), knelpunt=knelpunt, origin=dict(origin), created=now, updated=now,
            title=title, proposal=proposal,
        )  # fmt: skip
        measure.history.append({"at": now, "what": "created", "from": None, "to": None})
        plan.measures.append(measure)
        return measure

    def set_status(self, measure: Measure, status: str) -> bool:
        if status not in STATUSES:
            raise ValueError(status)
        return measure.change("status", status, self.now())

    def set_due(self, measure: Measure, due: date) -> bool:
        return measure.change("due", due.isoformat(), self.now())

    def set_owner(self, measure: Measure, typed: str) -> bool:
        return measure.change("owner", check_owner(typed), self.now())

    def set_title(self, measure: Measure, typed: str) -> bool:
        title = check_title(typed)
        changed = measure.change("title", title, self.now())
        measure.proposal = None
        return changed

    def remove(self, doc: PlanDocument, measure_id: str) -> bool:
        plan = doc.current
        measure = plan.measure(measure_id) if plan else None
        if plan is None or measure is None:
            return False
        plan.measures.remove(measure)
        return True

    # --- the region ------------------------------------------------------------------------
    def region_view(self, region: str, entries: Iterable[IndexEntry]) -> RegionPlans:
        """Plans of the region's municipalities, for staff (see :mod:`dialogs.plan.regional`)."""
        return region_plans(region, entries, self.readable, self.registry, self.content)

    # --- proposals ------------------------------------------------------------------------------
    def proposals(self, doc: PlanDocument, diagnosis: Diagnosis | None) -> list[Proposal]:
        """Proposals for the diagnosis' weak knelpunten, minus what the plan already holds."""
        if diagnosis is None:
            return []
        taken: list[str] = []
        for m in doc.current.measures if doc.current else []:
            taken += [m.origin.get("advice") or "", m.origin.get("url") or ""]
        return propose(
            [w.knelpunt for w in diagnosis.weakest],
            self.rules,
            diagnosis.municipality,
            self.practices(),
            self.registry,
            taken=[t for t in taken if t],
        )
