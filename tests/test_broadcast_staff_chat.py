"""The staff member's own chat during a broadcast: few calls, never one Telegram would refuse.

Right after "Versturen" the staff chat used to get an edit of the preview and a new status
message at once, on top of the preview itself: Telegram's per-chat limit (about one a second,
short bursts allowed) answered 429. Now the preview becomes the status message, and a status
edit whose text did not change is never sent (Telegram answers 400 "message is not modified"
to one, and it counts against the chat)."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

from bot.broadcasting.sender import Policy
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.regional_seed import to_knelpunt

ADMIN, STAFF21 = 7, 500


async def test_versturen_turns_the_preview_into_the_status_and_repeats_no_text(
    api: FakeBotAPI, staffed: Path
):
    async with BotHarness(api, staffed, admins=(ADMIN,)) as bot:
        broadcaster = bot.app.bot_data.broadcaster
        broadcaster.policy = Policy(workers=2, backoff=0.01, progress_every=0.05)
        for uid, town in ((101, "Oss"), (102, "Vught"), (103, "Boxtel")):
            to_knelpunt(bot.services.scans, uid, town, 2)
        await bot.command("/bericht", None, user=STAFF21)
        await bot.tap_label_starting("Begonnen, nog niet klaar", STAFF21)
        await bot.say("Wilt u de scan deze week afronden?", user=STAFF21)
        preview = api.last_message(STAFF21).message_id
        before = len(api.calls(chat_id=STAFF21))
        await bot.tap_label_starting("Versturen", STAFF21)
        await broadcaster.wait_idle()
    after = [c for c in api.calls(chat_id=STAFF21)[before:] if c.method != "answerCallbackQuery"]
    assert all(c.ok for c in after), [(c.method, c.description) for c in after]
    sent = [c.params["text"] for c in after if c.method == "sendMessage"]
    assert len(sent) == 1 and sent[0].startswith("Verzendrapport")  # the report, nothing else
    edits = [c for c in after if c.method == "editMessageText"]
    assert {c.params["message_id"] for c in edits} == {preview}  # the preview is the status
    texts = [c.params["text"] for c in edits]
    assert texts[-1].endswith("3 van 3 ontvangers verwerkt.")
    assert all(a != b for a, b in itertools.pairwise(texts)), texts


async def test_a_blocked_recipient_is_marked_inactive_off_the_event_loop(
    api: FakeBotAPI, staffed: Path
):
    """The inactive mark's fsync runs in a worker thread: the loop keeps the pace."""
    async with BotHarness(api, staffed, admins=(ADMIN,)) as bot:
        broadcaster = bot.app.bot_data.broadcaster
        broadcaster.policy = Policy(workers=2, backoff=0.01)
        scans = bot.services.scans
        to_knelpunt(scans, 103, "Boxtel", 2)
        threads: list[str] = []
        save = scans.store.save

        def recording_save(user_id: int, doc: dict[str, object]) -> None:
            threads.append(threading.current_thread().name)
            save(user_id, doc)

        scans.store.save = recording_save  # type: ignore[method-assign]
        api.fail_forbidden("sendMessage", chat_id=103)
        await bot.command("/bericht", None, user=STAFF21)
        await bot.tap_label_starting("Begonnen, nog niet klaar", STAFF21)
        await bot.say("Wilt u de scan deze week afronden?", user=STAFF21)
        threads.clear()
        await bot.tap_label_starting("Versturen", STAFF21)
        await broadcaster.wait_idle()
        marked = scans.user(103)
        assert marked is not None and marked.inactive is not None
    assert threads and threading.main_thread().name not in threads
