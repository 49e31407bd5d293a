"""The fake Bot API drives the real PTB Application like Telegram would, strictly."""

from __future__ import annotations

import asyncio
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.helpers.bot_api_spec import validate_call
from tests.helpers.fake_bot_api import FakeBotAPI, FakeBotAPIServer, FakeRequest
from tests.helpers.updates import (
    make_button_press,
    make_callback_update,
    make_channel_post_update,
    make_command_update,
    make_edited_message_update,
    make_group_message_update,
    make_media_update,
    make_message_update,
    to_update,
)

TOKEN = "123:ABC"
CHAT = 4242
ROOT = Path(__file__).resolve().parents[1]
# PTB itself reads RetryAfter.retry_after in the constructor, which warns on 22.x.
pytestmark = pytest.mark.filterwarnings("ignore:Deprecated since version v22.2")


def build_app(api: FakeBotAPI) -> Application:
    return (
        ApplicationBuilder()
        .token(TOKEN)
        .request(FakeRequest(api))
        .get_updates_request(FakeRequest(api))
        .build()
    )


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Ja", callback_data="a:yes"),
            InlineKeyboardButton("Nee", callback_data="a:no"),
        ]
    ]
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text("Doet u mee?", reply_markup=KEYBOARD)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Genoteerd")
    await query.edit_message_text(f"Antwoord: <b>{query.data}</b>", parse_mode="HTML")


async def with_bot(api: FakeBotAPI, action: Callable[[Bot], Awaitable[Any]]) -> Any:
    app = build_app(api)
    async with app:
        return await action(app.bot)


def png(width: int = 4, height: int = 3) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# -- in-process: the Application against FakeRequest -------------------------------------------


async def test_echo_handler_answers_through_the_fake(api: FakeBotAPI) -> None:
    app = build_app(api)
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with app:
        await app.process_update(
            to_update(api.track(make_message_update("hallo", user_id=CHAT)), app.bot)
        )

    assert [c.method for c in api.calls()] == ["getMe", "sendMessage"]
    [sent] = api.calls("sendMessage", chat_id=CHAT)
    assert sent.ok and sent.params == {"chat_id": CHAT, "text": "hallo"}
    assert api.last_message(CHAT).text == "hallo"
    assert app.bot.username == "regiescan_test_bot" and app.bot.id == 123


async def test_keyboard_press_edit_and_not_modified(api: FakeBotAPI) -> None:
    app = build_app(api)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(answer))
    async with app:
        await app.process_update(
            to_update(api.track(make_command_update("/start", user_id=CHAT)), app.bot)
        )
        assert api.buttons(CHAT) == [("Ja", "a:yes"), ("Nee", "a:no")]
        sent = api.calls("sendMessage")[0]
        assert sent.params["reply_markup"] == KEYBOARD.to_dict()  # decoded from PTB's JSON string

        await app.process_update(to_update(make_button_press(api, CHAT, "Nee"), app.bot))
        message = api.last_message(CHAT)
        assert message.text == "Antwoord: a:no"  # visible text, HTML parsed
        assert message.entities == [{"type": "bold", "offset": 10, "length": 4}]
        assert message.buttons == []  # editMessageText without reply_markup drops the keyboard
        [answered] = api.calls("answerCallbackQuery")
        assert answered.params["text"] == "Genoteerd"

        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await app.bot.edit_message_text(
                "Antwoord: <b>a:no</b>", CHAT, message.message_id, parse_mode="HTML"
            )
        with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
            await app.bot.edit_message_text("x", CHAT, message.message_id + 10)
        await app.bot.edit_message_reply_markup(CHAT, message.message_id, reply_markup=KEYBOARD)
        assert api.buttons(CHAT) == [("Ja", "a:yes"), ("Nee", "a:no")]
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await app.bot.edit_message_reply_markup(CHAT, message.message_id, reply_markup=KEYBOARD)

        assert await app.bot.delete_message(CHAT, message.message_id)
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            await app.bot.delete_message(CHAT, message.message_id)
        with pytest.raises(LookupError):
            api.last_message(CHAT)


