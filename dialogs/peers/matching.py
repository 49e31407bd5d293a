"""Peer municipalities: shared scans of other coordinators, the regional median, and peers.

Everything here works on what other coordinators chose to share: the caller passes only the
finished scans of users who opted in (:class:`SharedScan`) and the register of good practices
(:class:`RegisterEntry`). Nothing is invented: without a match the texts say so.

"Region" is of the installation's kind (:mod:`dialogs.regions`): the veiligheidsregio unless
the settings choose the politie-eenheid.

* Regional median (:func:`regional_median`): over the latest shared scan of each *other*
  municipality of the same region, and per knelpunt only when at least
  :data:`REGION_MIN_OTHERS` of them have a usable score on it, so a median is never one or two
  municipalities' own score.
* Peers (:func:`find_peers`): per weak knelpunt up to :data:`PEERS_PER_KNELPUNT` municipalities
  scoring at least :data:`STRONG_FROM` on it, ranked: same region, then same size
  class, then the higher score, then the more recent scan. Only each user's latest scan counts
  (an old strength is not a strength now), one peer per municipality, never the coordinator's
  own municipality, and demo scans only ever meet demo scans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

from dialogs.model import Scan
from dialogs.municipalities import Municipality, MunicipalityRegistry
from dialogs.peers.stores import RegisterEntry
from dialogs.regions import DEFAULT_KIND
from dialogs.results.scoring import KnelpuntScore, score_scan
from dialogs.scan.content import Content

STRONG_FROM = 4.0  # a knelpunt scoring this or more is a strength (and never a weakness)
PEERS_PER_KNELPUNT = 3
PRACTICES_PER_KNELPUNT = 3  # good practices from the register per knelpunt
REGION_MIN_OTHERS = 3  # other municipalities needed before any regional median is shown


def usable(score: KnelpuntScore) -> float | None:
    """The score if it may be used, None for "onvoldoende zicht"."""
    return None if score.insufficient_view else score.score


@dataclass(frozen=True)
class SharedScan:
    """A finished scan another coordinator shares (they opted in), reduced to its scores."""

    user_id: int
    gemeente: str  # CBS code
    finished: str  # ISO 8601
    scores: tuple[KnelpuntScore, ...]
    demo: bool = False
    notes: tuple[tuple[str, str], ...] = ()  # (knelpunt, note): only what the peer chose to share

    @classmethod
    def of(cls, user_id: int, scan: Scan, content: Content) -> SharedScan:
        if scan.finished is None or scan.gemeente is None:
            raise ValueError(f"scan {scan.id} is not finished or has no municipality")
        scores = tuple(score_scan(scan, content))
        return cls(user_id, scan.gemeente, scan.finished, scores, scan.demo)

    def score(self, knelpunt_id: str) -> float | None:
        """The usable score on ``knelpunt_id``, None for "onvoldoende zicht"."""
        return next((usable(s) for s in self.scores if s.knelpunt == knelpunt_id), None)

    def note(self, knelpunt_id: str) -> str | None:
        """The note the peer shares on ``knelpunt_id`` (what they do there), if any."""
        return next((n for k, n in self.notes if k == knelpunt_id), None)


@dataclass(frozen=True)
class RegionalMedian:
    vr_code: str  # the region's code (of ``kind``: "VR21" or "PE09")
    veiligheidsregio: str  # the region's name (of ``kind``)
    municipalities: int  # other municipalities with a shared scan
    medians: tuple[float | None, ...]  # per knelpunt in content order; None: too few scores
    kind: str = DEFAULT_KIND


@dataclass(frozen=True)
class Peer:
    user_id: int
    municipality: Municipality
    score: float
    finished: str
    same_region: bool
    same_size: bool
    kind: str = DEFAULT_KIND  # the kind of region ``same_region`` refers to
    note: str | None = None  # what they do on this knelpunt, when they chose to share it


@dataclass(frozen=True)
class PeerSuggestion:
    knelpunt: str
    peers: tuple[Peer, ...]  # best first; empty when nobody who shares is strong on it
    practices: tuple[RegisterEntry, ...]  # good practices of other municipalities, nearest first
    kind: str = DEFAULT_KIND  # the kind of region the ranking used


def _latest(keyed: Iterable[tuple[object, SharedScan]]) -> list[SharedScan]:
    """The most recent scan per key (a user, a municipality), in first-seen order."""
    latest: dict[object, SharedScan] = {}
    for key, s in keyed:
        if key not in latest or s.finished > latest[key].finished:
            latest[key] = s
    return list(latest.values())


def regional_median(
    own: Municipality | None,
    others: Sequence[SharedScan],
    registry: MunicipalityRegistry,
    content: Content,
    demo: bool = False,
    kind: str = DEFAULT_KIND,
) -> RegionalMedian | None:
    """The median per knelpunt of the other municipalities in ``own``'s region of ``kind``, or
    None when fewer than :data:`REGION_MIN_OTHERS` of them share a scan."""
    if own is None:
        return None
    code, name = own.region(kind)
    latest = _latest(
        (m.code, o)  # the registry's code: "gm0002 " and "GM0002" are one municipality
        for o in others
        if (m := registry.get(o.gemeente)) is not None
        and m.code != own.code
        and m.region(kind)[0] == code
        and o.demo == demo
    )
    if len(latest) < REGION_MIN_OTHERS:
        return None
    medians = []
    for k in content.knelpunten:
        values = [v for o in latest if (v := o.score(k.id)) is not None]
        medians.append(median(values) if len(values) >= REGION_MIN_OTHERS else None)
    return RegionalMedian(code, name, len(latest), tuple(medians), kind)


def find_peers(
    weak: Sequence[str],
    municipality: Municipality | None,
    candidates: Sequence[SharedScan],
    register: Sequence[RegisterEntry],
    registry: MunicipalityRegistry,
    *,
    demo: bool = False,
    user_id: int | None = None,
    kind: str = DEFAULT_KIND,
) -> tuple[PeerSuggestion, ...]:
    """Peers and good practices for each knelpunt in ``weak`` (the diagnosis' weakest).

    ``candidates``: shared finished scans of users who opted in; ``user_id``: the coordinator,
    whose own scans are never a peer; ``demo``: whether the coordinator's scan is a demo;
    ``kind``: the kind of region that ranks "nearby" first.
    """
    own = municipality.code if municipality else None
    shared = ((c.user_id, c) for c in candidates if c.demo == demo and c.user_id != user_id)
    located = [
        (c, m)
        for c in _latest(shared)
        if (m := registry.get(c.gemeente)) is not None and m.code != own
    ]
    return tuple(
        PeerSuggestion(
            k,
            _peers_for(k, municipality, located, kind),
            _practices(k, municipality, register, registry, kind),
            kind,
        )
        for k in weak
    )


def _near(m: Municipality, own: Municipality | None, kind: str) -> tuple[bool, bool]:
    """(same region of ``kind``, same size class) as ``own``."""
    if own is None:
        return False, False
    return m.region(kind)[0] == own.region(kind)[0], m.size_class == own.size_class


def _peers_for(
    knelpunt: str,
    own: Municipality | None,
    located: Sequence[tuple[SharedScan, Municipality]],
    kind: str,
) -> tuple[Peer, ...]:
    peers = [
        Peer(c.user_id, m, score, c.finished, *_near(m, own, kind), kind, c.note(knelpunt))
        for c, m in located
        if (score := c.score(knelpunt)) is not None and score >= STRONG_FROM
    ]
    peers.sort(key=lambda p: p.finished, reverse=True)  # stable sorts: the last key last
    peers.sort(key=lambda p: (not p.same_region, not p.same_size, -p.score))
    chosen: dict[str, Peer] = {}
    for p in peers:
        chosen.setdefault(p.municipality.code, p)
    return tuple(chosen.values())[:PEERS_PER_KNELPUNT]


def _practices(
    knelpunt: str,
    own: Municipality | None,
    register: Sequence[RegisterEntry],
    registry: MunicipalityRegistry,
    kind: str,
) -> tuple[RegisterEntry, ...]:
    own_code = own.code if own else None
    found = [
        (e, m)
        for e in register
        if e.knelpunt == knelpunt
        and (m := registry.get(e.gemeente)) is not None
        and m.code != own_code
    ]
    found.sort(key=lambda em: tuple(not near for near in _near(em[1], own, kind)))
    return tuple(e for e, _ in found[:PRACTICES_PER_KNELPUNT])
