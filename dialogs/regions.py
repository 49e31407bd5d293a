"""The two kinds of region a municipality belongs to: veiligheidsregio and politie-eenheid.

Integral safety cooperation runs through the veiligheidsregio (25, codes VR01-VR25 from CBS) or
through the politie-eenheid and its RIEC (10, codes PE01-PE10 of our own). Both come from
``dialogs/data/regions.toml``: the official names of the veiligheidsregio's where CBS writes
them differently, and per eenheid the veiligheidsregio's it covers, from which each
municipality's eenheid follows. Which kind ranks peers and forms the regional median is a
setting (``REGIESCAN_REGION_KIND``); staff roles may name regions of either kind.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from dialogs.texts import N_, Text, text, verbatim

VEILIGHEIDSREGIO, POLITIE_EENHEID = "veiligheidsregio", "politie-eenheid"
REGION_KINDS = (VEILIGHEIDSREGIO, POLITIE_EENHEID)
DEFAULT_KIND = VEILIGHEIDSREGIO
PREFIX = {VEILIGHEIDSREGIO: "VR", POLITIE_EENHEID: "PE"}
# How a region is named in running text: one capitalisation everywhere.
_NAMED = {
    VEILIGHEIDSREGIO: N_("Veiligheidsregio {name}"),
    POLITIE_EENHEID: N_("politie-eenheid {name}"),
}


def region_name(kind: str, name: str) -> Text:
    """A region as coordinators know it: "Veiligheidsregio Zuid-Limburg", "politie-eenheid
    Limburg"."""
    return text(_NAMED.get(kind, _NAMED[DEFAULT_KIND]), name=verbatim(name))


class RegionDataError(ValueError):
    """The region data breaks a rule the product relies on."""


def kind_of(code: str) -> str | None:
    """The kind of a region code ("VR21": veiligheidsregio, "PE09": politie-eenheid)."""
    prefix = code.strip().upper()[:2]
    return next((kind for kind, p in PREFIX.items() if p == prefix), None)


@dataclass(frozen=True)
class Eenheid:
    code: str  # "PE10"
    name: str  # "Limburg"
    veiligheidsregios: tuple[str, ...]  # ("VR23", "VR24")


@dataclass(frozen=True)
class RegionData:
    official_names: dict[str, str]  # VR code -> official name, where CBS differs
    cbs_names: dict[str, str]  # VR code -> the CBS name it replaces (to check the data)
    eenheden: tuple[Eenheid, ...]

    def official_name(self, vr_code: str, cbs_name: str) -> str:
        """The veiligheidsregio's official name (CBS's, where that is already official)."""
        return self.official_names.get(vr_code, cbs_name)

    def eenheid_of(self, vr_code: str) -> Eenheid | None:
        return next((e for e in self.eenheden if vr_code in e.veiligheidsregios), None)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RegionData:
        names = {r["code"]: r["name"] for r in data.get("veiligheidsregio", [])}
        cbs = {r["code"]: r["cbs_name"] for r in data.get("veiligheidsregio", [])}
        eenheden = tuple(
            Eenheid(e["code"], e["name"], tuple(e["veiligheidsregios"]))
            for e in data.get("politie_eenheid", [])
        )
        covered = [vr for e in eenheden for vr in e.veiligheidsregios]
        if len(covered) != len(set(covered)):
            raise RegionDataError("a veiligheidsregio lies in more than one politie-eenheid")
        if any(kind_of(e.code) != POLITIE_EENHEID for e in eenheden):
            raise RegionDataError("politie-eenheid codes start with PE")
        return cls(names, cbs, eenheden)


def load_regions() -> RegionData:
    """Read the packaged ``dialogs/data/regions.toml``."""
    raw = resources.files("dialogs").joinpath("data/regions.toml").read_text("utf-8")
    try:
        return RegionData.from_dict(tomllib.loads(raw))
    except (KeyError, tomllib.TOMLDecodeError) as exc:
        raise RegionDataError(f"region data is malformed: {exc}") from exc