@pytest.mark.filterwarnings("ignore:Please use 'Bot.sendMessage'")
async def test_invalid_calls_are_rejected_like_telegram(api: FakeBotAPI) -> None:
    async def calls(bot: Bot) -> None:
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("sendMesage", api_kwargs={"chat_id": CHAT, "text": "x"})
        with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
            await bot.do_api_request("sendMessage", api_kwargs={"chat_id": CHAT})
        with pytest.raises(BadRequest, match=r'(?i)unknown parameter "colour"'):
            await bot.send_message(CHAT, "x", api_kwargs={"colour": "red"})
        for data in ("x" * 65, "é" * 33):  # 65 and 66 bytes
            markup = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data=data)]])
            with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
                await bot.send_message(CHAT, "x", reply_markup=markup)
        fits = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="é" * 32)]])
        await bot.send_message(CHAT, "x", reply_markup=fits)
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(CHAT, "x" * 4097)
        with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
            await bot.send_message(CHAT, "  \n ")
        with pytest.raises(BadRequest, match=r"(?i)Character '\.' is reserved"):
            await bot.send_message(CHAT, "Klaar.", parse_mode="MarkdownV2")
        with pytest.raises(BadRequest, match=r"(?i)Unsupported start tag"):
            await bot.send_message(CHAT, "score < 3 <x>", parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)MESSAGE_TOO_LONG"):
            await bot.answer_callback_query("1", text="x" * 201)
        with pytest.raises(BadRequest, match=r"(?i)text buttons are unallowed"):
            await bot.send_message(
                CHAT, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("b")]])
            )
        with pytest.raises(BadRequest, match=r"(?i)wrong parameter action"):
            await bot.send_chat_action(CHAT, "dancing")

    await with_bot(api, calls)
    failed = [c for c in api.calls() if not c.ok]
    assert failed and all(c.error_code in (400, 404) for c in failed)
    assert api.calls("sendMessage", chat_id=CHAT)[-1].ok is False


@pytest.mark.parametrize(
    ("method", "params", "error"),
    [
        ("SENDMESSAGE", {"chat_id": "1", "text": "hoi"}, None),
        (
            "sendMessage",
            {"chat_id": 1, "text": "hoi", "reply_markup": "{not json"},
            "can't parse reply keyboard",
        ),
        (
            "sendMessage",
            {"chat_id": "1", "text": "hoi", "disable_notification": "maybe"},
            "Boolean",
        ),
        ("noSuchMethod", {}, "Not Found"),
        ("sendDocument", {"chat_id": "1"}, "there is no document in the request"),
        (
            "setMyCommands",
            {"commands": '[{"command": "Start", "description": "x"}]'},
            "BOT_COMMAND_INVALID",
        ),
        ("answerCallbackQuery", {"callback_query_id": "7", "text": "x" * 200}, None),
        ("editMessageText", {"chat_id": "1", "message_id": "2", "text": "x" * 4096}, None),
    ],
)
def test_validate_call(method: str, params: dict[str, Any], error: str | None) -> None:
    result = validate_call(method, params)
    assert result is None if error is None else (result is not None and error in result)


async def test_injected_faults_surface_as_ptb_errors(api: FakeBotAPI) -> None:
    api.fail_retry_after("sendMessage", 7, chat_id=CHAT)
    api.fail_forbidden("sendMessage", chat_id=CHAT + 1)
    api.fail_network("sendChatAction")

    async def calls(bot: Bot) -> None:
        with pytest.raises(RetryAfter, match="Retry in 7"):
            await bot.send_message(CHAT, "eerste")
        await bot.send_message(CHAT, "tweede")  # times=1: the next call goes through
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(CHAT + 1, "x")
        with pytest.raises(NetworkError, match="ConnectError"):
            await bot.send_chat_action(CHAT, "typing")
        api.block_user(CHAT + 2)
        for _ in range(2):
            with pytest.raises(Forbidden):
                await bot.send_message(CHAT + 2, "x")
        api.set_latency(0.05, "getChat")
        started = time.monotonic()
        await bot.get_chat(CHAT)
        assert time.monotonic() - started >= 0.05
        api.set_latency(0.5, "sendMessage")
        with pytest.raises(TimedOut):
            await bot.send_message(CHAT, "traag", read_timeout=0.1)

    await with_bot(api, calls)
    assert [c.error_code for c in api.calls("sendMessage", chat_id=CHAT)] == [429, None]
    assert api.last_message(CHAT).text == "tweede"


