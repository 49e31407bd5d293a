"""An edit that would change nothing is not sent (Telegram answers it with 400 "message is not
modified"); the tap is still answered (issue 17)."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path
from typing import Any

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
