"""Shared fixtures: the real content, municipality list and catalogs, on throwaway stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dialogs.content import Content, load_content
from dialogs.engine import ScanEngine
from dialogs.municipalities import MunicipalityRegistry
from dialogs.service import ScanService
from regiescan.i18n import Translators
from storage.users import MemoryUserStore, TinyUserStore


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
