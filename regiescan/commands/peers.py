"""`regiescan demo` and `regiescan peers import|rebuild`: the data behind peers and medians."""

from __future__ import annotations

import argparse
import random
import sys

from dialogs.model import User
from dialogs.peers.demo import PER_REGION, REGIONS, SEED, demo_user_ids, is_demo, make_demo_user
from dialogs.peers.register_csv import RegisterImportError, import_register_csv
from regiescan.wiring.services import Services, build_services
from regiescan.wiring.settings import Settings

COMMANDS = ("demo", "peers")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser("demo", help="fill the store with marked demo scans (or remove them)")
    demo.add_argument("--remove", action="store_true", help="remove every demo user and scan")
    peers = sub.add_parser("peers", help="the register of good practices and the peer index")
    verbs = peers.add_subparsers(dest="verb", required=True)
    imp = verbs.add_parser("import", help="replace the register with a CSV file")
    imp.add_argument("file", help="CSV: gemeente_code,knelpunt,titel,url[,contact]")
    verbs.add_parser("list", help="show the register")
    verbs.add_parser("rebuild", help="rebuild the index of finished scans from the user files")


def run(settings: Settings, args: argparse.Namespace) -> int:
    services = build_services(settings)
    try:
        if args.command == "demo":
            return _remove_demo(services) if args.remove else _make_demo(services)
        if args.verb == "import":
            return _import(services, args.file)
        if args.verb == "list":
            for e in services.results.register.entries():
                print(f"{e.gemeente}\t{e.knelpunt}\t{e.title}\t{e.url}")
            return 0
        count = services.results.rebuild(_users(services))
        print(f"index rebuilt: {count} finished scans")
        return 0
    finally:
        services.close()


def _users(services: Services) -> list[User]:
    users = []
    for user_id in services.store.user_ids():
        doc = services.store.load(user_id)
        if doc is not None:
            users.append(User.from_doc(doc))
    return users


def _make_demo(services: Services) -> int:
    rng = random.Random(SEED)
    ids = demo_user_ids(len(REGIONS) * PER_REGION)
    made = 0
    for region in REGIONS:
        for m in services.registry.in_region(region)[:PER_REGION]:
            user = make_demo_user(services.scans, next(ids), m.code, rng)
            services.results.refresh(user)
            made += 1
    print(
        f"{made} demo coordinators with a finished scan, marked '(demo)'. "
        "Try them with: regiescan chat --demo   Remove them with: regiescan demo --remove"
    )
    return 0


def _remove_demo(services: Services) -> int:
    removed = 0
    for user in _users(services):
        if is_demo(user):
            services.personal_data.erase(user.user_id)
            removed += 1
    print(f"{removed} demo users removed")
    return 0


def _import(services: Services, path: str) -> int:
    try:
        count = import_register_csv(
            services.results.register, path, services.registry, services.content
        )
    except RegisterImportError as exc:
        print(f"regiescan: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"regiescan: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"{count} good practices imported from {path}")
    return 0
