"""Peer matching: who is strong where the coordinator is weak, ranked, and never invented."""

from __future__ import annotations

import pytest

from dialogs.model import Scan
from dialogs.municipalities import Municipality, MunicipalityRegistry
from dialogs.peers.matching import (
    PEERS_PER_KNELPUNT,
    STRONG_FROM,
    RegisterEntry,
    SharedScan,
    find_peers,
)
from dialogs.peers.peer_lines import peer_texts, why
from dialogs.results.advice import load_advice
from dialogs.results.diagnosis import diagnose
from dialogs.results.scoring import KnelpuntScore
from dialogs.scan.content import KNELPUNT_IDS, Content
from dialogs.texts import Number, Text


def municipality(code: str, population: int, vr: str) -> Municipality:
    return Municipality(code, f"Gemeente {code}", "Provincie", population, vr, f"Regio {vr}")


REGISTRY = MunicipalityRegistry(
    [
        municipality("GM0001", 10_000, "VR01"),  # the coordinator's: klein, VR01
        municipality("GM0002", 12_000, "VR01"),  # klein, same region
        municipality("GM0003", 14_000, "VR01"),  # klein, same region
        municipality("GM0005", 50_000, "VR01"),  # middelgroot, same region
        municipality("GM0098", 200_000, "VR02"),  # groot, other region
        municipality("GM0099", 11_000, "VR02"),  # klein, other region
    ]
)
OWN = REGISTRY.get("GM0001")
assert OWN is not None


def scores(**values: float | None) -> tuple[KnelpuntScore, ...]:
    """Usable score 3 on every knelpunt unless given (None: "onvoldoende zicht")."""
    result = []
    for k in KNELPUNT_IDS:
        v = values.get(k, 3.0)
        seen = 0 if v is None else 3
        result.append(KnelpuntScore(k, v, answered=seen, unknown=3 - seen, total=3))
    return tuple(result)


def candidate(
    user_id: int,
    gemeente: str,
    finished: str = "2026-01-01T10:00:00",
    demo: bool = False,
    **values: float | None,
) -> SharedScan:
    return SharedScan(user_id, gemeente, finished, scores(**values), demo)


def codes(candidates: list[SharedScan], weak: str = "sturing", **kwargs) -> list[str]:
    (suggestion,) = find_peers([weak], OWN, candidates, [], REGISTRY, **kwargs)
    return [p.municipality.code for p in suggestion.peers]


def test_region_before_size_before_strength_before_recency():
    candidates = [
        candidate(4, "GM0098", "2026-06-01", sturing=5),  # other region, other size, recent
        candidate(3, "GM0099", "2026-01-01", sturing=5),  # other region, same size
        candidate(2, "GM0005", "2026-01-01", sturing=5),  # same region, other size
        candidate(1, "GM0002", "2025-01-01", sturing=4),  # same region and size, weakest, oldest
    ]
    assert codes(candidates) == ["GM0002", "GM0005", "GM0099"]
    assert PEERS_PER_KNELPUNT == 3


def test_strength_then_recency_among_equally_near_peers():
    stronger = [candidate(1, "GM0002", sturing=4), candidate(2, "GM0003", sturing=4.5)]
    assert codes(stronger) == ["GM0003", "GM0002"]
    newer = [
        candidate(1, "GM0002", "2025-05-01", sturing=4),
        candidate(2, "GM0003", "2026-05-01", sturing=4),
    ]
    assert codes(newer) == ["GM0003", "GM0002"]


def test_only_strong_scores_match():
    candidates = [
        candidate(1, "GM0002", sturing=STRONG_FROM - 0.1),
        candidate(2, "GM0003", sturing=None),  # "onvoldoende zicht" is no strength
        candidate(3, "GM0005", sturing=STRONG_FROM),
    ]
    assert codes(candidates) == ["GM0005"]


def test_never_the_own_municipality_nor_the_own_user():
    candidates = [
        candidate(1, "GM0001", sturing=5),  # a colleague in the same municipality
        candidate(7, "GM0099", sturing=5),  # the coordinator's own older scan elsewhere
        candidate(2, "gm0001 ", sturing=5),  # the own code, written differently
    ]
    assert codes(candidates, user_id=7) == []


def test_opted_out_users_are_simply_not_passed_in():
    everyone = [candidate(1, "GM0002", sturing=5), candidate(2, "GM0003", sturing=5)]
    opted_in = [c for c in everyone if c.user_id != 2]
    assert codes(opted_in) == ["GM0002"]


