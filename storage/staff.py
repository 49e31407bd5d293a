"""Regional staff and their invite codes: one small TinyDB file, ``<data_dir>/staff.json``.

Layout (a TinyDB tree, written atomically by :class:`~storage.atomic.AtomicJSONStorage`)::

    {"staff":   {"1": {"user_id": 42, "role": "regio", "regions": ["VR21"], "by": 7, "at": iso}},
     "invites": {"1": {"code": "r21-k3J9...", "region": "VR21", "by": 42, "at": iso}}}

The file is read afresh on every call (it is small), so a role added or removed with the CLI
while the bot runs counts from the next command on: the role is checked on every call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from dialogs.stores import JSONDoc
from storage.atomic import AtomicJSONStorage

STAFF_FILE = "staff.json"
STAFF_TABLE = "staff"
INVITE_TABLE = "invites"


class StaffStore:
    """Staff roles by Telegram user id, and regional invite codes."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / STAFF_FILE

    def _db(self) -> TinyDB:
        return TinyDB(self.path, storage=AtomicJSONStorage, create_dirs=True)

    # --- staff ----------------------------------------------------------------------------
    def get(self, user_id: int) -> JSONDoc | None:
        """The staff record of ``user_id`` (role, regions), or None."""
        if not self.path.exists():
            return None
        with self._db() as db:
            found = db.table(STAFF_TABLE, cache_size=0).get(Query().user_id == user_id)
        return None if found is None or isinstance(found, list) else dict(found)

    def all(self) -> list[JSONDoc]:
        """Every staff record, by user id."""
        if not self.path.exists():
            return []
        with self._db() as db:
            rows = db.table(STAFF_TABLE, cache_size=0).all()
        return sorted((dict(r) for r in rows), key=lambda r: int(r["user_id"]))

    def put(self, user_id: int, role: str, regions: list[str], by: int | None, now: str) -> None:
        """Give ``user_id`` a role (replacing any earlier one)."""
        record: dict[str, Any] = {
            "user_id": user_id,
            "role": role,
            "regions": sorted(set(regions)),
            "by": by,
            "at": now,
        }
        with self._db() as db:
            db.table(STAFF_TABLE, cache_size=0).upsert(record, Query().user_id == user_id)

    def remove(self, user_id: int) -> bool:
        """Take the role away; False when ``user_id`` had none."""
        if not self.path.exists():
            return False
        with self._db() as db:
            removed = db.table(STAFF_TABLE, cache_size=0).remove(Query().user_id == user_id)
        return bool(removed)

    # --- invites --------------------------------------------------------------------------
    def add_invite(self, code: str, region: str, by: int, now: str) -> None:
        with self._db() as db:
            db.table(INVITE_TABLE, cache_size=0).insert(
                {"code": code, "region": region, "by": by, "at": now}
            )

    def invite_region(self, code: str) -> str | None:
        """The region an invite code stands for, or None for an unknown code."""
        if not self.path.exists():
            return None
        with self._db() as db:
            found = db.table(INVITE_TABLE, cache_size=0).get(Query().code == code)
        return None if found is None or isinstance(found, list) else str(found["region"])

    def forget_user(self, user_id: int) -> bool:
        """Remove the role of ``user_id`` and their name from the invites they made."""
        if not self.path.exists():
            return False
        with self._db() as db:
            removed = db.table(STAFF_TABLE, cache_size=0).remove(Query().user_id == user_id)
            invites = db.table(INVITE_TABLE, cache_size=0)
            made = invites.update({"by": None}, Query().by == user_id)
        return bool(removed or made)
