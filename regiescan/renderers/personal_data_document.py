"""The copy of everything held about one user (/mijngegevens, and `mijngegevens` in the
terminal): one readable JSON document, built in memory, never written to disk."""

from __future__ import annotations

import json
from typing import Any

from dialogs.texts import text
from regiescan.wiring.i18n import Translator
from regiescan.wiring.services import Services


def export_document(s: Services, t: Translator, user_id: int, now: str) -> bytes | None:
    """Everything held about ``user_id`` as a readable JSON document; None if nothing is."""
    found = s.personal_data.export(user_id)
    if not found:
        return None
    settings = s.settings
    document: dict[str, Any] = {
        "uitleg": t(
            text(
                "Dit zijn alle gegevens die Regiescan over u bewaart, per plaats waar ze staan. "
                "'gebruiker' is uw eigen dossier met uw scans, antwoorden, toelichtingen en "
                "toestemmingen; 'scanscherm' is het nummer van het Telegram-bericht dat uw "
                "huidige vraag toont (alleen dat bericht neemt antwoorden aan); "
                "'reservekopieen' noemt de dagen waarvan een reservekopie een kopie van deze "
                "gegevens bevat."
            )
        ),
        "verantwoordelijke": settings.organisation,
        "contact": settings.contact or None,
        "telegram_gebruikersnummer": user_id,
        "opgevraagd_op": now,
        "bewaartermijn_maanden": settings.retention_months,
        "reservekopieen_bewaard_dagen": settings.backup_days,
        "gegevens": found,
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")
