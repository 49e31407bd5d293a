"""The diagnosis: scores, weakest knelpunten and their advice, balance, profile, trends, region."""

from __future__ import annotations

import re
import string
from typing import Any

import pytest

from dialogs.model import DONT_KNOW, SKIPPED, Scan
from dialogs.municipalities import Municipality, MunicipalityRegistry
from dialogs.peers.matching import STRONG_FROM, SharedScan
from dialogs.results.advice import Advice, AdviceError, AdviceRules, load_advice
from dialogs.results.diagnosis import (
    CHANGE_THRESHOLD,
    LOW_DIMENSION_BELOW,
    MET,
    NOT_MET,
    UNKNOWN,
    WEAKEST,
    Diagnosis,
    diagnose,
)
from dialogs.results.diagnosis_texts import diagnosis_texts
from dialogs.scan.content import Content
from dialogs.texts import Date, Number, Text

AT = "2026-03-01T10:00:00+00:00"


def municipality(code: str, population: int, vr: str = "VR01") -> Municipality:
    return Municipality(code, f"Gemeente {code}", "Provincie", population, vr, f"Regio {vr}")


# Four small (KL*), one mid-sized (MG) and one large (GR) municipality in VR01; one elsewhere.
REGISTRY = MunicipalityRegistry(
    [
        municipality("GM0001", 10_000),
        municipality("GM0002", 12_000),
        municipality("GM0003", 14_000),
        municipality("GM0004", 16_000),
        municipality("GM0005", 50_000),
        municipality("GM0006", 200_000),
        municipality("GM0099", 11_000, vr="VR02"),
    ]
)
KLEIN_CODE, MIDDELGROOT_CODE, GROOT_CODE = "GM0001", "GM0005", "GM0006"


@pytest.fixture(scope="module")
def rules(content: Content) -> AdviceRules:
    return load_advice(content)


def make_scan(
    content: Content,
    knelpunten: dict[str, Any] | None = None,
    statements: dict[str, Any] | None = None,
    *,
    default: Any = 3,
    gemeente: str | None = KLEIN_CODE,
    finished: str | None = AT,
    scan_id: str = "scan1",
    demo: bool = False,
) -> Scan:
    """A scan answering every statement ``default``, a whole knelpunt or a statement otherwise
    (None: leave it unanswered)."""
    answers = {}
    for k in content.knelpunten:
        for s in k.statements:
            value = (statements or {}).get(s.id, (knelpunten or {}).get(k.id, default))
            if value is not None:
                answers[s.id] = {"value": value, "at": AT}
    return Scan(
        id=scan_id,
        started=AT,
        content_version=content.version,
        gemeente=gemeente,
        finished=finished,
        answers=answers,
        demo=demo,
    )


def shared(content: Content, user_id: int, gemeente: str, scan: Scan | None = None) -> SharedScan:
    scan = scan or make_scan(content, gemeente=gemeente, scan_id=f"u{user_id}")
    scan.gemeente = gemeente
    return SharedScan.of(user_id, scan, content)


def render(value: Any) -> str:
    """A stand-in front: Dutch msgids as they are, advice 30 words, titles 6 words."""
    if isinstance(value, Number):
        return f"{value.value:.{value.digits}f}".replace(".", ",")
    if isinstance(value, Date):
        return value.iso[:10]
    if not isinstance(value, Text):
        return str(value)
    if value.verbatim:
        return value.msgid
    if value.msgid.startswith("advice."):
        return " ".join(["adviestekst"] * 30)
    if value.msgid.startswith("knelpunt."):
        return "Titel van een knelpunt in zes woorden"
    template = value.msgid
    if value.plural and value.count_param and value.params[value.count_param] != 1:
        template = value.plural
    return template.format(**{k: render(v) for k, v in value.params.items()})


def ids(advice: tuple[Advice, ...]) -> list[str]:
    return [a.id for a in advice]


# --- scores ---------------------------------------------------------------------------------


