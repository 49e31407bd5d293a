"""The registry of personal data sources: export, erase everywhere, failures kept apart."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from regiescan.wiring.personal_data import PersonalData, personal_data_for
from regiescan.wiring.services import build_services
from storage.backups import Backups
from storage.users import TinyUserStore
from tests.helpers.bot_harness import test_settings as settings_for


class Notes:
    """A toy source: {user_id: text}, recording the order of erasures."""

    def __init__(self, name: str, data: dict[int, str], log: list[str], fail: bool = False):
        self.name, self.data, self.log, self.fail = name, data, log, fail

    def export(self, user_id: int) -> Any:
        return self.data.get(user_id)

    def erase(self, user_id: int) -> bool:
        self.log.append(self.name)
        if self.fail:
            raise OSError("disk on fire")
        return self.data.pop(user_id, None) is not None


def test_export_names_each_source_holding_something(data_dir: Path):
    registry = PersonalData(Backups(data_dir))
    registry.register(Notes("a", {1: "x"}, []), copies=None)
    registry.register(Notes("b", {2: "y"}, []), copies=None)
    assert registry.export(1) == {"a": "x"}
    assert registry.export(3) == {}
    with pytest.raises(ValueError):
        registry.register(Notes("a", {}, []), copies=None)


def test_erasure_goes_newest_source_first_and_survives_a_failing_one(data_dir: Path):
    log: list[str] = []
    registry = PersonalData(Backups(data_dir))
    first = Notes("first", {1: "x"}, log)
    registry.register(first, copies=None)
    registry.register(Notes("broken", {1: "y"}, log, fail=True), copies=None)
    registry.register(Notes("last", {1: "z"}, log), copies=None)
    result = registry.erase_live(1)
    assert log == ["last", "broken", "first"]
    assert result.erased == ["last", "first"] and result.failed == ["broken"]
    assert not result.complete and first.data == {}


def test_backups_are_scrubbed_even_when_one_copy_cannot_be(data_dir: Path):
    store = TinyUserStore(data_dir)
    store.save(5, {"user_id": 5})
    store.save(6, {"user_id": 6})
    registry = personal_data_for(store, data_dir, backup_days=7)
    backups = registry.backups
    for day in (1, 2):
        backups.create(date(2026, 3, day))

    def fragile(root: Path) -> Any:
        if root.name == "2026-03-01":
            raise OSError("unreadable backup")
        return Notes("fragile", {}, [])

    registry.register(Notes("fragile", {}, []), copies=fragile)
    assert registry.export(5)["reservekopieen"] == {"kopieen_van": ["2026-03-01", "2026-03-02"]}
    result = registry.erase(5)
    assert result.erased == ["gebruiker"] and result.failed == ["reservekopieen"]
    for day in ("2026-03-01", "2026-03-02"):  # the user copies are gone from both all the same
        copy = TinyUserStore(backups.path(day))
        assert copy.load(5) is None and copy.load(6) is not None


def test_every_store_holding_personal_data_is_registered_with_its_backup_copies(data_dir: Path):
    """The sources an installation registers (the bot adds its update journal, no copies)."""
    registry = build_services(settings_for(data_dir)).personal_data
    assert registry.names() == [
        "gebruiker",
        "scanscherm",  # the message showing the current question (storage.screen_marks)
        "verbeterplan",
        "contactverzoeken",
        "collegiale_toets",
        "afgeronde-scans-index",
        "medewerkersrol",
        "regio-index",
        "regioberichten",
        "geplande-herinneringen",
        "concepten-van-medewerkers",
        "reservekopieen",
    ]
    # Every source keeps files, so every one is erased from the backups too.
    assert len(registry.copy_factories()) == len(registry.names()) - 1
