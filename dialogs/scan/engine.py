"""The scan engine: turns one user event into a state change and the next step to show."""

from __future__ import annotations

import unicodedata

from transitions import MachineError

from dialogs.model import DONT_KNOW, SCALE, AnswerValue, User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.scan.content import Content
from dialogs.scan.machine import build_machine
from dialogs.scan.screens import MAX_ROLE_LENGTH, ROLES, Screens
from dialogs.scan.session import ScanSession
from dialogs.scan.steps import Event, Outcome
from dialogs.scan.versions import reconcile
from dialogs.texts import Text, text, verbatim

MAX_NOTE_LENGTH = 1000
ECHO_LIMIT = 40  # at most this much of what a user typed is repeated back

# Options whose id is the trigger's name (or maps to it).
SIMPLE_OPTIONS = {
    "begin": "begin",
    "confirm": "confirm",
    "back": "back",
    "skip": "skip",
    "pause": "pause",
    "resume": "resume",
    "continue": "continue_walk",
    "finish": "finish",
    "skip_note": "skip_note",
    "edit_note": "edit_note",
}


def clean_text(raw: str) -> str:
    """Strip surrounding space and control characters (keeping line breaks)."""
    kept = (c for c in raw if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf"))
    return "".join(kept).strip()


def parse_answer(raw: str) -> AnswerValue | None:
    if raw == DONT_KNOW:
        return DONT_KNOW
    if raw.isdigit() and int(raw) in SCALE:
        return int(raw)
    return None


class ScanEngine:
    """Applies events to a :class:`User`; pure apart from the clock value it is given."""

    def __init__(self, content: Content, registry: MunicipalityRegistry) -> None:
        self.content = content
        self.registry = registry
        self.screens = Screens(content, registry)
        self._machine = build_machine()

    def handle(self, user: User, event: Event, now: str) -> Outcome:
        """Apply one event; a replayed one (its ``ref`` applied already) changes nothing."""
        before = user.to_doc()
        reconcile(user, self.content)
        if event.ref is not None and event.ref in user.recent_refs:  # replayed after a crash
            return self._outcome(user, before, now, duplicate=True, replayed=True)
        if event.kind == "choice" and event.seq is not None and event.seq != user.seq:
            if user.last_choice == [event.seq, event.value]:
                return self._outcome(user, before, now, duplicate=True)
            notice = text(
                "Deze knop hoort bij een eerdere vraag. Hieronder staat de huidige vraag."
            )
            return self._outcome(user, before, now, [notice], stale=True)
        notices: list[Text] = []
        session = ScanSession(user, self.content, now)
        self._machine.add_model(session, initial=user.state)
        try:
            moved = self._dispatch(session, event, notices)
            state = session.state
        finally:
            self._machine.remove_model(session)
        if moved:
            user.state = state
            user.last_choice = [user.seq, event.value] if event.kind == "choice" else None
            user.seq += 1
        if user.to_doc() != before:  # a ref is kept only with a change (nothing stored else)
            user.remember_ref(event.ref)
        finished = moved and state == "idle" and event.value == "finish"
        return self._outcome(user, before, now, notices, advanced=moved, finished=finished)

    def show(self, user: User) -> Outcome:
        """The current step, without changing anything stored."""
        reconcile(user, self.content)
        return Outcome(
            self.screens.render(user),
            locale=user.locale,
            result_pending=user.result_pending is not None,
        )

    def _outcome(
        self,
        user: User,
        before: dict[str, object],
        now: str,
        notices: list[Text] | None = None,
        **flags: bool,
    ) -> Outcome:
        changed = user.to_doc() != before
        if changed:
            user.updated = now
        return Outcome(
            self.screens.render(user),
            notices or [],
            saved=changed,
            locale=user.locale,
            result_pending=user.result_pending is not None,
            **flags,
        )

    # --- dispatch -------------------------------------------------------------------------
    def _dispatch(self, s: ScanSession, event: Event, notices: list[Text]) -> bool:
        if event.kind == "choice":
            return self._choice(s, event.value, notices)
        if event.kind == "text":
            return self._text(s, clean_text(event.value), notices)
        return self._command(s, event.value, notices)

    def _fire(self, s: ScanSession, trigger: str, notices: list[Text], **kwargs: object) -> bool:
        try:
            if s.trigger(trigger, **kwargs):
                return True
        except MachineError:
            pass
        notices.append(text("Dat kan op dit moment niet. Hieronder staat waar u nu bent."))
        return False

    def _choice(self, s: ScanSession, option: str, notices: list[Text]) -> bool:
        if option in SIMPLE_OPTIONS:
            return self._fire(s, SIMPLE_OPTIONS[option], notices)
        kind, _, arg = option.partition(":")
        if kind == "a" and (value := parse_answer(arg)) is not None:
            return self._fire(s, "answer", notices, value=value)
        if kind == "gm" and self.registry.get(arg) is not None:
            return self._fire(s, "pick_municipality", notices, code=arg)
        if kind == "role" and arg in ROLES:
            return self._fire(s, "pick_role", notices, role=arg)
        if kind == "k" and arg in {k.id for k in self.content.knelpunten}:
            return self._fire(s, "open_knelpunt", notices, target=arg)
        if kind == "e" and self.content.statement(arg) is not None:
            return self._fire(s, "edit", notices, target=arg)
        notices.append(text("Deze keuze ken ik niet. Hieronder staat de huidige vraag."))
        return False

    def _text(self, s: ScanSession, value: str, notices: list[Text]) -> bool:
        if s.state == "municipality":
            return self._municipality_text(s, value, notices)
        if s.state == "role":
            return self._role_text(s, value, notices)
        if s.state in ("note", "edit_note"):
            if not value:
                notices.append(
                    text("Uw toelichting is leeg. Typ een toelichting of kies een knop.")
                )
                return False
            if len(value) > MAX_NOTE_LENGTH:
                notices.append(
                    text(
                        "Uw toelichting is te lang: {length} tekens, terwijl er {max} passen. "
                        "Maak de tekst korter en stuur hem opnieuw.",
                        length=len(value),
                        max=MAX_NOTE_LENGTH,
                    )
                )
                return False
            return self._fire(s, "write_note", notices, text=value)
        notices.append(text("Kies een van de mogelijkheden bij de vraag hieronder."))
        return False

    def _municipality_text(self, s: ScanSession, value: str, notices: list[Text]) -> bool:
        result = self.registry.match(value)
        if result.exact is not None:
            return self._fire(s, "pick_municipality", notices, code=result.exact.code)
        s.user.suggestions = [m.code for m in result.suggestions]
        echo = verbatim(value[:ECHO_LIMIT])
        if result.suggestions:
            notices.append(
                text("Ik weet niet zeker welke gemeente u bedoelt met '{query}'.", query=echo)
            )
        else:
            notices.append(
                text(
                    "Ik vind geen gemeente die lijkt op '{query}'. Controleer de spelling en "
                    "typ de naam opnieuw.",
                    query=echo,
                )
            )
        return False

    def _role_text(self, s: ScanSession, value: str, notices: list[Text]) -> bool:
        if not value or len(value) > MAX_ROLE_LENGTH:
            notices.append(
                text(
                    "Typ uw functie in hooguit {max} tekens, of kies een knop.", max=MAX_ROLE_LENGTH
                )
            )
            return False
        known = {label.casefold(): role for role, label in ROLES.items()}
        return self._fire(s, "pick_role", notices, role=known.get(value.casefold(), value))

    def _command(self, s: ScanSession, name: str, notices: list[Text]) -> bool:
        if name == "scan":
            if s.state == "idle":
                return self._fire(s, "begin", notices)
            if s.state == "paused":
                return self._fire(s, "resume", notices)
            return False  # already in a scan: show where the user is
        if name == "overview":
            if s.state == "overview":
                return False
            if s.user.current is None or s.user.current.knelpunt is None:  # not at the statements
                notices.append(
                    text("Het overzicht komt beschikbaar zodra u bij de stellingen bent.")
                )
                return False
            if s.state == "paused":
                s.trigger("resume")
            return self._fire(s, "show_overview", notices)
        if name == "pause":
            if s.state in ("idle", "paused"):
                notices.append(text("Er is geen scan bezig die gepauzeerd kan worden."))
                return False
            return self._fire(s, "pause", notices)
        if name == "back":
            return self._fire(s, "back", notices)
        notices.append(text("Deze opdracht ken ik niet."))
        return False
