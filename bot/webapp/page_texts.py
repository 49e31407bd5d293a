"""Every label the page shows, as msgids: the page gets them translated from ``/api/me``."""

from __future__ import annotations

from dialogs.texts import N_
from regiescan.wiring.i18n import Translator

PAGE_TEXTS = {
    "title": N_("Regiescan-dashboard"),
    "loading": N_("Het dashboard wordt geladen…"),
    "region": N_("Regio"),
    "progress": N_("Voortgang per gemeente"),
    "municipality": N_("Gemeente"),
    "status": N_("Stand van zaken"),
    "action": N_("Actie"),
    "nudge": N_("Herinner"),
    "nudged": N_("Vandaag herinnerd"),
    "heatmap": N_("Score per knelpunt en gemeente"),
    "heatmap_note": N_(
        "Alleen gemeenten die hebben ingestemd met vermelding staan er met naam in; de "
        "andere zijn samengenomen."
    ),
    "tap_place": N_("Tik op een gemeente voor haar eigen verloop per halfjaar."),
    "place_trend": N_("eigen scores per halfjaar"),
    "spread": N_("Spreiding per knelpunt"),
    "spread_note": N_(
        "Streep: laagste tot hoogste score. Blok: de middelste helft. Dwarsstreep: de mediaan."
    ),
    "knelpunt": N_("Knelpunt"),
    "median": N_("Mediaan"),
    "middle_half": N_("Middelste helft"),
    "range": N_("Laagste tot hoogste"),
    "too_few": N_("te weinig scores"),
    "trend": N_("Verloop per halfjaar"),
    "trend_note": N_(
        "De mediaan van de regio per knelpunt, per halfjaar; elke gemeente telt met haar "
        "laatste afgeronde scan in dat halfjaar."
    ),
    "no_trend": N_("Er is nog geen halfjaar met genoeg afgeronde scans."),
    "measures": N_("Maatregelen uit verbeterplannen"),
    "measures_open": N_("Lopend"),
    "measures_completed": N_("Uitgevoerd"),
    "own": N_("Uw resultaten"),
    "own_score": N_("Uw score"),
    "previous": N_("Vorige scan"),
    "regional_median": N_("Mediaan van de regio"),
    "no_regional_median": N_(
        "De mediaan van de regio verschijnt zodra ten minste drie andere gemeenten in uw regio "
        "hun scan hebben gedeeld."
    ),
    "diagnosis": N_("Diagnose"),
    "plan": N_("Uw verbeterplan"),
    "no_results": N_("U heeft nog geen afgeronde scan. Met /scan begint of vervolgt u de scan."),
    "scale": N_("1 zwak, 5 sterk"),
    "error": N_("Het dashboard kon niet worden geladen. Probeer het later opnieuw."),
}


def page_texts(t: Translator) -> dict[str, str]:
    return {key: t(msgid) for key, msgid in PAGE_TEXTS.items()}


# Refusals: the JSON of a 401 or 403, and what the page shows.
UNAUTHORIZED = N_(
    "Dit dashboard opent alleen vanuit Telegram, met de knop van de Regiescan-bot. Open het "
    "opnieuw vanuit de chat."
)
FORBIDDEN_REGION = N_("Die regio valt niet onder uw rol.")
NOT_FOUND = N_("Dit onderdeel van het dashboard bestaat niet.")
