"""/staf (administrators manage staff) and /uitnodiging (a regional invite link)."""

from __future__ import annotations

import secrets

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.context import App, Context
from bot.staff_access import deny, regional, require_staff, say
from bot.webapp.buttons import set_staff_menu
from dialogs.regional.access import ADMINS_ONLY, BEHEERDER, NOT_YOUR_REGION, RoleError
from dialogs.texts import Text, joined, text, verbatim

ADD, REMOVE = ("toevoegen", "add"), ("verwijderen", "remove")


def _usage() -> Text:
    return joined(
        text("Zo beheert u medewerkers:"),
        text("/staf toevoegen GEBRUIKERSNUMMER regio VR21 (een of meer regio's)"),
        text("/staf toevoegen GEBRUIKERSNUMMER beheerder"),
        text("/staf verwijderen GEBRUIKERSNUMMER"),
    )


async def staff(update: Update, context: Context) -> None:
    """Administrators list, add and remove regional staff."""
    member = await require_staff(update, context)
    if member is None:
        return
    if not member.is_admin:
        await deny(update, context, ADMINS_ONLY)
        return
    args = [a.strip() for a in context.args or []]
    if not args:
        await _list(context, member.user_id)
    elif args[0].lower() in ADD and len(args) >= 3 and args[1].lstrip("-").isdigit():
        await _add(context, member.user_id, int(args[1]), args[2].lower(), args[3:])
    elif args[0].lower() in REMOVE and len(args) == 2 and args[1].lstrip("-").isdigit():
        await _remove(context, member.user_id, int(args[1]))
    else:
        await say(context, member.user_id, _usage())


async def _list(context: Context, admin: int) -> None:
    r = regional(context)
    lines: list[Text] = [text("Regionale medewerkers")]
    for user_id in sorted(r.access.admins):
        lines.append(text("{user}: beheerder (uit de instellingen)", user=verbatim(str(user_id))))
    for record in r.staff.all():
        if record["user_id"] in r.access.admins:
            continue
        if record["role"] == BEHEERDER:
            lines.append(text("{user}: beheerder", user=verbatim(str(record["user_id"]))))
        else:
            lines.append(
                text(
                    "{user}: regio {regions}",
                    user=verbatim(str(record["user_id"])),
                    regions=verbatim(", ".join(record["regions"])),
                )
            )
    lines.append(_usage())
    await say(context, admin, *lines)


async def _add(context: Context, admin: int, user_id: int, role: str, regions: list[str]) -> None:
    r = regional(context)
    try:
        cleaned = r.access.check_role(role, regions)
    except RoleError as exc:
        await say(
            context, admin, text("Dat lukt niet: {reason}.", reason=verbatim(str(exc))), _usage()
        )
        return
    r.staff.put(user_id, role, cleaned, admin, r.now_iso())
    await set_staff_menu(context.bot, context.bot_data.services, user_id)
    if role == BEHEERDER:
        done = text("{user} is nu beheerder.", user=verbatim(str(user_id)))
    else:
        done = text(
            "{user} is nu medewerker van {regions}.",
            user=verbatim(str(user_id)),
            regions=verbatim(", ".join(cleaned)),
        )
    await say(context, admin, done)


async def _remove(context: Context, admin: int, user_id: int) -> None:
    r = regional(context)
    if user_id in r.access.admins:
        await say(
            context,
            admin,
            text(
                "Deze beheerder staat in de instellingen (REGIESCAN_ADMINS) en kan alleen "
                "daar worden verwijderd."
            ),
        )
        return
    if r.staff.remove(user_id):
        await set_staff_menu(context.bot, context.bot_data.services, user_id)
        await say(
            context, admin, text("{user} is geen medewerker meer.", user=verbatim(str(user_id)))
        )
    else:
        await say(context, admin, text("{user} was geen medewerker.", user=verbatim(str(user_id))))


async def invite(update: Update, context: Context) -> None:
    """A t.me link that puts a new coordinator in the staff member's region."""
    member = await require_staff(update, context)
    if member is None:
        return
    r = regional(context)
    asked = context.args[0] if context.args else None
    scope = r.access.scope(member, asked)
    if scope is None:
        await deny(update, context, NOT_YOUR_REGION)
        return
    if len(scope) != 1:
        await say(
            context,
            member.user_id,
            text("Voor welke regio? Stuur bijvoorbeeld /uitnodiging {example}.", example=scope[0]),
        )
        return
    region = scope[0]
    code = f"{region.lower()}-{secrets.token_urlsafe(9)}"
    r.staff.add_invite(code, region, member.user_id, r.now_iso())
    link = f"https://t.me/{context.bot.username}?start={code}"
    await say(
        context,
        member.user_id,
        joined(
            text(
                "Uitnodigingslink voor Veiligheidsregio {region}:",
                region=verbatim(r.region_name(region) or region),
            ),
            verbatim(link),
            text("Wie via deze link begint, hoort bij uw regio tot de eigen gemeente is gekozen."),
        ),
    )


def register(app: App) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["staf", "staff"], staff, filters=private))
    app.add_handler(CommandHandler(["uitnodiging", "invite"], invite, filters=private))