def test_scores_follow_the_answers_and_mostly_unknown_is_insufficient_view(content, rules):
    scan = make_scan(
        content,
        statements={
            "systematiek.inbedding": 3,
            "systematiek.analyse": 1,
            "systematiek.doelen": 2,
            "systematiek.afspraken": DONT_KNOW,  # 2 of 5 unknown: still scored
            "systematiek.evaluatie": SKIPPED,
            "sturing.horizontaal": 4,
            "sturing.instrumenten": DONT_KNOW,  # 2 of 3 unknown: onvoldoende zicht
            "sturing.gezag": None,
        },
    )
    d = diagnose(scan, content, rules, REGISTRY)
    values = dict(zip([k.id for k in content.knelpunten], d.values, strict=True))
    assert values["systematiek"] == 2
    assert values["sturing"] is None
    assert values["bestuur"] == 3
    assert d.blind_spots == ("sturing",)


def test_the_weakest_are_the_lowest_scores_ties_in_content_order(content, rules):
    scan = make_scan(content, {"leerproces": 1, "ketens": 2, "bestuur": 2, "samenhang": 2})
    d = diagnose(scan, content, rules, REGISTRY)
    assert [w.knelpunt for w in d.weakest] == ["leerproces", "samenhang", "bestuur"]
    assert len(d.weakest) == WEAKEST


def test_strong_knelpunten_are_never_weak(content, rules):
    scan = make_scan(content, {"sturing": 2}, default=int(STRONG_FROM))
    d = diagnose(scan, content, rules, REGISTRY)
    assert [w.knelpunt for w in d.weakest] == ["sturing"]
    everything_strong = diagnose(make_scan(content, default=5), content, rules, REGISTRY)
    assert everything_strong.weakest == ()
    assert "Geen knelpunt scoort lager dan {threshold}." in " ".join(
        t.msgid for t in diagnosis_texts(everything_strong)
    )


def test_insufficient_view_only_fills_places_after_the_scored_weak_ones(content, rules):
    scan = make_scan(
        content,
        {"systematiek": DONT_KNOW, "bestuur": 2, "rijksbeleid": SKIPPED},
        {"ketens.capaciteit": 3, "ketens.prioriteiten": 4, "ketens.maatwerk": 4},  # 3.67
        default=5,
    )
    d = diagnose(scan, content, rules, REGISTRY)
    assert [(w.knelpunt, w.score) for w in d.weakest] == [
        ("bestuur", 2),
        ("ketens", pytest.approx(11 / 3)),
        ("systematiek", None),  # the first blind spot in content order takes the last place
    ]
    assert d.blind_spots == ("systematiek", "rijksbeleid")
    blind = [t for t in diagnosis_texts(d) if t.plural]
    assert blind[0].params["n"] == 2
    assert blind[0].params["informatie"].msgid == "knelpunt.informatie.title"


# --- advice -----------------------------------------------------------------------------------

SIZE_CODES = {"klein": KLEIN_CODE, "middelgroot": MIDDELGROOT_CODE, "groot": GROOT_CODE}


def all_advice() -> list[Advice]:
    from dialogs.scan.content import load_content

    return list(load_advice(load_content()).advice)


@pytest.mark.parametrize("advice", all_advice(), ids=lambda a: a.id)
def test_each_advice_is_given_when_its_knelpunt_is_weak_for_its_sizes(content, rules, advice):
    for size, code in SIZE_CODES.items():
        weak = diagnose(
            make_scan(content, {advice.knelpunt: 1}, gemeente=code), content, rules, REGISTRY
        )
        given = advice in weak.weakest[0].advice
        assert weak.weakest[0].knelpunt == advice.knelpunt
        assert given == (advice.sizes is None or size in advice.sizes), size
        groups = dict(weak.actions())
        assert (advice in groups.get(advice.invloed, ())) == given  # grouped by its invloed
        assert all(a.invloed == where for where, group in groups.items() for a in group)
        strong = diagnose(
            make_scan(content, {advice.knelpunt: 5}, gemeente=code), content, rules, REGISTRY
        )
        assert all(advice not in w.advice for w in strong.weakest)


def test_size_specific_advice_comes_first_and_unknown_size_gets_general_advice(content, rules):
    scan = make_scan(content, {"informatie": 1}, default=5)
    small = diagnose(scan, content, rules, REGISTRY).weakest[0]
    general = ["informatie.analyse", "informatie.registratie", "informatie.partners"]
    assert ids(small.advice) == ["informatie.bundelen", *general, "informatie.riec"]
    scan.gemeente = None
    unknown = diagnose(scan, content, rules, REGISTRY)
    assert unknown.municipality is None
    assert ids(unknown.weakest[0].advice) == [*general, "informatie.riec"]


