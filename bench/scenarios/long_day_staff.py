"""The long day's regional staff member: one /bericht to their region, through the chat.

Driven step by step from the soak driver's thread, as the workers are: ``/bericht`` -> audience
"all" -> the text -> "Versturen", each step once the bot has shown the screen it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.datagen import Generator, user_id
from dialogs.municipalities import MunicipalityRegistry
from storage.staff import StaffStore
from tests.helpers.soak_driver import SoakDriver
from tests.helpers.updates import make_callback_update, make_command_update, make_message_update

STAFF = 99_000_001
TEXT = "Wilt u de Regiescan deze week afronden? Dank u wel."


def middle_region() -> tuple[str, list[str]]:
    """A veiligheidsregio of median size (the largest would make the day mostly broadcast)."""
    registry = MunicipalityRegistry.load_default()
    regions = sorted(
        ((vr, [m.code for m in registry.in_region(vr)]) for vr in registry.regions()),
        key=lambda item: (len(item[1]), item[0]),
    )
    return regions[len(regions) // 2]


def recipients(gen: Generator, count: int, codes: list[str]) -> set[int]:
    """The stored coordinators of the region (what the broadcast's "everyone" reaches)."""
    wanted = set(codes)
    return {user_id(i) for i in range(count) if gen.document(i)["profile"]["gemeente"] in wanted}


@dataclass
class StaffBroadcast:
    """Sends one broadcast once ``at`` updates of the day were pushed."""

    driver: SoakDriver
    at: int
    phase: str = "wait"  # wait, menu, text, preview, sent
    seen: int = 0  # calls to the staff chat when the last step was taken

    @staticmethod
    def appoint(data_dir: Path, region: str) -> None:
        StaffStore(data_dir).put(STAFF, "regio", [region], by=None, now="2026-11-01T09:00:00+00:00")

    def step(self) -> None:
        api = self.driver.api
        calls = len(api.calls(chat_id=STAFF))
        if self.phase == "wait" and self.driver.pushed >= self.at:
            self._push(make_command_update("/bericht", user_id=STAFF), "menu", calls)
        elif self.phase == "menu":
            self._tap("m|b|aud|all", "text", calls)
        elif self.phase == "text" and calls > self.seen:  # the audience tap was acknowledged
            self._push(make_message_update(TEXT, user_id=STAFF), "preview", calls)
        elif self.phase == "preview":
            self._tap("m|b|send|", "sent", calls)

    def _push(self, update: dict[str, Any], phase: str, calls: int) -> None:
        self.driver.push(update, "staff")
        self.phase, self.seen = phase, calls

    def _tap(self, prefix: str, phase: str, calls: int) -> None:
        for message in reversed(self.driver.api.messages(STAFF)):
            found = [d for _, d in message.buttons if d and d.startswith(prefix)]
            if found:
                update = make_callback_update(
                    found[0],
                    message.message_id,
                    user_id=STAFF,
                    message_text=message.text or "x",
                    reply_markup=message.reply_markup,
                )
                self._push(update, phase, calls)
                return
