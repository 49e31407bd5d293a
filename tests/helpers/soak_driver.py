"""A hostile soak against the real ``regiescan run`` process and the strict fake Bot API.

Generated updates from many users (seeded, so a failure reproduces): unicode of every kind up to
10,000 characters, junk and real commands, deep links, commands for other bots, forged and
copied buttons (on a message of the sender's own chat, as Telegram only delivers those), edits,
media, groups, channels, the bot added to both, messages without a sender. Meanwhile a few
*workers* walk a whole scan through the buttons, get the diagnosis with its chart and export a
PDF, so the render process works while the noise comes in. A few *victims* sit mid-scan and
send nothing: their files must not change.

The driver keeps what the checks need: every callback query id, how many private messages
each chat sent, which update went where.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.group_updates import make_group_command_update, make_my_chat_member_update
from tests.helpers.hostile_updates import KNOWN_COMMANDS, SPECIAL, deserves_answer
from tests.helpers.updates import (
    DEFAULT_CHANNEL_ID,
    make_callback_update,
    make_channel_post_update,
    make_command_update,
    make_edited_message_update,
    make_group_message_update,
    make_media_update,
    make_message_update,
)

NOISE_BASE = 700_000
WORKER_BASE = 600_000
VICTIM_BASE = 500_000
MEDIA = ("sticker", "photo", "voice", "document", "location", "contact")
FORGED = [
    "l|en", "l|nl", "l|fr", "v|no", "v|AAAAAAAA", "c|p|1", "c|r|0", "c|a|0", "g|scan",
    "m|b|send|x", "m|r|nudge|GM0344", "x|y", "|", "s||", "s|0|a:4", "s|999|a:9", "s|-1|back",
    "s|3|gm:GM0344", "s|2|finish", "q|x", "r|a|1", "i|1", "a|1", "é", "👍",
]  # fmt: skip
KINDS = (
    ("text", 22), ("command", 20), ("callback", 18), ("copy", 6), ("edited", 6), ("media", 6),
    ("group", 8), ("group_command", 5), ("channel", 3), ("membership", 2), ("no_from", 4),
)  # fmt: skip


def hostile_text(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.15:
        return rng.choice(["Utrecht", "4", "1", "weet ik niet", "terug", "ja", "stop", "Oss"])
    if pick < 0.3:
        piece = rng.choice(SPECIAL) or "x"
        return (piece * rng.randint(1, 10_000))[:10_000]
    parts = []
    for _ in range(rng.randint(1, 8)):
        if rng.random() < 0.5:
            parts.append(rng.choice(SPECIAL))
        else:
            parts.append("".join(chr(_codepoint(rng)) for _ in range(rng.randint(1, 20))))
    return "".join(parts) or "x"


# ASCII, Latin to CJK symbols, emoji, CJK ideographs, anything at all.
_RANGES = ((0x20, 0x7E), (0xA0, 0x2FFF), (0x1F300, 0x1FAFF), (0x4E00, 0x9FFF), (0, 0x10FFFF))


def _codepoint(rng: random.Random) -> int:
    while True:
        low, high = rng.choice(_RANGES)
        code = rng.randint(low, high)
        if not 0xD800 <= code <= 0xDFFF:  # Telegram never sends lone surrogates
            return code


@dataclass
class Worker:
    """A coordinator who walks a scan to the end, then exports it as PDF."""

    user_id: int
    calls_seen: int = -1  # calls to this chat when the worker last acted
    phase: str = "scan"  # scan, export, done
    pushed: int = 0
    pushed_at: float = 0.0
    query: str | None = None  # the last tap's callback query id
    history: list[str] = field(default_factory=list)  # what the worker sent, for a failure
    detours: int = 0  # taps in a row on screens that are not part of the walk
    drawing: bool = False  # tapped "finish" or "PDF": wait for the chart or the file


@dataclass
class SoakDriver:
    api: FakeBotAPI
    rng: random.Random
    users: int = 200
    workers: list[Worker] = field(default_factory=list)
    victims: list[int] = field(default_factory=list)
    queries: set[str] = field(default_factory=set)  # every callback query id pushed
    private_messages: Counter[int] = field(default_factory=Counter)  # per chat
    pushed: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    log: dict[int, list[str]] = field(default_factory=dict)  # per chat what was pushed, briefly
    group_removals: int = 0  # membership updates that took the bot out of a group

    def __post_init__(self) -> None:
        self._names, self._weights = zip(*KINDS, strict=True)

    # --- pushing ------------------------------------------------------------------------------
    def push(self, update: dict[str, Any], kind: str) -> None:
        self.api.push_update(update)
        self.pushed += 1
        self.kinds[kind] += 1
        self._log(update, kind)
        if "callback_query" in update:
            self.queries.add(update["callback_query"]["id"])
            return
        chat = deserves_answer(update)
        if chat is not None:
            self.private_messages[chat] += 1

    def _log(self, update: dict[str, Any], kind: str) -> None:
        query = update.get("callback_query")
        if query:
            on = (query.get("message") or {}).get("message_id")
            chat, what = query["from"]["id"], f"tap {query['data']} on {on}"
        else:
            message = next((v for k, v in update.items() if k != "update_id"), {})
            chat = (message.get("chat") or {}).get("id", 0) if isinstance(message, dict) else 0
            what = str((message.get("text") if isinstance(message, dict) else None) or "")[:20]
        self.log.setdefault(chat, []).append(f"{kind}: {what}")

    def noise(self) -> None:
        kind = self.rng.choices(self._names, self._weights)[0]
        uid = NOISE_BASE + self.rng.randrange(self.users)
        lang = self.rng.choice(["nl", "en", None, "de"])
        update = self._noise_update(kind, uid, lang)
        if update is None:  # a button where the sender has no message yet: say hello first
            kind, update = "command", make_command_update("/start", user_id=uid)
        self.push(update, kind)

    def _noise_update(self, kind: str, uid: int, lang: str | None) -> dict[str, Any] | None:
        rng = self.rng
        if kind == "text":
            return make_message_update(hostile_text(rng), user_id=uid, language_code=lang)
        if kind == "command":
            name = rng.choice([*KNOWN_COMMANDS, "".join(rng.choices("abcxyz_", k=6))])
            payload = rng.choice([None, None, "VR22", "v_AAAAAAAA", hostile_text(rng)[:64]])
            to = rng.choice([None, None, None, "otherbot", self.api.bot_username])
            return make_command_update(
                name, payload, bot_username=to, user_id=uid, language_code=lang
            )
        if kind in ("callback", "copy"):
            message = self._buttoned(uid)
            if message is None:
                return None
            data = rng.choice(FORGED)
            if kind == "copy" and self.victims:
                victim = self._buttoned(rng.choice(self.victims))
                copied = [d for _, d in (victim.buttons if victim else []) if d]
                data = rng.choice(copied) if copied else data
            return make_callback_update(
                data,
                message.message_id,
                user_id=uid,
                language_code=lang,
                message_text=message.text or "x",
                reply_markup=message.reply_markup,
            )
        if kind == "edited":
            return make_edited_message_update(hostile_text(rng), rng.randint(1, 50), user_id=uid)
        if kind == "media":
            return make_media_update(rng.choice(MEDIA), user_id=uid, language_code=lang)  # type: ignore[arg-type]
        group = -1_000_000_000 - rng.randrange(20)
        if kind == "group":
            return make_group_message_update(hostile_text(rng), chat_id=group, user_id=uid)
        if kind == "group_command":
            to = rng.choice([None, "otherbot", self.api.bot_username])
            return make_group_command_update(
                "/" + rng.choice(KNOWN_COMMANDS), to=to, chat_id=group, user_id=uid
            )
        if kind == "channel":
            return make_channel_post_update(hostile_text(rng), chat_id=DEFAULT_CHANNEL_ID)
        if kind == "membership":
            channel = rng.random() < 0.4
            status = rng.choice(["member", "administrator", "left", "kicked"])
            if not channel and status in ("left", "kicked"):
                self.group_removals += 1  # added again later, the group may be told again
            return make_my_chat_member_update(
                status,
                rng.choice(["left", "member"]),
                chat_type="channel" if channel else "supergroup",
                chat_id=DEFAULT_CHANNEL_ID if channel else group,
                user_id=uid,
            )
        update = make_message_update(hostile_text(rng), user_id=uid)
        del update["message"]["from"]
        return update

    def _buttoned(self, chat: int) -> Any:
        messages = [m for m in self.api.messages(chat) if m.reply_markup and m.buttons]
        return messages[-1] if messages else None

    def outstanding(self) -> int:
        """Updates pushed and not yet answered (about): taps without their acknowledgement,
        private messages without a reply. The driver keeps this small, as a day's traffic is
        far below Telegram's 30 messages a second; more would only measure a queue."""
        calls = self.api.calls()
        acks = sum(1 for c in calls if c.method == "answerCallbackQuery")
        replies = sum(
            1
            for c in calls
            if c.method in ("sendMessage", "sendPhoto", "sendDocument")
            and str(c.chat_id or "-").isdigit()
        )
        taps = len(self.queries) - acks
        messages = sum(self.private_messages.values()) - replies
        return max(0, taps) + max(0, messages)

    def pace(self, alive: Any, limit: int = 40) -> None:
        """Wait while more than ``limit`` updates are outstanding (at most 30 s)."""
        deadline = time.monotonic() + 30
        while self.outstanding() > limit and alive() and time.monotonic() < deadline:
            time.sleep(0.05)

    # --- workers ------------------------------------------------------------------------------
    def step_workers(self) -> None:
        for worker in self.workers:
            if worker.phase != "done" and self._answered(worker):
                update = self._worker_update(worker)
                if update is not None:
                    worker.calls_seen = len(self.api.calls(chat_id=worker.user_id))
                    worker.pushed += 1
                    worker.pushed_at = time.monotonic()
                    query = update.get("callback_query")
                    worker.query = query["id"] if query else None
                    message = update.get("message") or {}
                    worker.history.append(query["data"] if query else message.get("text", "?"))
                    self.push(update, "worker")

    def _answered(self, worker: Worker) -> bool:
        """Whether the bot has dealt with the worker's last update: something came to the chat
        and settled, or the tap was acknowledged and nothing more came (a double tap)."""
        waited = time.monotonic() - worker.pushed_at
        if worker.pushed == 0 or waited > 30:
            return True
        if len(self.api.calls(chat_id=worker.user_id)) != worker.calls_seen:
            return waited > 0.5
        if worker.query is None:
            return False
        acks = self.api.calls("answerCallbackQuery")
        return waited > 1.5 and any(c.params["callback_query_id"] == worker.query for c in acks)

    def _worker_update(self, worker: Worker) -> dict[str, Any] | None:
        uid = worker.user_id
        calls = self.api.calls(chat_id=uid)
        if worker.phase == "export" and any(c.method == "sendDocument" and c.ok for c in calls):
            worker.phase, worker.drawing = "done", False
            return None
        if worker.phase == "scan" and any(c.method == "sendPhoto" and c.ok for c in calls):
            worker.phase, worker.drawing = "export", False
            return make_command_update("/export", user_id=uid)
        if worker.drawing and time.monotonic() - worker.pushed_at < 30:
            return None  # the chart or the PDF is on its way: tapping again would draw it twice
        worker.drawing = False
        if worker.phase == "export":
            update = self._export_update(uid)
            worker.drawing = "callback_query" in update  # "PDF" tapped (not /export: the menu)
            return update
        message = self._screen(uid)
        if message is None:
            return make_command_update("/start", user_id=uid)
        buttons = [(label, data) for label, data in message.buttons if data]
        if "voor welke gemeente" in (message.text or "").lower():
            return make_message_update("Utrecht", user_id=uid)
        if not buttons:
            again = "/export" if worker.phase == "export" else "/scan"
            return make_command_update(again, user_id=uid)
        data = self._worker_choice(worker, buttons)
        if data is None:  # a screen beside the walk (e.g. a consent question): back to the scan
            return make_command_update("/scan", user_id=uid)
        worker.drawing = data.endswith("|finish")  # the diagnosis and its chart follow
        return make_callback_update(
            data,
            message.message_id,
            user_id=uid,
            message_text=message.text or "x",
            reply_markup=message.reply_markup,
        )

    def _screen(self, chat: int) -> Any:
        """The message the bot touched last in the chat (edited in place, or sent): where the
        current step is, which is not always the newest message."""
        messages = {m.message_id: m for m in self.api.messages(chat)}
        for call in reversed(self.api.calls(chat_id=chat)):
            if call.method == "editMessageText" and call.ok:
                found = messages.get(int(call.params["message_id"]))
                if found is not None:
                    return found
            if call.method in ("sendMessage", "sendPhoto", "sendDocument") and call.ok:
                break
        return self.api.last_message(chat) if messages else None

    def _export_update(self, uid: int) -> dict[str, Any]:
        """Tap "PDF" on the newest format menu in the chat, or ask for one with /export.

        The newest message is not always the menu: messages the finished scan sends (peers,
        plan, a consent question) can arrive after it."""
        for message in reversed(self.api.messages(uid)):
            found = [d for label, d in message.buttons if d and label.startswith("PDF")]
            if found:
                return make_callback_update(
                    found[0],
                    message.message_id,
                    user_id=uid,
                    message_text=message.text or "x",
                    reply_markup=message.reply_markup,
                )
        return make_command_update("/export", user_id=uid)

    def _worker_choice(self, worker: Worker, buttons: list[tuple[str, str]]) -> str | None:
        """The button that walks the scan on, or None where the screen is not part of it
        (after one detour tap, so a screen in between, like "Beginnen", is still taken)."""
        datas = [d for _, d in buttons]
        answers = [d for d in datas if "|a:" in d and not d.endswith("a:dk")]
        found = answers and [self.rng.choice(answers)]
        for wanted in ("skip_note", "finish"):
            found = found or [d for d in datas if d.endswith(wanted)]
        for prefix in ("Veiligheidsco", "Start de scan", "Beginnen", "Ga verder"):
            found = found or [d for label, d in buttons if label.startswith(prefix)]
        if found:
            worker.detours = 0
            return found[0]
        worker.detours += 1
        return datas[0] if worker.detours == 1 else None


def file_bytes(paths: list[Path]) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in paths}


def rss_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB; {} when it is gone."""
    found: dict[str, float] = {}
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found


def children(pid: int) -> list[int]:
    """The child processes of ``pid``, whichever of its threads started them."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def wait_quiet(api: FakeBotAPI, alive: Any, seconds: float = 2.0, limit: float = 300) -> None:
    """Until every update was fetched and no call but getUpdates came for ``seconds``."""

    def busy() -> int:
        return sum(1 for c in api.calls() if c.method != "getUpdates")

    deadline = time.monotonic() + limit
    count, since = busy(), time.monotonic()
    while time.monotonic() < deadline and alive():
        time.sleep(0.2)
        now_count = busy()
        if now_count != count:
            count, since = now_count, time.monotonic()
        elif not api.pending_updates() and time.monotonic() - since >= seconds:
            return
