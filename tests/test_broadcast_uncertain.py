"""A send Telegram carried out but answered after the timeout: reported uncertain, never repeated
by itself; staff may resend to the uncertain ones with one tap, told it may be a duplicate."""

from __future__ import annotations

from pathlib import Path

from dialogs.regional.delivery import UNCERTAIN
from storage.outbox import OutboxStore
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.updates import make_callback_update
from tests.test_regional_bot import (
    STAFF09,
    STAFF21,
    broadcaster,
    compose,
    harness,
    received,
    seed_brabant_noord,
)

TEXT = "Wilt u de scan deze week afronden?"


def reminders(api: FakeBotAPI, user: int) -> list[str]:
    return [m for m in received(api, user) if TEXT in m]


async def test_a_send_answered_after_the_timeout_is_uncertain_and_resent_only_on_request(
    api: FakeBotAPI, staffed: Path
):
    async with harness(api, staffed) as bot:
        seed_brabant_noord(bot)
        bot.app.bot.request.inner._read_timeout = 0.3  # type: ignore[attr-defined]
        api.answer_late("sendMessage", 1.0, chat_id=102)  # delivered, answered too late
        await compose(bot, "Begonnen, nog niet klaar", TEXT)
        await bot.tap_label_starting("Versturen", STAFF21)
        await broadcaster(bot).wait_idle()
        report = bot.screen(STAFF21)
        assert [len(reminders(api, u)) for u in (101, 102, 103, 104)] == [1, 1, 1, 1]  # none twice
        assert "Bezorgd: 3 berichten." in report
        assert "Onbekend of bezorgd: 1." in report and "kan wel zijn aangekomen" in report
        assert bot.labels(STAFF21) == ["Opnieuw versturen aan 1 ontvanger (mogelijk dubbel)"]
        [broadcast_id] = OutboxStore(staffed).ids()
        doc = OutboxStore(staffed).load(broadcast_id)
        assert doc is not None and doc["recipients"]["102"]["status"] == UNCERTAIN
        assert not OutboxStore(staffed).journal_for(broadcast_id).exists()  # compacted

        # staff of another region cannot resend it; a forged id does nothing
        await bot.process(make_callback_update(f"m|b|resend|{broadcast_id}", 1, user_id=STAFF09))
        for forged in ("m|b|resend|b-0000000000000000", "m|b|resend|"):
            await bot.process(make_callback_update(forged, 1, user_id=STAFF21))
        await broadcaster(bot).wait_idle()
        assert len(reminders(api, 102)) == 1
        refusals = [c.params.get("text") for c in api.calls("answerCallbackQuery")[-3:]]
        assert refusals == ["Die regio valt niet onder uw rol."] * 3

        # their choice: resend to the uncertain one, said plainly
        await bot.tap_label_starting("Opnieuw versturen", STAFF21)
        notice = [m for m in received(api, STAFF21) if "opnieuw verstuurd" in m]
        assert notice and "krijgt die het nu dubbel" in notice[-1]
        await broadcaster(bot).wait_idle()
        assert [len(reminders(api, u)) for u in (101, 102, 103, 104)] == [1, 2, 1, 1]
        final = bot.screen(STAFF21)
        assert final.startswith("Verzendrapport") and "Bezorgd: 4 berichten." in final
        assert "Onbekend of bezorgd" not in final and bot.labels(STAFF21) == []
        # the old button again: nobody is uncertain any more, nothing is sent
        await bot.process(make_callback_update(f"m|b|resend|{broadcast_id}", 1, user_id=STAFF21))
        await broadcaster(bot).wait_idle()
        assert len(reminders(api, 102)) == 2
        last = api.calls("answerCallbackQuery")[-1].params["text"]
        assert last == "Er is niemand meer van wie de bezorging onbekend is."
    doc = OutboxStore(staffed).load(broadcast_id)
    assert doc is not None and doc["state"] == "done"
    assert {
        r["status"] for u, r in doc["recipients"].items() if u in ("101", "102", "103", "104")
    } == {"delivered"}
