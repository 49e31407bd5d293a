"""Scheduled reminders through the bot: created in the chat, stored, re-registered at start,
a missed one sent exactly once (controllable clock), paused and deleted."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.broadcasting.sender import Policy
from bot.schedule_jobs import JOB_PREFIX, run_due
from storage.schedule_file import ScheduleFile
from storage.staff import StaffStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.regional_seed import SetClock, finish, to_knelpunt
from tests.helpers.updates import make_callback_update

STAFF21 = 500
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam


@pytest.fixture
def clock() -> SetClock:
    return SetClock(MONDAY)


def harness(api: FakeBotAPI, data_dir: Path, clock: SetClock) -> BotHarness:
    bot = BotHarness(api, data_dir)
    bot.services.regional.clock = clock
    bot.app.bot_data.broadcaster.policy = Policy(backoff=0.01)
    return bot


def got(api: FakeBotAPI, user: int, words: str) -> int:
    return sum(1 for c in api.calls("sendMessage", user) if c.ok and words in c.params["text"])


def job_names(bot: BotHarness) -> list[str]:
    assert bot.app.job_queue is not None
    return sorted(
        j.name or "" for j in bot.app.job_queue.jobs() if (j.name or "").startswith(JOB_PREFIX)
    )


async def plan(bot: BotHarness, audience: str, when: str, message: str) -> None:
    await bot.command("/planning", "nieuw", user=STAFF21)
    await bot.tap_label_starting(audience, STAFF21)
    await bot.say(when, user=STAFF21)
    await bot.say(message, user=STAFF21)
    await bot.tap_label_starting("Opslaan", STAFF21)


async def test_a_missed_reminder_is_sent_once_after_a_restart(
    api: FakeBotAPI, data_dir: Path, clock: SetClock
):
    StaffStore(data_dir).put(STAFF21, "regio", ["VR21"], by=None, now=MONDAY.isoformat())
    async with harness(api, data_dir, clock) as bot:
        to_knelpunt(bot.services.scans, 101, "Oss", 6)
        to_knelpunt(bot.services.scans, 102, "Vught", 2)
        finish(bot.services.scans, 103, "Boxtel")
        to_knelpunt(bot.services.scans, 201, "Utrecht", 2)  # another region
        await plan(bot, "Nog niet klaar", "elke maandag 09:00", "Weekelijkse herinnering")
        assert bot.screen(STAFF21).startswith("Gepland: elke maandag om 09:00")
        await plan(bot, "Iedereen", "op 5 maart 10:00", "Eenmalige herinnering")
        await bot.command("/planning", None, user=STAFF21)
        listing = bot.screen(STAFF21)
        assert "Volgende keer: 9 maart 2026 om 09:00." in listing
        assert "Volgende keer: 5 maart 2026 om 10:00." in listing
        assert len(job_names(bot)) == 2  # one JobQueue job per schedule
    assert len(ScheduleFile(data_dir).all()) == 2

    clock.advance(days=15)  # down over 5 March and two Mondays (9 and 16 March)
    async with harness(api, data_dir, clock) as bot:
        assert len(job_names(bot)) == 1  # re-registered at start; the one-off is done
        await bot.app.bot_data.broadcaster.wait_idle()
    for coordinator in (101, 102):
        assert got(api, coordinator, "Weekelijkse herinnering") == 1  # once, not per Monday
        assert got(api, coordinator, "Eenmalige herinnering") == 1
    assert got(api, 101, "U was bij knelpunt 6, Samenhang met ander beleid.") == 2
    assert got(api, 103, "Weekelijkse herinnering") == 0  # finished: not in "nog niet klaar"
    assert got(api, 103, "Eenmalige herinnering") == 1
    assert got(api, 201, "herinnering") == 0
    assert got(api, STAFF21, "Verzendrapport") == 2  # each run reports

    async with harness(api, data_dir, clock) as bot:  # another restart: nothing again
        await bot.app.bot_data.broadcaster.wait_idle()
        assert got(api, 101, "Weekelijkse herinnering") == 1
        clock.advance(days=7)  # the next Monday comes while the bot runs
        await run_due(bot.app)
        await bot.app.bot_data.broadcaster.wait_idle()
    assert got(api, 101, "Weekelijkse herinnering") == 2
    assert got(api, 101, "Eenmalige herinnering") == 1


async def test_schedules_can_be_paused_and_deleted(
    api: FakeBotAPI, data_dir: Path, clock: SetClock
):
    StaffStore(data_dir).put(STAFF21, "regio", ["VR21"], by=None, now=MONDAY.isoformat())
    StaffStore(data_dir).put(600, "regio", ["VR09"], by=None, now=MONDAY.isoformat())
    async with harness(api, data_dir, clock) as bot:
        to_knelpunt(bot.services.scans, 101, "Oss", 6)
        await plan(bot, "Iedereen", "elke dag 08:30", "Dagelijks")
        [schedule] = ScheduleFile(data_dir).all()
        await bot.command("/planning", None, user=600)  # other region: does not see it
        assert "Er zijn nog geen geplande herinneringen." in bot.screen(600)
        forged = make_callback_update(f"m|p|del|{schedule['id']}", 1, user_id=600)
        await bot.process(forged)  # not their region: refused
        assert "bestaat niet meer" in api.calls("answerCallbackQuery")[-1].params["text"]
        await bot.command("/planning", None, user=STAFF21)
        await bot.tap_label_starting("Pauzeer 1", STAFF21)
        assert "Gepauzeerd." in bot.screen(STAFF21)
        assert job_names(bot) == []
        clock.advance(days=3)
        await run_due(bot.app)
        await bot.tap_label_starting("Hervat 1", STAFF21)
        assert job_names(bot) == [f"{JOB_PREFIX}{schedule['id']}"]
        await run_due(bot.app)  # paused days are not caught up
        await bot.tap_label_starting("Verwijder 1", STAFF21)
        assert "Er zijn nog geen geplande herinneringen." in bot.screen(STAFF21)
        assert job_names(bot) == []
        await bot.app.bot_data.broadcaster.wait_idle()
    assert ScheduleFile(data_dir).all() == []
    assert got(api, 101, "Dagelijks") == 0


async def test_an_unreadable_moment_is_explained(api, data_dir: Path, clock: SetClock):
    StaffStore(data_dir).put(STAFF21, "regio", ["VR21"], by=None, now=MONDAY.isoformat())
    async with harness(api, data_dir, clock) as bot:
        await bot.command("/planning", "nieuw", user=STAFF21)
        await bot.tap_label_starting("Iedereen", STAFF21)
        await bot.say("volgende week ergens", user=STAFF21)
        assert bot.screen(STAFF21).startswith("Dat begrijp ik niet.")
        await bot.say("op 1 maart 10:00 2020", user=STAFF21)
        assert bot.screen(STAFF21).startswith("Dat begrijp ik niet.")
    assert ScheduleFile(data_dir).all() == []


async def test_a_schedule_stops_when_its_owner_loses_the_role(
    api: FakeBotAPI, data_dir: Path, clock: SetClock
):
    StaffStore(data_dir).put(STAFF21, "regio", ["VR21"], by=None, now=MONDAY.isoformat())
    async with harness(api, data_dir, clock) as bot:
        to_knelpunt(bot.services.scans, 101, "Oss", 6)
        await plan(bot, "Iedereen", "elke dag 08:30", "Dagelijks")
    StaffStore(data_dir).remove(STAFF21)
    clock.advance(days=2)
    async with harness(api, data_dir, clock) as bot:
        await bot.app.bot_data.broadcaster.wait_idle()
        assert job_names(bot) == []
    assert got(api, 101, "Dagelijks") == 0
    [schedule] = ScheduleFile(data_dir).all()
    assert schedule["paused"] is True
