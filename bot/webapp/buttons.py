"""The ways into the dashboard: ``web_app`` buttons in chats and the staff's menu button.

All of them exist only when ``REGIESCAN_WEBAPP_URL`` is set. The menu button (Telegram's
``setChatMenuButton``, per chat) is set for every staff member at start and when a role is
given, and put back to the default when a role is taken away; a chat Telegram does not know yet
(someone given a role before they ever opened the bot) is logged and skipped.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from telegram import (
    Bot,
    InlineKeyboardButton,
    MenuButtonDefault,
    MenuButtonWebApp,
    WebAppInfo,
)
from telegram.error import TelegramError

from dialogs.texts import text
from regiescan.wiring.i18n import Translator
from regiescan.wiring.services import Services
from regiescan.wiring.settings import Settings

log = logging.getLogger(__name__)


def page_url(settings: Settings, **query: str) -> str | None:
    if settings.webapp_url is None:
        return None
    return settings.webapp_url + (f"?{urlencode(query)}" if query else "")


def dashboard_button(
    settings: Settings, t: Translator, region: str | None = None
) -> InlineKeyboardButton | None:
    """The button under /regio that opens the region's dashboard (None: feature off)."""
    url = page_url(settings, **({"region": region} if region else {}))
    if url is None:
        return None
    return InlineKeyboardButton(t(text("Open het dashboard")), web_app=WebAppInfo(url))


def own_results_button(settings: Settings, t: Translator) -> InlineKeyboardButton | None:
    """The button under the diagnosis that opens the coordinator's own results."""
    url = page_url(settings, view="own")
    if url is None:
        return None
    return InlineKeyboardButton(
        t(text("Bekijk uw resultaten als dashboard")), web_app=WebAppInfo(url)
    )


async def set_staff_menu(bot: Bot, services: Services, user_id: int) -> bool:
    """Put the dashboard in the staff member's menu button (or the default back for someone
    who is no staff member now). Returns whether Telegram accepted it."""
    url = page_url(services.settings)
    if url is None:
        return False
    is_staff = services.regional.access.member(user_id) is not None
    t = services.translators.get(services.scans.locale(user_id))
    button = (
        MenuButtonWebApp(t(text("Dashboard")), WebAppInfo(url)) if is_staff else MenuButtonDefault()
    )
    try:
        return await bot.set_chat_menu_button(chat_id=user_id, menu_button=button)
    except TelegramError as exc:  # e.g. a chat that never opened the bot
        log.info("menu button not set for a staff member (%s)", type(exc).__name__)
        return False


async def set_all_staff_menus(bot: Bot, services: Services) -> None:
    """At start: the menu button for every staff member (settings and staff store)."""
    if services.settings.webapp_url is None:
        return
    r = services.regional
    ids = sorted(set(r.access.admins) | {int(rec["user_id"]) for rec in r.staff.all()})
    for uid in ids:
        await set_staff_menu(bot, services, uid)
