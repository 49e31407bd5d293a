"""Damaged user files that still parse as JSON: wrong field types, a file reduced to ``{}`` or
``{"user": {}}``, a schema from a newer release. Each is damaged: never overwritten, the user
gets the apology, the log names the file and the command that restores it."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from storage.backups import Backups
from storage.errors import CorruptStoreError
from storage.user_schema import SCAN, USER, problem
from storage.users import TinyUserStore
from tests.helpers.bot_harness import BotHarness
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.updates import make_callback_update
from tests.test_bot import to_first_statement

ME = 1001
DAY = date(2026, 3, 2)
APOLOGY = "Excuses, uw gegevens kunnen op dit moment niet worden gelezen"


def _user(doc: dict) -> dict:
    return {"user": {"1": doc}}


DAMAGED = {
    "seq is text": lambda d: _user({**d, "seq": "x"}),
    "current is a number": lambda d: _user({**d, "current": 5}),
    "answers are a list": lambda d: _user({**d, "current": {**d["current"], "answers": [4]}}),
    "an answer without value": lambda d: _user(
        {**d, "current": {**d["current"], "answers": {"systematiek.analyse": {"at": "x"}}}}
    ),
    "profile is text": lambda d: _user({**d, "profile": "Utrecht"}),
    "empty object": lambda d: {},
    "empty table": lambda d: {"user": {}},
    "another user's document": lambda d: _user({**d, "user_id": 4242}),
    "a newer schema": lambda d: _user({**d, "schema": 99}),
}


@pytest.mark.parametrize("damage", list(DAMAGED))
async def test_a_damaged_user_file_is_kept_reported_and_apologised_for(
    data_dir: Path, caplog: pytest.LogCaptureFixture, damage: str
):
    api = FakeBotAPI()
    async with BotHarness(api, data_dir) as bot:
        await to_first_statement(bot)
    store = TinyUserStore(data_dir)
    path = store.path_for(ME)
    good = json.loads(path.read_bytes())["user"]["1"]
    Backups(data_dir).create(DAY)
    damaged = json.dumps(DAMAGED[damage](good)).encode()
    path.write_bytes(damaged)
    async with BotHarness(api, data_dir) as bot:
        with caplog.at_level(logging.ERROR):
            await bot.command("/scan")
            await bot.say("4")
            data = f"s|{good['seq']}|a:4"
            await bot.process(
                make_callback_update(data, api.last_message(ME).message_id, user_id=ME)
            )
    apologies = [c for c in api.calls("sendMessage", ME) if APOLOGY in str(c.params)]
    assert len(apologies) == 3, [c.params.get("text") for c in api.calls("sendMessage", ME)]
    assert api.calls("answerCallbackQuery")[-1].ok, "the button was answered"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert str(path) in logged
    assert "regiescan restore --from 2026-03-02 --only users/01/1001.json" in logged
    assert "AttributeError" not in logged and "TypeError" not in logged
    assert path.read_bytes() == damaged, "a damaged file is never overwritten"


def test_the_store_names_what_does_not_fit(data_dir: Path):
    store = TinyUserStore(data_dir)
    store.save(7, {"user_id": 7, "created": "x", "updated": "x", "seq": 3})
    assert store.load(7) is not None
    store.path_for(7).write_text('{"user": {"1": {"user_id": 7, "seq": true}}}')
    with pytest.raises(CorruptStoreError, match=r"document\.seq should be a number"):
        store.load(7)
    store.path_for(7).write_text("{}")
    with pytest.raises(CorruptStoreError, match="holds no user document"):
        store.load(7)
    assert store.load(8) is None, "a user without a file is simply new"


def test_the_schema_covers_every_field_the_code_stores():
    from dataclasses import fields

    from dialogs.model import Scan, User

    assert set(USER.fields) == {f.name for f in fields(User)} | {"schema"}
    assert set(SCAN.fields) == {f.name for f in fields(Scan)}
    user = User.new(5, "2026-03-02T09:00:00+00:00")
    user.current = Scan.new("v1", "2026-03-02T09:00:00+00:00")
    user.current.set_answer("a.b", 4, "2026-03-02T09:01:00+00:00")
    user.current.set_note("a", "tekst", "2026-03-02T09:01:00+00:00")
    user.finished.append(Scan.new("v1", "2026-03-01T09:00:00+00:00"))
    assert problem({**user.to_doc(), "schema": 1}) is None
