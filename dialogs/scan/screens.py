"""What each dialogue state shows: the body texts and the options of the current step."""

from __future__ import annotations

from collections.abc import Callable

from dialogs.model import DONT_KNOW, SCALE, SKIPPED, AnswerValue, Scan, User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.privacy import statement as privacy
from dialogs.scan.content import Content, Knelpunt, statement_msgid
from dialogs.scan.steps import Option, Step
from dialogs.texts import N_, Date, Text, plural, text, verbatim

ANSWER_LABELS: dict[AnswerValue, str] = {
    1: N_("helemaal oneens"),
    2: N_("oneens"),
    3: N_("neutraal"),
    4: N_("eens"),
    5: N_("helemaal eens"),
    DONT_KNOW: N_("weet ik niet"),
    SKIPPED: N_("overgeslagen"),
}
ROLES: dict[str, str] = {
    "coordinator": N_("Veiligheidscoördinator"),
    "adviseur": N_("Beleidsadviseur openbare orde en veiligheid"),
    "leidinggevende": N_("Leidinggevende of manager"),
    "bestuurder": N_("Burgemeester of wethouder"),
}
MAX_ROLE_LENGTH = 100


def role_label(role: str | None) -> Text:
    if role in ROLES:
        return text(ROLES[role])
    return verbatim(role or "-")


def answer_label(value: AnswerValue | None) -> Text:
    if value is None:
        return text("nog niet beantwoord")
    return text(ANSWER_LABELS[value])


