"""The text of a regional message as one coordinator receives it: personalised, per user.

A coordinator with an unfinished scan is told where they stopped ("U was bij knelpunt 6,
Samenhang met ander beleid") and gets a button that resumes the scan; one who has not started
gets a button that starts it; one who finished gets the message only.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.model import User
from dialogs.scan.content import Content
from dialogs.texts import N_, Text, text, verbatim

NUDGE_MESSAGE = N_(
    "Uw veiligheidsregio vraagt u de Regiescan in te vullen of af te ronden. Het kost ongeveer "
    "een kwartier, en uw antwoorden worden per stuk bewaard."
)
RESUME_LABEL = N_("Ga verder")
START_LABEL = N_("Start de scan")


@dataclass(frozen=True)
class Reminder:
    body: tuple[Text, ...]
    button: Text | None  # a button that (re)opens the scan, or None


def reminder_for(
    user: User, message: str | None, region_name: str | None, content: Content
) -> Reminder:
    """The message ``message`` (None: the standard nudge) as ``user`` should see it."""
    if region_name:
        header = text("Bericht van Veiligheidsregio {region}", region=verbatim(region_name))
    else:
        header = text("Bericht van uw veiligheidsregio")
    lines: list[Text] = [header, verbatim(message) if message else text(NUDGE_MESSAGE)]
    button: Text | None = None
    scan = user.current
    if scan is not None:
        ids = [k.id for k in content.knelpunten]
        if scan.knelpunt in ids:
            k = content.knelpunt(scan.knelpunt or "")
            lines.append(
                text(
                    "U was bij knelpunt {n}, {title}. Met de knop hieronder gaat u verder waar u "
                    "gebleven was.",
                    n=ids.index(k.id) + 1,
                    title=text(k.title_msgid),
                )
            )
        else:
            lines.append(
                text(
                    "U bent aan de scan begonnen. Met de knop hieronder gaat u verder waar u "
                    "gebleven was."
                )
            )
        button = text(RESUME_LABEL)
    elif not user.finished:
        lines.append(text("U heeft de scan nog niet ingevuld. Met de knop hieronder begint u."))
        button = text(START_LABEL)
    lines.append(text("Wilt u geen herinneringen meer? Stuur dan /herinneringen uit."))
    return Reminder(tuple(lines), button)
