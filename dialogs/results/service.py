"""What a finished scan tells a coordinator: the diagnosis and the peers, from stored data.

Glue between the user documents, the index of finished scans (for the regional median and
for peers) and the pure functions in :mod:`dialogs.results.diagnosis` and
:mod:`dialogs.peers.matching`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dialogs.model import Scan, User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.peers.matching import STRONG_FROM, PeerSuggestion, SharedScan, find_peers, usable
from dialogs.peers.peer_lines import peer_texts
from dialogs.peers.stores import RegisterStore
from dialogs.privacy.consents import PEER_LISTING, PEER_NOTES, is_given
from dialogs.regions import DEFAULT_KIND
from dialogs.results.advice import AdviceRules
from dialogs.results.diagnosis import Diagnosis, diagnose
from dialogs.results.diagnosis_texts import diagnosis_texts
from dialogs.results.scoring import KnelpuntScore, score_scan
from dialogs.results.stores import FinishedScanStore
from dialogs.scan.content import Content
from dialogs.texts import Text


class Results:
    """Diagnosis and peers for users, kept current through :meth:`on_saved`."""

    def __init__(
        self,
        content: Content,
        rules: AdviceRules,
        registry: MunicipalityRegistry,
        index: FinishedScanStore,
        register: RegisterStore,
        region_kind: str = DEFAULT_KIND,
    ) -> None:
        self.content = content
        self.rules = rules
        self.registry = registry
        self.index = index
        self.register = register
        self.region_kind = region_kind  # ranks peers and forms the regional median

    # --- the index ------------------------------------------------------------------------
    def _entry(self, user: User) -> tuple[str, dict[str, Any]] | None:
        if not user.finished:
            return None
        scan = user.finished[-1]
        m = self.registry.get(scan.gemeente or "")
        if m is None or scan.finished is None:
            return None
        scored = score_scan(scan, self.content)
        scores = [[s.knelpunt, s.score, s.answered, s.unknown, s.total] for s in scored]
        entry = {
            "user_id": user.user_id,
            "gemeente": m.code,
            "finished": scan.finished,
            "scores": scores,
            "demo": scan.demo,
            "peer": is_given(user, PEER_LISTING),
        }
        if entry["peer"] and is_given(user, PEER_NOTES):  # only what they do where strong
            strong = {
                s.knelpunt for s in scored if (v := usable(s)) is not None and v >= STRONG_FROM
            }
            notes = {k: n for k in sorted(strong) if (n := scan.note(k))}
            if notes:
                entry["notes"] = notes
        return m.vr_code, entry

    def on_saved(self, user: User) -> None:
        """Update the index when this save finished a scan or changed the peer consent."""
        changed = [(user.consents.get(c) or {}).get("at") for c in (PEER_LISTING, PEER_NOTES)]
        just_finished = bool(user.finished) and user.finished[-1].finished == user.updated
        if not (just_finished or user.updated in changed):
            return
        self._put(user)

    def refresh(self, user: User) -> None:
        """Bring the user's index entry up to date (or remove it), whatever changed."""
        self._put(user)

    def _put(self, user: User) -> None:
        found = self._entry(user)
        if found is None:
            self.index.remove(user.user_id)
            return
        region, entry = found
        self.index.remove(user.user_id, [r for r in self.index.regions() if r != region])
        self.index.put(region, entry)

    def forget(self, user_id: int) -> None:
        self.index.remove(user_id)

    def rebuild(self, users: Iterable[User]) -> int:
        by_region: dict[str, list[dict[str, Any]]] = {}
        for user in users:
            found = self._entry(user)
            if found is not None:
                by_region.setdefault(found[0], []).append(found[1])
        self.index.replace_all(by_region)
        return sum(len(v) for v in by_region.values())

    def shared(self, region: str | None = None, peers_only: bool = False) -> list[SharedScan]:
        return [
            SharedScan(
                e["user_id"],
                e["gemeente"],
                e["finished"],
                tuple(KnelpuntScore(*s) for s in e["scores"]),
                e.get("demo", False),
                tuple(sorted((e.get("notes") or {}).items())) if e.get("peer") else (),
            )
            for e in self.index.entries(region)
            if e.get("peer") or not peers_only
        ]

    # --- what the coordinator sees --------------------------------------------------------
    def diagnose(self, user: User, scan: Scan | None = None) -> Diagnosis | None:
        """The diagnosis of ``scan`` (default: the latest finished one)."""
        if scan is None:
            if not user.finished:
                return None
            scan = user.finished[-1]
        earlier = [s for s in user.finished if s.finished and s.finished < (scan.finished or "~")]
        m = self.registry.get(scan.gemeente or "")
        # The index is kept per veiligheidsregio; an eenheid reads the ones it covers.
        regions = self.registry.veiligheidsregios_of(m.region(self.region_kind)[0]) if m else ()
        others = [o for r in regions for o in self.shared(r) if o.user_id != user.user_id]
        previous = earlier[-1] if earlier else None
        return diagnose(
            scan,
            self.content,
            self.rules,
            self.registry,
            previous=previous,
            others=others,
            kind=self.region_kind,
        )

    def peers(self, user: User, diagnosis: Diagnosis) -> tuple[PeerSuggestion, ...]:
        return find_peers(
            [w.knelpunt for w in diagnosis.weakest],
            diagnosis.municipality,
            self.shared(peers_only=True),
            self.register.entries(),
            self.registry,
            demo=diagnosis.demo,
            user_id=user.user_id,
            kind=self.region_kind,
        )

    def texts(self, user: User) -> tuple[list[Text], list[Text]]:
        """(diagnosis lines, peer lines) of the latest finished scan; empty without one."""
        diagnosis = self.diagnose(user)
        if diagnosis is None:
            return [], []
        suggestions = self.peers(user, diagnosis)
        peers = peer_texts(suggestions, self.registry, diagnosis.municipality, diagnosis.demo)
        return diagnosis_texts(diagnosis), peers
