"""Contact requests between coordinators and the collegiale toets, as buttons in the chat."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram import User as TgUser
from telegram.constants import ParseMode
from telegram.ext import CallbackQueryHandler

from bot.buttons import peers as pc
from bot.buttons.codec import parse, pattern
from bot.context import App, Context, services, translator, user_locks
from bot.formatting import fit
from dialogs.model import User
from dialogs.peers.contacts import EXPIRES_AFTER, REVIEW_MAX, REVIEW_MIN, Person, Refused
from dialogs.peers.stores import Record
from dialogs.results.score_lines import result_texts
from dialogs.scan.content import title_msgid
from dialogs.texts import Text, text, verbatim


def _person(user: TgUser) -> Person:
    return Person(user.id, user.full_name, user.username)


def _contact_link(name: str, user_id: int, username: str | None) -> str:
    """An HTML link that opens a chat with the coordinator."""
    href = f"https://t.me/{username}" if username else f"tg://user?id={user_id}"
    return f'<a href="{html.escape(href)}">{html.escape(name)}</a>'


def _yes_no(yes: str, yes_data: str, no: str, no_data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(yes, callback_data=yes_data),
          InlineKeyboardButton(no, callback_data=no_data)]]
    )  # fmt: skip


def _town(context: Context, code: str | None) -> str:
    m = services(context).registry.get(code or "")
    return m.name if m else (code or "-")


async def _say(context: Context, user_id: int, message: Text, **kwargs: object) -> None:
    t = translator(context, user_id)
    await context.bot.send_message(user_id, fit(t(message)), **kwargs)  # type: ignore[arg-type]


async def peer_button(update: Update, context: Context) -> None:
    """Every button of the peer features; each claim in the data is checked."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    action = parse(query.data)
    me = query.from_user
    if not isinstance(action, pc.PeerAction):
        await _say(context, me.id, text("Deze knop begrijp ik niet meer. Probeer /collegas."))
        return
    s = services(context)
    async with user_locks(context).get(me.id):
        user = s.scans.user(me.id) or User.new(me.id, s.scans.now())  # not stored
        try:
            await _dispatch(context, user, me, action)
        except Refused as refused:
            await _say(context, me.id, refused.reason)


async def _dispatch(context: Context, user: User, me: TgUser, action: pc.PeerAction) -> None:
    contacts = services(context).contacts
    now = services(context).scans.now()
    if action.kind == "ask":
        record = contacts.request(user, _person(me), action.target, action.knelpunt, now)
        await _request_sent(context, record)
    elif action.kind == "answer":
        record = contacts.answer(action.target, _person(me), action.yes, now)
        await _request_answered(context, record)
    elif action.kind == "new":
        await _show_review(context, user, contacts.start_review(user, now))
    elif action.kind == "toggle":
        await _show_review(context, user, contacts.toggle(action.target, user, action.other))
    elif action.kind == "send":
        await _send_review(
            context, user, contacts.send_review(action.target, user, _person(me), now)
        )
    elif action.kind == "cancel":
        contacts.cancel_review(action.target, user)
        await _say(context, user.user_id, text("De uitnodiging is geannuleerd."))
    elif action.kind == "invite_answer":
        record = contacts.answer_review(action.target, _person(me), action.yes, now)
        await _review_answered(context, record, me.id, action.yes)


# --- contact requests -----------------------------------------------------------------------
async def _request_sent(context: Context, record: Record) -> None:
    t_peer = translator(context, record["to_user"])
    ask = text(
        "De veiligheidscoördinator van {asker} wil graag met u overleggen over '{knelpunt}', "
        "waar uw gemeente sterk op scoort. Wilt u contact?",
        asker=verbatim(_town(context, record["from_gemeente"])),
        knelpunt=text(title_msgid(record["knelpunt"])),
    )
    buttons = _yes_no(
        t_peer(text("Ja, graag")),
        pc.answer(record["id"], True),
        t_peer(text("Nee, nu niet")),
        pc.answer(record["id"], False),
    )
    await context.bot.send_message(record["to_user"], t_peer(ask), reply_markup=buttons)
    await _say(
        context,
        record["from_user"],
        text(
            "Uw verzoek is verstuurd naar de coördinator van {peer}. U hoort het als die "
            "antwoordt; na {days} dagen zonder antwoord laat ik het u ook weten.",
            peer=verbatim(_town(context, record["to_gemeente"])),
            days=EXPIRES_AFTER.days,
        ),
    )


async def _request_answered(context: Context, record: Record) -> None:
    asker, peer = record["from_user"], record["to_user"]
    peer_town = verbatim(_town(context, record["to_gemeente"]))
    if record["status"] != "accepted":
        await _say(
            context,
            asker,
            text(
                "De coördinator van {peer} kan op dit moment niet ingaan op uw verzoek. Vraag "
                "gerust een andere collega-gemeente, of de staf van uw veiligheidsregio.",
                peer=peer_town,
            ),
        )
        await _say(context, peer, text("Dank u. Uw antwoord is doorgegeven."))
        return
    for me, other, name, username, town in (
        (asker, peer, record.get("to_name") or "", record.get("to_username"), peer_town),
        (peer, asker, record.get("from_name") or "", record.get("from_username"),
         verbatim(_town(context, record["from_gemeente"]))),
    ):  # fmt: skip
        t = translator(context, me)
        intro = t(text("Contact gelegd met de coördinator van {town}:", town=town))
        link = _contact_link(name or t(text("collega")), other, username)
        await context.bot.send_message(
            me, f"{html.escape(intro)} {link}", parse_mode=ParseMode.HTML
        )


