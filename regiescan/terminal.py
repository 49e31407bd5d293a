"""The terminal chat: the same scan as on Telegram, with numbered choices and typed commands.

Lines are wrapped at word boundaries to the terminal's width. After the scan is finished the
diagnosis comes first, then (once) the question whether the municipality may be shown as a
peer, then the end menu: look at the result again, start a new scan, or stop.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from typing import TextIO

from dialogs.model import SCALE
from dialogs.plan.loop import progress_texts
from dialogs.scan.screens import ANSWER_LABELS
from dialogs.scan.steps import Event, Option, Outcome, Step
from dialogs.texts import N_, Text, joined, text, verbatim
from regiescan.renderers.radar_chart import diagnosis_chart
from regiescan.terminal_plan import overdue_notices, plan_line
from regiescan.terminal_rights import Rights, terminal_words
from regiescan.wiring.i18n import Translator
from regiescan.wiring.services import Services
from storage.atomic import atomic_write_bytes, ensure_dir

# Typed commands, in both languages, to the core's command names.
COMMANDS: dict[str, str] = {
    "terug": "back",
    "vorige": "back",
    "back": "back",
    "pauze": "pause",
    "pause": "pause",
    "overzicht": "overview",
    "overview": "overview",
    "scan": "scan",
    "verder": "scan",
    "continue": "scan",
    "resultaat": "result",
    "result": "result",
}
QUIT = ("stop", "exit", "quit", "afsluiten")
HELP = ("help", "hulp", "?")
LANGUAGE = ("taal", "language")
PLAN = ("plan", "verbeterplan")
MAX_WIDTH = 100  # characters per line, however wide the terminal
# The end menu's own options, after the core's "Nieuwe scan beginnen".
RESULT, QUIT_OPTION = "term:result", "term:quit"

HELP_TEXT = (
    N_("Typ het nummer van uw keuze, of een opdracht:"),
    N_("  terug      naar de vorige vraag"),
    N_("  overzicht  uw antwoorden tot nu toe, om er een te wijzigen"),
    N_("  pauze      de scan pauzeren"),
    N_("  resultaat  de uitkomst van uw laatste afgeronde scan"),
    N_("  plan       uw verbeterplan: maatregelen met trekker en datum"),
    N_("  taal en    English (taal nl: Nederlands)"),
    N_("  privacy    wat er met uw gegevens gebeurt (ook: mijngegevens, vergeetmij, toestemming)"),
    N_("  stop       opslaan en afsluiten"),
    N_("Elk antwoord wordt direct bewaard."),
)


def restart_hint() -> str:
    """How to start the chat again from here: `regiescan chat` only when it is on PATH."""
    return "regiescan chat" if shutil.which("regiescan") else "make chat"


class TerminalChat:
    """Reads lines from ``stdin``, writes the dialogue to ``stdout``; one user per session."""

    def __init__(
        self,
        services: Services,
        user_id: int,
        stdin: TextIO,
        stdout: TextIO,
        is_tty: Callable[[], bool] | None = None,
    ) -> None:
        self.services = services
        self.user_id = user_id
        self.stdin = stdin
        self.stdout = stdout
        self.is_tty = is_tty or (lambda: stdin.isatty())
        self.in_plan = False  # the plan's screens are shown instead of the scan's
        self.rights = Rights(services, user_id, self._say, self._read)
        self._shown: tuple[str, int] | None = None  # (kind, seq) of the step last shown whole

    @property
    def _t(self) -> Translator:
        return self.services.translators.get(self.services.scans.locale(self.user_id))

    def _width(self) -> int:
        return min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH)

    def _write(self, lines: list[str]) -> None:
        """Write lines wrapped at word boundaries (an indented line keeps its indent)."""
        width, out = self._width(), []
        # A text may hold several lines: wrap each on its own (textwrap would join them).
        for line in (part for whole in lines for part in terminal_words(whole).split("\n")):
            if len(line) <= width:
                out.append(line)
                continue
            indent = " " * (
                len(line) - len(line.lstrip()) + (2 if line.lstrip()[:1] in "•-" else 0)
            )
            out += textwrap.wrap(
                line,
                width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        self.stdout.write("\n".join(out) + "\n")
        self.stdout.flush()

    def _say(self, *lines: Text | str) -> None:
        """Write translated lines; an empty string is a blank line."""
        self._write([self._t(line) if line else "" for line in lines])

    def _read(self) -> str:
        self.stdout.write("> ")
        self.stdout.flush()
        return self.stdin.readline()

    def run(self) -> int:
        """The chat loop; returns the process exit status."""
        try:
            outcome = self.services.scans.show(self.user_id)
            self._say(*overdue_notices(self.services.plans, self.user_id))
            self._render(outcome)
            if outcome.result_pending:  # finished just before the last stop: show it now
                self._show_result()
                outcome = self.services.scans.show(self.user_id)
            while True:
                line = self._read()
                if line == "":  # end of input (Ctrl-D)
                    if not self.is_tty():
                        self._say(
                            text("Einde van de invoer. Uw antwoorden zijn bewaard. Tot ziens.")
                        )
                        return 0
                    self._say(text("Typ 'stop' om af te sluiten. Uw antwoorden zijn bewaard."))
                    self._render(self.services.scans.show(self.user_id))
                    continue
                next_outcome = self._handle(line.strip(), outcome.step)
                if next_outcome is None:
                    return 0
                outcome = next_outcome
                if outcome.finished or outcome.result_pending:
                    # The diagnosis first, the end menu after it.
                    self._render(outcome, notices_only=True)
                    self._show_result()
                    self.rights.ask_peer_listing()
                    outcome = self.services.scans.show(self.user_id)
                self._render(outcome)
        except KeyboardInterrupt:
            self.stdout.write("\n")
            self._say(
                text(
                    "Gestopt. Uw antwoorden zijn bewaard; met '{command}' gaat u verder.",
                    command=verbatim(restart_hint()),
                )
            )
            return 0

    def _options(self, step: Step) -> tuple[Option, ...]:
        """The step's options, and on the end menu also "Uitkomst bekijken" and "Afsluiten"."""
        user = self.services.scans.user(self.user_id)
        if step.kind != "idle" or user is None or not user.finished:
            return step.options
        extra = (Option(RESULT, text("Uitkomst bekijken")), Option(QUIT_OPTION, text("Afsluiten")))
        return (*extra[:1], *step.options, *extra[1:])

    def _handle(self, line: str, shown: Step) -> Outcome | None:
        """One typed line, read under the step ``shown``, to an outcome; None means: quit."""
        scans = self.services.scans
        word, _, rest = line.casefold().partition(" ")
        if word in PLAN and not rest:
            return self._plan(self.services.plan_dialog.start(self.user_id))
        if self.in_plan:  # ``shown`` is the plan's screen
            outcome = plan_line(self.services.plan_dialog, self.user_id, line, shown)
            if outcome is not None:
                return self._plan(outcome)
            self.in_plan = False  # any other command leaves the plan
            self.services.plan_dialog.release(self.user_id)
        step = scans.show(self.user_id).step
        options = self._options(step)
        if not line:
            return self._again(
                text("Typ een nummer of een opdracht. Met 'help' ziet u de opdrachten.")
            )
        if line.isdigit():
            n = int(line)
            if 1 <= n <= len(options):
                chosen = options[n - 1].id
                if chosen == QUIT_OPTION:
                    word, rest = "stop", ""
                elif chosen == RESULT:
                    word, rest = "resultaat", ""
                else:
                    return scans.handle(self.user_id, Event.choice(chosen, step.seq))
            elif not step.expects_text:
                return self._again(self._pick(len(options)))
        if word in QUIT and not rest:
            self._say(text("Uw antwoorden zijn bewaard. Tot ziens."))
            return None
        if word in HELP and not rest:
            return self._again(joined(*map(text, HELP_TEXT)))
        if word in LANGUAGE:
            if rest.strip() in ("nl", "en"):
                return scans.set_locale(self.user_id, rest.strip())
            return self._again(text("Kies de taal met 'taal nl' of 'taal en'."))
        done = self.rights.handle(word.lstrip("/"), rest.strip())
        if done is None:  # everything erased: nothing left to continue
            return None
        if done:
            return scans.show(self.user_id)
        if COMMANDS.get(word) == "result" and not rest:
            if not self._show_result():
                return self._again(text("U heeft nog geen afgeronde scan."))
            return scans.show(self.user_id)
        if word in COMMANDS and not rest:
            return scans.handle(self.user_id, Event.command(COMMANDS[word]))
        if step.expects_text:
            return scans.handle(self.user_id, Event.text(line))
        return self._again(
            text(
                "Dat begrijp ik niet. Typ een nummer van 1 tot en met {max}, of 'help'.",
                max=len(options),
            )
        )

    def _plan(self, outcome: Outcome) -> Outcome:
        """Show the plan's screens until one has nothing to choose (closed), then the scan."""
        self.in_plan = bool(outcome.step.options)
        if self.in_plan:
            return outcome
        self._render(outcome)
        return self.services.scans.show(self.user_id)

    @staticmethod
    def _pick(count: int) -> Text:
        if count == 1:
            return text("Typ 1 of een opdracht. Met 'help' ziet u de opdrachten.")
        return text("Kies een nummer van 1 tot en met {max}.", max=count)

    def _show_result(self) -> bool:
        """Diagnosis and peers of the latest finished scan, and its chart as a PNG file."""
        s = self.services
        user = s.scans.user(self.user_id)
        diagnosis = s.results.diagnose(user) if user else None
        if user is None or diagnosis is None:
            return False
        lines, peers = s.results.texts(user)
        self._say("", *lines, "", *peers)
        charts = s.settings.data_dir / "charts"
        ensure_dir(charts)
        # One file per scan (its day and id): a chart of an earlier scan is never replaced.
        day = (diagnosis.finished or s.scans.now())[:10]
        path = charts / f"regiescan-{self.user_id}-{day}-{diagnosis.scan_id}.png"
        if not path.exists():
            atomic_write_bytes(path, diagnosis_chart(diagnosis, s.content, self._t.render))
        self._say("", text("De grafiek van uw scores staat in {path}.", path=verbatim(str(path))))
        if user.result_pending is not None:
            s.scans.result_delivered(self.user_id, user.result_pending)
        loop = progress_texts(user, s.plans.document(self.user_id), s.content)
        self._say("", *loop, text("Typ 'plan' voor uw verbeterplan."))
        return True

    def _again(self, notice: Text) -> Outcome:
        outcome = self.services.scans.show(self.user_id)
        outcome.notices.append(notice)
        return outcome

    def _label(self, option: Option, t: Translator) -> str:
        """An option's label; the numbered scale shows its words only ("1) helemaal oneens")."""
        kind, _, value = option.id.partition(":")
        if kind == "a" and value.isdigit() and int(value) in SCALE:
            return t(text(ANSWER_LABELS[int(value)]))
        return t(option.label)

    def _render(self, outcome: Outcome, notices_only: bool = False) -> None:
        """The step: whole when it is new or comes with a notice, else only its options (after
        a command that printed something, the overview is not printed a second time)."""
        t = self.services.translators.get(outcome.locale)
        out = ["", *("! " + t(n) for n in outcome.notices)]
        step = outcome.step
        again = self._shown == (step.kind, step.seq) and not outcome.notices
        if not notices_only:
            self._shown = (step.kind, step.seq)
            options = self._options(step)
            out += [] if again else [t(line) for line in step.body]
            out += [f"  {i}) {self._label(o, t)}" for i, o in enumerate(options, start=1)]
            if outcome.step.expects_text:
                out.append(t(text("(Typ uw antwoord, of kies een nummer.)")))
        self._write(out)
