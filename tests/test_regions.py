"""Regions as coordinators know them: official veiligheidsregio names and the politie-eenheid."""

from __future__ import annotations

from collections import Counter

import pytest

from dialogs.model import Scan
from dialogs.municipalities import MunicipalityRegistry
from dialogs.peers.matching import SharedScan
from dialogs.regional.access import REGIO, Access, RoleError
from dialogs.regions import POLITIE_EENHEID, load_regions, region_name
from dialogs.results.advice import load_advice
from dialogs.results.diagnosis import diagnose
from dialogs.results.diagnosis_texts import diagnosis_texts
from dialogs.scan.content import Content
from regiescan.wiring.settings import Settings, SettingsError


def test_every_municipality_lies_in_exactly_one_of_the_ten_eenheden(registry):
    regions = load_regions()
    assert len(regions.eenheden) == 10
    covered = Counter(vr for e in regions.eenheden for vr in e.veiligheidsregios)
    assert sorted(covered) == sorted(registry.regions())  # all 25, each once
    assert set(covered.values()) == {1}
    municipalities = registry.all()
    assert len(municipalities) == 342
    for m in municipalities:
        holding = [e for e in regions.eenheden if m.vr_code in e.veiligheidsregios]
        assert len(holding) == 1, m.name
        assert (m.pe_code, m.politie_eenheid) == (holding[0].code, holding[0].name)
    assert sum(len(registry.in_region(code)) for code in registry.regions(POLITIE_EENHEID)) == 342


@pytest.mark.parametrize(
    ("name", "eenheid", "veiligheidsregio"),
    [
        ("Maastricht", "Limburg", "Zuid-Limburg"),
        ("Venlo", "Limburg", "Limburg-Noord"),
        ("Tilburg", "Zeeland-West-Brabant", "Midden- en West-Brabant"),
        ("Eindhoven", "Oost-Brabant", "Brabant-Zuidoost"),
        ("Leiden", "Den Haag", "Hollands Midden"),
        ("Dordrecht", "Rotterdam", "Zuid-Holland Zuid"),
        ("Almere", "Midden-Nederland", "Flevoland"),
        ("Hilversum", "Midden-Nederland", "Gooi en Vechtstreek"),
        ("Den Helder", "Noord-Holland", "Noord-Holland Noord"),
        ("Amstelveen", "Amsterdam", "Amsterdam-Amstelland"),
        ("Nijmegen", "Oost-Nederland", "Gelderland-Zuid"),
        ("Assen", "Noord-Nederland", "Drenthe"),
    ],
)
def test_known_municipalities_get_their_eenheid_and_official_region_name(
    registry, name, eenheid, veiligheidsregio
):
    m = registry.match(name).exact
    assert m is not None
    assert m.politie_eenheid == eenheid
    assert m.veiligheidsregio == veiligheidsregio  # official: CBS writes "Limburg-Zuid"


def test_region_names_have_one_capitalisation():
    assert region_name("veiligheidsregio", "Zuid-Limburg").msgid == "Veiligheidsregio {name}"
    assert region_name(POLITIE_EENHEID, "Limburg").msgid == "politie-eenheid {name}"


def test_the_installation_chooses_the_kind_and_refuses_a_wrong_one():
    assert Settings.from_env({}).region_kind == "veiligheidsregio"
    assert Settings.from_env({"REGIESCAN_REGION_KIND": "politie-eenheid"}).region_kind == (
        POLITIE_EENHEID
    )
    with pytest.raises(SettingsError, match="REGIESCAN_REGION_KIND"):
        Settings.from_env({"REGIESCAN_REGION_KIND": "provincie"})


class _Directory:
    def __init__(self, records: dict[int, dict]) -> None:
        self.records = records

    def get(self, user_id: int) -> dict | None:
        return self.records.get(user_id)


def test_a_staff_role_may_name_a_politie_eenheid_and_reaches_its_veiligheidsregios(registry):
    access = Access((), _Directory({7: {"role": REGIO, "regions": ["PE10"]}}), registry)
    assert access.check_role(REGIO, ["pe10", "VR21"]) == ["PE10", "VR21"]
    with pytest.raises(RoleError, match="PE99"):
        access.check_role(REGIO, ["PE99"])
    member = access.member(7)
    assert member is not None and member.regions == ("VR23", "VR24")
    maastricht = registry.match("Maastricht").exact
    assert access.may_reach(member, maastricht.vr_code)
    assert not access.may_reach(member, "VR21")


def _finished(content: Content, code: str, value: int, scan_id: str) -> Scan:
    answers = {s.id: {"value": value, "at": "2026-01-01"} for s in content.statements}
    return Scan(scan_id, "2026-01-01", content.version, gemeente=code, finished="2026-01-02",
                answers=answers)  # fmt: skip


def test_the_regional_median_follows_the_installations_kind(content, registry):
    rules = load_advice(content)
    own = registry.match("Maastricht").exact
    venlo_side = [m for m in registry.in_region("VR23")][:3]  # same eenheid, other VR
    others = [
        SharedScan.of(n, _finished(content, m.code, 4, f"o{n}"), content)
        for n, m in enumerate(venlo_side)
    ]
    scan = _finished(content, own.code, 2, "mine")
    by_vr = diagnose(scan, content, rules, registry, others=others)
    by_pe = diagnose(scan, content, rules, registry, others=others, kind=POLITIE_EENHEID)
    assert by_vr.region is None  # no three others in Veiligheidsregio Zuid-Limburg
    assert by_pe.region is not None and by_pe.region.veiligheidsregio == "Limburg"
    line = next(t for t in diagnosis_texts(by_pe) if t.msgid.startswith("Regio:"))
    assert line.params["region"].msgid == "politie-eenheid {name}"


def test_a_registry_from_another_csv_still_gets_its_eenheden(tmp_path):
    path = tmp_path / "gemeenten.csv"
    path.write_text(
        "code,name,province,population,vr_code,veiligheidsregio\n"
        "GM0935,Maastricht,Limburg,122000,VR24,Limburg-Zuid\n",
        encoding="utf-8",
    )
    (m,) = MunicipalityRegistry.from_csv(path).all()
    assert (m.veiligheidsregio, m.pe_code) == ("Zuid-Limburg", "PE10")
