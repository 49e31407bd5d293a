"""The plan's screens as front-neutral steps: texts and options, no Telegram.

Option ids are short (they travel in callback data): ``m:<id>`` open a measure, ``st:<status>``
set its status, ``d:<months>`` a date from the buttons, ``k:<knelpunt>`` choose a knelpunt.
"""

from __future__ import annotations

from datetime import date

from dialogs.municipalities import Municipality
from dialogs.plan.dates import QUICK_MONTHS
from dialogs.plan.document import STATUS_LABELS, STATUSES, Measure, Plan, PlanDocument
from dialogs.plan.proposals import PEER_TITLE, Proposal
from dialogs.results.advice import advice_msgid
from dialogs.scan.content import Content, title_msgid
from dialogs.scan.steps import Option, Step
from dialogs.texts import N_, Date, Text, joined, plural, text, verbatim

WHERE = {
    "lokaal": N_("zelf"),
    "regio": N_("met de regio"),
    "rijk": N_("signaleren richting het rijk"),
}
ORIGIN_LABELS = {
    "advice": N_("uit het advies bij de diagnose"),
    "peer": N_("een goede praktijk van een collega-gemeente"),
    "toets": N_("een aanbeveling uit de collegiale toets"),
    "own": N_("eigen maatregel"),
}
CANCEL = Option("cancel", text("Annuleren"), row=9)
BACK = Option("back", text("Terug naar het plan"), row=9)


def proposal_title(p: Proposal, name_of: dict[str, str]) -> Text:
    if p.kind == "advice":
        return text(p.title)
    name = name_of.get(p.gemeente or "", p.gemeente or "")
    return text(PEER_TITLE, municipality=verbatim(name), practice=verbatim(p.title))


def measure_line(m: Measure, today: date) -> Text:
    """'Titel: bezig, uiterlijk 15 maart 2027 (wethouder OOV)', overdue ones marked."""
    status = text(STATUS_LABELS[m.status])
    owner = verbatim(m.owner) if m.owner else text("nog niemand")
    if m.due is None:
        return text(
            "{title}: {status}, nog geen datum (trekker: {owner})",
            title=m.title_text(), status=status, owner=owner,
        )  # fmt: skip
    if m.is_open and date.fromisoformat(m.due) < today:
        return text(
            "{title}: {status}, TE LAAT sinds {date} (trekker: {owner})",
            title=m.title_text(), status=status, date=Date(m.due), owner=owner,
        )  # fmt: skip
    return text(
        "{title}: {status}, uiterlijk {date} (trekker: {owner})",
        title=m.title_text(), status=status, date=Date(m.due), owner=owner,
    )  # fmt: skip


def plan_lines(plan: Plan, content: Content, today: date) -> list[Text]:
    """The measures per knelpunt (content order), numbered as on the buttons."""
    lines: list[Text] = []
    n = 0
    for k in content.knelpunten:
        mine = [m for m in plan.measures if m.knelpunt == k.id]
        if not mine:
            continue
        lines.append(text("{knelpunt}:", knelpunt=text(title_msgid(k.id))))
        for m in mine:
            n += 1
            lines.append(text("{n}. {line}", n=n, line=measure_line(m, today)))
    return lines


def ordered(plan: Plan, content: Content) -> list[Measure]:
    order = {k.id: i for i, k in enumerate(content.knelpunten)}
    return sorted(plan.measures, key=lambda m: order.get(m.knelpunt, 99))  # stable


def overview(
    doc: PlanDocument,
    content: Content,
    municipality: Municipality | None,
    today: date,
    *,
    proposals_left: int,
    new_scan: bool,
) -> Step:
    plan = doc.current
    name = verbatim(municipality.name) if municipality else text("uw gemeente")
    body: list[Text] = [text("Verbeterplan voor {municipality}", municipality=name)]
    options: list[Option] = []
    if plan is None or not plan.measures:
        body.append(text("Er staan nog geen maatregelen in uw plan."))
    else:
        open_count = len(plan.open_measures())
        body.append(
            plural(
                "{count} open maatregel van {total}.", "{count} open maatregelen van {total}.",
                "count", count=open_count, total=len(plan.measures),
            )
        )  # fmt: skip
        body.append(joined(*plan_lines(plan, content, today)))
        for i, m in enumerate(ordered(plan, content), start=1):
            options.append(Option(f"m:{m.id}", text("{n}. {title}", n=i, title=m.title_text())))
        body.append(text("Kies een maatregel om status, datum, trekker of titel te wijzigen."))
    if new_scan:
        options.append(Option("newplan", text("Nieuw plan bij mijn laatste scan"), row=8))
    if proposals_left:
        options.append(Option("prop", text("Voorstellen bekijken"), row=8))
    options.append(Option("new", text("Eigen maatregel toevoegen"), row=8))
    options.append(Option("close", text("Sluiten"), row=9))
    return Step("plan.overview", doc.seq, tuple(body), tuple(options))


