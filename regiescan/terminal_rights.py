"""The terminal chat's privacy commands: what /privacy, /mijngegevens, /vergeetmij and
/toestemming do on Telegram, typed as words (``privacy``, ``mijngegevens``, ...).

The copy of one's data is written as a file in the data dir (0600): the terminal user sits at
the machine that holds the data. Erasing asks for a typed "ja" first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dialogs.privacy import consents
from dialogs.privacy.statement import privacy_statement
from dialogs.texts import N_, text, verbatim
from regiescan.renderers.personal_data_document import export_document
from regiescan.wiring.services import Services
from storage.atomic import atomic_write_bytes, ensure_dir

# The words the terminal knows for the chat's slash commands; texts that name a slash command
# are shown with the word instead ("/privacy" -> "'privacy'").
PRIVACY_WORDS = ("privacy", "mijngegevens", "vergeetmij", "toestemming")
KNOWN = (*PRIVACY_WORDS, "scan", "overzicht", "resultaat", "help", "taal")
_SLASH = re.compile(r"/(" + "|".join(KNOWN) + r")\b")
YES, NO = ("ja", "j", "yes", "y"), ("nee", "n", "no")
CONSENT_WORDS = {
    "collega": consents.PEER_LISTING,
    "toelichtingen": consents.PEER_NOTES,
    "herinneringen": consents.REMINDERS,
}

CONSENT_HELP = N_(
    "Typ 'toestemming collega ja' of 'toestemming collega nee' voor de vermelding als "
    "collega-gemeente, 'toestemming toelichtingen ja' of 'nee' voor het delen van uw "
    "toelichtingen bij sterke punten, en 'toestemming herinneringen ja' of 'nee' voor "
    "herinneringen."
)


def terminal_words(line: str) -> str:
    """A rendered line with every slash command the terminal knows as its typed word."""
    return _SLASH.sub(r"'\1'", line)


class Rights:
    """The privacy commands for one terminal user."""

    def __init__(
        self, services: Services, user_id: int, say: Callable[..., None], ask: Callable[[], str]
    ) -> None:
        self.services = services
        self.user_id = user_id
        self.say = say  # writes translated lines
        self.ask = ask  # reads one typed line ("" at end of input)

    def handle(self, word: str, rest: str) -> bool | None:
        """Run ``word`` if it is a privacy command: True when done, None when the chat ends
        (everything was erased), False when ``word`` is not one of them."""
        if word not in PRIVACY_WORDS:
            return False
        if word == "privacy":
            self.privacy()
        elif word == "mijngegevens":
            self.my_data()
        elif word == "toestemming":
            self.consent(rest)
        elif self.forget():
            return None
        return True

    def privacy(self) -> None:
        s = self.services.settings
        self.say(*privacy_statement(s.organisation, s.contact, s.retention_months, s.backup_days))

    def my_data(self) -> None:

        s = self.services
        now = s.scans.now()
        t = s.translators.get(s.scans.locale(self.user_id))
        payload = export_document(s, t, self.user_id, now)
        if payload is None:
            self.say(text("Regiescan bewaart op dit moment geen gegevens over u."))
            return
        folder = s.settings.data_dir / "exports"
        ensure_dir(folder)
        path = folder / f"regiescan-mijn-gegevens-{self.user_id}-{now[:19].replace(':', '-')}.json"
        atomic_write_bytes(path, payload)
        self.say(
            text(
                "Alle gegevens die Regiescan over u bewaart, staan in {path}.",
                path=verbatim(str(path)),
            )
        )

    def consent(self, rest: str) -> None:
        s = self.services
        words = rest.split()
        if len(words) == 2 and words[0] in CONSENT_WORDS and words[1] in (*YES, *NO):
            user = s.scans.user(self.user_id)
            if user is None:
                self.say(text("Regiescan bewaart op dit moment geen gegevens over u."))
                return
            if consents.record(user, CONSENT_WORDS[words[0]], words[1] in YES, s.scans.now()):
                s.scans.save(user)
            self.say(text("Uw keuze is bewaard."))
        elif words:
            self.say(text(CONSENT_HELP))
            return
        user = s.scans.user(self.user_id)
        self.say(*consents.overview_texts(user)[:-1], text(CONSENT_HELP))

    def ask_peer_listing(self) -> None:
        """Once, after the first finished scan: may the municipality be shown as a peer?"""
        s = self.services
        user = s.scans.user(self.user_id)
        if user is None or consents.PEER_LISTING in user.consents:
            return
        self.say(
            "",
            text("Mag uw gemeente getoond worden als collega-gemeente?"),
            text(consents.EXPLANATIONS[consents.PEER_LISTING]),
            text("Typ 'ja' of 'nee'. U kunt dit altijd wijzigen met /toestemming."),
        )
        answer = self.ask().strip().casefold()
        if answer not in (*YES, *NO):
            self.say(text("Er is niets vastgelegd. U kunt dit later regelen met /toestemming."))
            return
        consents.record(user, consents.PEER_LISTING, answer in YES, s.scans.now())
        s.scans.save(user)
        self.say(text("Uw keuze is bewaard."))

    def forget(self) -> bool:
        """Erase everything after a typed "ja"; True when the user is gone."""
        self.say(
            text(
                "Wilt u dat Regiescan alles over u verwijdert? Het gaat om uw scans, antwoorden, "
                "toelichtingen en toestemmingen en alles wat verder over u is bewaard, ook in de "
                "reservekopieën. Dit kan niet ongedaan worden gemaakt. Wilt u eerst een kopie? "
                "Stuur dan /mijngegevens."
            ),
            text("Typ 'ja' om alles te verwijderen; iets anders verwijdert niets."),
        )
        if self.ask().strip().casefold() not in YES:
            self.say(text("Er is niets verwijderd."))
            return False
        data = self.services.personal_data
        result = data.erase_backups([self.user_id], data.erase_live(self.user_id))
        if not result.complete:
            self.say(
                text(
                    "Niet alles kon worden verwijderd. Probeer het over een paar minuten opnieuw "
                    "met /vergeetmij, of neem contact op met de beheerder (zie /privacy)."
                )
            )
            return False
        self.say(
            text("Alles wat Regiescan over u bewaarde, is verwijderd, ook uit de reservekopieën.")
        )
        return True
