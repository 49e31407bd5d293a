"""The terminal chat: the same scan as on Telegram, with numbered choices and typed commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from dialogs.privacy.statement import privacy_statement
from dialogs.scan.steps import Event, Outcome, Step
from dialogs.texts import N_, Text, joined, text, verbatim
from regiescan.renderers.radar_chart import diagnosis_chart
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

HELP_TEXT = (
    N_("Typ het nummer van uw keuze, of een opdracht:"),
    N_("  terug      naar de vorige vraag"),
    N_("  overzicht  uw antwoorden tot nu toe, om er een te wijzigen"),
    N_("  pauze      de scan pauzeren"),
    N_("  resultaat  de uitkomst van uw laatste afgeronde scan"),
    N_("  taal en    English (taal nl: Nederlands)"),
    N_("  stop       opslaan en afsluiten"),
    N_("Elk antwoord wordt direct bewaard."),
)


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

    @property
    def _t(self) -> Translator:
        return self.services.translators.get(self.services.scans.locale(self.user_id))

    def _say(self, *lines: Text | str) -> None:
        """Write translated lines; an empty string is a blank line."""
        for line in lines:
            self.stdout.write((self._t(line) if line else "") + "\n")
        self.stdout.flush()

    def run(self) -> int:
        """The chat loop; returns the process exit status."""
        outcome = self.services.scans.show(self.user_id)
        self._render(outcome)
        if outcome.result_pending:  # finished just before the last stop: show it now
            self._show_result()
        try:
            while True:
                self.stdout.write("> ")
                self.stdout.flush()
                line = self.stdin.readline()
                if line == "":  # end of input (Ctrl-D)
                    if not self.is_tty():
                        self._say(
                            text("Einde van de invoer. Uw antwoorden zijn bewaard. Tot ziens.")
                        )
                        return 0
                    self._say(text("Typ 'stop' om af te sluiten. Uw antwoorden zijn bewaard."))
                    self._render(self.services.scans.show(self.user_id), notices_only=False)
                    continue
                next_outcome = self._handle(line.strip(), outcome.step)
                if next_outcome is None:
                    return 0
                outcome = next_outcome
                self._render(outcome)
                if outcome.finished or outcome.result_pending:
                    self._show_result()
        except KeyboardInterrupt:
            self.stdout.write("\n")
            self._say(
                text("Gestopt. Uw antwoorden zijn bewaard; met 'regiescan chat' gaat u verder.")
            )
            return 0

    def _handle(self, line: str, step: Step) -> Outcome | None:
        """One typed line to an outcome; None means: quit."""
        scans = self.services.scans
        word, _, rest = line.casefold().partition(" ")
        if not line:
            return self._again(
                text("Typ een nummer of een opdracht. Met 'help' ziet u de opdrachten.")
            )
        if line.isdigit():
            n = int(line)
            if 1 <= n <= len(step.options):
                return scans.handle(self.user_id, Event.choice(step.options[n - 1].id, step.seq))
            if not step.expects_text:
                return self._again(
                    text("Kies een nummer van 1 tot en met {max}.", max=len(step.options))
                )
        if word in QUIT and not rest:
            self._say(text("Uw antwoorden zijn bewaard. Tot ziens."))
            return None
        if word in HELP and not rest:
            return self._again(joined(*map(text, HELP_TEXT)))
        if word in LANGUAGE:
            if rest.strip() in ("nl", "en"):
                return scans.set_locale(self.user_id, rest.strip())
            return self._again(text("Kies de taal met 'taal nl' of 'taal en'."))
        if word in ("privacy", "/privacy") and not rest:  # the intro of a first scan points here
            settings = self.services.settings
            self._say(
                *privacy_statement(
                    settings.organisation,
                    settings.contact,
                    settings.retention_months,
                    settings.backup_days,
                )
            )
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
                max=len(step.options),
            )
        )

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
        path = charts / f"regiescan-{self.user_id}-{(diagnosis.finished or '')[:10]}.png"
        atomic_write_bytes(path, diagnosis_chart(diagnosis, s.content, self._t.render))
        self._say("", text("De grafiek van uw scores staat in {path}.", path=verbatim(str(path))))
        if user.result_pending is not None:
            s.scans.result_delivered(self.user_id, user.result_pending)
        return True

    def _again(self, notice: Text) -> Outcome:
        outcome = self.services.scans.show(self.user_id)
        outcome.notices.append(notice)
        return outcome

    def _render(self, outcome: Outcome, notices_only: bool = False) -> None:
        t = self.services.translators.get(outcome.locale)
        out = ["", *("! " + t(n) for n in outcome.notices)]
        if not notices_only:
            out += [t(line) for line in outcome.step.body]
            out += [f"  {i}) {t(o.label)}" for i, o in enumerate(outcome.step.options, start=1)]
            if outcome.step.expects_text:
                out.append(t(text("(Typ uw antwoord, of kies een nummer.)")))
        self.stdout.write("\n".join(out) + "\n")
        self.stdout.flush()
