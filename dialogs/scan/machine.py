"""The scan's dialogue, declared once as a `transitions` state machine.

One :class:`~transitions.Machine` is shared by every user: per event the engine adds the user's
:class:`ScanSession` with its stored state, fires one trigger and removes it again, so memory
does not grow with the number of coordinators. Where in the scan a user is (which knelpunt and
statement) is data on the scan, not a state: the states are the kinds of screen.
"""

from __future__ import annotations

from typing import Any

from transitions import Machine

STATES = (
    "idle",  # no scan in progress (new user, or the last scan was finished)
    "intro",
    "municipality",
    "role",
    "statement",
    "note",
    "overview",
    "overview_knelpunt",
    "edit",
    "edit_note",
    "paused",
)
RESUMABLE = tuple(s for s in STATES if s not in ("idle", "paused"))
WALK = ("statement", "note")
EDITING = ("overview_knelpunt", "edit", "edit_note")


def _paused_in(state: str) -> Any:
    return lambda event: event.model.user.paused_from == state


def _transitions() -> list[dict[str, Any]]:
    moves: list[dict[str, Any]] = [
        {"trigger": "begin", "source": "idle", "dest": "intro", "before": "new_scan"},
        {"trigger": "confirm", "source": "intro", "dest": "municipality"},
        {
            "trigger": "pick_municipality",
            "source": "municipality",
            "dest": "role",
            "before": "set_municipality",
        },
        {"trigger": "pick_role", "source": "role", "dest": "statement", "before": "set_role"},
        # Order matters below: the first transition whose conditions hold is taken.
        {
            "trigger": "back",
            "source": "statement",
            "dest": "statement",
            "conditions": "has_prev_statement",
            "before": "to_prev_statement",
        },
        {
            "trigger": "back",
            "source": "statement",
            "dest": "note",
            "conditions": "has_prev_knelpunt",
            "before": "to_prev_note",
        },
        {"trigger": "back", "source": "statement", "dest": "role"},
        {"trigger": "back", "source": "note", "dest": "statement", "before": "to_last_statement"},
        {"trigger": "back", "source": "role", "dest": "municipality"},
        {"trigger": "back", "source": "municipality", "dest": "intro"},
        {"trigger": "back", "source": "overview_knelpunt", "dest": "overview"},
        {
            "trigger": "back",
            "source": ["edit", "edit_note"],
            "dest": "overview_knelpunt",
            "before": "focus_knelpunt",
        },
        {"trigger": "show_overview", "source": [*WALK, *EDITING], "dest": "overview"},
        {
            "trigger": "open_knelpunt",
            "source": "overview",
            "dest": "overview_knelpunt",
            "before": "set_focus",
        },
        {
            "trigger": "edit",
            "source": "overview_knelpunt",
            "dest": "edit",
            "before": "set_focus",
            "conditions": "focus_is_statement",
        },
        {"trigger": "edit_note", "source": "overview_knelpunt", "dest": "edit_note"},
        {
            "trigger": "answer",
            "source": "edit",
            "dest": "overview_knelpunt",
            "before": ["record_answer", "focus_knelpunt"],
        },
        {
            "trigger": "skip",
            "source": "edit",
            "dest": "overview_knelpunt",
            "before": ["record_skip", "focus_knelpunt"],
        },
        {
            "trigger": "write_note",
            "source": "edit_note",
            "dest": "overview_knelpunt",
            "before": "record_note",
        },
        {
            "trigger": "skip_note",
            "source": "edit_note",
            "dest": "overview_knelpunt",
            "before": "clear_note",
        },
        {
            "trigger": "continue_walk",
            "source": "overview",
            "dest": "statement",
            "conditions": "position_is_statement",
            "before": "to_position",
        },
        {
            "trigger": "continue_walk",
            "source": "overview",
            "dest": "note",
            "conditions": "position_is_note",
            "before": "to_position",
        },
        {
            "trigger": "finish",
            "source": "overview",
            "dest": "idle",
            "conditions": "is_complete",
            "before": "finish_scan",
        },
        {"trigger": "pause", "source": list(RESUMABLE), "dest": "paused", "before": "remember"},
    ]
    # Moving forward through the walk: answer, skip, note or no note. `advance` moves the
    # position to where `_next` points; the destination state is chosen by the same function.
    for trigger, record in (
        ("answer", "record_answer"),
        ("skip", "record_skip"),
        ("write_note", "record_note"),
        ("skip_note", None),
    ):
        source = "note" if trigger in ("write_note", "skip_note") else "statement"
        for dest in ("statement", "note", "overview"):
            before = [record, "advance"] if record else ["advance"]
            moves.append(
                {
                    "trigger": trigger,
                    "source": source,
                    "dest": dest,
                    "conditions": f"next_is_{dest}",
                    "before": before,
                }
            )
    moves += [
        {"trigger": "resume", "source": "paused", "dest": state, "conditions": _paused_in(state)}
        for state in RESUMABLE
    ]
    return moves


def build_machine() -> Machine:
    """The one machine for all users; models are added per event."""
    return Machine(
        model=None,
        states=list(STATES),
        transitions=_transitions(),
        initial="idle",
        auto_transitions=False,
        send_event=True,
    )
