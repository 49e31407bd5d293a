"""The `regiescan` command: run the Telegram bot, the terminal chat, and maintenance verbs."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from regiescan.logs import configure_logging
from regiescan.settings import Settings, SettingsError

log = logging.getLogger("regiescan")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regiescan",
        description="Regiescan: the self-assessment of municipal direction in integral safety. "
        "Without a command: the Telegram bot when TELEGRAM_BOT_TOKEN is set, "
        "else the terminal chat.",
    )
    sub = parser.add_subparsers(dest="command")
    chat = sub.add_parser("chat", help="the scan in this terminal, without Telegram")
    chat.add_argument("--user", type=int, default=0, help="local user id (default 0)")
    run = sub.add_parser("run", help="the Telegram bot (long polling, or a webhook server)")
    run.add_argument("--webhook", metavar="URL", help="public URL Telegram posts updates to")
    run.add_argument("--listen", default="127.0.0.1", help="address of the webhook server")
    run.add_argument("--port", type=int, default=8443, help="port of the webhook server")
    run.add_argument("--secret-token", help="secret Telegram must send with every webhook call")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        configure_logging(settings)
        command = args.command or ("run" if settings.token else "chat")
        if command == "chat":
            return _chat(settings, getattr(args, "user", 0))
        return _run(settings, args)
    except SettingsError as exc:
        print(f"regiescan: {exc}", file=sys.stderr)
        return 2


def _chat(settings: Settings, user_id: int) -> int:
    from regiescan.terminal import TerminalChat
    from regiescan.wiring import build_services

    services = build_services(settings)
    try:
        return TerminalChat(services, user_id, sys.stdin, sys.stdout).run()
    finally:
        services.close()


def _run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runner import run_bot

    settings.require_token()
    return run_bot(
        settings,
        webhook_url=getattr(args, "webhook", None),
        listen=getattr(args, "listen", "127.0.0.1"),
        port=getattr(args, "port", 8443),
        secret_token=getattr(args, "secret_token", None),
    )


if __name__ == "__main__":
    raise SystemExit(main())