def test_the_required_size_rules_are_in_the_data(rules):
    assert rules.get("informatie.bundelen").sizes == {"klein", "middelgroot"}
    assert rules.get("expertise.collega").sizes == {"klein", "middelgroot"}
    assert rules.get("samenhang.organisatie").sizes == {"groot"}
    assert {a.knelpunt for a in rules.advice if a.sizes is None} == {
        "systematiek", "coordinator", "sturing", "expertise", "informatie",
        "samenhang", "bestuur", "ketens", "rijksbeleid", "leerproces",
    }  # fmt: skip
    assert all(a.source.startswith(("Knelpunten: ", "Aanbevelingen: ")) for a in rules.advice)


def test_actions_are_grouped_zelf_regio_rijk(content, rules):
    scan = make_scan(
        content,
        {"ketens": 1, "expertise": 2},
        {"rijksbeleid.budgetten": 1, "rijksbeleid.schotten": 2},  # 1.5
        default=5,
    )
    d = diagnose(scan, content, rules, REGISTRY)
    assert [(where, ids(advice)) for where, advice in d.actions()] == [
        ("lokaal", ["ketens.prioriteiten", "rijksbeleid.budgetten", "expertise.kennis"]),
        ("regio", ["ketens.afspraken", "ketens.zorgveiligheidshuis", "expertise.collega",
                   "expertise.taakverdeling"]),
        ("rijk", ["ketens.maatwerk", "rijksbeleid.uitvoering", "rijksbeleid.sturingsmiddelen",
                  "rijksbeleid.signaleren"]),
    ]  # fmt: skip
    assert [(where, ids(advice)) for where, advice in d.actions(per_knelpunt=1)] == [
        ("lokaal", ["rijksbeleid.budgetten"]),
        ("regio", ["ketens.afspraken", "expertise.collega"]),
    ]


def test_the_first_advice_answers_the_statement_answered_lowest(content, rules):
    # The case from the review: "registraties volledig en betrouwbaar" scored 1 in a small
    # municipality; the first advice must be about keeping registrations in order.
    scan = make_scan(
        content,
        statements={
            "informatie.werkwijze": 2,
            "informatie.registratie": 1,
            "informatie.partners": 3,
            "informatie.beeld": 2,
        },
        default=4,
    )
    (weak,) = diagnose(scan, content, rules, REGISTRY).weakest
    assert weak.knelpunt == "informatie"
    assert ids(weak.advice)[0] == "informatie.registratie"
    assert ids(weak.advice).index("informatie.bundelen") < ids(weak.advice).index(
        "informatie.analyse"
    )  # werkwijze and beeld tie at 2: the small municipality's regional pooling first
    scan.answers["informatie.registratie"]["value"] = 4
    scan.answers["informatie.beeld"]["value"] = 1
    (weak,) = diagnose(scan, content, rules, REGISTRY).weakest
    assert ids(weak.advice)[:2] == ["informatie.bundelen", "informatie.analyse"]
    lines = diagnosis_texts(diagnose(scan, content, rules, REGISTRY))
    sources = [t for t in lines if t.msgid == "Open bronnen: {sources}"]
    assert "https://www.veiligheidsmonitor.nl" in sources[0].params["sources"].msgid


@pytest.mark.parametrize(
    ("code", "first"),
    [
        (KLEIN_CODE, "ketens.afspraken"),  # small: the joint regional agreement first
        (MIDDELGROOT_CODE, "ketens.afspraken"),
        (GROOT_CODE, "ketens.prioriteiten"),  # large: the lokale driehoek first
    ],
)
def test_the_size_class_orders_regional_and_local_routes_both_ways(content, rules, code, first):
    scan = make_scan(content, {"ketens": 1}, default=5, gemeente=code)
    (weak,) = diagnose(scan, content, rules, REGISTRY).weakest
    assert ids(weak.advice)[0] == first
    assert {"ketens.afspraken", "ketens.prioriteiten"} <= set(ids(weak.advice))  # both, always


def test_the_message_always_has_a_step_the_municipality_takes_itself(content, rules):
    # Small, weak on ketens (first: regional) and expertise (first: regional pooling).
    scan = make_scan(content, {"ketens": 1, "expertise": 1}, default=5, gemeente=KLEIN_CODE)
    d = diagnose(scan, content, rules, REGISTRY)
    assert [a.invloed for w in d.weakest for a in w.advice[:1]] == ["regio", "regio"]
    steps = dict(d.first_steps())
    assert ids(steps["lokaal"]) == ["expertise.kennis"]  # the best zelf step of the weakest
    assert ids(steps["regio"]) == ["expertise.collega", "ketens.afspraken"]
    lines = [t.msgid for t in diagnosis_texts(d)]
    assert lines.index("Wat u zelf kunt doen:") < lines.index("Wat u met de regio kunt doen:")


