"""The summary of one scan that a coordinator takes to the college: as data, for any format.

:func:`build_summary` gathers what the PDF and the Markdown export show, in order: facts about
the scan (municipality, role, date, how complete), a table of the ten knelpunten with score,
previous score and the coordinator's note, then sections: the weakest knelpunten with *all*
their advice (the chat shows only the first), the balance of willen/kunnen/kennen, the
"best persons" profile, blind spots, peer municipalities with their links, and the comparison
with the previous scan. Everything is :class:`~dialogs.texts.Text`: a front translates it.

An unfinished scan can be summarised too; it is marked "onvolledig" and says how far it got.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from dialogs.exports.summary_sections import (
    Section,
    balance_section,
    comparison_section,
    peers_section,
    profile_section,
    weakest_section,
)
from dialogs.model import DONT_KNOW, SKIPPED, Scan, User
from dialogs.municipalities import Municipality
from dialogs.results.diagnosis import Comparison, Diagnosis
from dialogs.results.service import Results
from dialogs.scan.screens import role_label
from dialogs.texts import N_, Date, Text, text, verbatim

SOURCE = N_("Bron gemeentegegevens: CBS")
_DIMENSIE = {"willen": N_("willen"), "kunnen": N_("kunnen"), "kennen": N_("kennen")}
_SIZE = {"klein": N_("klein"), "middelgroot": N_("middelgroot"), "groot": N_("groot")}


@dataclass(frozen=True)
class Fact:
    label: Text
    value: Text


@dataclass(frozen=True)
class KnelpuntRow:
    number: int
    knelpunt: str
    title: Text
    dimensie: Text
    score: float | None  # None: "onvoldoende zicht"
    previous: float | None  # the previous scan's score (see Summary.previous_heading)
    note: str | None  # the coordinator's note, as typed
    unanswered: bool = False  # not one statement answered yet (an unfinished scan)


@dataclass(frozen=True)
class Summary:
    title: Text
    municipality: Municipality | None
    scan: Scan
    diagnosis: Diagnosis
    incomplete: bool
    facts: tuple[Fact, ...]
    notice: Text | None  # why the summary is marked "onvolledig"
    rows: tuple[KnelpuntRow, ...]
    previous_heading: Text | None  # heading of the table's previous-scan column
    sections: tuple[Section, ...]
    source: Text = field(default_factory=lambda: text(SOURCE))
    legend: Text = field(
        default_factory=lambda: text("Uw scores per knelpunt, van 1 (zwak) tot 5 (sterk).")
    )

    @property
    def name(self) -> str:
        """The municipality's name (for file names and page headers)."""
        return self.municipality.name if self.municipality else "-"

    @property
    def date(self) -> str:
        """The moment the summary is about: the scan's finish, else its start."""
        return self.scan.finished or self.scan.started


def build_summary(user: User, scan: Scan, results: Results) -> Summary:
    """The summary of ``scan`` (one of ``user``'s scans, finished or not)."""
    diagnosis = results.diagnose(user, scan)
    assert diagnosis is not None  # a scan was given
    if scan.finished is None:
        diagnosis = _reached_only(diagnosis, scan, results)
    m = diagnosis.municipality
    incomplete = scan.finished is None
    name = verbatim(m.name if m else "-")
    title = text("Regiescan voor {municipality}", municipality=name)
    if incomplete:
        title = text("Regiescan voor {municipality} (onvolledig)", municipality=name)
    suggestions = results.peers(user, diagnosis)
    sections = [
        weakest_section(diagnosis),
        balance_section(diagnosis),
        profile_section(diagnosis),
        peers_section(suggestions, results, diagnosis),
    ]
    if diagnosis.comparison is not None:
        sections.append(comparison_section(diagnosis))
    return Summary(
        title=title,
        municipality=m,
        scan=scan,
        diagnosis=diagnosis,
        incomplete=incomplete,
        facts=_facts(scan, m, diagnosis.comparison, results),
        notice=_notice(scan, results) if incomplete else None,
        rows=_rows(scan, diagnosis, results),
        previous_heading=text("Vorige scan") if diagnosis.comparison else None,
        sections=tuple(sections),
    )


def _reached_only(d: Diagnosis, scan: Scan, results: Results) -> Diagnosis:
    """An unfinished scan's diagnosis without the knelpunten not reached yet: no advice or
    peers for what the coordinator has not answered, and no "weet te weinig" about it."""
    open_ = {
        k.id
        for k in results.content.knelpunten
        if all(scan.value(s.id) is None for s in k.statements)
    }
    return replace(
        d,
        weakest=tuple(w for w in d.weakest if w.knelpunt not in open_),
        blind_spots=tuple(k for k in d.blind_spots if k not in open_),
    )


def _counts(scan: Scan, results: Results) -> tuple[int, int, int]:
    """(statements answered on the 1-5 scale, "weet ik niet" or skipped, total)."""
    values = [scan.value(s.id) for s in results.content.statements]
    scaled = sum(isinstance(v, int) for v in values)
    unknown = sum(v in (DONT_KNOW, SKIPPED) for v in values)
    return scaled, unknown, len(values)


def _facts(
    scan: Scan, m: Municipality | None, comparison: Comparison | None, results: Results
) -> tuple[Fact, ...]:
    facts = [Fact(text("Gemeente"), verbatim(m.name if m else "-"))]
    if m is not None:
        facts.append(Fact(text("Veiligheidsregio"), verbatim(m.veiligheidsregio)))
        if m.politie_eenheid:
            facts.append(Fact(text("Politie-eenheid"), verbatim(m.politie_eenheid)))
        facts.append(Fact(text("Grootteklasse"), text(_SIZE[m.size_class])))
    facts.append(Fact(text("Rol"), role_label(scan.role)))
    if scan.finished:
        when = text("afgerond op {date}", date=Date(scan.finished))
    else:
        when = text("begonnen op {date}, nog niet afgerond", date=Date(scan.started))
    facts.append(Fact(text("Datum"), when))
    if comparison is not None:
        previous = text("afgerond op {date}", date=Date(comparison.previous_finished))
        facts.append(Fact(text("Vorige scan"), previous))
    scaled, unknown, total = _counts(scan, results)
    facts.append(
        Fact(
            text("Stellingen"),
            text(
                "{answered} van {total} met een score, {unknown} met 'weet ik niet' of "
                "overgeslagen",
                answered=scaled,
                total=total,
                unknown=unknown,
            ),
        )
    )
    facts.append(Fact(text("Versie van de vragenlijst"), verbatim(scan.content_version)))
    return tuple(facts)


def _notice(scan: Scan, results: Results) -> Text:
    scaled, unknown, total = _counts(scan, results)
    return text(
        "Onvolledig: deze scan is nog niet afgerond. {done} van de {total} stellingen zijn "
        "beantwoord; de uitkomst kan nog veranderen.",
        done=scaled + unknown,
        total=total,
    )


def _rows(scan: Scan, d: Diagnosis, results: Results) -> tuple[KnelpuntRow, ...]:
    previous = d.previous_values
    rows = []
    for n, (k, value) in enumerate(zip(results.content.knelpunten, d.values, strict=True)):
        rows.append(
            KnelpuntRow(
                number=n + 1,
                knelpunt=k.id,
                title=text(k.title_msgid),
                dimensie=text(_DIMENSIE[k.dimensie]),
                score=value,
                previous=previous[n] if previous is not None else None,
                note=scan.note(k.id),
                unanswered=all(scan.value(st.id) is None for st in k.statements),
            )
        )
    return tuple(rows)
