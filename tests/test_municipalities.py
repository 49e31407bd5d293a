"""The municipality list (CBS 2024) and the forgiving name matcher."""

from __future__ import annotations

import csv
import io
import re
import time
from importlib import resources
from pathlib import Path

import pytest

from dialogs.municipalities import (
    ALIASES,
    GROOT,
    KLEIN,
    MIDDELGROOT,
    MatchResult,
    Municipality,
    MunicipalityRegistry,
    normalise,
    size_class,
)

CSV_COLUMNS = [
    "code",
    "name",
    "province_code",
    "province",
    "population",
    "vr_code",
    "veiligheidsregio",
    "cbs_size_class_code",
    "cbs_size_class",
    "cbs_urbanity_code",
    "cbs_urbanity",
]


@pytest.fixture(scope="module")
def registry() -> MunicipalityRegistry:
    return MunicipalityRegistry.load_default()


def exact_name(registry: MunicipalityRegistry, query: str) -> str | None:
    found = registry.match(query).exact
    return found.name if found else None


def suggested(registry: MunicipalityRegistry, query: str) -> list[str]:
    return [m.name for m in registry.match(query).suggestions]


# --- the data ---


def test_csv_has_the_documented_columns() -> None:
    text = resources.files("dialogs").joinpath("data/gemeenten.csv").read_text("utf-8")
    assert next(csv.reader(io.StringIO(text, newline=""))) == CSV_COLUMNS


def test_loads_all_342_municipalities(registry: MunicipalityRegistry) -> None:
    everyone = registry.all()
    assert len(everyone) == 342
    assert len({m.code for m in everyone}) == 342
    assert all(re.fullmatch(r"GM\d{4}", m.code) for m in everyone)
    assert sum(m.population for m in everyone) == 17_942_942


def test_every_municipality_has_a_safety_region(registry: MunicipalityRegistry) -> None:
    codes = {m.vr_code for m in registry.all()}
    assert codes == {f"VR{n:02d}" for n in range(1, 26)}
    assert all(m.veiligheidsregio for m in registry.all())
    regions = registry.regions()
    assert list(regions) == sorted(codes)
    assert regions["VR21"] == "Brabant-Noord"


def test_from_csv_reads_a_path_like_load_default(registry: MunicipalityRegistry) -> None:
    path = Path(__file__).parent.parent / "dialogs" / "data" / "gemeenten.csv"
    assert MunicipalityRegistry.from_csv(path).all() == registry.all()


def test_from_csv_rejects_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("code,name\nGM0001,Nergens\n", encoding="utf-8")
    with pytest.raises(ValueError, match="population"):
        MunicipalityRegistry.from_csv(path)


def test_get_and_in_region(registry: MunicipalityRegistry) -> None:
    bosch = registry.get("GM0796")
    assert bosch is not None
    assert bosch.name == "'s-Hertogenbosch"
    assert (bosch.vr_code, bosch.province) == ("VR21", "Noord-Brabant")
    assert registry.get("gm0796") == bosch
    assert registry.get("GM9999") is None
    region = registry.in_region("VR21")
    assert bosch in region
    assert all(m.vr_code == "VR21" for m in region)
    assert registry.in_region("VR99") == []


def test_aliases_point_at_existing_names(registry: MunicipalityRegistry) -> None:
    names = {m.name for m in registry.all()}
    assert set(ALIASES.values()) <= names
    for alias, name in ALIASES.items():
        assert exact_name(registry, alias) == name


# --- size classes ---


@pytest.mark.parametrize(
    ("population", "expected"),
    [(0, KLEIN), (19_999, KLEIN), (20_000, MIDDELGROOT), (99_999, MIDDELGROOT), (100_000, GROOT)],
)
def test_size_class_boundaries(population: int, expected: str) -> None:
    assert size_class(population) == expected
    municipality = Municipality("GM0000", "Test", "Utrecht", population, "VR09", "Utrecht")
    assert municipality.size_class == expected


def test_real_size_classes(registry: MunicipalityRegistry) -> None:
    amsterdam, vlieland = registry.get("GM0363"), registry.get("GM0096")
    assert amsterdam is not None and amsterdam.size_class == GROOT
    assert vlieland is not None and vlieland.size_class == KLEIN
    assert {m.size_class for m in registry.all()} == {KLEIN, MIDDELGROOT, GROOT}