def proposal(
    doc: PlanDocument, p: Proposal, index: int, total: int, name_of: dict[str, str]
) -> Step:
    body = [
        text("Voorstel {n} van {total}, voor {knelpunt}:", n=index + 1, total=total,
             knelpunt=text(title_msgid(p.knelpunt))),
        text("“{title}”", title=proposal_title(p, name_of)),
    ]  # fmt: skip
    if p.kind == "advice" and p.advice:
        body.append(text(advice_msgid(p.advice)))
        body.append(text("Aan te pakken: {where}.", where=text(WHERE.get(p.invloed or "", ""))))
    elif p.url:
        body.append(text("Meer daarover: {url}", url=verbatim(p.url)))
    options = (
        Option("adopt", text("Overnemen")),
        Option("edit", text("Aanpassen")),
        Option("skip", text("Overslaan")),
        Option("stop", text("Stoppen met voorstellen"), row=1),
    )
    return Step("plan.proposal", doc.seq, tuple(body), options)


def measure(doc: PlanDocument, m: Measure, content: Content, today: date) -> Step:
    body = [
        joined(text("{knelpunt}:", knelpunt=text(title_msgid(m.knelpunt))), measure_line(m, today)),
        text("Herkomst: {origin}.", origin=text(ORIGIN_LABELS[m.origin.get("kind", "own")])),
    ]
    changes = [h for h in m.history if h["what"] in ("status", "due", "owner", "title")]
    if changes:
        body.append(joined(text("Laatste wijzigingen:"), *map(_history_line, changes[-3:])))
    options = [
        Option(f"st:{s}", text("Zet op {status}", status=text(STATUS_LABELS[s])), row=0)
        for s in STATUSES
        if s != m.status
    ]
    options += [
        Option("date", text("Datum"), row=1),
        Option("owner", text("Trekker"), row=1),
        Option("title", text("Titel"), row=1),
        Option("remove", text("Verwijderen"), row=2),
        BACK,
    ]
    return Step("plan.measure", doc.seq, tuple(body), tuple(options))


def _history_line(h: dict[str, object]) -> Text:
    at = Date(str(h["at"]), "medium")
    if h["what"] == "status":
        status = text(STATUS_LABELS.get(str(h["to"]), str(h["to"])))
        return text("{at}: status {status}", at=at, status=status)
    if h["what"] == "due":
        return text("{at}: datum {date}", at=at, date=Date(str(h["to"])))
    if h["what"] == "owner":
        return text("{at}: trekker gewijzigd", at=at)
    return text("{at}: titel gewijzigd", at=at)


def ask_title(doc: PlanDocument, current: Text | None) -> Step:
    body = [text("Typ de titel van de maatregel (kort, hoogstens 120 tekens).")]
    if current is not None:
        body.append(text("Nu: {title}", title=current))
    return Step("plan.ask_title", doc.seq, tuple(body), (CANCEL,), expects_text=True)


def ask_owner(doc: PlanDocument, title: Text) -> Step:
    body = [
        text("Wie trekt “{title}”?", title=title),
        text("Typ een functie of team, bijvoorbeeld 'wethouder OOV' of 'team Veiligheid'."),
    ]
    options = (Option("noowner", text("Nog niet bekend")), CANCEL)
    return Step("plan.ask_owner", doc.seq, tuple(body), options, expects_text=True)


def ask_date(doc: PlanDocument, title: Text) -> Step:
    body = [
        text("Wanneer moet “{title}” klaar zijn?", title=title),
        text("Typ een datum, zoals 15 maart, 15-03-2027, over 6 weken of eind Q2."),
    ]
    options = [
        Option(f"d:{n}", plural("over {n} maand", "over {n} maanden", "n", n=n))
        for n in QUICK_MONTHS
    ]
    options.append(CANCEL)
    return Step("plan.ask_date", doc.seq, tuple(body), tuple(options), expects_text=True)


def choose_knelpunt(doc: PlanDocument, content: Content) -> Step:
    options = [
        Option(f"k:{k.id}", text(title_msgid(k.id)), row=i // 2)
        for i, k in enumerate(content.knelpunten)
    ]
    options.append(CANCEL)
    body = (text("Bij welk knelpunt hoort uw maatregel?"),)
    return Step("plan.knelpunt", doc.seq, body, tuple(options))


def confirm_remove(doc: PlanDocument, m: Measure) -> Step:
    body = (text("Wilt u “{title}” uit het plan verwijderen?", title=m.title_text()),)
    options = (Option("rm:yes", text("Ja, verwijderen")), Option("rm:no", text("Nee")))
    return Step("plan.remove", doc.seq, body, options)


def carry(doc: PlanDocument, open_count: int) -> Step:
    body = (
        text("U heeft een nieuwe scan afgerond. Een nieuw plan hoort bij die scan."),
        plural(
            "Uit uw vorige plan staat nog {count} maatregel open. Neemt u die mee?",
            "Uit uw vorige plan staan nog {count} maatregelen open. Neemt u die mee?",
            "count", count=open_count,
        ),
    )  # fmt: skip
    options = (
        Option("carry:all", text("Ja, meenemen")),
        Option("carry:none", text("Nee, opnieuw beginnen")),
        CANCEL,
    )
    return Step("plan.carry", doc.seq, body, options)


def no_scan(doc: PlanDocument) -> Step:
    body = (
        text("Een verbeterplan begint bij de diagnose van een afgeronde scan."),
        text("Met /scan begint of vervolgt u de scan."),
    )
    return Step("plan.none", doc.seq, body, ())


def closed(doc: PlanDocument) -> Step:
    body = (text("Uw plan is bewaard. Met /plan opent u het weer."),)
    return Step("plan.closed", doc.seq, body, ())
