"""The order of the features in ``bot.app._register``: what must come first, and last."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot.buttons import codec
from bot.handler_groups import PLAN_TEXT, REACHABLE, STAFF_DRAFT
from bot.handlers import fallback, guards, scan
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI


def test_features_before_the_catch_alls_and_the_early_groups(data_dir: Path) -> None:
    app = BotHarness(FakeBotAPI(), data_dir).app
    handlers = app.handlers[0]
    assert handlers[3].callback is guards.edited  # after the three group and channel handlers
    assert [h.callback for h in handlers[-4:]] == [
        scan.button,
        fallback.unknown_command,
        scan.typed_text,
        fallback.media,
    ]
    buttons = [h for h in handlers if isinstance(h, CallbackQueryHandler)]
    assert buttons[-1].pattern is None and all(h.pattern is not None for h in buttons[:-1])
    assert all(isinstance(h, MessageHandler | CallbackQueryHandler) for h in handlers[-4:])
    assert sorted(g for g in app.handlers if g != 0) == [PLAN_TEXT, REACHABLE, STAFF_DRAFT]


def test_every_command_and_button_kind_has_one_owner(data_dir: Path) -> None:
    handlers = BotHarness(FakeBotAPI(), data_dir).app.handlers[0]
    names = Counter(n for h in handlers if isinstance(h, CommandHandler) for n in h.commands)
    assert [n for n, count in names.items() if count > 1] == []
    claimed = Counter(
        kind
        for h in handlers
        if isinstance(h, CallbackQueryHandler) and h.pattern is not None
        for kind in codec.kinds()
        if h.pattern.match(f"{kind}|")
    )
    assert [k for k, count in claimed.items() if count > 1] == []
    # s and l are the scan's, taken by its catch-all button handler; every other kind by one.
    assert set(claimed) == codec.kinds() - {"s", "l"}
