"""Builds the product's services from settings: one place, used by every front and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.municipalities import MunicipalityRegistry
from dialogs.peers.contacts import Contacts
from dialogs.results.advice import load_advice
from dialogs.results.service import Results
from dialogs.scan.content import Content, load_content
from dialogs.scan.engine import ScanEngine
from dialogs.scan.service import ScanService
from regiescan.wiring.i18n import Translators
from regiescan.wiring.personal_data import PersonalData, personal_data_for
from regiescan.wiring.regional_services import Regional, build_regional
from regiescan.wiring.settings import Settings
from storage.base import UserStore
from storage.contact_requests import ContactRequests, ContactRequestsSource
from storage.finished_index import FinishedIndexSource, FinishedScanIndex
from storage.peer_register import PeerRegister
from storage.users import TinyUserStore


@dataclass
class Services:
    settings: Settings
    content: Content
    registry: MunicipalityRegistry
    store: UserStore
    scans: ScanService
    translators: Translators
    # Every store holding personal data registers here (/mijngegevens, /vergeetmij, retention).
    personal_data: PersonalData
    # Diagnosis and peers; its index follows every save that finishes a scan.
    results: Results
    contacts: Contacts
    # Regional staff: roles, region index, outbox, schedules (the index follows every save).
    regional: Regional

    def close(self) -> None:
        self.store.close()


def build_services(settings: Settings, store: UserStore | None = None) -> Services:
    content = load_content()
    registry = MunicipalityRegistry.load_default()
    store = store if store is not None else TinyUserStore(settings.data_dir)
    results = Results(
        content,
        load_advice(content),
        registry,
        FinishedScanIndex(settings.data_dir),
        PeerRegister(settings.data_dir),
        settings.region_kind,
    )
    scans = ScanService(store, ScanEngine(content, registry))
    scans.on_saved.append(results.on_saved)
    services = Services(
        settings=settings,
        content=content,
        registry=registry,
        store=store,
        scans=scans,
        translators=Translators(),
        personal_data=personal_data_for(store, settings.data_dir, settings.backup_days),
        results=results,
        contacts=Contacts(ContactRequests(settings.data_dir), results),
        regional=build_regional(settings, store, content, registry, scans),
    )
    services.personal_data.register(
        ContactRequestsSource(services.contacts.records),
        copies=lambda root: ContactRequestsSource(ContactRequests(root)),
    )
    services.personal_data.register(
        FinishedIndexSource(results.index),
        copies=lambda root: FinishedIndexSource(FinishedScanIndex(root)),
    )
    services.regional.register_personal_data(services.personal_data)
    return services
