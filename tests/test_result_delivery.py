"""A finished scan's diagnosis reaches the coordinator once, even when the process died right
after "Afronden" was saved: on the replayed tap after the restart, or on the next /scan."""

from __future__ import annotations

import asyncio
from pathlib import Path

from dialogs.scan.steps import Event
from storage.users import TinyUserStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.scan_driver import answer_all, press, start_scan
from tests.helpers.updates import make_callback_update
from tests.test_bot import ME

DIAGNOSIS = "Diagnose voor "


def diagnoses(api: FakeBotAPI) -> int:
    return sum(
        1 for c in api.calls("sendMessage", ME) if str(c.params.get("text")).startswith(DIAGNOSIS)
    )


async def test_a_result_saved_but_never_sent_comes_with_the_next_scan_command(data_dir: Path):
    api = FakeBotAPI()
    async with BotHarness(api, data_dir) as bot:  # the finish is saved, then the process dies
        scans = bot.services.scans
        start_scan(scans, ME)
        answer_all(scans, ME)
        press(scans, ME, "finish")
    assert TinyUserStore(data_dir).load(ME)["result_pending"] is not None
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/scan")
        assert diagnoses(api) == 1
        assert TinyUserStore(data_dir).load(ME)["result_pending"] is None
        await bot.command("/scan")
        assert diagnoses(api) == 1, "delivered once"


async def test_a_replayed_finish_tap_delivers_the_result_once(data_dir: Path):
    api = FakeBotAPI()
    async with BotHarness(api, data_dir) as bot:
        finish, overview = await _at_the_overview(bot, api)
        # The tap of update 9001 is saved, and the process dies before its reply.
        seq = int(finish.split("|")[1])
        bot.services.scans.handle(ME, Event.choice("finish", seq, ref="9001"))
    async with BotHarness(api, data_dir) as bot:  # after the restart the journal replays it
        await bot.process(_tap(finish, overview, 9001))
        assert diagnoses(api) == 1
        await bot.process(_tap(finish, overview, 9001))  # the same update once more
        await bot.process(_tap(finish, overview, 9002))  # a double tap of "Afronden"
    assert diagnoses(api) == 1
    assert TinyUserStore(data_dir).load(ME)["result_pending"] is None


async def _at_the_overview(bot: BotHarness, api: FakeBotAPI) -> tuple[str, int]:
    """Every statement answered, the overview shown: its "Afronden" data and message id."""
    start_scan(bot.services.scans, ME)
    answer_all(bot.services.scans, ME)
    await bot.command("/overzicht")
    finish = next(d for t, d in api.buttons(ME) if t.startswith("Afronden") and d)
    return finish, api.last_message(ME).message_id


def _tap(data: str, message_id: int, update_id: int) -> dict:
    return make_callback_update(data, message_id, user_id=ME, update_id=update_id)


async def test_a_command_while_the_result_is_on_its_way_does_not_send_it_again(data_dir: Path):
    """/scan handled right after "Afronden", before its diagnosis went out, finds the result
    due; its reply waits for the finish's in the user's chain and then finds it delivered."""
    api = FakeBotAPI()
    async with BotHarness(api, data_dir) as bot:
        finish, overview = await _at_the_overview(bot, api)
        api.set_latency(0.3, "editMessageText")  # the finish's reply takes a while

        async def scan_meanwhile() -> None:
            while TinyUserStore(data_dir).load(ME)["result_pending"] is None:
                await asyncio.sleep(0.01)  # the finish is saved; its result is not sent yet
            await bot.command("/scan")

        await asyncio.gather(bot.process(_tap(finish, overview, 9101)), scan_meanwhile())
        for task in list(bot.app.bot_data.replies.values()):
            await task
    assert diagnoses(api) == 1
