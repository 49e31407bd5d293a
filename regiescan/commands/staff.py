"""`regiescan staff add|remove|list` and `regiescan index rebuild`: regional staff from the shell.

The bot reads the staff file on every staff command, so a role given or taken here counts at
once, also while the bot runs. The region index of a running bot is rebuilt at its next start.
"""

from __future__ import annotations

import argparse
import sys

from dialogs.regional.access import BEHEERDER, ROLES, RoleError
from regiescan.wiring.services import build_services
from regiescan.wiring.settings import Settings

COMMANDS = ("staff", "index")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    staff = sub.add_parser("staff", help="regional staff: beheerder (all regions) or regio")
    verbs = staff.add_subparsers(dest="verb", required=True)
    add = verbs.add_parser("add", help="give a Telegram user a staff role")
    add.add_argument("user_id", type=int, help="the Telegram user id")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument(
        "--regio", action="append", default=[], metavar="VR", help="a region code (repeatable)"
    )
    remove = verbs.add_parser("remove", help="take a staff role away")
    remove.add_argument("user_id", type=int)
    verbs.add_parser("list", help="every staff member and their regions")
    index = sub.add_parser("index", help="the region index staff overviews are read from")
    index_verbs = index.add_subparsers(dest="verb", required=True)
    index_verbs.add_parser("rebuild", help="rebuild it from the user files")


def run(settings: Settings, args: argparse.Namespace) -> int:
    services = build_services(settings)
    regional = services.regional
    try:
        if args.command == "index":
            count = regional.index.rebuild()
            print(f"region index rebuilt: {count} coordinators")
            return 0
        if args.verb == "list":
            for user_id in sorted(regional.access.admins):
                print(f"{user_id}\tbeheerder\t(REGIESCAN_ADMINS)")
            for record in regional.staff.all():
                regions = ",".join(record["regions"]) or "-"
                print(f"{record['user_id']}\t{record['role']}\t{regions}")
            return 0
        if args.verb == "remove":
            if regional.staff.remove(args.user_id):
                print(f"{args.user_id} is no longer staff")
                return 0
            print(f"regiescan: {args.user_id} has no stored staff role", file=sys.stderr)
            return 1
        try:
            cleaned = regional.access.check_role(args.role, args.regio)
        except RoleError as exc:
            print(f"regiescan: {exc}", file=sys.stderr)
            return 2
        regional.staff.put(args.user_id, args.role, cleaned, None, regional.now_iso())
        scope = "all regions" if args.role == BEHEERDER else ", ".join(cleaned)
        print(f"{args.user_id} is now {args.role} ({scope})")
        return 0
    finally:
        services.close()