def test_only_the_latest_scan_of_a_user_and_one_peer_per_municipality():
    candidates = [
        candidate(1, "GM0002", "2025-01-01", sturing=5),
        candidate(1, "GM0002", "2026-01-01", sturing=2),  # user 1 is no longer strong
        candidate(2, "GM0003", "2026-01-01", sturing=4),
        candidate(3, "GM0003", "2026-02-01", sturing=5),  # same municipality, stronger
    ]
    (suggestion,) = find_peers(["sturing"], OWN, candidates, [], REGISTRY)
    assert [(p.user_id, p.municipality.code) for p in suggestion.peers] == [(3, "GM0003")]


def test_demo_scans_only_meet_demo_scans():
    candidates = [candidate(1, "GM0002", sturing=5, demo=True), candidate(2, "GM0003", sturing=5)]
    assert codes(candidates) == ["GM0003"]
    assert codes(candidates, demo=True) == ["GM0002"]


def test_unknown_municipalities_are_skipped():
    assert codes([candidate(1, "GM4242", sturing=5)]) == []


def test_register_entries_nearest_first_own_excluded():
    register = [
        RegisterEntry("GM0099", "sturing", "Convenant horeca", "https://example.nl/a"),
        RegisterEntry("GM0001", "sturing", "Eigen aanpak", "https://example.nl/own"),
        RegisterEntry("GM0002", "sturing", "Subsidievoorwaarden", "https://example.nl/b", "OOV"),
        RegisterEntry("GM0002", "bestuur", "Collegeagenda", "https://example.nl/c"),
    ]
    (suggestion,) = find_peers(["sturing"], OWN, [], register, REGISTRY)
    assert [e.url for e in suggestion.practices] == ["https://example.nl/b", "https://example.nl/a"]
    lines = peer_texts([suggestion], REGISTRY, OWN)
    practice = [t for t in lines if t.msgid.startswith("Goed voorbeeld")]
    assert practice[0].params["contact"].msgid == "OOV"
    assert "contact" not in practice[1].params


@pytest.mark.parametrize(
    ("gemeente", "msgid"),
    [
        ("GM0002", "scoort {score} op {knelpunt} · ook {size} · {same}"),
        ("GM0005", "scoort {score} op {knelpunt} · {same}"),
        ("GM0099", "scoort {score} op {knelpunt} · ook {size}"),
        ("GM0098", "scoort {score} op {knelpunt}"),
    ],
)
def test_why_gives_the_peers_score_and_how_near(gemeente, msgid):
    (suggestion,) = find_peers(
        ["sturing"], OWN, [candidate(1, gemeente, sturing=4.5)], [], REGISTRY
    )
    reason = why(suggestion.peers[0], "sturing")
    assert reason.msgid == msgid
    assert reason.params["knelpunt"] == Text("knelpunt.sturing.title")
    assert reason.params["score"] == Number(4.5)
    if "size" in reason.params:
        assert reason.params["size"].msgid == "klein"
    if "same" in reason.params:
        assert reason.params["same"].msgid == "zelfde veiligheidsregio"


def test_no_peers_gives_an_honest_pointer_to_the_region_and_invents_nobody():
    suggestions = find_peers(["sturing", "bestuur"], OWN, [], [], REGISTRY)
    lines = peer_texts(suggestions, REGISTRY, OWN)
    assert not [t for t in lines if t.msgid.startswith("•")]
    (nobody,) = [t for t in lines if t.msgid.startswith("Nog geen collega-gemeente")]  # one
    assert nobody.params["knelpunten"].msgid == "{first} of {second}"
    assert [v.params["title"].msgid for v in nobody.params["knelpunten"].params.values()] == [
        "knelpunt.sturing.title",
        "knelpunt.bestuur.title",
    ]
    region = nobody.params["region"]
    assert region.msgid == "Veiligheidsregio {name}"
    assert region.params["name"] == Text("Regio VR01", verbatim=True)
    (unknown,) = peer_texts(find_peers(["sturing"], None, [], [], REGISTRY), REGISTRY, None)[1:]
    assert "regionale staf" in unknown.msgid
    assert unknown.params["knelpunten"].params["title"].msgid == "knelpunt.sturing.title"
    assert peer_texts([], REGISTRY, OWN) == []


