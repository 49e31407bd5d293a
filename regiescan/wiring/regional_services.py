"""The regional-staff services (roles, region index, outbox, schedules), built from settings.

:func:`build_regional` also hooks the region index into the scan service, so every saved user
keeps the index current, in the bot and in the terminal chat alike. Nothing is written until
something changes (a test with a throwaway data dir stays empty).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from dialogs.municipalities import MunicipalityRegistry
from dialogs.regional.access import Access
from dialogs.regional.index import RegionIndex
from dialogs.regional.schedules import Planner
from dialogs.scan.content import Content
from dialogs.scan.service import ScanService
from dialogs.stores import UserStore
from regiescan.wiring.personal_data import PersonalData
from regiescan.wiring.regional_personal_data import register_sources
from regiescan.wiring.settings import Settings
from storage.outbox import OutboxStore
from storage.region_files import RegionFiles
from storage.schedule_file import ScheduleFile
from storage.staff import StaffStore
from storage.staff_drafts import DraftStore


def utc_now() -> datetime:
    return datetime.now(UTC)


class Regional:
    """What staff features share. ``clock`` may be replaced (tests); everything follows it."""

    def __init__(
        self,
        settings: Settings,
        store: UserStore,
        content: Content,
        registry: MunicipalityRegistry,
        scans: ScanService,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        data_dir = settings.data_dir
        self.clock = clock
        self.scans = scans
        self.content = content
        self.registry = registry
        self.staff = StaffStore(data_dir)
        self.access = Access(settings.admins, self.staff, registry)
        self.region_files = RegionFiles(data_dir)
        self.index = RegionIndex(
            self.region_files, store, content, registry, self.staff.invite_region
        )
        self.outbox = OutboxStore(data_dir)
        self.schedules = ScheduleFile(data_dir)
        self.drafts = DraftStore(data_dir)  # staff drafts, across a restart
        self.planner = Planner(self.schedules, lambda: self.clock())

    def now(self) -> datetime:
        return self.clock()

    def now_iso(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def region_name(self, region: str | None) -> str | None:
        return self.registry.regions().get(region or "")

    def register_personal_data(self, registry: PersonalData) -> None:
        """Register the staff role, index, outbox and schedules (for /mijngegevens, /vergeetmij)."""
        register_sources(
            registry,
            self.staff,
            self.region_files,
            self.index,
            self.outbox,
            self.schedules,
            self.drafts,
        )


def build_regional(
    settings: Settings,
    store: UserStore,
    content: Content,
    registry: MunicipalityRegistry,
    scans: ScanService,
) -> Regional:
    regional = Regional(settings, store, content, registry, scans)
    scans.on_saved.append(regional.index.on_saved)
    return regional
