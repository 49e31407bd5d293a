"""The plans block of the regional export (CSV rows, an XLSX sheet): per region and knelpunt
the municipalities with open and with completed measures, under the three-municipality rule of
:mod:`dialogs.plan.regional`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dialogs.plan.regional import MIN_MUNICIPALITIES, RegionPlans
from dialogs.scan.content import title_msgid
from dialogs.texts import text
from regiescan.wiring.i18n import Translator


def plan_headings(t: Translator) -> list[str]:
    return [
        t(text("Veiligheidsregio")),
        t(text("Knelpunt")),
        t(text("Gemeenten met open maatregelen")),
        t(text("Gemeenten met afgeronde maatregelen")),
        t(text("Open, bij naam")),
        t(text("Afgerond, bij naam")),
        t(text("Kans voor een gezamenlijke aanpak")),
    ]


def _count(t: Translator, n: int) -> Any:
    if n == 0:
        return 0
    if n < MIN_MUNICIPALITIES:
        return t(text("minder dan {min}", min=MIN_MUNICIPALITIES))
    return n


def plan_rows(t: Translator, plans: Sequence[RegionPlans]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for region in plans:
        for k in region.knelpunten:
            rows.append(
                [
                    region.region,
                    t(title_msgid(k.knelpunt)),
                    _count(t, k.open_count),
                    _count(t, k.done_count),
                    ", ".join(k.open_named),
                    ", ".join(k.done_named),
                    t(text("ja")) if k.signal else "",
                ]
            )
    return rows
