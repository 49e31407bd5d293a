"""Who is regional staff, and what they may reach: checked on every staff command and button.

Two roles: ``beheerder`` (administrator: every veiligheidsregio, and managing staff) and
``regio`` (staff of one or more regions: veiligheidsregio's "VR21" or politie-eenheden "PE09";
an eenheid reaches the veiligheidsregio's it covers, see :mod:`dialogs.regions`). The first
administrators come from the settings (``REGIESCAN_ADMINS``); they cannot be removed in the
chat. Everyone else is looked up in the staff store on every call, so a removed role stops
working at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dialogs.municipalities import MunicipalityRegistry
from dialogs.regional.stores import StaffDirectory
from dialogs.texts import N_

BEHEERDER, REGIO = "beheerder", "regio"
ROLES = (BEHEERDER, REGIO)

NOT_STAFF = N_("Dit is alleen voor regionale medewerkers.")
NOT_YOUR_REGION = N_("Die regio valt niet onder uw rol.")
ADMINS_ONLY = N_("Dit is alleen voor beheerders.")


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    role: str
    regions: tuple[str, ...]  # for a beheerder: every region
    from_settings: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == BEHEERDER


class RoleError(ValueError):
    """A role or region given for a staff member is not valid (the message says why)."""


class Access:
    """The one place that decides whether a user is staff and which regions they reach."""

    def __init__(
        self, admins: Iterable[int], directory: StaffDirectory, registry: MunicipalityRegistry
    ) -> None:
        self.admins = frozenset(admins)
        self.directory = directory
        self.registry = registry

    def all_regions(self) -> tuple[str, ...]:
        return tuple(self.registry.regions())

    def member(self, user_id: int) -> StaffMember | None:
        """The user's staff role as it is stored right now, or None for a coordinator."""
        if user_id in self.admins:
            return StaffMember(user_id, BEHEERDER, self.all_regions(), from_settings=True)
        record = self.directory.get(user_id)
        if record is None:
            return None
        if record.get("role") == BEHEERDER:
            return StaffMember(user_id, BEHEERDER, self.all_regions())
        if record.get("role") == REGIO:
            # An eenheid's role reaches its veiligheidsregio's: the stores are kept per VR.
            known = set(self.all_regions())
            covered = {vr for r in record.get("regions", []) for vr in self._covered(r)}
            regions = tuple(sorted(covered & known))
            return StaffMember(user_id, REGIO, regions) if regions else None
        return None

    def _covered(self, region: str) -> tuple[str, ...]:
        return self.registry.veiligheidsregios_of(region) if isinstance(region, str) else ()

    def may_reach(self, member: StaffMember, region: str | None) -> bool:
        return region is not None and region in member.regions

    def scope(self, member: StaffMember, asked: str | None) -> tuple[str, ...] | None:
        """The regions a command works on: the one asked for (if the member reaches it), or
        all of the member's regions. None when the asked region is out of reach."""
        if asked is None:
            return member.regions
        region = asked.strip().upper()
        return (region,) if self.may_reach(member, region) else None

    def check_role(self, role: str, regions: Iterable[str]) -> list[str]:
        """Validate a role to be given; returns the cleaned region list."""
        if role not in ROLES:
            raise RoleError(f"unknown role {role!r}: use beheerder or regio")
        cleaned = sorted({r.strip().upper() for r in regions if r.strip()})
        known = {**self.registry.regions(), **self.registry.regions("politie-eenheid")}
        unknown = [r for r in cleaned if r not in known]
        if unknown:
            raise RoleError(
                f"unknown region {', '.join(unknown)}: a veiligheidsregio (e.g. VR21) or a "
                "politie-eenheid (e.g. PE09)"
            )
        if role == REGIO and not cleaned:
            raise RoleError("a regio role needs at least one region (e.g. VR21 or PE09)")
        return cleaned if role == REGIO else []