def test_the_message_shows_a_first_step_per_weak_knelpunt_under_where_to_act(content, rules):
    scan = make_scan(content, {"sturing": 1, "ketens": 1, "rijksbeleid": 2}, gemeente=GROOT_CODE)
    lines = diagnosis_texts(diagnose(scan, content, rules, REGISTRY))
    start = next(i for i, t in enumerate(lines) if t.msgid.startswith("Wat u"))
    assert [
        t.msgid if t.msgid.startswith("Wat u") else t.params["advice"].msgid
        for t in lines[start : start + 5]
    ] == [
        "Wat u zelf kunt doen:",
        "advice.sturing.instrumenten",
        "advice.ketens.prioriteiten",  # a large municipality: the lokale driehoek first
        "Wat u kunt signaleren richting het rijk:",
        "advice.rijksbeleid.grenzen",  # the advice for large municipalities comes first
    ]


def test_every_advice_id_is_extracted_for_the_catalogs(rules):
    from importlib import resources

    from dialogs.results.advice import extract_advice

    data = resources.files("dialogs").joinpath("data/advice.toml").open("rb")
    with data:
        extracted = list(extract_advice(data, None, None, {}))
    assert [msgid for _, _, msgid, _ in extracted] == [a.msgid for a in rules.advice]
    assert all(any(c.startswith("Source: ") for c in comments) for *_, comments in extracted)
    assert rules.version == "2026.2"


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('[[advice]]\nid = "x.y"\nknelpunt = "x"\ninvloed = "lokaal"\nsource = "s"\n', "unknown"),
        ('[[advice]]\nid = "sturing.a"\nknelpunt = "sturing"\ninvloed = "ergens"\n'
         'source = "s"\n', "invloed"),
        ('[[advice]]\nid = "sturing.a"\nknelpunt = "sturing"\ninvloed = "lokaal"\n', "malformed"),
        ('[[advice]]\nid = "sturing.a"\nknelpunt = "sturing"\ninvloed = "lokaal"\nsource = "s"\n'
         'sizes = ["reus"]\n', "sizes"),
    ],
)  # fmt: skip
def test_a_broken_advice_file_is_refused(content, tmp_path, toml, problem):
    path = tmp_path / "advice.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(AdviceError, match=problem):
        load_advice(content, path)


# --- balance, profile -----------------------------------------------------------------------


def test_balance_is_the_mean_per_dimensie(content, rules):
    # willen: samenhang, bestuur, leerproces; kunnen: ketens, rijksbeleid; kennen: the rest.
    scan = make_scan(content, {"samenhang": 2, "bestuur": 3, "leerproces": 4, "ketens": 1})
    means = diagnose(scan, content, rules, REGISTRY).balance.means
    assert means["willen"] == 3
    assert means["kunnen"] == pytest.approx((1 + 3) / 2)
    assert means["kennen"] == 3


def test_sturing_is_kennen_one_mapping_for_the_product(content):
    tags = {k.id: k.dimensie for k in content.knelpunten}
    assert tags["sturing"] == "kennen"  # hierarchical thinking, unused instruments: competence
    assert [k for k, d in tags.items() if d == "kunnen"] == ["ketens", "rijksbeleid"]


KUNNEN_1 = {"ketens": 1, "rijksbeleid": 1}