class Screens:
    """Renders the current step of a user from their stored document."""

    def __init__(self, content: Content, registry: MunicipalityRegistry) -> None:
        self.content = content
        self.registry = registry
        self._screens: dict[str, Callable[[User], tuple[list[Text], list[Option], bool]]] = {
            "idle": self._idle,
            "intro": self._intro,
            "municipality": self._municipality,
            "role": self._role,
            "statement": self._statement,
            "note": self._note,
            "overview": self._overview,
            "overview_knelpunt": self._overview_knelpunt,
            "edit": self._edit,
            "edit_note": self._edit_note,
            "paused": self._paused,
        }

    def render(self, user: User) -> Step:
        body, options, expects_text = self._screens[user.state](user)
        return Step(user.state, user.seq, tuple(body), tuple(options), expects_text)

    # --- helpers --------------------------------------------------------------------------
    def _header(self, k: Knelpunt) -> Text:
        return text(
            "Knelpunt {n} van {total} · {title}",
            n=self.content.index_of(k.id) + 1,
            total=len(self.content.knelpunten),
            title=text(k.title_msgid),
        )

    def municipality_name(self, code: str | None) -> Text:
        m = self.registry.get(code or "")
        return verbatim(m.name if m else (code or "-"))

    @staticmethod
    def _scale(row: int = 0) -> list[Option]:
        options = [
            Option(f"a:{v}", text("{n} · {label}", n=v, label=text(ANSWER_LABELS[v])), row + i)
            for i, v in enumerate(SCALE)
        ]
        options.append(Option(f"a:{DONT_KNOW}", text(ANSWER_LABELS[DONT_KNOW]), row + len(SCALE)))
        return options

    def _scan(self, user: User) -> Scan:
        assert user.current is not None, f"state {user.state} needs a scan"
        return user.current

    # --- screens --------------------------------------------------------------------------
    def _idle(self, user: User) -> tuple[list[Text], list[Option], bool]:
        if user.finished:
            last = user.finished[-1]
            body = [
                text(
                    "Uw laatste scan ({municipality}) is afgerond op {date}.",
                    municipality=self.municipality_name(last.gemeente),
                    date=Date(last.finished or last.started),
                ),
                text("U kunt de uitkomst bekijken of een nieuwe scan beginnen."),
            ]
            return body, [Option("begin", text("Nieuwe scan beginnen"))], False
        body = [
            text("Welkom bij Regiescan."),
            text(
                "Met de scan brengt u in kaart hoe uw gemeente de regie voert op integrale "
                "veiligheid."
            ),
        ]
        return body, [Option("begin", text("Start de scan"))], False

    def _intro(self, user: User) -> tuple[list[Text], list[Option], bool]:
        body = [
            text("Zo werkt de scan"),
            text(
                "U beoordeelt tien knelpunten die gemeenten vaak tegenkomen bij de regie op "
                "integrale veiligheid. Per knelpunt krijgt u twee tot vijf stellingen."
            ),
            text(
                "Geef bij elke stelling aan in hoeverre die voor uw gemeente opgaat. Twijfelt u, "
                "kies dan 'weet ik niet' of sla de stelling over."
            ),
            text(
                "Elk antwoord wordt direct bewaard. U kunt op elk moment stoppen en later verder "
                "gaan waar u gebleven was. Het invullen kost ongeveer een kwartier."
            ),
        ]
        if not user.finished:  # a first scan: say how answers are kept before the first question
            body.append(text(privacy.INTRO_NOTICE))
        options = [Option("confirm", text("Beginnen")), Option("pause", text("Later"))]
        return body, options, False

    def _municipality(self, user: User) -> tuple[list[Text], list[Option], bool]:
        body = [text("Voor welke gemeente vult u de scan in? Typ de naam van de gemeente.")]
        codes = list(user.suggestions)
        if codes:
            body.append(text("Bedoelt u een van deze gemeenten? Kies hieronder of typ opnieuw."))
        elif user.profile.get("gemeente"):
            codes = [user.profile["gemeente"]]
        options = [Option(f"gm:{c}", self.municipality_name(c), i) for i, c in enumerate(codes)]
        options.append(Option("back", text("Vorige"), len(codes)))
        return body, options, True

    def _role(self, user: User) -> tuple[list[Text], list[Option], bool]:
        scan = self._scan(user)
        body = [
            text("Gemeente: {municipality}", municipality=self.municipality_name(scan.gemeente)),
            text("Wat is uw functie? Kies hieronder of typ uw functie."),
        ]
        options = [
            Option(f"role:{r}", text(label), i) for i, (r, label) in enumerate(ROLES.items())
        ]
        options.append(Option("back", text("Vorige"), len(ROLES)))
        return body, options, True

    def _statement(self, user: User) -> tuple[list[Text], list[Option], bool]:
        scan = self._scan(user)
        k = self.content.knelpunt(scan.knelpunt or "")
        ids = [s.id for s in k.statements]
        sid = scan.statement or ""
        i = ids.index(sid)
        body = [
            self._header(k),
            text("Stelling {i} van {m}", i=i + 1, m=len(ids)),
        ]
        if i == 0:
            body.append(text(k.intro_msgid))
        body.append(text(statement_msgid(sid)))
        if scan.value(sid) is not None:
            body.append(
                text("Uw antwoord tot nu toe: {answer}", answer=answer_label(scan.value(sid)))
            )
        options = self._scale()
        nav = len(SCALE) + 1
        options += [
            Option("back", text("Vorige"), nav),
            Option("skip", text("Sla over"), nav),
            Option("pause", text("Pauze"), nav),
        ]
        return body, options, False

    def _note(self, user: User) -> tuple[list[Text], list[Option], bool]:
        scan = self._scan(user)
        k = self.content.knelpunt(scan.knelpunt or "")
        body = [
            self._header(k),
            text("Wilt u bij dit knelpunt iets toelichten? Typ dan uw toelichting."),
        ]
        current = scan.note(k.id)
        if current:
            body.append(text("Uw toelichting tot nu toe: {note}", note=verbatim(current)))
            keep = text("Toelichting zo laten")
        else:
            keep = text("Geen toelichting")
        options = [
            Option("skip_note", keep, 0),
            Option("back", text("Vorige"), 1),
            Option("pause", text("Pauze"), 1),
        ]
        return body, options, True

    def _overview(self, user: User) -> tuple[list[Text], list[Option], bool]:
        scan = self._scan(user)
        body: list[Text] = [text("Overzicht van uw antwoorden")]
        options: list[Option] = []
        for n, k in enumerate(self.content.knelpunten, start=1):
            values = [scan.value(s.id) for s in k.statements]
            answered = sum(1 for v in values if v is not None and v != SKIPPED)
            params = {"n": n, "title": text(k.title_msgid), "answered": answered}
            if skipped := values.count(SKIPPED):
                msgid = N_(
                    "{n}. {title}: {answered} van {total} beantwoord, {skipped} overgeslagen"
                )
                body.append(text(msgid, **params, total=len(values), skipped=skipped))
            else:
                msgid = N_("{n}. {title}: {answered} van {total} beantwoord")
                body.append(text(msgid, **params, total=len(values)))
            options.append(
                Option(f"k:{k.id}", text("{n}. {title}", n=n, title=text(k.title_msgid)), n - 1)
            )
        open_count = sum(1 for s in self.content.statements if scan.value(s.id) is None)
        row = len(self.content.knelpunten)
        if scan.reached_end and open_count == 0:
            body.append(
                text(
                    "Alle stellingen zijn beantwoord. Kies een knelpunt om een antwoord te "
                    "wijzigen, of rond de scan af."
                )
            )
            options.append(Option("finish", text("Afronden"), row))
        else:
            body.append(
                plural(
                    "Nog {count} stelling open.",
                    "Nog {count} stellingen open.",
                    "count",
                    count=open_count,
                )
            )
            options.append(Option("continue", text("Verder met de scan"), row))
        options.append(Option("pause", text("Pauze"), row))
        return body, options, False

    def _overview_knelpunt(self, user: User) -> tuple[list[Text], list[Option], bool]:
        scan = self._scan(user)
        k = self.content.knelpunt(user.focus or "")
        body: list[Text] = [self._header(k)]
        options: list[Option] = []
        for i, s in enumerate(k.statements, start=1):
            body.append(text("{i}. {statement}", i=i, statement=text(s.msgid)))
            body.append(text("Antwoord: {answer}", answer=answer_label(scan.value(s.id))))
            options.append(Option(f"e:{s.id}", text("Wijzig stelling {i}", i=i), 0))
        note = scan.note(k.id)
        body.append(text("Toelichting: {note}", note=verbatim(note) if note else text("geen")))
        options.append(Option("edit_note", text("Wijzig toelichting"), 1))
        options.append(Option("back", text("Terug naar het overzicht"), 2))
        return body, options, False

    def _edit(self, user: User) -> tuple[list[Text], list[Option], bool]:
        scan = self._scan(user)
        sid = user.focus or ""
        k = self.content.knelpunt(sid.split(".")[0])
        body = [
            self._header(k),
            text(statement_msgid(sid)),
            text("Uw antwoord tot nu toe: {answer}", answer=answer_label(scan.value(sid))),
        ]
        options = self._scale()
        nav = len(SCALE) + 1
        options += [Option("skip", text("Sla over"), nav), Option("back", text("Annuleren"), nav)]
        return body, options, False

    def _edit_note(self, user: User) -> tuple[list[Text], list[Option], bool]:
        scan = self._scan(user)
        k = self.content.knelpunt(user.focus or "")
        note = scan.note(k.id)
        body = [self._header(k), text("Typ uw nieuwe toelichting.")]
        if note:
            body.append(text("Uw toelichting tot nu toe: {note}", note=verbatim(note)))
        options = [Option("skip_note", text("Toelichting verwijderen"), 0)] if note else []
        options.append(Option("back", text("Annuleren"), 1))
        return body, options, True

    def _paused(self, user: User) -> tuple[list[Text], list[Option], bool]:
        body = [
            text("De scan staat op pauze. Uw antwoorden zijn bewaard."),
            text("U kunt verder gaan wanneer het u uitkomt, ook over een paar weken."),
        ]
        return body, [Option("resume", text("Ga verder"))], False