def test_peer_lines_name_only_real_candidates():
    candidates = [candidate(1, "GM0002", sturing=5), candidate(2, "GM0099", bestuur=5)]
    suggestions = find_peers(["sturing", "bestuur", "ketens"], OWN, candidates, [], REGISTRY)
    lines = peer_texts(suggestions, REGISTRY, OWN)
    named = [t.params["municipality"].msgid for t in lines if t.msgid.startswith("•")]
    assert named == ["Gemeente GM0002", "Gemeente GM0099"]
    assert sum(t.msgid.startswith("Nog geen") for t in lines) == 1  # ketens


def test_from_a_diagnosis_to_peers(content: Content):
    answers = {s.id: {"value": 4, "at": "2026-03-01"} for s in content.statements}
    for s in content.knelpunt("informatie").statements:
        answers[s.id] = {"value": 1, "at": "2026-03-01"}
    scan = Scan("s", "2026-03-01", content.version, gemeente="GM0001", answers=answers)
    scan.finished = "2026-03-02"
    d = diagnose(scan, content, load_advice(content), REGISTRY)
    weak = [w.knelpunt for w in d.weakest]
    assert weak == ["informatie"]
    peers = [candidate(9, "GM0003", informatie=4.5)]
    (suggestion,) = find_peers(weak, d.municipality, peers, [], REGISTRY, demo=d.demo)
    assert [p.user_id for p in suggestion.peers] == [9]


def test_ranking_by_politie_eenheid_when_the_installation_uses_it():
    # GM0010 lies in another veiligheidsregio (VR23) but in the same eenheid (PE10) as GM0011.
    def m(code: str, vr: str, pe: str) -> Municipality:
        return Municipality(code, code, "Limburg", 12_000, vr, vr, pe, pe)

    registry = MunicipalityRegistry(
        [m("GM0011", "VR24", "PE10"), m("GM0010", "VR23", "PE10"), m("GM0012", "VR24", "PE10"),
         m("GM0013", "VR22", "PE09")]
    )  # fmt: skip
    own = registry.get("GM0011")
    candidates = [candidate(1, "GM0010", sturing=5), candidate(2, "GM0013", sturing=5)]
    by_vr = find_peers(["sturing"], own, candidates, [], registry)[0].peers
    by_pe = find_peers(["sturing"], own, candidates, [], registry, kind="politie-eenheid")[0].peers
    assert [p.same_region for p in by_vr] == [False, False]
    assert (by_pe[0].municipality.code, by_pe[0].same_region) == ("GM0010", True)
    assert why(by_pe[0], "sturing").params["same"].msgid == "zelfde politie-eenheid"


def test_a_peer_shares_its_note_only_when_it_chose_to(tmp_path):
    from dialogs.privacy import consents
    from regiescan.wiring.services import build_services
    from regiescan.wiring.settings import Settings
    from tests.helpers.export_seed import walk_scan

    s = build_services(Settings(data_dir=tmp_path))
    what_we_do = "Eén analist voor drie gemeenten, gedeeld via de regio."
    walk_scan(s.scans, 2, "Oss", {"informatie": 5}, notes={"informatie": what_we_do,
              "bestuur": "Intern: het college is verdeeld."}, peer=True)  # fmt: skip
    walk_scan(s.scans, 1, "Heusden", {"informatie": 1}, default=4)
    me = s.scans.user(1)

    def peer_lines() -> list[Text]:
        return s.results.texts(me)[1]

    assert [t for t in peer_lines() if t.msgid.startswith("• ")]  # Oss is a peer
    assert not [t for t in peer_lines() if t.msgid.startswith("Wat zij doen")]  # no consent
    oss = s.scans.user(2)
    consents.record(oss, consents.PEER_NOTES, True, s.scans.now())
    s.scans.save(oss)
    (shared,) = [t for t in peer_lines() if t.msgid.startswith("Wat zij doen")]
    assert shared.params["note"].msgid == what_we_do  # the note on its strength only
    index = "".join(p.read_text("utf-8") for p in (tmp_path / "index").rglob("*.json"))
    assert what_we_do in index and "het college is verdeeld" not in index
    consents.record(oss, consents.PEER_NOTES, False, s.scans.now())
    s.scans.save(oss)
    assert not [t for t in peer_lines() if t.msgid.startswith("Wat zij doen")]
    index = "".join(p.read_text("utf-8") for p in (tmp_path / "index").rglob("*.json"))
    assert what_we_do not in index  # withdrawn: gone from the shared index at once