@pytest.mark.parametrize(
    ("answers", "default", "low"),
    [
        ({**KUNNEN_1, "bestuur": 1}, 4, ("willen",)),  # willen 3.0, kennen 4.0
        (KUNNEN_1, 3, ("willen", "kennen")),
        ({**KUNNEN_1, "bestuur": 5, "samenhang": 5, "leerproces": 5}, 3, ("kennen",)),
        ({"ketens": 2, "rijksbeleid": 2}, 4, ()),  # willen, kennen 4: not low
        ({"bestuur": 1, "samenhang": 1, "leerproces": 1}, 3, ()),  # willen weakest, not kunnen
        ({"ketens": 2, "bestuur": 1}, 4, ()),  # kunnen 3.0 ties with willen: not "the lowest"
    ],
)
def test_the_kunnen_warning(content, rules, answers, default, low):
    d = diagnose(make_scan(content, answers, default=default), content, rules, REGISTRY)
    assert d.balance.low_besides_kunnen == low
    assert d.balance.kunnen_warning == bool(low)
    warnings = [t for t in diagnosis_texts(d) if t.msgid.startswith("Ook '")]
    assert len(warnings) == (1 if low else 0)
    if len(low) == 1:
        assert warnings[0].params["dimensie"].msgid == low[0]
    if low:  # kunnen lowest: the study's point is always made
        assert any(t.msgid.startswith("'Kunnen' scoort het laagst.") for t in diagnosis_texts(d))


def _interpretation(d: Diagnosis) -> list[str]:
    return [t.msgid for t in diagnosis_texts(d) if t.msgid.startswith(("'", "De drie"))]


def test_every_dimension_is_explained_and_the_lowest_interpreted(content, rules):
    # The review's case: willen 4.2 · kunnen 4.1 · kennen 3.0, so kennen is the problem.
    scan = make_scan(
        content,
        {"systematiek": 3, "coordinator": 3, "sturing": 3, "expertise": 3, "informatie": 3},
        {"bestuur.prioriteit": 4, "ketens.capaciteit": 5},
        default=4,
    )
    d = diagnose(scan, content, rules, REGISTRY)
    assert d.balance.lowest == ("kennen",)
    lines = diagnosis_texts(d)
    assert lines[[t.msgid for t in lines].index("Gemiddeld per dimensie: willen {willen} · "
                                                "kunnen {kunnen} · kennen {kennen}") - 1].msgid \
        .startswith("Willen gaat over prioriteit en belang")  # fmt: skip
    assert [m[:26] for m in _interpretation(d)] == ["'Kennen' scoort het laagst"]
    willen = diagnose(make_scan(content, {"bestuur": 1, "samenhang": 2}, default=4), content,
                      rules, REGISTRY)  # fmt: skip
    assert willen.balance.lowest == ("willen",)
    assert [m[:26] for m in _interpretation(willen)] == ["'Willen' scoort het laagst"]


def test_balanced_dimensions_are_called_balanced_and_ties_named(content, rules):
    even = diagnose(make_scan(content, default=3), content, rules, REGISTRY)
    assert even.balance.balanced and even.balance.lowest == ()
    assert [m[:7] for m in _interpretation(even)] == ["De drie"]
    tie = diagnose(make_scan(content, {"ketens": 2, "rijksbeleid": 2, "bestuur": 2,
                                       "samenhang": 2, "leerproces": 2}, default=4),
                   content, rules, REGISTRY)  # fmt: skip
    assert tie.balance.lowest == ("willen", "kunnen")
    assert "'{first}' en '{second}' scoren even laag." in _interpretation(tie)
    assert any(m.startswith("'Kunnen' scoort het laagst.") for m in _interpretation(tie))


def test_weakest_mostly_kunnen_does_not_just_confirm_the_outward_explanation(content, rules):
    scan = make_scan(content, {"ketens": 1, "rijksbeleid": 1, "bestuur": 3}, default=4)
    d = diagnose(scan, content, rules, REGISTRY)
    assert [w.knelpunt for w in d.weakest] == ["ketens", "rijksbeleid", "bestuur"]
    assert d.mostly_kunnen
    lines = [t.msgid for t in diagnosis_texts(d)]
    assert any(m.startswith("Uw grootste knelpunten liggen vooral buiten") for m in lines)
    assert "Wat u zelf kunt doen:" in lines  # and what the municipality can do itself
    one = diagnose(make_scan(content, {"ketens": 1, "bestuur": 2, "sturing": 2}, default=4),
                   content, rules, REGISTRY)  # fmt: skip
    assert not one.mostly_kunnen


def test_low_is_one_constant():
    assert LOW_DIMENSION_BELOW == 3.5


