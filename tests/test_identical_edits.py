"""An edit that would change nothing is not sent (Telegram answers it with 400 "message is not
modified"); the tap is still answered (issue 17)."""

from __future__ import annotations

import asyncio
import copy
import itertools
from pathlib import Path
from typing import Any

from bot.edits import ShownMessages, edit_text
from storage.users import TinyUserStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.updates import make_button_press, next_update_id
from tests.test_bot import to_first_statement

ME = 1001
_queries = itertools.count(900_000)


def replay(update: dict[str, Any]) -> dict[str, Any]:
    """The same tap sent again (as a client retrying): a new update and query id."""
    again = copy.deepcopy(update)
    again["update_id"] = next_update_id()
    again["callback_query"]["id"] = str(next(_queries))
    return again


def failed(api: FakeBotAPI) -> list[tuple[str, str | None]]:
    return [(c.method, c.description) for c in api.calls() if not c.ok]


async def test_a_consent_tapped_twice_is_saved_once_and_edited_once(
    api: FakeBotAPI, data_dir: Path
):
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/toestemming", user=ME)
        label = "Mijn gemeente als collega-gemeente tonen"
        data = next(d for t, d in api.buttons(ME) if t.startswith(label))
        # Both taps carry the message as it was before the first edit: a quick double tap.
        first = make_button_press(api, ME, data)
        await bot.process(first)
        await bot.process(replay(first))
        await bot.process(replay(first))  # the same, replayed later
        await bot.tap_label_starting("Alle toestemmingen intrekken", ME)
    assert failed(api) == []
    answers = api.calls("answerCallbackQuery")
    assert len(answers) == 4 and all(a.ok for a in answers)
    edits = api.calls("editMessageText")
    assert len(edits) == 2  # given, then withdrawn; the taps in between changed nothing
    history = TinyUserStore(data_dir).load(ME)["consents"]["peer_listing"]["history"]
    assert [h["given"] for h in history] == [True, False]


async def test_a_replayed_step_button_sends_no_identical_edit(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot, ME)
        press = make_button_press(api, ME, bot.labels(ME)[0])
        await bot.process(press)
        screen = bot.screen(ME)
        for _ in range(3):
            await bot.process(replay(press))
        assert bot.screen(ME) == screen
    assert failed(api) == []
    taps = api.calls("answerCallbackQuery")
    assert len(taps) >= 4 and all(t.ok for t in taps)


class _SlowMessage:
    """A message whose edit takes a while to arrive (only what bot.edits uses)."""

    chat_id, message_id, text, reply_markup = ME, 7, "Stelling 1", None

    async def edit_text(self, body: str, reply_markup: object = None) -> None:
        await asyncio.sleep(0.2)
        self.text = body


async def test_a_keyboard_check_waits_for_an_edit_under_way():
    """The old screen's keyboard is removed only if it still has one: a check made while an
    edit of that message is on its way sees what the edit leaves (no "not modified")."""
    shown = ShownMessages()
    shown.set_bare(ME, 7, False)
    message = _SlowMessage()

    async def check_meanwhile() -> bool:
        await asyncio.sleep(0.05)  # the edit is under way
        async with shown.guard(ME):
            return shown.is_bare(ME, 7)

    edited, bare = await asyncio.gather(
        edit_text(shown, message, "Uw scan is afgerond.", None),  # type: ignore[arg-type]
        check_meanwhile(),
    )
    assert edited and bare, "the check ran before the edit's result was recorded"