async def test_document_and_photo_uploads_are_recorded(api: FakeBotAPI) -> None:
    pdf = b"%PDF-1.4\r\n\x00\xff binary\r\n--boundary-like--\r\n"

    async def calls(bot: Bot) -> None:
        message = await bot.send_document(
            CHAT, pdf, filename="rapport.pdf", caption="Uw *rapport*", parse_mode="Markdown"
        )
        assert message.document is not None and message.document.file_name == "rapport.pdf"
        assert message.caption == "Uw rapport"
        await bot.send_document(CHAT, message.document.file_id)  # re-send by file_id
        photo = await bot.send_photo(CHAT, png(4, 3), filename="grafiek.png")
        assert photo.photo[-1].width == 4 and photo.photo[-1].height == 3
        with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
            await bot.send_photo(CHAT, b"not an image", filename="x.png")
        with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
            await bot.send_document(CHAT, "no-such-file-id")

    await with_bot(api, calls)
    first, again = api.documents(CHAT)
    assert (first.filename, first.mime_type, first.data) == ("rapport.pdf", "application/pdf", pdf)
    assert again.data == pdf
    [photo] = api.photos(CHAT)
    assert photo.filename == "grafiek.png" and photo.mime_type == "image/png"
    upload = api.calls("sendDocument")[0]
    assert (
        upload.files["document"].filename == "rapport.pdf"
        and upload.params["caption"] == "Uw *rapport*"
    )


async def test_commands_webhook_and_chat(api: FakeBotAPI) -> None:
    async def calls(bot: Bot) -> None:
        await bot.set_my_commands([("start", "Begin de scan")], language_code="nl")
        assert [c.command for c in await bot.get_my_commands(language_code="nl")] == ["start"]
        assert await bot.get_my_commands() == ()
        with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
            await bot.set_my_commands([("Start", "x")])
        await bot.delete_my_commands(language_code="nl")
        assert await bot.get_my_commands(language_code="nl") == ()

        with pytest.raises(BadRequest, match=r"(?i)HTTPS URL must be provided"):
            await bot.set_webhook("http://example.org/hook")
        await bot.set_webhook("https://example.org/hook", secret_token="s3cret")
        assert (await bot.get_webhook_info()).url == "https://example.org/hook"
        with pytest.raises(Conflict, match=r"(?i)webhook is active"):
            await bot.get_updates(timeout=0)
        await bot.delete_webhook(drop_pending_updates=True)
        assert await bot.get_updates(timeout=0) == ()

        chat = await bot.get_chat(CHAT)
        assert chat.type == "private"
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message("@nobody", "x")

    await with_bot(api, calls)
    assert api.commands() == []


async def test_tracked_callback_message_can_be_edited_and_deleted(api: FakeBotAPI) -> None:
    app = build_app(api)
    app.add_handler(CallbackQueryHandler(answer))
    async with app:
        update = make_callback_update("a:3", message_id=77, chat_id=CHAT, user_id=CHAT)
        await app.process_update(to_update(api.track(update), app.bot))
        assert api.last_message(CHAT).text == "Antwoord: a:3"
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):  # answered already
            await app.bot.answer_callback_query(update["callback_query"]["id"])
        sent = await app.bot.send_document(CHAT, b"data", filename="a.csv", caption="v1")
        await app.bot.edit_message_caption(CHAT, sent.message_id, caption="v2")
        assert api.last_message(CHAT).text == "v2"
        await app.bot.delete_messages(CHAT, [77, sent.message_id, 999])
    assert api.messages(CHAT) == [] and api.documents(CHAT) == []


async def test_update_builders_parse_in_ptb(api: FakeBotAPI) -> None:
    bot = Bot(TOKEN, request=FakeRequest(api), get_updates_request=FakeRequest(api))
    updates = [
        make_message_update("hoi", chat_id=CHAT),
        make_command_update("/start", "ref-42", bot_username="regiescan_test_bot"),
        make_callback_update("a:4", message_id=9, chat_id=CHAT),
        make_edited_message_update("hoi!", message_id=5),
        make_group_message_update("hallo groep"),
        make_channel_post_update("nieuws"),
        *(make_media_update(kind) for kind in ("sticker", "photo", "voice", "document")),
    ]
    parsed = [to_update(data, bot) for data in updates]
    assert parsed[0].effective_chat is not None and parsed[0].effective_chat.id == CHAT
    assert (
        parsed[1].message is not None
        and parsed[1].message.text == "/start@regiescan_test_bot ref-42"
    )
    assert parsed[2].callback_query is not None and parsed[2].callback_query.data == "a:4"
    assert parsed[3].edited_message is not None
    assert parsed[4].effective_chat is not None and parsed[4].effective_chat.type == "supergroup"
    assert parsed[5].channel_post is not None and parsed[5].effective_user is None
    media = [u.effective_message for u in parsed[6:]]
    assert all(m is not None and m.effective_attachment for m in media)
    ids = [u.update_id for u in parsed]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert parsed[2].callback_query.message.get_bot() is bot  # type: ignore[union-attr]


