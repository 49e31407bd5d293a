"""What goes into the core (events) and what comes out (steps to show), front-neutral."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from dialogs.texts import Text

EventKind = Literal["choice", "text", "command"]

# Commands every front offers, whatever they are called there (/overzicht, "overzicht", ...).
COMMANDS = ("scan", "overview", "pause", "back", "result")


@dataclass(frozen=True)
class Event:
    """Something the user did: picked an option, typed text, or gave a command."""

    kind: EventKind
    value: str
    # The step a choice belongs to (from the button); None when the front cannot know.
    seq: int | None = None
    # The front's own id of this event (a Telegram update id), when it may deliver the same
    # event twice (after a crash): an event whose ref was applied already is a replay.
    ref: str | None = None

    @classmethod
    def choice(cls, option: str, seq: int | None = None, ref: str | None = None) -> Event:
        return cls("choice", option, seq, ref)

    @classmethod
    def text(cls, value: str, ref: str | None = None) -> Event:
        return cls("text", value, ref=ref)

    @classmethod
    def command(cls, name: str, ref: str | None = None) -> Event:
        return cls("command", name, ref=ref)


@dataclass(frozen=True)
class Option:
    """A choice on screen: a button on Telegram, a numbered line in the terminal."""

    id: str
    label: Text
    row: int = 0


@dataclass(frozen=True)
class Step:
    """The screen the user should see now."""

    kind: str  # the dialogue state, e.g. "statement"
    seq: int
    body: tuple[Text, ...]
    options: tuple[Option, ...] = ()
    expects_text: bool = False


@dataclass
class Outcome:
    """The core's answer to one event: short notices, then the current step."""

    step: Step
    notices: list[Text] = field(default_factory=list)
    saved: bool = False  # the event changed stored data, and it is on disk
    stale: bool = False  # a button from an earlier step
    duplicate: bool = False  # the same button tapped twice: already handled, ignore quietly
    replayed: bool = False  # the same event delivered again (Event.ref): redraw, change nothing
    advanced: bool = False  # the step changed (a front may edit the old message in place)
    finished: bool = False  # this event finished the scan: time for the diagnosis
    # A finished scan's diagnosis has not been delivered yet (a crash came between the save
    # and the sending): the front sends it now and then calls ScanService.result_delivered.
    result_pending: bool = False
    locale: str = "nl"
