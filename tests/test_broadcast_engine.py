"""The broadcast engine without a chat: faults, retries, the outbox, interruption and resume."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.broadcasting.sender import BroadcastRun, Message, Policy
from bot.broadcasting.wire import WATCH
from dialogs.regional.audience import Selection
from dialogs.regional.broadcast_document import broadcast_doc, counts
from dialogs.regional.delivery import (
    BLOCKED,
    DELIVERED,
    FAILED,
    INACTIVE,
    OPTED_OUT,
    PENDING,
    SENDING,
    UNCERTAIN,
)
from storage.outbox import OutboxStore

NOW = "2026-03-02T09:00:00+00:00"


class FakeTime:
    """sleep() advances a fake monotonic clock instantly and records every wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 3))
        self.now += seconds
        await asyncio.sleep(0)


ANSWERS = {RetryAfter: 429, Forbidden: 403, BadRequest: 400}


def refused(detail: str = "refused") -> NetworkError:
    """The connection failed before the request left (retried)."""
    return NetworkError(f"httpx.ConnectError: {detail}")


async def on_wire() -> None:
    """What bot.broadcasting.wire.WireRequest does right before writing a request."""
    watch = WATCH.get()
    if watch is not None:
        await watch.on_wire()


async def answered(exc: TelegramError) -> None:
    watch = WATCH.get()
    code = next((c for kind, c in ANSWERS.items() if isinstance(exc, kind)), None)
    if watch is not None and code is not None:
        await watch.on_answer(code)


class FakeTelegram:
    """send(): per user a script of failures to raise first; then the message is delivered.
    It tells the wire watch what the request layer would (on the wire; Telegram answered)."""

    def __init__(self, script: dict[int, list[Exception]] | None = None) -> None:
        self.script = {uid: list(faults) for uid, faults in (script or {}).items()}
        self.delivered: Counter[int] = Counter()
        self.attempts: Counter[int] = Counter()

    async def send(self, user_id: int, message: Message) -> None:
        self.attempts[user_id] += 1
        await on_wire()
        await asyncio.sleep(0)
        faults = self.script.get(user_id)
        if faults:
            fault = faults.pop(0)
            if isinstance(fault, TimedOut):  # it arrived; the answer came too late
                self.delivered[user_id] += 1
            await answered(fault)
            raise fault
        self.delivered[user_id] += 1
        watch = WATCH.get()
        if watch is not None:
            await watch.on_answer(200)


def store_broadcast(tmp: Path, recipients: list[int], **left_out: list[int]) -> OutboxStore:
    outbox = OutboxStore(tmp)
    selection = Selection(recipients, left_out.get("opted_out", []), left_out.get("inactive", []))
    doc = broadcast_doc(
        "b-test", by=7, kind="bericht", audience="all", regions=["VR21"], message="Hallo",
        selection=selection, now=NOW,
    )  # fmt: skip
    assert outbox.create(doc)
    assert not outbox.create(doc)  # stored once
    return outbox


def run_for(outbox: OutboxStore, tg: FakeTelegram, time: FakeTime, **kw) -> BroadcastRun:
    async def prepare(user_id: int):
        return kw.pop("skip", {}).get(user_id) or Message(f"Hallo {user_id}")

    return BroadcastRun(
        outbox, "b-test", send=tg.send, prepare=prepare, now=lambda: NOW,
        policy=kw.get("policy", Policy(workers=3, network_retries=2, backoff=0.5)),
        sleep=time.sleep, monotonic=time.monotonic, on_blocked=kw.get("on_blocked"),
    )  # fmt: skip


