"""Builds the product's services from settings: one place, used by every front and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.municipalities import MunicipalityRegistry
from dialogs.peers.contacts import Contacts
from dialogs.plan.dialog import PlanDialog
from dialogs.plan.service import PlanService
from dialogs.plan.toets_link import PlanMeasures, PlanTitles
from dialogs.results.advice import load_advice
from dialogs.results.service import Results
from dialogs.scan.content import Content, load_content
from dialogs.scan.engine import ScanEngine
from dialogs.scan.service import ScanService
from dialogs.stores import UserStore
from dialogs.toets.service import ToetsService, ToetsSource
from regiescan.wiring.i18n import Translators
from regiescan.wiring.personal_data import PersonalData, personal_data_for
from regiescan.wiring.regional_services import Regional, build_regional
from regiescan.wiring.settings import Settings
from storage.contact_requests import ContactRequests, ContactRequestsSource
from storage.finished_index import FinishedIndexSource, FinishedScanIndex
from storage.peer_register import PeerRegister
from storage.plans import PlanFiles, PlanSource
from storage.screen_marks import ScreenMarks, ScreenMarksSource
from storage.toetsen import ToetsFiles
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
    # The collegiale toets: team, snapshot, guide, judgement, report (dialogs/toets).
    toetsen: ToetsService
    # Regional staff: roles, region index, outbox, schedules (the index follows every save).
    regional: Regional
    # The verbeterplan: measures per knelpunt, their follow-up, and its dialogue for the fronts.
    plans: PlanService
    plan_dialog: PlanDialog
    # Per chat, the message showing the current scan step (the bot's one live keyboard).
    screens: ScreenMarks

    def close(self) -> None:
        self.store.close()
        self.screens.close()


def build_services(settings: Settings, store: UserStore | None = None) -> Services:
    content = load_content()
    registry = MunicipalityRegistry.load_default()
    store = store if store is not None else TinyUserStore(settings.data_dir)
    finished = FinishedScanIndex(settings.data_dir)
    contact_requests = ContactRequests(settings.data_dir)
    results = Results(
        content,
        load_advice(content),
        registry,
        finished,
        PeerRegister(settings.data_dir),
        settings.region_kind,
    )
    scans = ScanService(store, ScanEngine(content, registry))
    scans.on_saved.append(results.on_saved)
    plans = PlanService(
        PlanFiles(settings.data_dir),
        content,
        results.rules,
        registry,
        scans.clock,
        practices=results.register.entries,
        user_of=scans.user,
    )
    plans.on_saved.append(scans.touch)  # working on the plan is activity (retention)
    services = Services(
        settings=settings,
        content=content,
        registry=registry,
        store=store,
        scans=scans,
        translators=Translators(),
        personal_data=personal_data_for(store, settings.data_dir, settings.backup_days),
        results=results,
        contacts=Contacts(contact_requests, results),
        toetsen=ToetsService(
            ToetsFiles(settings.data_dir),
            results,
            content,
            scans.now,
            measures=PlanMeasures(plans),  # a recommendation becomes a measure in the plan
            plan=PlanTitles(plans),  # the plan's measures can be shared with the team
        ),
        regional=build_regional(settings, store, content, registry, scans),
        plans=plans,
        plan_dialog=PlanDialog(plans, scans.user, results.diagnose),
        screens=ScreenMarks(settings.data_dir),  # read on first use, or at the bot's start
    )
    services.personal_data.register(
        ScreenMarksSource(services.screens),
        copies=lambda root: ScreenMarksSource(ScreenMarks(root)),
    )
    services.personal_data.register(
        PlanSource(PlanFiles(settings.data_dir)),
        copies=lambda root: PlanSource(PlanFiles(root)),
    )
    services.personal_data.register(
        ContactRequestsSource(contact_requests),
        copies=lambda root: ContactRequestsSource(ContactRequests(root)),
    )
    services.personal_data.register(
        ToetsSource(services.toetsen),
        copies=lambda root: ToetsSource(
            ToetsService(ToetsFiles(root), results, content, scans.now)
        ),
    )
    services.personal_data.register(
        FinishedIndexSource(finished),
        copies=lambda root: FinishedIndexSource(FinishedScanIndex(root)),
    )
    services.regional.register_personal_data(services.personal_data)
    return services
