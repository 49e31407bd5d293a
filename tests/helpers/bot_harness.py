"""The real PTB Application on the fake Bot API, with the verbs a test needs."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.app import build_application
from regiescan.wiring.services import build_services
from regiescan.wiring.settings import Secret, Settings
from tests.helpers.fake_bot_api import FakeBotAPI, FakeRequest
from tests.helpers.render_pool import shared_pool
from tests.helpers.updates import (
    make_button_press,
    make_command_update,
    make_message_update,
    to_update,
)

TEST_TOKEN = "123:" + "A" * 35


def test_settings(data_dir: Path, **overrides: Any) -> Settings:
    return Settings(data_dir=data_dir, token=Secret(TEST_TOKEN), **overrides)


class BotHarness:
    """One running Application (``async with``) on a shared FakeBotAPI and data dir."""

    def __init__(
        self, api: FakeBotAPI, data_dir: Path, *, running: bool = False, **settings: Any
    ) -> None:
        """``running``: also start the Application (its update fetcher and jobs), as
        ``regiescan run`` does after post_init; what waits for that (the dashboard) works."""
        self.api = api
        self.running = running
        self.services = build_services(test_settings(data_dir, **settings))
        self.app = build_application(
            self.services,
            request=FakeRequest(api),
            get_updates_request=FakeRequest(api),
            rate_limiter=False,
            render_pool=shared_pool(),
        )

    async def __aenter__(self) -> BotHarness:
        await self.app.initialize()
        await self.app.post_init(self.app)  # type: ignore[misc]
        # The regional start runs beside polling in production; tests start from its end.
        await asyncio.gather(*self.app.bot_data.background)
        if self.running:
            await self.app.start()
            dashboard = self.app.bot_data.dashboard
            if dashboard is not None:
                await asyncio.wait_for(dashboard.listening.wait(), 10)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.running:
            await self.app.stop()
            await self.app.post_stop(self.app)  # type: ignore[misc]
        await self.app.shutdown()
        await self.app.post_shutdown(self.app)  # type: ignore[misc]

    async def process(self, data: dict[str, Any]) -> None:
        await self.app.process_update(to_update(self.api.track(data), self.app.bot))

    async def say(self, text: str, user: int = 1001, **kw: Any) -> None:
        await self.process(make_message_update(text, user_id=user, **kw))

    async def command(self, command: str, payload: str | None = None, user: int = 1001) -> None:
        await self.process(make_command_update(command, payload, user_id=user))

    async def tap(self, button: str, user: int = 1001) -> None:
        """Tap a button of the bot's latest message, by callback data or by label."""
        await self.process(make_button_press(self.api, user, button))

    async def tap_label_starting(self, prefix: str, user: int = 1001) -> None:
        for label, data in self.api.buttons(user):
            if label.startswith(prefix) and data:
                await self.tap(data, user)
                return
        raise LookupError(f"no button starting with {prefix!r}: {self.api.buttons(user)}")

    def screen(self, user: int = 1001) -> str:
        """The text of the bot's latest message in the chat, as it is now."""
        return self.api.last_message(user).text or ""

    def labels(self, user: int = 1001) -> list[str]:
        return [label for label, _ in self.api.buttons(user)]
