"""Button presses as Telegram delivers them, for each bot under test."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from bench.baselines import floor_bot, sequential_bot
from bench.datagen import user_id
from bot.buttons.scan import step_data
from bot.formatting import keyboard, step_text
from dialogs.model import User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.scan.content import load_content
from dialogs.scan.engine import ScanEngine
from regiescan.wiring.i18n import Translators
from storage.users import TinyUserStore
from tests.helpers.updates import make_callback_update

ANSWERS = ("1", "2", "3", "4", "5", "dk")
Press = tuple[int, dict[str, Any], tuple[str, str]]  # chat, update, (statement id, value)


def regiescan_presses(data_dir: Path, indexes: list[int], seed: int) -> list[Press]:
    """What Telegram would deliver for a tap on each user's current message, as stored."""
    rng = random.Random(seed)
    store = TinyUserStore(data_dir)
    engine = ScanEngine(load_content(), MunicipalityRegistry.load_default())
    t = Translators().get("nl")
    presses: list[Press] = []
    for index in indexes:
        uid = user_id(index)
        user = User.from_doc(store.load(uid) or {})
        outcome = engine.show(user)
        value = rng.choice(ANSWERS)
        markup = keyboard(t, outcome.step)
        update = make_callback_update(
            step_data(outcome.step.seq, f"a:{value}"),
            message_id=1000 + index,
            user_id=uid,
            message_text=step_text(t, outcome),
            reply_markup=markup.to_dict() if markup else None,
        )
        statement = user.current.statement if user.current else None
        presses.append((uid, update, (statement or "", value)))
    return presses


def plain_presses(indexes: list[int], seed: int, docs: dict[int, Any]) -> list[Press]:
    rng = random.Random(seed)
    markup = floor_bot.keyboard().to_dict()
    presses: list[Press] = []
    for index in indexes:
        uid = user_id(index)
        value = rng.choice(ANSWERS)
        at = docs[index]["index"] if index in docs else 0
        update = make_callback_update(
            f"a:{value}",
            1000 + index,
            user_id=uid,
            message_text=floor_bot.TEXT,
            reply_markup=markup,
        )
        presses.append((uid, update, (sequential_bot.statements()[at][0], value)))
    return presses
