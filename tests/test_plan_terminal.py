"""The verbeterplan in the terminal chat: the same core and store as on Telegram."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from dialogs.peers.register_csv import import_register_csv
from regiescan.renderers.scan_documents import export_scan
from regiescan.terminal import TerminalChat
from regiescan.wiring.services import Services, build_services
from regiescan.wiring.settings import Settings
from tests.conftest import Clock
from tests.helpers.seed import finished_scan

ME = 0


def services_at(data_dir: Path, clock: Clock) -> Services:
    services = build_services(Settings(data_dir=data_dir))
    services.scans.clock = clock
    services.plans.clock = clock
    return services


def chat(services: Services, lines: list[str]) -> str:
    out = io.StringIO()
    code = TerminalChat(
        services, ME, io.StringIO("\n".join(lines) + "\n"), out, lambda: False
    ).run()
    assert code == 0
    # The chat wraps lines at the terminal's width: compare words, not line breaks.
    return " ".join(out.getvalue().split())


def measures(services: Services) -> list[dict[str, object]]:
    doc = services.plans.store.load(ME)
    assert doc is not None
    return list(doc["plans"][-1]["measures"])


def test_the_whole_cycle_in_the_terminal(data_dir: Path, clock: Clock):
    services = services_at(data_dir, clock)
    finished_scan(services.scans, ME, "Heusden", {"informatie": 1, "bestuur": 2}, default=4)
    out = chat(
        services,
        [
            "resultaat",
            "plan",
            "1",  # Overnemen
            "team Veiligheid",
            "eind maart",
            "2",  # Aanpassen
            "Eigen analyse van de overlastmeldingen",
            "1",  # Nog niet bekend
            "over 6 weken",
            "4",  # Stoppen met voorstellen
        ],
    )
    assert "Typ 'plan' voor uw verbeterplan." in out
    assert "Voorstel 1 van " in out
    assert "! Datum vastgelegd: 31 maart 2026." in out
    assert "Verbeterplan voor Heusden" in out
    assert "Eigen analyse van de overlastmeldingen: gepland, uiterlijk 13 april 2026" in out
    # An own measure, a status change and a date that is not a date.
    lines = ["plan", "4"]  # the overview: 1) 2) measures, 3) proposals, 4) own measure
    out = chat(services, [*lines, "9", "Veiligheid op de collegeagenda", "burgemeester",
                          "15-13-2026", "1-6-2026", "1", "1", "stop"])  # fmt: skip
    assert "Een jaar heeft twaalf maanden; 13 is geen maand." in out
    stored = measures(services)
    assert [m["origin"]["kind"] for m in stored] == ["advice", "advice", "own"]  # type: ignore[index]
    assert stored[2]["due"] == "2026-06-01"
    first = next(m for m in stored if m["title"] is None)
    assert first["status"] == "bezig"  # 1) the first measure, then 1) "Zet op bezig"
    # After the date: the chat opened at start says what is overdue; it is marked afgerond.
    clock.now += timedelta(days=40)
    services = services_at(data_dir, clock)
    out = chat(services, ["plan", "1", "2", "stop"])  # measure 1, "Zet op afgerond"
    assert "Is “Gedeelde analysefunctie in de veiligheidsregio opzetten” gelukt?" in out
    assert "TE LAAT sinds 31 maart 2026" in out
    assert (
        "! Status van “Gedeelde analysefunctie in de veiligheidsregio opzetten”: afgerond." in out
    )
    # A second scan: its result names the completed measure next to the change in score.
    clock.now += timedelta(days=30)
    finished_scan(services.scans, ME, "Heusden", {"informatie": 3, "bestuur": 2}, default=4)
    out = chat(services, ["resultaat", "stop"])
    assert "Informatie en analyse: van 1,0 naar 3,0" in out
    assert "afgerond: Gedeelde analysefunctie in de veiligheidsregio opzetten" in out
    # The CLI export of the latest scan carries the plan.
    made = export_scan(
        services, services.scans.user(ME), services.scans.user(ME).finished[0],  # type: ignore[arg-type, union-attr]
        "md", services.translators.get("nl"), services.scans.now(), "test",
    )  # fmt: skip
    assert "## Verbeterplan" in made.data.decode("utf-8")


def test_working_on_the_plan_counts_for_retention_and_reminders_do_not(
    data_dir: Path, clock: Clock
):
    services = services_at(data_dir, clock)
    finished_scan(services.scans, ME, "Heusden", {"informatie": 1}, default=4)
    before = services.scans.user(ME).updated  # type: ignore[union-attr]
    clock.now += timedelta(days=200)
    services.plans.add_measure(ME, "informatie", "Wijkanalyse", {"kind": "own"})
    touched = services.scans.user(ME).updated  # type: ignore[union-attr]
    assert touched > before and touched[:10] == clock.now.date().isoformat()
    doc = services.plans.document(ME)
    clock.now += timedelta(days=200)
    services.plans.save(doc, by_user=False)  # a reminder being recorded
    assert services.scans.user(ME).updated == touched  # type: ignore[union-attr]


def test_a_peers_good_practice_is_proposed_and_adopted(data_dir: Path, clock: Clock):
    register = data_dir.parent / "register.csv"
    long_title = "Wijkanalyse met politie en corporaties en welzijn " * 3
    register.write_text(
        f"gemeente_code,knelpunt,titel,url\nGM0855,informatie,{long_title.strip()},https://x.nl/w\n"
    )
    services = services_at(data_dir, clock)
    import_register_csv(services.results.register, register, services.registry, services.content)
    finished_scan(services.scans, ME, "Heusden", {"informatie": 1}, default=4)
    out = chat(services, ["plan", "3", "3", "1", "1", "1", "stop"])  # skip, skip, adopt
    assert "Voorstel 3 van 3, voor Informatie en analyse:" in out
    assert "“Leren van Tilburg: Wijkanalyse met politie" in out
    assert "Meer daarover: https://x.nl/w" in out
    [measure] = measures(services)
    assert measure["origin"] == {
        "kind": "peer", "gemeente": "GM0855", "practice": long_title.strip(), "url": "https://x.nl/w"
    }  # fmt: skip
    assert (
        str(measure["title"]).startswith("Tilburg: Wijkanalyse")
        and len(str(measure["title"])) == 120
    )


async def test_retention_erases_the_plan_with_the_user(data_dir: Path, clock: Clock):
    from regiescan.wiring.maintenance import apply_retention

    services = services_at(data_dir, clock)
    finished_scan(services.scans, ME, "Heusden", {"informatie": 1}, default=4)
    services.plans.add_measure(ME, "informatie", "Wijkanalyse", {"kind": "own"})
    report = await apply_retention(services, clock.now + timedelta(days=30 * 23))
    assert report.erased == [] and services.plans.store.load(ME) is not None
    report = await apply_retention(services, clock.now + timedelta(days=30 * 25))
    assert report.erased == [ME]
    assert services.plans.store.load(ME) is None
    assert not (data_dir / "plans" / f"{ME}.json").exists()
