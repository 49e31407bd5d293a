"""Updates about the bot's own membership of groups and channels (``my_chat_member``), and
group commands addressed to a bot by name."""

from __future__ import annotations

import time
from typing import Any, Literal

from tests.helpers.updates import (
    BOT_ID,
    BOT_USERNAME,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GROUP_ID,
    make_chat,
    make_group_message_update,
    make_user,
    next_update_id,
)

Status = Literal["member", "administrator", "left", "kicked"]


def _member(status: Status) -> dict[str, Any]:
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "Regiescan Test", "username": BOT_USERNAME}
    member: dict[str, Any] = {"status": status, "user": bot}
    if status == "administrator":
        member |= {
            "can_be_edited": False,
            "is_anonymous": False,
            "can_manage_chat": True,
            "can_delete_messages": True,
            "can_manage_video_chats": False,
            "can_restrict_members": False,
            "can_promote_members": False,
            "can_change_info": False,
            "can_invite_users": True,
            "can_post_stories": False,
            "can_edit_stories": False,
            "can_delete_stories": False,
            "can_post_messages": True,
        }
    if status == "kicked":
        member["until_date"] = 0
    return member


def make_my_chat_member_update(
    new: Status,
    old: Status = "left",
    *,
    chat_type: Literal["group", "supergroup", "channel"] = "supergroup",
    chat_id: int | None = None,
    user_id: int = 1001,
) -> dict[str, Any]:
    """The bot's status in a group or channel changed from ``old`` to ``new`` (by ``user_id``)."""
    if chat_id is None:
        chat_id = DEFAULT_CHANNEL_ID if chat_type == "channel" else DEFAULT_GROUP_ID
    payload = {
        "chat": make_chat(chat_id, chat_type, title="Veiligheidsoverleg"),
        "from": make_user(user_id),
        "date": int(time.time()),
        "old_chat_member": _member(old),
        "new_chat_member": _member(new),
    }
    return {"update_id": next_update_id(), "my_chat_member": payload}


def make_group_command_update(command: str, *, to: str | None = None, **kw: Any) -> dict[str, Any]:
    """``/command`` or ``/command@to`` in a group, with its bot_command entity."""
    name = command if to is None else f"{command}@{to}"
    update = make_group_message_update(name, **kw)
    update["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": len(name)}]
    return update
