"""The model the scan's state machine drives: one user's document during one event.

The machine (:mod:`dialogs.scan.machine`) declares the states and moves; the conditions and
callbacks it names are the methods here. They read and change the :class:`User` and the scan
in progress, never anything else, so a trigger is a pure change of one document.
"""

from __future__ import annotations

from collections.abc import Callable

from transitions import EventData

from dialogs.model import SKIPPED, Scan, User
from dialogs.scan.content import Content


class ScanSession:
    """The model the machine drives: one user's stored document during one event."""

    # Set by the machine while the session is added to it.
    state: str
    trigger: Callable[..., bool]

    def __init__(self, user: User, content: Content, now: str) -> None:
        self.user = user
        self.content = content
        self.now = now

    @property
    def scan(self) -> Scan:
        if self.user.current is None:
            raise RuntimeError(f"state {self.user.state} needs a scan in progress")
        return self.user.current

    # --- where the walk goes next -------------------------------------------------------
    def _order(self) -> list[str]:
        return [s.id for s in self.content.statements]

    def _first_unseen(self, exclude: str | None = None) -> str | None:
        for sid in self._order():
            if sid != exclude and self.scan.value(sid) is None:
                return sid
        return None

    def _next(self) -> tuple[str, str | None, str | None]:
        """(state, knelpunt, statement) after the current step is done."""
        scan = self.scan
        k = self.content.knelpunt(scan.knelpunt or self.content.knelpunten[0].id)
        ids = [s.id for s in k.statements]
        last_k = k.id == self.content.knelpunten[-1].id
        if scan.statement is not None and not scan.reached_end:
            i = ids.index(scan.statement)
            if i + 1 < len(ids):
                return "statement", k.id, ids[i + 1]
            return "note", k.id, None
        if scan.statement is None and not scan.reached_end and not last_k:
            nxt = self.content.knelpunten[self.content.index_of(k.id) + 1]
            return "statement", nxt.id, nxt.statements[0].id
        # End of the walk (or filling the gaps after it): the first unanswered statement.
        gap = self._first_unseen(exclude=scan.statement)
        if gap is None:
            return "overview", scan.knelpunt, scan.statement
        return "statement", gap.split(".")[0], gap

    def next_is_statement(self, event: EventData) -> bool:
        return self._next()[0] == "statement"

    def next_is_note(self, event: EventData) -> bool:
        return self._next()[0] == "note"

    def next_is_overview(self, event: EventData) -> bool:
        return self._next()[0] == "overview"

    def advance(self, event: EventData) -> None:
        _, knelpunt, statement = self._next()
        if self._leaving_last_note():
            self.scan.reached_end = True
        self.scan.knelpunt, self.scan.statement = knelpunt, statement

    def _leaving_last_note(self) -> bool:
        return self.scan.statement is None and self.scan.knelpunt == self.content.knelpunten[-1].id

    # --- going back ---------------------------------------------------------------------
    def _statement_ids(self) -> list[str]:
        return [s.id for s in self.content.knelpunt(self.scan.knelpunt or "").statements]

    def has_prev_statement(self, event: EventData) -> bool:
        return self._statement_ids().index(self.scan.statement or "") > 0

    def has_prev_knelpunt(self, event: EventData) -> bool:
        return self.content.index_of(self.scan.knelpunt or "") > 0

    def to_prev_statement(self, event: EventData) -> None:
        ids = self._statement_ids()
        self.scan.statement = ids[ids.index(self.scan.statement or "") - 1]

    def to_prev_note(self, event: EventData) -> None:
        i = self.content.index_of(self.scan.knelpunt or "")
        self.scan.knelpunt, self.scan.statement = self.content.knelpunten[i - 1].id, None

    def to_last_statement(self, event: EventData) -> None:
        self.scan.statement = self._statement_ids()[-1]

    # --- profile ------------------------------------------------------------------------
    def new_scan(self, event: EventData) -> None:
        self.user.current = Scan.new(self.content.version, self.now)
        self.user.current.demo = bool(self.user.profile.get("demo"))  # a demo user's scans
        self.user.suggestions = []

    def set_municipality(self, event: EventData) -> None:
        code = event.kwargs["code"]
        self.scan.gemeente = self.user.profile["gemeente"] = code
        self.user.suggestions = []

    def set_role(self, event: EventData) -> None:
        self.scan.role = self.user.profile["role"] = event.kwargs["role"]
        first = self.content.knelpunten[0]
        self.scan.knelpunt, self.scan.statement = first.id, first.statements[0].id

    # --- answers and notes --------------------------------------------------------------
    def _target(self) -> str:
        if self.state == "edit":
            return self.user.focus or ""
        return self.scan.statement or ""

    def record_answer(self, event: EventData) -> None:
        self.scan.set_answer(self._target(), event.kwargs["value"], self.now)

    def record_skip(self, event: EventData) -> None:
        self.scan.set_answer(self._target(), SKIPPED, self.now)

    def record_note(self, event: EventData) -> None:
        knelpunt = self.user.focus if self.state == "edit_note" else self.scan.knelpunt
        self.scan.set_note(knelpunt or "", event.kwargs["text"], self.now)

    def clear_note(self, event: EventData) -> None:
        self.scan.set_note(self.user.focus or "", None, self.now)

    # --- overview -----------------------------------------------------------------------
    def set_focus(self, event: EventData) -> None:
        self.user.focus = event.kwargs["target"]

    def focus_is_statement(self, event: EventData) -> bool:
        return self.content.statement(event.kwargs["target"]) is not None

    def focus_knelpunt(self, event: EventData) -> None:
        self.user.focus = (self.user.focus or "").split(".")[0]

    def position_is_statement(self, event: EventData) -> bool:
        return self._continue_target()[1] is not None

    def position_is_note(self, event: EventData) -> bool:
        return not self.scan.reached_end and self.scan.statement is None

    def _continue_target(self) -> tuple[str | None, str | None]:
        if self.scan.reached_end:
            gap = self._first_unseen()
            return (None, None) if gap is None else (gap.split(".")[0], gap)
        return self.scan.knelpunt, self.scan.statement

    def to_position(self, event: EventData) -> None:
        self.scan.knelpunt, self.scan.statement = self._continue_target()

    def is_complete(self, event: EventData) -> bool:
        return self.scan.reached_end and self._first_unseen() is None

    def finish_scan(self, event: EventData) -> None:
        self.scan.finished = self.now
        self.user.finished.append(self.scan)
        self.user.result_pending = self.scan.id  # saved with the finish: see User
        self.user.current = None
        self.user.focus = None

    def remember(self, event: EventData) -> None:
        assert event.transition is not None
        self.user.paused_from = event.transition.source
