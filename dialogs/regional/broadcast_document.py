"""A broadcast as a document (the outbox entry) and its delivery report, front-neutral.

The document is created from an audience :class:`~dialogs.regional.audience.Selection` and stored
*before* the first message goes out (see ``storage.outbox``); everyone selected is in it,
those left out already carrying their reason, so the final report adds up to the audience.
"""

from __future__ import annotations

import secrets
from collections import Counter
from typing import Any

from dialogs.regional.audience import Selection
from dialogs.regional.delivery import (
    BLOCKED,
    DELIVERED,
    FAILED,
    INACTIVE,
    MOVED,
    OPTED_OUT,
    PENDING,
    SENDING,
    STATUSES,
    UNCERTAIN,
)
from dialogs.texts import Text, plural, text

MAX_MESSAGE_CHARS = 3000  # what staff may type; the personal lines must still fit in a message


def new_id(prefix: str = "b") -> str:
    return f"{prefix}-{secrets.token_hex(8)}"


def broadcast_doc(
    broadcast_id: str,
    *,
    by: int,
    kind: str,
    audience: str,
    regions: tuple[str, ...] | list[str],
    message: str | None,
    selection: Selection,
    now: str,
    schedule: str | None = None,
    due: str | None = None,
    gemeente: str | None = None,
) -> dict[str, Any]:
    """The outbox document of a new broadcast: every selected user with a status."""
    recipients: dict[str, dict[str, Any]] = {}
    for uid in selection.recipients:
        recipients[str(uid)] = {"status": PENDING, "at": None}
    for uid in selection.opted_out:
        recipients[str(uid)] = {"status": OPTED_OUT, "at": now}
    for uid in selection.inactive:
        recipients[str(uid)] = {"status": INACTIVE, "at": now}
    return {
        "id": broadcast_id,
        "created": now,
        "by": by,
        "kind": kind,
        "schedule": schedule,
        "due": due,
        "audience": audience,
        "regions": sorted(regions),
        "gemeente": gemeente,
        "message": message,
        "state": "sending",
        "finished": None,
        "status_message": None,
        "recipients": recipients,
    }


def counts(doc: dict[str, Any]) -> Counter[str]:
    """How many recipients have each status."""
    found: Counter[str] = Counter({status: 0 for status in (*STATUSES, MOVED)})
    found.update(r["status"] for r in doc["recipients"].values())
    return found


def progress_text(found: Counter[str]) -> Text:
    total = sum(found.values())
    open_ = found[PENDING] + found[SENDING]
    return text(
        "Uw bericht wordt verstuurd: {done} van {total} ontvangers verwerkt.",
        done=total - open_,
        total=total,
    )


def report_texts(found: Counter[str]) -> list[Text]:
    """The delivery report: every recipient is in exactly one line."""
    lines = [
        text("Verzendrapport"),
        plural("Bezorgd: {count} bericht.", "Bezorgd: {count} berichten.", "count",
               count=found[DELIVERED]),
        text("Geblokkeerd (bot geblokkeerd of account weg): {count}", count=found[BLOCKED]),
        text("Herinneringen uitgezet, niet verstuurd: {count}", count=found[OPTED_OUT]),
        text("Eerder onbereikbaar, overgeslagen: {count}", count=found[INACTIVE]),
        text("Mislukt: {count}", count=found[FAILED]),
    ]  # fmt: skip
    if found[UNCERTAIN]:
        lines.append(
            text(
                "Onbekend of bezorgd: {count}. Telegram antwoordde niet op tijd, dus het bericht "
                "kan wel zijn aangekomen. Het is niet vanzelf opnieuw verstuurd.",
                count=found[UNCERTAIN],
            )
        )
    if found[MOVED]:
        lines.append(text("Niet meer in de regio, overgeslagen: {count}", count=found[MOVED]))
    if found[PENDING] + found[SENDING]:
        lines.append(
            text(
                "Nog niet verstuurd: {count}. Het versturen gaat verder zodra de bot weer draait.",
                count=found[PENDING] + found[SENDING],
            )
        )
    return lines


def resend_label(count: int) -> Text:
    """The button under the report: resending to the uncertain ones, a possible duplicate."""
    return plural(
        "Opnieuw versturen aan {count} ontvanger (mogelijk dubbel)",
        "Opnieuw versturen aan {count} ontvangers (mogelijk dubbel)",
        "count",
        count=count,
    )
