"""The plan's screens in the terminal chat: a number picks an option, text answers a question."""

from __future__ import annotations

from dialogs.plan.dialog import PlanDialog
from dialogs.plan.service import PlanService
from dialogs.scan.steps import Event, Outcome, Step
from dialogs.texts import Date, Text, text

# Typed words that mean an option of the current plan screen.
WORDS = {"annuleren": "cancel", "cancel": "cancel", "sluiten": "close", "close": "close"}
LEAVE = ("terug", "back", "scan", "verder", "continue", "overzicht", "overview", "pauze",
         "pause", "resultaat", "result", "stop", "exit", "quit", "afsluiten", "help", "hulp",
         "?", "taal", "language", "privacy", "/privacy")  # fmt: skip


def plan_line(dialog: PlanDialog, user_id: int, line: str, step: Step) -> Outcome | None:
    """The plan's outcome for a typed line; None when the line leaves the plan."""
    word = line.casefold().partition(" ")[0]
    if word in LEAVE:
        return None
    if line.isdigit() and step.options:
        n = int(line)
        if 1 <= n <= len(step.options):
            return dialog.handle(user_id, Event.choice(step.options[n - 1].id, step.seq))
        if not step.expects_text:
            outcome = dialog.show(user_id)
            outcome.notices.append(
                text("Kies een nummer van 1 tot en met {max}.", max=len(step.options))
            )
            return outcome
    ids = [o.id for o in step.options]
    if line.casefold() in WORDS and WORDS[line.casefold()] in ids:
        return dialog.handle(user_id, Event.choice(WORDS[line.casefold()], step.seq))
    if not line:
        outcome = dialog.show(user_id)
        outcome.notices.append(
            text("Typ een nummer of een opdracht. Met 'help' ziet u de opdrachten.")
        )
        return outcome
    return dialog.handle(user_id, Event.text(line))


def overdue_notices(plans: PlanService, user_id: int) -> list[Text]:
    """At the start of a chat: the open measures whose date has passed (the terminal's
    counterpart of the Telegram reminder)."""
    plan = plans.document(user_id).current
    today = plans.today().isoformat()
    late = [m for m in (plan.open_measures() if plan else []) if m.due and m.due <= today]
    return [
        text("Is “{title}” gelukt? De datum was {date}. Typ 'plan' om het bij te werken.",
             title=m.title_text(), date=Date(m.due or ""))
        for m in late
    ]  # fmt: skip
