"""The `regiescan` command: run the Telegram bot, the terminal chat, and maintenance verbs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from regiescan.commands import export as export_commands
from regiescan.commands import health as health_commands
from regiescan.commands import peers as peer_commands
from regiescan.commands import staff as staff_commands
from regiescan.commands import store as store_commands
from regiescan.wiring.env_file import with_env_file
from regiescan.wiring.logs import configure_logging
from regiescan.wiring.settings import Settings, SettingsError
from storage.errors import StorageError


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
    chat.add_argument(
        "--demo", action="store_true", help="a demo user that meets the demo data (regiescan demo)"
    )
    run = sub.add_parser("run", help="the Telegram bot (long polling, or a webhook server)")
    run.add_argument("--webhook", metavar="URL", help="public URL Telegram posts updates to")
    run.add_argument("--listen", default="127.0.0.1", help="address of the webhook server")
    run.add_argument("--port", type=int, default=8443, help="port of the webhook server")
    run.add_argument(
        "--secret-token",
        default=None,
        help="secret Telegram must send with every webhook call (default: "
        "$REGIESCAN_WEBHOOK_SECRET, which keeps it out of the process list)",
    )
    store_commands.add_commands(sub)  # backup, restore, retention
    peer_commands.add_commands(sub)  # demo, peers import|list|rebuild
    staff_commands.add_commands(sub)  # staff add|remove|list, index rebuild
    export_commands.add_commands(sub)  # export, export-region
    health_commands.add_commands(sub)  # health (Docker's HEALTHCHECK)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env(with_env_file(os.environ))
        configure_logging(settings)
        command = args.command or ("run" if settings.token else "chat")
        if command in health_commands.COMMANDS:  # reads one file, never the user files
            return health_commands.run(settings, args)
        if command in store_commands.COMMANDS:
            return store_commands.run(settings, args)
        store_commands.check_at_start(settings)  # a damaged data dir: say so, never start empty
        if command in peer_commands.COMMANDS:
            return peer_commands.run(settings, args)
        if command in staff_commands.COMMANDS:
            return staff_commands.run(settings, args)
        if command in export_commands.COMMANDS:
            return export_commands.run(settings, args)
        if command == "chat":
            return _chat(settings, getattr(args, "user", 0), getattr(args, "demo", False))
        return _run(settings, args)
    except SettingsError as exc:
        print(f"regiescan: {exc}", file=sys.stderr)
        return 2
    except StorageError as exc:
        print(f"regiescan: {store_commands.explain(exc, settings)}", file=sys.stderr)
        return 2


def _chat(settings: Settings, user_id: int, demo: bool = False) -> int:
    from dialogs.peers.demo import DEMO_CHAT_USER
    from regiescan.terminal import TerminalChat
    from regiescan.wiring.services import build_services

    services = build_services(settings)
    try:
        if demo:
            user_id = DEMO_CHAT_USER
            services.scans.mark_demo(user_id)
        return TerminalChat(services, user_id, sys.stdin, sys.stdout).run()
    finally:
        services.close()


def _run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runner import run_bot
    from regiescan.wiring.memory import tune_malloc

    settings.require_token()
    tune_malloc()  # a bot runs for months: its memory must not spread (see module)
    secret = getattr(args, "secret_token", None)
    if secret is None and settings.webhook_secret is not None:
        secret = settings.webhook_secret.get()
    return run_bot(
        settings,
        webhook_url=getattr(args, "webhook", None),
        listen=getattr(args, "listen", "127.0.0.1"),
        port=getattr(args, "port", 8443),
        secret_token=secret,
    )


if __name__ == "__main__":
    raise SystemExit(main())