async def test_faults_are_retried_and_the_report_adds_up(tmp_path: Path):
    outbox = store_broadcast(tmp_path, list(range(1, 11)), opted_out=[11], inactive=[12])
    tg = FakeTelegram({
        2: [RetryAfter(1)],
        3: [Forbidden("Forbidden: bot was blocked by the user")],
        4: [refused("connection refused")],
        5: [refused("down")] * 3,  # more than the 2 retries
        6: [BadRequest("Bad Request: chat not found")],
    })  # fmt: skip
    time, blocked = FakeTime(), []

    async def on_blocked(user_id: int) -> None:
        blocked.append(user_id)

    run = run_for(outbox, tg, time, on_blocked=on_blocked)
    skips = {7: OPTED_OUT}  # turned reminders off after the broadcast was stored

    async def prepare(user_id: int):
        return skips.get(user_id) or Message("Hallo")

    run.prepare = prepare
    found = await run.run()
    assert set(tg.delivered) == {1, 2, 4, 8, 9, 10}
    assert set(tg.delivered.values()) == {1}  # every delivered recipient exactly once
    assert blocked == [3]
    assert time.now >= 1  # waited out retry_after (and the backoffs)
    assert tg.attempts[2] == 2 and tg.attempts[4] == 2
    assert tg.attempts[5] == 3 and tg.attempts[6] == 1 and 7 not in tg.attempts
    stored = outbox.load("b-test")
    assert stored is not None and stored["state"] == "done"
    assert counts(stored) == found
    assert (found[DELIVERED], found[BLOCKED], found[FAILED]) == (6, 1, 2)
    assert (found[OPTED_OUT], found[INACTIVE]) == (2, 1)
    assert sum(found.values()) == 12
    statuses = {uid: r["status"] for uid, r in stored["recipients"].items()}
    assert statuses["3"] == BLOCKED and statuses["5"] == FAILED and statuses["12"] == INACTIVE


async def test_retry_after_is_waited_out_and_network_errors_back_off(tmp_path: Path):
    outbox = store_broadcast(tmp_path, [1, 2])
    tg = FakeTelegram({1: [RetryAfter(1), RetryAfter(2)], 2: [refused("x")] * 2})
    time = FakeTime()
    found = await run_for(outbox, tg, time, policy=Policy(workers=1, backoff=0.5)).run()
    assert time.waits == [1, 2, 0.5, 1.0]
    assert tg.delivered == Counter({1: 1, 2: 1}) and found[DELIVERED] == 2


async def test_an_interrupted_run_resumes_without_sending_twice(tmp_path: Path):
    outbox = store_broadcast(tmp_path, list(range(1, 9)))
    tg, time = FakeTelegram(), FakeTime()
    original = tg.send

    async def dies_after_three(user_id: int, message: Message) -> None:
        if sum(tg.delivered.values()) >= 3:
            raise RuntimeError("This HTTPXRequest is not initialized!")  # the app was torn down
        await original(user_id, message)

    first = run_for(outbox, tg, time, policy=Policy(workers=1))
    first.send = dies_after_three
    with pytest.raises(RuntimeError):
        await first.run()
    stored = outbox.load("b-test")
    assert stored is not None and stored["state"] == "sending"
    assert counts(stored)[DELIVERED] == 3 and counts(stored)[PENDING] == 5
    assert outbox.unfinished() == ["b-test"]
    found = await run_for(outbox, tg, time).run()  # "restart"
    assert tg.delivered == Counter({uid: 1 for uid in range(1, 9)})
    assert found[DELIVERED] == 8 and outbox.unfinished() == []


async def test_cancelled_mid_request_is_never_sent_again(tmp_path: Path):
    outbox = store_broadcast(tmp_path, [1, 2, 3])
    tg, time = FakeTelegram(), FakeTime()
    started, hang = asyncio.Event(), asyncio.Event()

    async def hangs_on_two(user_id: int, message: Message) -> None:
        if user_id == 2:
            await on_wire()
            started.set()
            await hang.wait()  # the process dies while this request is on the wire
        await tg.send(user_id, message)

    first = run_for(outbox, tg, time, policy=Policy(workers=1))
    first.send = hangs_on_two
    task = asyncio.create_task(first.run())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    stored = outbox.load("b-test")
    assert stored is not None and stored["recipients"]["2"]["status"] == SENDING
    found = await run_for(outbox, tg, time).run()
    assert tg.delivered == Counter({1: 1, 3: 1})  # 2 not re-sent: maybe it did arrive
    assert found[UNCERTAIN] == 1 and found[DELIVERED] == 2


async def test_a_stop_request_finishes_the_message_under_way(tmp_path: Path):
    outbox = store_broadcast(tmp_path, [1, 2, 3, 4])
    tg, time = FakeTelegram(), FakeTime()
    run = run_for(outbox, tg, time, policy=Policy(workers=1))
    original = tg.send

    async def stop_during_first(user_id: int, message: Message) -> None:
        run.request_stop()
        await original(user_id, message)

    run.send = stop_during_first
    found = await run.run()
    assert tg.delivered == Counter({1: 1})
    assert found[DELIVERED] == 1 and found[PENDING] == 3
    assert outbox.unfinished() == ["b-test"]


