"""initData as a Telegram client would send it to the dashboard, signed by the tests."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from bot.webapp.auth import sign
from bot.webapp.plans_hook import KnelpuntMeasures
from dialogs.texts import Text, verbatim
from tests.helpers.bot_harness import TEST_TOKEN

WEBAPP: dict[str, Any] = {
    "webapp_url": "https://dashboard.example/",
    "webapp_listen": ("127.0.0.1", 0),
    "running": True,  # the dashboard opens once the Application runs
}


def init_data(
    user_id: int,
    *,
    token: str = TEST_TOKEN,
    auth_date: float | None = None,
    language: str = "nl",
    extra: dict[str, Any] | None = None,
) -> str:
    """A signed initData query string for ``user_id``."""
    user = {"id": user_id, "first_name": "Test", "language_code": language}
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(user, separators=(",", ":")),
        "auth_date": str(int(auth_date if auth_date is not None else time.time())),
        **(extra or {}),
    }
    fields["hash"] = sign(fields, token)
    return urlencode(fields)


def tampered(raw: str, user_id: int) -> str:
    """The same initData with another user id put in, the hash left as it was."""
    return raw.replace(f"%22id%22%3A{user_id}", f"%22id%22%3A{user_id + 1}")


class Plans:
    """A stand-in for the verbeterplannen feature behind the dashboard's plans hook."""

    def region_measures(self, region: str) -> list[KnelpuntMeasures] | None:
        return [KnelpuntMeasures("systematiek", open=2, completed=1)]

    def own_plan(self, user_id: int) -> list[Text] | None:
        return [verbatim("Analyse van de veiligheidsproblemen, klaar in juni")]
