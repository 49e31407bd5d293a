"""Shared fixtures: the real content, municipality list and catalogs, on throwaway stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dialogs.municipalities import MunicipalityRegistry
from dialogs.scan.content import Content, load_content
from dialogs.scan.engine import ScanEngine
from dialogs.scan.service import ScanService
from regiescan.wiring.i18n import Translators
from storage.staff import StaffStore
from storage.users import MemoryUserStore, TinyUserStore
from tests.helpers.fake_bot_api import FakeBotAPI


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak", action="store_true", help="long runs of the crash and fuzz tests (500+ kills)"
    )


class Clock:
    """A controllable clock: starts at a fixed moment, advances a second per call."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="session")
def registry() -> MunicipalityRegistry:
    return MunicipalityRegistry.load_default()


@pytest.fixture(scope="session")
def translators() -> Translators:
    return Translators()


@pytest.fixture
def engine(content: Content, registry: MunicipalityRegistry) -> ScanEngine:
    return ScanEngine(content, registry)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(engine: ScanEngine, clock: Clock) -> ScanService:
    return ScanService(MemoryUserStore(), engine, clock)


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data"
    yield path


@pytest.fixture
def disk_service(engine: ScanEngine, clock: Clock, data_dir: Path) -> ScanService:
    return ScanService(TinyUserStore(data_dir), engine, clock)


@pytest.fixture
def api() -> FakeBotAPI:
    """A fresh strict fake of the Telegram Bot API."""
    return FakeBotAPI()


# Staff used by the regional tests: one member for VR21 (Brabant-Noord), one for VR09.
ADMIN, STAFF21, STAFF09 = 7, 500, 600
STAFF_SINCE = "2026-03-02T09:00:00+00:00"


@pytest.fixture
def staffed(data_dir: Path) -> Path:
    """A data dir with a regio staff member for VR21 and one for VR09."""
    staff = StaffStore(data_dir)
    staff.put(STAFF21, "regio", ["VR21"], by=ADMIN, now=STAFF_SINCE)
    staff.put(STAFF09, "regio", ["VR09"], by=ADMIN, now=STAFF_SINCE)
    return data_dir