# --- matching ---


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Amsterdam", "Amsterdam"),
        ("  AMSTERDAM  ", "Amsterdam"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("s hertogenbosch", "'s-Hertogenbosch"),
        ("'s Hertogenbosch", "'s-Hertogenbosch"),
        ("\u2019s-Hertogenbosch", "'s-Hertogenbosch"),  # typographic apostrophe
        ("Den Bosch", "'s-Hertogenbosch"),
        ("den  bosch", "'s-Hertogenbosch"),
        ("Den Haag", "'s-Gravenhage"),
        ("The Hague", "'s-Gravenhage"),
        ("'s-Gravenhage", "'s-Gravenhage"),
        ("Súdwest-Fryslân", "Súdwest-Fryslân"),
        ("sudwest fryslan", "Súdwest-Fryslân"),
        ("Sudwest Friesland", "Súdwest-Fryslân"),
        ("Zuidwest-Friesland", "Súdwest-Fryslân"),
        ("Noordoost-Friesland", "Noardeast-Fryslân"),
        ("noardeast fryslan", "Noardeast-Fryslân"),
        ("De Friese Meren", "De Fryske Marren"),
        ("Tietjerksteradeel", "Tytsjerksteradiel"),
        ("Nuenen", "Nuenen, Gerwen en Nederwetten"),
        ("nuenen gerwen en nederwetten", "Nuenen, Gerwen en Nederwetten"),
        ("Hengelo", "Hengelo (O.)"),
        ("Hengelo (O.)", "Hengelo (O.)"),
        ("Rijswijk", "Rijswijk (ZH.)"),
        ("Rijswijk ZH", "Rijswijk (ZH.)"),
        ("Laren", "Laren (NH.)"),
        ("Middelburg", "Middelburg (Z.)"),
        ("Beek", "Beek (L.)"),
        ("Stein", "Stein (L.)"),
        ("Bergen (NH.)", "Bergen (NH.)"),
        ("bergen nh", "Bergen (NH.)"),
        ("Bergen Limburg", "Bergen (L.)"),
        ("ijsselstein", "IJsselstein"),
        ("Gemeente Utrecht", "Utrecht"),
        ("Amster\u200bdam", "Amsterdam"),  # zero-width space
        ("\u202eAmsterdam\u202c", "Amsterdam"),  # RTL override
        ("Ede", "Ede"),
    ],
)
def test_exact_matches(registry: MunicipalityRegistry, query: str, expected: str) -> None:
    result = registry.match(query)
    assert result.exact is not None
    assert result.exact.name == expected
    assert result.suggestions[0] == result.exact


def test_every_name_matches_itself(registry: MunicipalityRegistry) -> None:
    for municipality in registry.all():
        assert registry.match(municipality.name).exact == municipality, municipality.name


def test_bergen_is_ambiguous(registry: MunicipalityRegistry) -> None:
    result = registry.match("Bergen")
    assert result.exact is None
    assert {m.name for m in result.suggestions[:2]} == {"Bergen (NH.)", "Bergen (L.)"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Amsterdm", "Amsterdam"),
        ("Groningn", "Groningen"),
        ("Eindhovn", "Eindhoven"),
        ("Rotterdma", "Rotterdam"),
        ("Apeldorn", "Apeldoorn"),
        ("Leeuw", "Leeuwarden"),
        ("leeuwa", "Leeuwarden"),
        ("Zwole", "Zwolle"),
        ("Voorburg", "Leidschendam-Voorburg"),
        ("Hertogenbos", "'s-Hertogenbosch"),
    ],
)
def test_typos_and_prefixes_suggest_the_right_one_first(
    registry: MunicipalityRegistry, query: str, expected: str
) -> None:
    assert suggested(registry, query)[0] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Amsterdm", "Amsterdam"), ("Groningn", "Groningen"), ("Eindhovn", "Eindhoven")],
)
def test_one_typo_on_a_long_name_without_rival_is_exact(
    registry: MunicipalityRegistry, query: str, expected: str
) -> None:
    assert exact_name(registry, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "Leeuw",  # a prefix only suggests
        "Zwole",  # one typo, but fewer than 6 letters
        "Velden",  # one typo from Velsen, but two from Leiden
        "Bergan",  # one typo from an ambiguous name
    ],
)
def test_not_exact_without_certainty(registry: MunicipalityRegistry, query: str) -> None:
    result = registry.match(query)
    assert result.exact is None
    assert result.suggestions


@pytest.mark.parametrize(
    "query", ["", "   ", "\n\t", "12345", "?!", "'s-", "\u200b\u200b", "xyzzy", "qqqqqqqq"]
)
def test_junk_gives_nothing(registry: MunicipalityRegistry, query: str) -> None:
    assert registry.match(query) == MatchResult()


def test_limit(registry: MunicipalityRegistry) -> None:
    assert len(registry.match("Ams", limit=2).suggestions) == 2
    assert len(registry.match("Bergen", limit=1).suggestions) == 1
    assert registry.match("Amsterdam", limit=0).exact is not None


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "Amsterdam" * 1_200,
        "\u200b" * 10_000 + "Amsterdam",
        "\u202e" + "ab?! " * 2_500,
        "é" * 10_000,
        "\U0001f600" * 5_000,
    ],
)
def test_very_long_input_is_quick_and_safe(registry: MunicipalityRegistry, query: str) -> None:
    started = time.perf_counter()
    result = registry.match(query)
    assert time.perf_counter() - started < 0.1
    assert isinstance(result, MatchResult)


def test_matching_is_fast(registry: MunicipalityRegistry) -> None:
    queries = ["Den Bosch", "Hengelo", "sudwest fryslan", "Amsterdm", "Bergen", "Leeuw"]
    started = time.perf_counter()
    for _ in range(20):
        for query in queries:
            registry.match(query)
    per_match = (time.perf_counter() - started) / (20 * len(queries))
    assert per_match < 0.01  # generous for slow CI; typically ~0.01 ms exact, <1 ms fuzzy


def test_normalise() -> None:
    assert normalise("'s-Hertogenbosch") == normalise("S Hertogenbosch") == "shertogenbosch"
    assert normalise("Súdwest-Fryslân") == "sudwestfryslan"
    assert normalise("?!") == ""