def test_best_persons_conditions(content, rules):
    scan = make_scan(
        content,
        statements={
            "coordinator.proces": 4,
            "coordinator.inhoud": 3,
            "coordinator.methode": DONT_KNOW,
            "coordinator.positie": None,
        },
    )
    d = diagnose(scan, content, rules, REGISTRY)
    assert [(c.condition, c.status) for c in d.conditions] == [
        ("proces", MET),
        ("inhoud", NOT_MET),
        ("methode", UNKNOWN),
        ("positie", UNKNOWN),
    ]
    texts = diagnosis_texts(d)
    profile = next(t for t in texts if t.msgid.startswith("Profiel van de"))  # role not given
    assert profile.msgid.endswith("aan {met} van de {total} voorwaarden voldaan.")
    assert (profile.params["met"], profile.params["total"]) == (1, 4)
    scan.role = "coordinator"
    mine = diagnosis_texts(diagnose(scan, content, rules, REGISTRY))
    assert any(t.msgid.startswith("Uw profiel als veiligheidscoördinator: aan") for t in mine)
    assert [t.msgid for t in texts if t.msgid.startswith("Nog ")] == [
        "Nog niet vervuld: {condition}",
        "Nog onbekend: {condition}",
        "Nog onbekend: {condition}",
    ]


def full_profile(content: Content, **knelpunten: Any) -> Scan:
    profile = {s.id: 5 for s in content.knelpunt("coordinator").statements}
    return make_scan(content, knelpunten, profile, default=4)


def test_a_full_profile_with_low_expertise_or_information_rests_on_one_person(content, rules):
    d = diagnose(full_profile(content, informatie=2), content, rules, REGISTRY)
    assert d.one_person == ("informatie",)
    (signal,) = [t for t in diagnosis_texts(d) if "één persoon" in t.msgid]
    assert signal.params["knelpunten"].msgid == "'{title}'"  # quoted in the sentence
    assert signal.params["knelpunten"].params["title"].msgid == "knelpunt.informatie.title"
    both = diagnose(full_profile(content, informatie=2, expertise=3), content, rules, REGISTRY)
    assert both.one_person == ("expertise", "informatie")
    assert diagnose(full_profile(content), content, rules, REGISTRY).one_person == ()  # high
    gap = full_profile(content, informatie=2)
    gap.answers["coordinator.positie"]["value"] = 3  # not all four conditions met
    assert diagnose(gap, content, rules, REGISTRY).one_person == ()
    assert not [t for t in diagnosis_texts(diagnose(gap, content, rules, REGISTRY))
                if "één persoon" in t.msgid]  # fmt: skip


def test_a_weak_leerproces_points_to_the_collegiale_toets_in_the_message(content, rules):
    d = diagnose(make_scan(content, {"leerproces": 2}, default=4), content, rules, REGISTRY)
    assert d.toets
    (pointer,) = [t for t in diagnosis_texts(d) if "collegiale toets" in t.msgid]
    assert pointer.params["knelpunt"].msgid == "knelpunt.leerproces.title"
    strong = diagnose(make_scan(content, {"sturing": 2}, default=4), content, rules, REGISTRY)
    assert not strong.toets
    assert not [t for t in diagnosis_texts(strong) if "collegiale toets" in t.msgid]


# --- comparison with the previous scan ------------------------------------------------------


def test_changes_since_the_previous_scan(content, rules):
    before = make_scan(content, {"sturing": 2, "bestuur": 4, "ketens": 3}, scan_id="old")
    now = make_scan(
        content,
        {"sturing": 3, "bestuur": 3, "rijksbeleid": DONT_KNOW},
        {"ketens.capaciteit": 4},  # 3.33: moved less than the threshold
    )
    before.finished = "2025-09-01T10:00:00+00:00"
    d = diagnose(now, content, rules, REGISTRY, previous=before)
    assert d.comparison is not None
    assert [(c.knelpunt, c.improved) for c in d.comparison.changes] == [
        ("sturing", True),
        ("bestuur", False),
    ]  # ketens moved 0.25 only, rijksbeleid has no usable score now
    assert CHANGE_THRESHOLD == 0.5
    assert d.previous_values is not None and d.previous_values[2] == 2
    lines = [t.msgid for t in diagnosis_texts(d)]
    assert "Beter: {title}, van {before} naar {after}" in lines
    assert "Zwakker: {title}, van {before} naar {after}" in lines


def test_no_comparison_with_another_municipality_or_without_previous(content, rules):
    now = make_scan(content)
    other = make_scan(content, gemeente="GM0002", scan_id="old")
    assert diagnose(now, content, rules, REGISTRY, previous=other).comparison is None
    assert diagnose(now, content, rules, REGISTRY).comparison is None
    same = diagnose(now, content, rules, REGISTRY, previous=make_scan(content, scan_id="old"))
    assert same.comparison is not None and same.comparison.changes == ()


