"""Builds the product's services from settings: one place, used by every front and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.content import Content, load_content
from dialogs.engine import ScanEngine
from dialogs.municipalities import MunicipalityRegistry
from dialogs.service import ScanService
from regiescan.i18n import Translators
from regiescan.settings import Settings
from storage.base import UserStore
from storage.users import TinyUserStore


@dataclass
class Services:
    settings: Settings
    content: Content
    registry: MunicipalityRegistry
    store: UserStore
    scans: ScanService
    translators: Translators

    def close(self) -> None:
        self.store.close()


def build_services(settings: Settings, store: UserStore | None = None) -> Services:
    content = load_content()
    registry = MunicipalityRegistry.load_default()
    store = store if store is not None else TinyUserStore(settings.data_dir)
    return Services(
        settings=settings,
        content=content,
        registry=registry,
        store=store,
        scans=ScanService(store, ScanEngine(content, registry)),
        translators=Translators(),
    )
