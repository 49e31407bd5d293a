"""The user's consents, recorded with their time and withdrawable in one step.

Stored on the user as ``consents[name] = {"given": bool, "at": iso, "history": [...]}``; the
history keeps the last changes (``{"given", "at"}``) so it can be shown when consent was given
before it was withdrawn. A consent that was never recorded has its default: being listed as a
peer municipality is off until the user opts in; reminders from the region are on until the
user turns them off.
"""

from __future__ import annotations

from dialogs.model import User
from dialogs.texts import N_, Date, Text, text

PEER_LISTING = "peer_listing"
PEER_NOTES = "peer_notes"  # with the listing: the notes on knelpunten where the gemeente is strong
REMINDERS = "reminders"
DEFAULTS: dict[str, bool] = {PEER_LISTING: False, PEER_NOTES: False, REMINDERS: True}
HISTORY = 10

NAMES: dict[str, str] = {
    PEER_LISTING: N_("Vermelding als collega-gemeente"),
    PEER_NOTES: N_("Toelichtingen bij uw sterke punten delen"),
    REMINDERS: N_("Herinneringen van de regio"),
}
EXPLANATIONS: dict[str, str] = {
    PEER_LISTING: N_(
        "Andere veiligheidscoördinatoren zien dan uw gemeente en uw scores bij knelpunten waar uw "
        "gemeente sterk is, en kunnen u om contact vragen. Uw toelichtingen ziet niemand, tenzij "
        "u die apart deelt."
    ),
    PEER_NOTES: N_(
        "Staat uw gemeente als collega-gemeente vermeld, dan lezen andere "
        "veiligheidscoördinatoren ook uw toelichting bij de knelpunten waarop uw gemeente sterk "
        "is: wat u daar doet. Uw andere toelichtingen ziet niemand."
    ),
    REMINDERS: N_(
        "Regionale medewerkers van uw veiligheidsregio kunnen u dan een herinnering aan de scan "
        "sturen."
    ),
}


def is_given(user: User | None, name: str) -> bool:
    """Whether ``name`` is given now (its default when never recorded)."""
    if name not in DEFAULTS:
        raise ValueError(f"unknown consent {name!r}")
    entry = (user.consents if user else {}).get(name)
    if isinstance(entry, dict) and isinstance(entry.get("given"), bool):
        return bool(entry["given"])
    return DEFAULTS[name]


def record(user: User, name: str, given: bool, now: str) -> bool:
    """Give or withdraw ``name``; True if that changed anything (then ``updated`` is set)."""
    entry = user.consents.get(name)
    if is_given(user, name) == given and isinstance(entry, dict):
        return False
    history = list(entry.get("history", [])) if isinstance(entry, dict) else []
    history.append({"given": given, "at": now})
    user.consents[name] = {"given": given, "at": now, "history": history[-HISTORY:]}
    user.updated = now
    return True


def status_text(user: User | None, name: str) -> Text:
    """One line: the consent, whether it is given, and since when."""
    given = is_given(user, name)
    entry = (user.consents if user else {}).get(name)
    at = entry.get("at") if isinstance(entry, dict) else None
    if at is None:
        status = text("aan (standaard)") if given else text("uit (standaard)")
    elif given:
        status = text("gegeven op {date}", date=Date(at))
    else:
        status = text("uit sinds {date}", date=Date(at))
    return text("{consent}: {status}", consent=text(NAMES[name]), status=status)


def overview_texts(user: User | None) -> list[Text]:
    """What /toestemming shows: each consent with its status and what it means."""
    lines: list[Text] = [text("Uw toestemmingen")]
    for name in DEFAULTS:
        lines.append(status_text(user, name))
        lines.append(text(EXPLANATIONS[name]))
    lines.append(
        text(
            "Met één tik op een knop hieronder zet u een toestemming aan of trekt u die in. "
            "Intrekken geldt meteen."
        )
    )
    return lines


def toggle_label(name: str, given_now: bool) -> Text:
    """The label of the button that flips ``name`` from how it is now."""
    if name == PEER_LISTING:
        if given_now:
            return text("Mijn gemeente niet meer als collega tonen")
        return text("Mijn gemeente als collega-gemeente tonen")
    if name == PEER_NOTES:
        if given_now:
            return text("Mijn toelichtingen niet meer delen")
        return text("Toelichtingen bij mijn sterke punten delen")
    if given_now:
        return text("Geen herinneringen meer")
    return text("Herinneringen weer aanzetten")


WITHDRAW_ALL = N_("Alle toestemmingen intrekken")