# --- regional median: privacy ---------------------------------------------------------------


def test_regional_median_needs_three_other_municipalities(content, rules):
    scan = make_scan(content, {"sturing": 1})
    noise = [
        shared(content, 10, KLEIN_CODE),  # own municipality, another user
        shared(content, 11, "GM0099"),  # another veiligheidsregio
        SharedScan.of(12, make_scan(content, gemeente="GM0004", demo=True), content),  # demo
        shared(content, 13, "GM0002"),
        shared(content, 14, "GM0002", make_scan(content, {"sturing": 5}, finished="2020-01-01")),
        shared(content, 15, "GM0003"),
    ]
    two = diagnose(scan, content, rules, REGISTRY, others=noise)
    assert two.region is None
    assert all(w.regional_median is None for w in two.weakest)
    assert not [t for t in diagnosis_texts(two) if t.msgid.startswith("Regio:")]

    three = diagnose(scan, content, rules, REGISTRY, others=[*noise, shared(content, 16, "GM0004")])
    assert three.region is not None
    assert three.region.municipalities == 3
    assert three.region.medians[content.index_of("sturing")] == 3  # the 2020 "5" is superseded
    assert three.weakest[0].regional_median == 3
    assert [t.msgid for t in diagnosis_texts(three) if t.msgid.startswith("Regio:")]


def test_one_municipality_counts_once_however_its_code_is_written(content, rules):
    others = [
        shared(content, 1, "GM0002"),
        shared(content, 2, "gm0002 "),
        shared(content, 3, "GM0003"),
    ]
    assert diagnose(make_scan(content), content, rules, REGISTRY, others=others).region is None


def test_no_median_on_a_knelpunt_fewer_than_three_others_can_score(content, rules):
    blind = make_scan(content, {"ketens": DONT_KNOW}, gemeente="GM0004")
    others = [
        shared(content, 1, "GM0002"),
        shared(content, 2, "GM0003"),
        shared(content, 3, "GM0004", blind),
    ]
    d = diagnose(make_scan(content), content, rules, REGISTRY, others=others)
    assert d.region is not None
    assert d.region.medians[content.index_of("ketens")] is None
    assert d.region.medians[content.index_of("sturing")] == 3


# --- the message ----------------------------------------------------------------------------


def worst_case(content: Content, rules: AdviceRules) -> Diagnosis:
    """Everything in the message at once: three weak with advice, warning, profile gaps,
    blind spots, many shifts, regional medians."""
    scan = make_scan(
        content,
        {"sturing": 1, "ketens": 1, "rijksbeleid": 1, "informatie": DONT_KNOW, "leerproces": 2},
        {"coordinator.inhoud": 2, "coordinator.methode": DONT_KNOW, "rijksbeleid.schotten": 2},
    )
    previous = make_scan(content, default=5, scan_id="old")
    previous.finished = "2025-01-01T10:00:00+00:00"
    others = [shared(content, n, code) for n, code in enumerate(["GM0002", "GM0003", "GM0004"])]
    return diagnose(scan, content, rules, REGISTRY, previous=previous, others=others)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_message_texts_use_named_placeholders_only(content, rules):
    def check(value: Any) -> None:
        if isinstance(value, Text) and not value.verbatim:
            assert placeholders(value.msgid) == set(value.params), value.msgid
            if value.plural:
                assert placeholders(value.plural) == set(value.params)
            assert not re.search(r"\{\d*\}", value.msgid), value.msgid
            for param in value.params.values():
                check(param)

    for line in diagnosis_texts(worst_case(content, rules)):
        check(line)


def test_the_message_fits_one_telegram_message_and_a_minute(content, rules):
    # At some 250 words a minute: a typical diagnosis within it, the worst case a minute and a
    # half (every dimensie is explained and interpreted, signals between answers are named).
    typical = make_scan(content, {"informatie": 2, "sturing": 2, "bestuur": 2}, default=4)
    for diagnosis, words in (
        (diagnose(typical, content, rules, REGISTRY), 250),
        (worst_case(content, rules), 400),
    ):
        rendered = "\n".join(render(t) for t in diagnosis_texts(diagnosis))
        assert len(rendered) < 4096
        assert len(rendered.split()) <= words  # with 30-word advice; the real ones have 19-31
        assert "{" not in rendered