async def test_a_recipient_that_cannot_be_prepared_fails_alone(tmp_path: Path):
    outbox = store_broadcast(tmp_path, [1, 2, 3])
    tg, time = FakeTelegram(), FakeTime()
    run = run_for(outbox, tg, time)

    async def prepare(user_id: int):
        if user_id == 2:
            raise ValueError("damaged user file")
        return Message("Hallo")

    run.prepare = prepare
    found = await run.run()
    assert tg.delivered == Counter({1: 1, 3: 1})
    assert found[FAILED] == 1 and found[DELIVERED] == 2 and outbox.unfinished() == []


async def test_a_send_answered_after_the_timeout_is_uncertain_and_not_repeated(tmp_path: Path):
    outbox = store_broadcast(tmp_path, [1, 2, 3])
    tg = FakeTelegram({2: [TimedOut()], 3: [NetworkError("httpx.ReadError: connection lost")]})
    found = await run_for(outbox, tg, FakeTime()).run()
    assert tg.attempts == Counter({1: 1, 2: 1, 3: 1})  # none of them tried twice
    assert found[UNCERTAIN] == 2 and found[DELIVERED] == 1
    stored = outbox.load("b-test")
    assert stored is not None and stored["state"] == "done"
    assert {u for u, r in stored["recipients"].items() if r["status"] == UNCERTAIN} == {"2", "3"}


async def test_waiting_out_a_429_is_pending_not_sending(tmp_path: Path):
    """Only the instant on the wire counts as possibly sent: a recipient waiting out a 429
    (or a refused connection's backoff) when the process dies is sent to after the restart."""
    outbox = store_broadcast(tmp_path, [1, 2])
    tg = FakeTelegram({1: [RetryAfter(30)], 2: [refused()]})
    waiting = asyncio.Event()

    async def sleep_forever(seconds: float) -> None:
        waiting.set()
        await asyncio.Event().wait()

    first = run_for(outbox, tg, FakeTime(), policy=Policy(workers=2))
    first.sleep = sleep_forever
    task = asyncio.create_task(first.run())
    await waiting.wait()
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    stored = outbox.load("b-test")
    assert stored is not None
    assert {r["status"] for r in stored["recipients"].values()} == {PENDING}
    found = await run_for(outbox, tg, FakeTime()).run()
    assert found[DELIVERED] == 2 and found[UNCERTAIN] == 0
    assert tg.delivered == Counter({1: 1, 2: 1})


async def test_the_journal_appends_and_a_torn_last_line_loses_only_that_line(tmp_path: Path):
    outbox = store_broadcast(tmp_path, list(range(1, 201)))
    snapshot = outbox.path_for("b-test")
    size = snapshot.stat().st_size
    journal = outbox.open("b-test")
    assert journal is not None
    for uid in range(1, 101):
        await journal.mark(str(uid), DELIVERED, NOW)
    assert snapshot.stat().st_size == size  # the document is not rewritten per change
    log = outbox.journal_for("b-test")
    assert journal.written <= 100 * 100  # about 70 bytes a change
    outbox.close("b-test")
    whole = log.read_bytes()
    log.write_bytes(whole[:-20])  # the process died in the middle of the last line
    fresh = OutboxStore(tmp_path)
    doc = fresh.load("b-test")
    assert doc is not None
    statuses = [doc["recipients"][str(uid)]["status"] for uid in range(1, 201)]
    assert statuses[:99] == [DELIVERED] * 99 and statuses[99:] == [PENDING] * 101
    reopened = fresh.open("b-test")  # appending after the torn line starts a clean line
    assert reopened is not None
    await reopened.mark("150", DELIVERED, NOW)
    fresh.close("b-test", compact=True)
    assert not log.exists()
    final = OutboxStore(tmp_path).load("b-test")
    assert final is not None
    assert final["recipients"]["150"]["status"] == DELIVERED
    assert final["recipients"]["100"]["status"] == PENDING
    assert sum(r["status"] == DELIVERED for r in final["recipients"].values()) == 100