async def expire_requests(context: Context) -> None:
    """Job: tell askers kindly about requests that stayed unanswered for too long."""
    s = services(context)
    for record in s.contacts.expire(s.scans.now()):
        await _say(
            context,
            record["from_user"],
            text(
                "Uw verzoek aan de coördinator van {peer} is na {days} dagen niet beantwoord. "
                "Misschien is het een drukke periode; u kunt een andere collega-gemeente vragen.",
                peer=verbatim(_town(context, record["to_gemeente"])),
                days=EXPIRES_AFTER.days,
            ),
        )


# --- collegiale toets -----------------------------------------------------------------------
async def _show_review(context: Context, user: User, review: Record) -> None:
    contacts = services(context).contacts
    t = translator(context, user.user_id)
    rows = []
    for choice in contacts.review_choices(user):
        mark = "☑" if choice.user_id in review["selected"] else "☐"
        label = f"{mark} {_town(context, choice.gemeente)}"
        rows.append(
            [InlineKeyboardButton(label, callback_data=pc.toggle(review["id"], choice.user_id))]
        )
    send = InlineKeyboardButton(
        t(text("Uitnodigingen versturen")), callback_data=pc.send(review["id"])
    )
    cancel = InlineKeyboardButton(t(text("Annuleren")), callback_data=pc.cancel(review["id"]))
    rows.append([send, cancel])
    lines = [
        text(
            "Collegiale toets: kies {min} tot {max} collega-gemeenten die u wilt uitnodigen.",
            min=REVIEW_MIN,
            max=REVIEW_MAX,
        ),
        text(
            "Wie de uitnodiging aanneemt, krijgt de samenvatting hieronder: uw scores per "
            "knelpunt, zonder uw toelichtingen."
        ),
        *result_texts(user, services(context).content, services(context).registry),
    ]
    await context.bot.send_message(
        user.user_id, fit("\n".join(t(x) for x in lines)), reply_markup=InlineKeyboardMarkup(rows)
    )


async def _send_review(context: Context, user: User, review: Record) -> None:
    town = verbatim(_town(context, user.finished[-1].gemeente))
    for invitee in review["invitees"]:
        t = translator(context, invitee["user_id"])
        invitation = text(
            "De veiligheidscoördinator van {town} nodigt u uit voor een collegiale toets: u "
            "kijkt als collega mee naar hun zelfevaluatie en geeft aanbevelingen. Doet u mee?",
            town=town,
        )
        buttons = _yes_no(
            t(text("Ja, ik doe mee")),
            pc.invite_answer(review["id"], True),
            t(text("Nee, nu niet")),
            pc.invite_answer(review["id"], False),
        )
        await context.bot.send_message(invitee["user_id"], t(invitation), reply_markup=buttons)
    await _say(
        context,
        user.user_id,
        text("Uw uitnodigingen zijn verstuurd. U hoort wie meedoet."),
    )


async def _review_answered(context: Context, review: Record, invitee: int, yes: bool) -> None:
    s = services(context)
    inviter = s.scans.user(review["from_user"])
    if inviter is None or not inviter.finished:
        await _say(context, invitee, text("Deze uitnodiging kan ik niet vinden."))
        return
    scan = next((x for x in inviter.finished if x.id == review["scan"]), inviter.finished[-1])
    town = verbatim(_town(context, scan.gemeente))
    if yes:
        t = translator(context, invitee)
        summary = result_texts(_only(inviter, scan), s.content, s.registry)
        await context.bot.send_message(invitee, fit("\n".join(t(x) for x in summary)))
        reply = text("De coördinator van {town} neemt contact met u op over de toets.", town=town)
    else:
        reply = text("Dank u. Uw antwoord is doorgegeven.")
    await _say(context, invitee, reply)
    me = s.scans.user(invitee)
    mine = verbatim(_town(context, me.finished[-1].gemeente if me and me.finished else None))
    outcome = (
        text("De coördinator van {town} doet mee aan uw collegiale toets.", town=mine)
        if yes
        else text("De coördinator van {town} doet niet mee aan uw collegiale toets.", town=mine)
    )
    await _say(context, review["from_user"], outcome)


def _only(user: User, scan: object) -> User:
    """A view of ``user`` whose latest finished scan is ``scan`` (for the shared summary)."""
    view = User.from_doc(user.to_doc())
    view.finished = [s for s in view.finished if s.id == getattr(scan, "id", None)] or view.finished
    return view


def register(app: App) -> None:
    """The peer buttons, and the hourly job for contact requests unanswered for 14 days."""
    app.add_handler(CallbackQueryHandler(peer_button, pattern=pattern(*pc.KINDS)))
    if app.job_queue is not None:
        app.job_queue.run_repeating(expire_requests, interval=3600, first=120)
