"""Groups and channels: the bot stays quiet there (issue 17).

In a channel it posts nothing and leaves; in a group it explains once that it works in private
chats only, and ignores chatter and commands for other bots. In a private chat a command for
another bot is not answered as if it were one of ours.
"""

from __future__ import annotations

from pathlib import Path

from storage.users import TinyUserStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.group_updates import make_group_command_update, make_my_chat_member_update
from tests.helpers.updates import (
    BOT_USERNAME,
    DEFAULT_CHANNEL_ID,
    DEFAULT_GROUP_ID,
    make_callback_update,
    make_channel_post_update,
    make_command_update,
    make_edited_message_update,
    make_group_message_update,
)

ME = 1001
PRIVATE_ONLY = "alleen in een privégesprek"


def sent_to(api: FakeBotAPI, chat_id: int) -> list[str]:
    return [c.params["text"] for c in api.calls("sendMessage") if c.chat_id == chat_id]


async def test_a_channel_hears_nothing_and_the_bot_leaves(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await bot.process(make_my_chat_member_update("administrator", chat_type="channel"))
        for n in range(19):
            await bot.process(make_channel_post_update(f"/start nieuws {n}"))
    outgoing = [c for c in api.calls() if c.chat_id == DEFAULT_CHANNEL_ID]
    assert outgoing and {c.method for c in outgoing} == {"leaveChat"}
    assert all(c.ok for c in outgoing)
    assert list(TinyUserStore(data_dir).user_ids()) == []


async def test_a_group_is_told_once_and_chatter_is_ignored(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await bot.process(make_my_chat_member_update("member"))
        for _ in range(3):
            await bot.process(make_group_command_update("/start"))
            await bot.process(make_group_command_update("/scan", to=BOT_USERNAME))
            await bot.process(make_group_message_update("Goedemorgen allemaal"))
            await bot.process(make_group_command_update("/help", to="otherbot"))
        await bot.process(
            make_edited_message_update("/start", 5, chat_id=DEFAULT_GROUP_ID, chat_type="group")
        )
    told = sent_to(api, DEFAULT_GROUP_ID)
    assert len(told) == 1 and PRIVATE_ONLY in told[0]
    assert [c.method for c in api.calls() if c.chat_id == DEFAULT_GROUP_ID] == ["sendMessage"]
    assert list(TinyUserStore(data_dir).user_ids()) == []


async def test_a_group_without_the_add_event_is_told_on_its_first_command_to_us(
    api: FakeBotAPI, data_dir: Path
):
    async with BotHarness(api, data_dir) as bot:
        await bot.process(make_group_message_update("hallo"))
        await bot.process(make_group_command_update("/help", to="otherbot"))
        assert sent_to(api, DEFAULT_GROUP_ID) == []
        await bot.process(make_group_command_update("/resultaat", to=BOT_USERNAME))
        await bot.process(make_group_command_update("/start"))
    told = sent_to(api, DEFAULT_GROUP_ID)
    assert len(told) == 1 and PRIVATE_ONLY in told[0]


async def test_removed_and_added_again_the_group_is_told_again(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await bot.process(make_my_chat_member_update("member"))
        await bot.process(make_my_chat_member_update("kicked", old="member"))
        await bot.process(make_my_chat_member_update("administrator", old="left"))
        await bot.process(make_group_command_update("/start"))
    assert len(sent_to(api, DEFAULT_GROUP_ID)) == 2


async def test_a_button_tap_from_a_group_is_answered(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        for data in ("s|1|a:4", "c|p|1", "l|en", "x|y"):
            update = make_callback_update(data, 1, chat_id=DEFAULT_GROUP_ID, chat_type="supergroup")
            await bot.process(update)
    answers = api.calls("answerCallbackQuery")
    assert len(answers) == 4 and all(a.ok for a in answers)
    assert sent_to(api, DEFAULT_GROUP_ID) == []


async def test_a_command_for_another_bot_in_private_is_not_taken_as_ours(
    api: FakeBotAPI, data_dir: Path
):
    async with BotHarness(api, data_dir) as bot:
        await bot.process(make_command_update("/help", bot_username="otherbot", user_id=ME))
        other = bot.screen()
        await bot.process(make_command_update("/help", bot_username=BOT_USERNAME, user_id=ME))
        ours = bot.screen()
    assert "voor een andere bot bedoeld" in other
    assert "/scan: de scan starten" not in other
    assert ours.startswith("Zo gebruikt u Regiescan:")
