"""Measure proposals for a weak knelpunt: from the advice that fits the municipality and from
the good practices of peers.

Advice comes through :class:`dialogs.results.advice.AdviceRules` (size class first, then the
file order), so a small municipality weak on expertise is offered pooling with its region and a
large one weak on samenhang the organisational measure. Each advice turns into a measure with a
short title (:data:`PROPOSAL_TITLES`, keyed by the stable advice id); an advice without a title
here is not proposed, so a new advice never shows up as a raw id. A peer's good practice from
the register (same veiligheidsregio first) is proposed as "learn from <municipality>".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dialogs.municipalities import Municipality, MunicipalityRegistry
from dialogs.peers.matching import RegisterEntry
from dialogs.results.advice import AdviceRules
from dialogs.texts import N_

PER_KNELPUNT = 3  # proposals per weak knelpunt at most
FROM_ADVICE = 2  # of which from the advice at most (the rest: peers' practices)

PROPOSAL_TITLES = {
    "systematiek.analyse": N_("Probleemanalyse maken en meetbare doelen kiezen"),
    "systematiek.afspraken": N_("Met elke partner bijdrage en evaluatiemoment vastleggen"),
    "systematiek.inbedden": N_("Geslaagde projecten opnemen in beleid en begroting"),
    "coordinator.profiel": N_("Eigen profiel langs de vier voorwaarden leggen en versterken"),
    "coordinator.positie": N_("Vaste korte lijn naar burgemeester en portefeuillehouder"),
    "sturing.instrumenten": N_("Onbenutte sturingsmiddelen inventariseren en inzetten"),
    "sturing.horizontaal": N_("Training in regie zonder hiërarchie voor wie aan tafel zit"),
    "expertise.collega": N_("Kennis of menskracht van een collega-gemeente inzetten"),
    "expertise.kennis": N_("Plan voor het opbouwen van benodigde vakkennis"),
    "expertise.taakverdeling": N_("Kennisopbouw per thema verdelen met buurgemeenten"),
    "informatie.analyse": N_("Veiligheidsbeeld toetsen aan cijfers vóór de prioriteiten"),
    "informatie.bundelen": N_("Gedeelde analysefunctie in de veiligheidsregio opzetten"),
    "informatie.partners": N_("Afspraken met partners over het delen van gegevens"),
    "samenhang.organisatie": N_("Bijdrage van elke afdeling aan veiligheid in de jaarplannen"),
    "samenhang.toetsen": N_("Nieuwe plannen standaard toetsen op gevolgen voor veiligheid"),
    "bestuur.draagvlak": N_("Regionaal bestuurlijk overleg met concrete afspraken"),
    "bestuur.college": N_("Veiligheid agenderen in het voltallige college"),
    "ketens.afspraken": N_("Met de regio afspraken maken met politie, OM en zorg"),
    "ketens.prioriteiten": N_("Lokale prioriteiten inbrengen en vastleggen in de driehoek"),
    "ketens.maatwerk": N_("Gebrek aan ruimte voor maatwerk melden via VNG of regio"),
    "rijksbeleid.grenzen": N_("Gezamenlijk signaal van grote gemeenten aan de ministeries"),
    "rijksbeleid.budgetten": N_("Overzicht van rijksbudgetten met voorwaarden en looptijd"),
    "rijksbeleid.signaleren": N_("Gevallen van verkokering bijhouden en melden bij het rijk"),
    "leerproces.ondersteuning": N_("Praktische hulp uit de regio bij één concreet probleem"),
    "leerproces.verandering": N_("Versterking van de regierol als veranderopgave beschrijven"),
    "leerproces.toetsing": N_("Collegiale toets organiseren en aanbevelingen omzetten"),
}
PEER_TITLE = N_("Leren van {municipality}: {practice}")


@dataclass(frozen=True)
class Proposal:
    """A measure on offer. ``title`` is a msgid (advice) or the practice's own title (peer)."""

    knelpunt: str
    kind: str  # "advice" or "peer"
    title: str
    invloed: str | None = None  # for advice: lokaal, regio or rijk
    advice: str | None = None  # advice id
    gemeente: str | None = None  # peer's municipality code
    url: str | None = None

    def to_doc(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Proposal:
        return cls(**doc)

    def origin(self) -> dict[str, Any]:
        if self.kind == "advice":
            return {"kind": "advice", "advice": self.advice, "invloed": self.invloed}
        return {"kind": "peer", "gemeente": self.gemeente, "practice": self.title, "url": self.url}


def propose(
    weak: Sequence[str],
    rules: AdviceRules,
    municipality: Municipality | None,
    practices: Sequence[RegisterEntry],
    registry: MunicipalityRegistry,
    taken: Sequence[str] = (),
) -> list[Proposal]:
    """Up to :data:`PER_KNELPUNT` proposals per weak knelpunt, in the order of ``weak``.

    ``taken``: advice ids and practice urls already in the plan, not proposed again.
    """
    size = municipality.size_class if municipality else None
    region = municipality.vr_code if municipality else None
    own = municipality.code if municipality else None
    found: list[Proposal] = []
    for knelpunt in weak:
        mine: list[Proposal] = []
        for advice in rules.for_knelpunt(knelpunt, size):
            if advice.id in PROPOSAL_TITLES and advice.id not in taken:
                title = PROPOSAL_TITLES[advice.id]
                mine.append(Proposal(knelpunt, "advice", title, advice.invloed, advice.id))
            if len(mine) == FROM_ADVICE:
                break
        peers = [p for p in practices if p.knelpunt == knelpunt and p.gemeente != own]
        peers = [p for p in peers if p.url not in taken]
        peers.sort(key=lambda p: _region_of(registry, p.gemeente) != region)  # stable
        for practice in peers[: PER_KNELPUNT - len(mine)]:
            mine.append(
                Proposal(knelpunt, "peer", practice.title, gemeente=practice.gemeente,
                         url=practice.url)
            )  # fmt: skip
        found += mine
    return found


def _region_of(registry: MunicipalityRegistry, code: str) -> str | None:
    m = registry.get(code)
    return m.vr_code if m else None