async def test_polling_delivers_a_queued_update(api: FakeBotAPI) -> None:
    app = build_app(api)
    app.add_handler(MessageHandler(filters.TEXT, echo))
    api.push_update(make_message_update("via polling", user_id=CHAT))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=1)
        await app.start()
        await wait_for(lambda: bool(api.messages(CHAT)))
        await app.updater.stop()
        await app.stop()
    assert api.last_message(CHAT).text == "via polling"
    assert api.pending_updates() == []  # confirmed by the offset of the last getUpdates
    assert all(c.ok for c in api.calls("getUpdates"))


async def wait_for(condition: Callable[[], bool], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


# -- over loopback HTTP ---------------------------------------------------------------------------


async def test_http_server_get_me_send_message_and_upload(api: FakeBotAPI) -> None:
    with FakeBotAPIServer(api) as server:
        assert server.base_url.startswith("http://127.0.0.1:") and server.base_url.endswith("/bot")
        async with Bot(TOKEN, base_url=server.base_url) as bot:
            me = await bot.get_me()
            assert me.id == 123 and me.username == "regiescan_test_bot"
            sent = await bot.send_message(CHAT, "Hallo over HTTP", reply_markup=KEYBOARD)
            assert sent.reply_markup == KEYBOARD
            data = b"\r\n--x\r\n\x00\x01binary" * 100
            await bot.send_document(CHAT, data, filename="export.csv")
            api.fail_retry_after("sendMessage", 3)
            with pytest.raises(RetryAfter):
                await bot.send_message(CHAT, "x")
            api.fail_network("getChat")
            with pytest.raises(NetworkError):
                await bot.get_chat(CHAT)
            with pytest.raises(BadRequest, match=r"(?i)unknown parameter"):
                await bot.send_message(CHAT, "x", api_kwargs={"nope": 1})
            async with httpx.AsyncClient() as client:  # JSON bodies and GET query strings too
                posted = await client.post(
                    f"{server.base_url}{TOKEN}/sendMessage", json={"chat_id": CHAT, "text": "json"}
                )
                got = await client.get(f"{server.base_url}{TOKEN}/getMe")
                bad = await client.get(f"{server.base_url}not-a-token/getMe")
            assert posted.json()["result"]["text"] == "json" and got.json()["ok"] is True
            assert bad.status_code == 404
    assert api.calls("sendMessage")[0].params["reply_markup"] == KEYBOARD.to_dict()
    [document] = api.documents(CHAT)
    assert document.data == data and document.filename == "export.csv"
    assert api.last_message(CHAT).text == "json"


async def test_http_server_polling_delivers_a_queued_update(api: FakeBotAPI) -> None:
    with FakeBotAPIServer(api) as server:
        app = ApplicationBuilder().token(TOKEN).base_url(server.base_url).build()
        app.add_handler(MessageHandler(filters.TEXT, echo))
        async with app:
            assert app.updater is not None
            await app.updater.start_polling(timeout=1)
            await app.start()
            api.push_update(make_message_update("over de lijn", user_id=CHAT))
            await wait_for(lambda: bool(api.messages(CHAT)))
            await app.updater.stop()
            await app.stop()
    assert api.last_message(CHAT).text == "over de lijn"


def test_standalone_server_prints_its_base_url() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.fake_bot_api", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/bot")
        response = httpx.get(f"{base_url}{TOKEN}/getMe", timeout=5)
        assert response.json()["result"]["is_bot"] is True
        pushed = httpx.post(
            f"{base_url.removesuffix('/bot')}/_fake/updates",
            json=make_message_update("x"),
            timeout=5,
        )
        assert pushed.json()["ok"] is True
        calls = httpx.get(f"{base_url.removesuffix('/bot')}/_fake/calls", timeout=5).json()[
            "result"
        ]
        assert [c["method"] for c in calls] == ["getMe"]
    finally:
        process.terminate()
        assert process.wait(timeout=5) == 0
