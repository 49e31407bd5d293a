"""Broadcasts in the running bot: create the outbox entry, send in the background, resume.

One :class:`Broadcaster` per Application (``bot_data.broadcaster``). Each broadcast runs as
its own task (:class:`bot.broadcasting.sender.BroadcastRun`); a stop lets the messages under
way finish;
at start every unfinished broadcast resumes where it was.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections import Counter
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, RetryAfter, TelegramError

from bot.broadcasting.sender import BroadcastRun, Message, Policy, Prepared
from bot.buttons.regional import resume_data, staff_data
from bot.context import App, UserLocks
from bot.formatting import fit, paragraphs
from bot.ratelimit import retry_after_seconds
from dialogs.regional.audience import select
from dialogs.regional.broadcast_document import (
    MOVED,
    broadcast_doc,
    progress_text,
    report_texts,
    resend_label,
)
from dialogs.regional.delivery import FAILED, INACTIVE, OPTED_OUT, PENDING, UNCERTAIN
from dialogs.regional.message_texts import reminder_for
from dialogs.regional.progress import region_of, reminders_on
from dialogs.texts import Date, Text, text
from regiescan.wiring.services import Services

log = logging.getLogger(__name__)
REPORT_ATTEMPTS = 5  # each after the rate limiter's own retries


class Broadcaster:
    def __init__(self, app: App, policy: Policy | None = None) -> None:
        self.app = app
        self.policy = policy or Policy()
        self._runs: dict[str, tuple[BroadcastRun, asyncio.Task[Any]]] = {}
        self._resend_lock = asyncio.Lock()
        self._shown: dict[str, str] = {}  # broadcast id -> the status text on screen

    @property
    def services(self) -> Services:
        return self.app.bot_data.services

    # --- creating -------------------------------------------------------------------------
    def create(
        self,
        *,
        broadcast_id: str,
        by: int,
        kind: str,
        audience: str,
        regions: tuple[str, ...],
        message: str | None,
        gemeente: str | None = None,
        schedule: str | None = None,
        due: str | None = None,
        status_message: int | None = None,
    ) -> dict[str, Any] | None:
        """Store the broadcast (before anything is sent); None when that id already exists.
        ``status_message``: a message of ``by``'s chat to edit into the progress."""
        regional = self.services.regional
        selection = select(regional.index.entries(regions), audience, gemeente)
        doc = broadcast_doc(
            broadcast_id,
            by=by,
            kind=kind,
            audience=audience,
            regions=regions,
            message=message,
            selection=selection,
            now=regional.now_iso(),
            schedule=schedule,
            due=due,
            gemeente=gemeente,
        )
        if status_message is not None:
            doc["status_message"] = {"chat_id": by, "message_id": status_message}
        return doc if regional.outbox.create(doc) else None

    # --- running --------------------------------------------------------------------------
    def start(self, broadcast_id: str) -> asyncio.Task[Any]:
        """Send (or go on sending) a stored broadcast in the background; once per id."""
        if broadcast_id in self._runs:
            return self._runs[broadcast_id][1]
        regional = self.services.regional
        run = BroadcastRun(
            regional.outbox,
            broadcast_id,
            send=self._send,
            prepare=self._prepare_for(broadcast_id),
            now=regional.now_iso,
            on_blocked=self._blocked,
            policy=self.policy,
        )
        run.on_progress = lambda found, final: self._progress(run, found, final)
        # A fresh context: started from a staff member's tap, but none of its sends is a reply
        # to that tap (bot.ratelimit: the bulk lane), and no wire watch leaks in.
        task = asyncio.create_task(
            self._guarded(run), name=f"broadcast-{broadcast_id}", context=contextvars.Context()
        )
        self._runs[broadcast_id] = (run, task)
        self._shown.pop(broadcast_id, None)  # a new run may edit a new status message

        def done(_: object) -> None:
            self._runs.pop(broadcast_id, None)
            self._shown.pop(broadcast_id, None)

        task.add_done_callback(done)
        return task

    async def _guarded(self, run: BroadcastRun) -> Counter[str] | None:
        try:
            return await run.run()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning(
                "broadcast %s stopped (%s); it resumes at the next start",
                run.broadcast_id,
                type(exc).__name__,
            )
            return None

    async def resume_unfinished(self) -> list[str]:
        """At start: go on with every broadcast a stop or crash interrupted."""
        resumed = []
        outbox = self.services.regional.outbox
        for broadcast_id in outbox.unfinished():
            journal = outbox.open(broadcast_id)
            if journal is None:
                continue
            if journal.doc.get("by") is not None:
                await journal.set(status_message=None)  # a fresh one below the notice
                await self._notify(
                    journal.doc["by"],
                    text(
                        "De bot is opnieuw gestart. Het versturen van uw bericht van {date} gaat "
                        "verder; wie het al kreeg, krijgt het niet nog eens.",
                        date=Date(journal.doc["created"]),
                    ),
                )
            self.start(broadcast_id)
            resumed.append(broadcast_id)
        return resumed

    async def set_status_message(self, broadcast_id: str, chat_id: int, message_id: int) -> None:
        """The message that shows this broadcast's progress (edited as it goes)."""
        journal = self.services.regional.outbox.open(broadcast_id)
        if journal is not None:
            await journal.set(status_message={"chat_id": chat_id, "message_id": message_id})

    async def resend_uncertain(self, broadcast_id: str) -> int:
        """Staff chose to send again to those whose delivery is unknown (a possible duplicate):
        they become pending and the broadcast runs again. How many; 0 when there are none or
        the broadcast is still sending."""
        async with self._resend_lock:
            if broadcast_id in self._runs:
                return 0
            outbox = self.services.regional.outbox
            journal = outbox.open(broadcast_id)
            if journal is None:
                return 0
            uncertain = [
                u for u, e in journal.doc["recipients"].items() if e["status"] == UNCERTAIN
            ]
            if not uncertain or journal.doc.get("state") != "done":
                return 0
            for uid in uncertain:
                await journal.mark(uid, PENDING, None)
            await journal.set(state="sending", finished=None, status_message=None)
            log.info("broadcast %s: resending to %d uncertain", broadcast_id, len(uncertain))
            self.start(broadcast_id)
            return len(uncertain)

    async def stop(self, grace: float = 10.0) -> None:
        """Let the messages under way finish (up to ``grace`` seconds), then stop."""
        for run, _ in self._runs.values():
            run.request_stop()
        tasks = [task for _, task in self._runs.values()]
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def wait_idle(self) -> None:
        """Until no broadcast is running (tests, and a clean stop)."""
        while self._runs:
            await asyncio.gather(*(task for _, task in list(self._runs.values())),
                                 return_exceptions=True)  # fmt: skip

    # --- per recipient --------------------------------------------------------------------
    async def _send(self, user_id: int, message: Message) -> None:
        await self.app.bot.send_message(user_id, message.text, reply_markup=message.markup)

    def _prepare_for(self, broadcast_id: str) -> Any:
        async def prepare(user_id: int) -> Prepared:
            run, _ = self._runs[broadcast_id]
            return self._prepare(run.doc, user_id)

        return prepare

    def _prepare(self, doc: dict[str, Any], user_id: int) -> Prepared:
        """The personal message, or why not to send (checked again at sending time)."""
        s = self.services
        user = s.scans.user(user_id)
        if user is None:
            return FAILED
        if user.inactive:
            return INACTIVE
        if not reminders_on(user):
            return OPTED_OUT
        region = region_of(user, s.registry, s.regional.staff.invite_region)
        if region not in doc["regions"]:
            return MOVED
        t = s.translators.get(user.locale)
        reminder = reminder_for(user, doc["message"], s.regional.region_name(region), s.content)
        markup = None
        if reminder.button is not None:
            button = InlineKeyboardButton(t(reminder.button), callback_data=resume_data())
            markup = InlineKeyboardMarkup([[button]])
        return Message(fit(paragraphs(t, reminder.body)), markup)

    async def _blocked(self, user_id: int) -> None:
        """Telegram refused (403): mark the user inactive, so the next broadcast skips them.
        The file is read and fsynced in a worker thread: the loop keeps the pace meanwhile."""
        locks: UserLocks = self.app.bot_data.locks
        async with locks.get(user_id):
            scans = self.services.scans
            user = await asyncio.to_thread(scans.user, user_id)
            if user is not None and user.inactive is None:
                user.inactive = self.services.regional.now_iso()
                await asyncio.to_thread(scans.store.save, user_id, user.to_doc())
                scans.saved(user)  # the listeners (the indexes) on the loop, where they live

    # --- telling the sender ---------------------------------------------------------------
    async def _notify(self, user_id: int, *lines: Text) -> None:
        s = self.services
        t = s.translators.get(s.scans.locale(user_id))
        try:
            await self.app.bot.send_message(user_id, paragraphs(t, lines))
        except TelegramError as exc:
            log.info("could not notify staff member (%s)", type(exc).__name__)

    async def _progress(self, run: BroadcastRun, found: Counter[str], final: bool) -> None:
        """Edit the one status message; at the end also send the delivery report."""
        doc = run.doc
        owner = doc.get("by")
        if owner is None:
            return
        s = self.services
        t = s.translators.get(s.scans.locale(owner))
        status = t(progress_text(found))
        where = doc.get("status_message")
        try:
            if where is None:
                sent = await self.app.bot.send_message(owner, status)
                where = {"chat_id": owner, "message_id": sent.message_id}
                await run.journal.set(status_message=where)
                self._shown[run.broadcast_id] = status
            elif self._shown.get(run.broadcast_id) != status:  # never the same text again:
                await self.app.bot.edit_message_text(  # Telegram refuses it, and it counts
                    status, chat_id=where["chat_id"], message_id=where["message_id"]
                )
                self._shown[run.broadcast_id] = status
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                log.info("could not update the status message (%s)", type(exc).__name__)
        except TelegramError as exc:
            log.info("could not update the status message (%s)", type(exc).__name__)
        if final:
            markup = None
            if found[UNCERTAIN]:  # their choice: a possible duplicate, said on the button
                data = staff_data("b", "resend", run.broadcast_id)
                label = t(resend_label(found[UNCERTAIN]))
                markup = InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]])
            report = "\n".join(t(x) for x in report_texts(found))
            for _ in range(REPORT_ATTEMPTS):  # the staff chat's own limit: wait it out
                try:
                    await self.app.bot.send_message(owner, report, reply_markup=markup)
                except RetryAfter as exc:
                    await asyncio.sleep(retry_after_seconds(exc))
                    continue
                except TelegramError as exc:
                    log.info("could not send the delivery report (%s)", type(exc).__name__)
                break
