"""Peers as message lines: per weak knelpunt the peers with their score, the good practices,
and one honest "nobody yet" for every knelpunt without a peer (:mod:`dialogs.peers.matching`
decides who; this module only words it)."""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.municipalities import Municipality, MunicipalityRegistry
from dialogs.peers.matching import Peer, PeerSuggestion
from dialogs.regions import DEFAULT_KIND, region_name
from dialogs.scan.content import title_msgid
from dialogs.texts import N_, Number, Text, text, verbatim

_SIZE = {"klein": N_("klein"), "middelgroot": N_("middelgroot"), "groot": N_("groot")}
_SAME = {
    "veiligheidsregio": N_("zelfde veiligheidsregio"),
    "politie-eenheid": N_("zelfde politie-eenheid"),
}


def why(peer: Peer, knelpunt: str) -> Text:
    """Why this peer: "scoort 4,5 op {knelpunt} · ook {size} · zelfde veiligheidsregio"."""
    params = {"score": Number(peer.score), "knelpunt": _t(knelpunt)}
    size = text(_SIZE[peer.municipality.size_class])
    same = text(_SAME.get(peer.kind, _SAME[DEFAULT_KIND]))
    if peer.same_region and peer.same_size:
        return text(
            "scoort {score} op {knelpunt} · ook {size} · {same}", **params, size=size, same=same
        )
    if peer.same_size:
        return text("scoort {score} op {knelpunt} · ook {size}", **params, size=size)
    if peer.same_region:
        return text("scoort {score} op {knelpunt} · {same}", **params, same=same)
    return text("scoort {score} op {knelpunt}", **params)


NOTE_SHOWN = 200  # characters of a peer's shared note in the message


def _short(note: str) -> str:
    flat = " ".join(note.split())
    return flat if len(flat) <= NOTE_SHOWN else flat[: NOTE_SHOWN - 1].rstrip() + "…"


def _t(knelpunt: str) -> Text:
    return text(title_msgid(knelpunt))


def peer_texts(
    suggestions: Sequence[PeerSuggestion],
    registry: MunicipalityRegistry,
    own: Municipality | None,
    demo: bool = False,
) -> list[Text]:
    """Per weak knelpunt its peers (with their score) and good practices; one honest "nobody
    yet" for all knelpunten without a peer. In a demo every peer is labelled so."""
    if not suggestions:
        return []
    lines = [text("Collega-gemeenten die goed scoren op uw knelpunten:")]
    for s in suggestions:
        if not s.peers and not s.practices:
            continue
        lines.append(text("Bij {knelpunt}:", knelpunt=_t(s.knelpunt)))
        for p in s.peers:
            name = verbatim(p.municipality.name + (" (demo)" if demo else ""))
            lines.append(text("• {municipality}: {why}", municipality=name, why=why(p, s.knelpunt)))
            if p.note:
                lines.append(text("Wat zij doen: “{note}”", note=verbatim(_short(p.note))))
        for e in s.practices:
            m = registry.get(e.gemeente)
            params = {
                "municipality": verbatim(m.name if m else e.gemeente),
                "title": verbatim(e.title),
                "url": verbatim(e.url),
            }
            if e.contact:
                msgid = N_("Goed voorbeeld uit {municipality}: {title}, {url} (contact: {contact})")
                params["contact"] = verbatim(e.contact)
            else:
                msgid = N_("Goed voorbeeld uit {municipality}: {title}, {url}")
            lines.append(text(msgid, **params))
    lonely = [s.knelpunt for s in suggestions if not s.peers]
    if lonely:
        lines.append(_nobody(lonely, own, suggestions[0].kind))
    return lines


def _nobody(knelpunten: Sequence[str], own: Municipality | None, kind: str) -> Text:
    """One paragraph for every knelpunt without a peer."""
    titles = [text("'{title}'", title=_t(k)) for k in knelpunten]
    if len(titles) == 1:
        which = titles[0]
    elif len(titles) == 2:
        which = text("{first} of {second}", first=titles[0], second=titles[1])
    else:
        which = text(
            "{first}, {second} of {third}", first=titles[0], second=titles[1], third=titles[2]
        )
    if own is None:
        return text(
            "Nog geen collega-gemeente die goed scoort op {knelpunten} deelt haar scan. Vraag de "
            "regionale staf welke gemeente hier ervaring mee heeft.",
            knelpunten=which,
        )
    return text(
        "Nog geen collega-gemeente die goed scoort op {knelpunten} deelt haar scan. Vraag de "
        "staf van {region} welke gemeente hier ervaring mee heeft.",
        knelpunten=which,
        region=region_name(kind, own.region(kind)[1]),
    )
