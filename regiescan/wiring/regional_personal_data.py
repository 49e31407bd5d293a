"""The regional stores as personal data sources (for /mijngegevens and /vergeetmij).

Each source works on one data dir; ``copies`` factories build the same source on a backup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dialogs.regional.index import RegionIndex
from regiescan.wiring.personal_data import PersonalData
from storage.outbox import OutboxStore
from storage.region_files import RegionFiles
from storage.schedule_file import ScheduleFile
from storage.staff import StaffStore
from storage.staff_drafts import DraftStore


class StaffRoleSource:
    name = "medewerkersrol"

    def __init__(self, staff: StaffStore) -> None:
        self.staff = staff

    def export(self, user_id: int) -> Any:
        return self.staff.get(user_id)

    def erase(self, user_id: int) -> bool:
        return self.staff.forget_user(user_id)


class RegionIndexSource:
    """The region index entry. With ``live`` the running index (and its cache) is updated."""

    name = "regio-index"

    def __init__(self, files: RegionFiles, live: RegionIndex | None = None) -> None:
        self.files = files
        self.live = live

    def _region(self, user_id: int) -> str | None:
        for region in self.files.regions():
            if str(user_id) in self.files.read(region):
                return region
        return None

    def export(self, user_id: int) -> Any:
        region = self._region(user_id)
        if region is None:
            return None
        return {"regio": region, **self.files.read(region)[str(user_id)]}

    def erase(self, user_id: int) -> bool:
        region = self._region(user_id)
        if self.live is not None:
            self.live.forget(user_id)
        elif region is not None:
            rows = self.files.read(region)
            rows.pop(str(user_id), None)
            self.files.write_shard(region, user_id, rows)
        return region is not None


class OutboxSource:
    name = "regioberichten"

    def __init__(self, outbox: OutboxStore) -> None:
        self.outbox = outbox

    def export(self, user_id: int) -> Any:
        return self.outbox.about_user(user_id) or None

    def erase(self, user_id: int) -> bool:
        return self.outbox.forget_user(user_id)


class ScheduleSource:
    name = "geplande-herinneringen"

    def __init__(self, schedules: ScheduleFile) -> None:
        self.schedules = schedules

    def export(self, user_id: int) -> Any:
        return [s for s in self.schedules.all() if s["by"] == user_id] or None

    def erase(self, user_id: int) -> bool:
        mine = [s["id"] for s in self.schedules.all() if s["by"] == user_id]
        for schedule_id in mine:
            self.schedules.delete(schedule_id)
        return bool(mine)


class DraftSource:
    name = "concepten-van-medewerkers"

    def __init__(self, drafts: DraftStore) -> None:
        self.drafts = drafts

    def export(self, user_id: int) -> Any:
        return self.drafts.export(user_id)

    def erase(self, user_id: int) -> bool:
        return self.drafts.remove(user_id)


def register_sources(
    registry: PersonalData,
    staff: StaffStore,
    region_files: RegionFiles,
    index: RegionIndex,
    outbox: OutboxStore,
    schedules: ScheduleFile,
    drafts: DraftStore,
) -> None:
    registry.register(StaffRoleSource(staff), copies=lambda root: StaffRoleSource(StaffStore(root)))
    registry.register(
        RegionIndexSource(region_files, index),
        copies=lambda root: RegionIndexSource(RegionFiles(root)),
    )
    registry.register(OutboxSource(outbox), copies=lambda root: OutboxSource(OutboxStore(root)))
    registry.register(
        ScheduleSource(schedules), copies=lambda root: ScheduleSource(ScheduleFile(Path(root)))
    )
    registry.register(DraftSource(drafts), copies=lambda root: DraftSource(DraftStore(Path(root))))
