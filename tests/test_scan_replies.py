"""The scan's replies under a slow Bot API, and one live keyboard per user.

* A reply whose answer comes after PTB's timeout (the edit arrived) neither holds the user's
  lock meanwhile nor earns an apology.
* Only the newest message with the current question takes answers: the keyboard of the one it
  replaces is removed, and a tap that still reaches it is stale.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from telegram.error import TimedOut

from bot.app import build_application
from regiescan.wiring.services import build_services
from storage.users import TinyUserStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.bot_harness import test_settings as settings_for
from tests.helpers.fake_bot_api import FakeBotAPI, FakeRequest
from tests.helpers.fake_bot_api_models import StoredMessage
from tests.helpers.updates import (
    make_button_press,
    make_callback_update,
    make_media_update,
    to_update,
)
from tests.test_bot import ME, to_first_statement

SLOW = 1.0  # seconds until the answer to an edit comes, past the read timeout below


class AnswerAfterTimeout(FakeRequest):
    """Edits reach the fake at once; their answer never comes within the read timeout."""

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        result = await super().do_request(url, method, *args, **kwargs)
        if url.endswith("/editMessageText"):
            await asyncio.sleep(SLOW)
            raise TimedOut()
        return result


def _app_on(api: FakeBotAPI, data_dir: Path, request: FakeRequest) -> Any:
    """The real Application on ``data_dir``, its calls through ``request`` (a slow Bot API)."""
    return build_application(
        build_services(settings_for(data_dir)),
        request=request,
        get_updates_request=FakeRequest(api),
        rate_limiter=False,
    )


def answers(data_dir: Path) -> int:
    doc = TinyUserStore(data_dir).load(ME)
    return len(doc["current"]["answers"]) if doc and doc["current"] else 0


async def _old_copy_is_stale_and_the_newest_answers(
    bot: BotHarness,
    api: FakeBotAPI,
    data_dir: Path,
    old: StoredMessage,
    old_buttons: list[tuple[str, str | None]],
) -> None:
    """A tap on "4" in the older copy is answered as stale and saves nothing; the same tap on
    the newest copy answers statement 1."""
    before = TinyUserStore(data_dir).load(ME)
    data = next(d for t, d in old_buttons if t.startswith("4") and d)
    await bot.process(make_callback_update(data, old.message_id, user_id=ME))
    toast = api.calls("answerCallbackQuery")[-1].params.get("text", "")
    assert toast.startswith("Deze knop hoort bij een eerdere vraag")
    assert TinyUserStore(data_dir).load(ME) == before, "a tap on the older copy is no answer"
    assert "Stelling 1 van 5" in bot.screen()
    await bot.tap_label_starting("4 ·")  # the newest copy works
    assert "Stelling 2 van 5" in bot.screen()


async def test_a_slow_answer_neither_holds_the_lock_nor_earns_an_apology(data_dir: Path):
    api = FakeBotAPI()
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
    app = _app_on(api, data_dir, AnswerAfterTimeout(api, read_timeout=0.5))
    await app.initialize()
    try:
        first = make_button_press(api, ME, next(d for t, d in api.buttons(ME) if t.startswith("4")))
        saved_second: list[float] = []

        async def second_tap() -> None:
            await asyncio.sleep(0.1)  # the edit has arrived: the user sees statement 2
            assert "Stelling 2 van 5" in (api.last_message(ME).text or "")
            data = next(d for t, d in api.buttons(ME) if t.startswith("2"))
            task = asyncio.create_task(
                app.process_update(to_update(make_button_press(api, ME, data), app.bot))
            )
            while answers(data_dir) < 2:
                await asyncio.sleep(0.01)
            saved_second.append(time.monotonic())
            await task

        started = time.monotonic()
        await asyncio.gather(app.process_update(to_update(first, app.bot)), second_tap())
    finally:
        await app.shutdown()
    assert saved_second[0] - started < SLOW / 2, "the second answer waited for the first reply"
    texts = [str(c.params.get("text")) for c in api.calls("sendMessage", ME)]
    assert not [t for t in texts if t.startswith(("Sorry", "Excuses"))], texts
    assert "Stelling 3 van 5" in (api.last_message(ME).text or "")
    assert all(c.ok for c in api.calls("answerCallbackQuery")), "every tap answered"


async def test_only_the_newest_copy_of_the_question_takes_answers(api: FakeBotAPI, data_dir: Path):
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        old = api.last_message(ME)
        old_buttons = old.buttons
        await bot.say("dat weet ik nog niet")  # text where a button is expected: sent anew
        new = api.last_message(ME)
        assert new.message_id != old.message_id and "Stelling 1 van 5" in (new.text or "")
        replaced = next(m for m in api.messages(ME) if m.message_id == old.message_id)
        assert replaced.buttons == [], "the older copy lost its keyboard"
        await _old_copy_is_stale_and_the_newest_answers(bot, api, data_dir, old, old_buttons)
    assert answers(data_dir) == 1


class SlowEdits(FakeRequest):
    """Edits take a while to reach the fake (a slow network): other replies could overtake."""

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        if url.endswith("/editMessageText"):
            await asyncio.sleep(0.3)
        return await super().do_request(url, method, *args, **kwargs)


async def test_a_sticker_sent_during_a_slow_edit_is_answered_after_it(data_dir: Path):
    """A user's replies go out in order: a sticker sent while the tap's edit is under way is
    answered after it, so the newest message is the one with the live keyboard."""
    api = FakeBotAPI()
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
    app = _app_on(api, data_dir, SlowEdits(api))
    await app.initialize()
    try:
        tap = make_button_press(api, ME, next(d for t, d in api.buttons(ME) if t.startswith("4")))

        async def text_meanwhile() -> None:
            while answers(data_dir) < 1:  # the tap is saved, its edit is on its way
                await asyncio.sleep(0.01)
            sticker = make_media_update("sticker", user_id=ME)  # answered with the current question
            await app.process_update(to_update(sticker, app.bot))

        await asyncio.gather(app.process_update(to_update(tap, app.bot)), text_meanwhile())
        for task in list(app.bot_data.replies.values()):
            await task
    finally:
        await app.shutdown()
    assert all(c.ok for c in api.calls()), [c for c in api.calls() if not c.ok]
    newest = api.last_message(ME)
    assert "Stelling 2 van 5" in (newest.text or "") and newest.buttons, "the newest is live"
    others = [m for m in api.messages(ME) if m.message_id != newest.message_id and m.buttons]
    assert [m.text for m in others if "Stelling" in (m.text or "")] == [], "one live keyboard"


async def test_after_a_restart_an_older_copy_that_kept_its_keyboard_is_still_stale(
    api: FakeBotAPI, data_dir: Path
):
    """The screen is stored: a new Application on the same data dir still knows which copy is
    the newest, so a tap on one whose keyboard could not be removed is no answer."""
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        old = api.last_message(ME)
        old_buttons = old.buttons
        # Removing the older copy's keyboard fails (as it would, unsent, after a kill).
        api.inject_fault("editMessageReplyMarkup", error_code=400, description="Bad Request")
        await bot.command("/scan")
        new = api.last_message(ME)
        assert new.message_id != old.message_id and "Stelling 1 van 5" in (new.text or "")
        kept = next(m for m in api.messages(ME) if m.message_id == old.message_id)
        assert kept.buttons == old_buttons, "the older copy still shows its buttons"
    async with BotHarness(api, data_dir) as bot:  # restarted: nothing in memory
        await _old_copy_is_stale_and_the_newest_answers(bot, api, data_dir, old, old_buttons)
    assert answers(data_dir) == 1


async def test_after_a_restart_a_finished_screen_is_not_stripped_again(
    api: FakeBotAPI, data_dir: Path
):
    """The last screen of a finished scan shows no keyboard. After a restart the bot does not
    know that from memory; removing "its keyboard" again would be refused (not modified)."""
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
        for _ in range(60):
            if "Alle stellingen zijn beantwoord." in bot.screen():
                break
            label = "Geen toelichting" if "iets toelichten" in bot.screen() else "4 · eens"
            await bot.tap_label_starting(label)
        await bot.tap_label_starting("Afronden")
    async with BotHarness(api, data_dir) as bot:  # restarted
        await bot.command("/scan")
        await bot.command("/scan")
    assert [(c.method, c.description) for c in api.calls() if not c.ok] == []


async def test_a_timed_out_edit_after_the_tap_was_answered_earns_no_second_answer(
    data_dir: Path,
):
    """A toggle's tap is answered, then its edit times out (it may have arrived): no apology,
    and no second answer to the tap (Telegram refuses that: query too old)."""
    api = FakeBotAPI()
    async with BotHarness(api, data_dir) as bot:
        await bot.command("/toestemming")
    app = _app_on(api, data_dir, AnswerAfterTimeout(api, read_timeout=0.5))
    await app.initialize()
    try:
        label = "Mijn gemeente als collega-gemeente tonen"
        data = next(d for t, d in api.buttons(ME) if t.startswith(label))
        await app.process_update(to_update(make_button_press(api, ME, data), app.bot))
    finally:
        await app.shutdown()
    assert [(c.method, c.description) for c in api.calls() if not c.ok] == []
    texts = [str(c.params.get("text")) for c in api.calls("sendMessage", ME)]
    assert not [t for t in texts if t.startswith(("Sorry", "Excuses"))], texts
