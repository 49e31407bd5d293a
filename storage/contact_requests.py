"""Contact requests between coordinators and invitations to a collegiale toets (peer review).

One small TinyDB file (``contacts.json``) on the atomic storage: these records are few and
written only when a coordinator asks, answers or invites, never per answer of the scan.
Records are plain JSON; the rules about them live in :mod:`dialogs.peers.contacts`, the
Protocol and the table names in :mod:`dialogs.peers.stores`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from dialogs.peers.stores import REQUESTS, REVIEWS, Record
from storage.atomic import AtomicJSONStorage

FILE = "contacts.json"


class ContactRequests:
    """Requests ``{id, from_user, to_user, knelpunt, created, status, ...}`` and reviews."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / FILE

    def _db(self) -> TinyDB:
        return TinyDB(self.path, storage=AtomicJSONStorage, create_dirs=True)

    # --- requests ---------------------------------------------------------------------------
    def add(self, record: Record, table: str = REQUESTS) -> int:
        db = self._db()
        return db.table(table).insert(record)

    def get(self, record_id: int, table: str = REQUESTS) -> Record | None:
        doc = self._db().table(table).get(doc_id=record_id)
        if doc is None:
            return None
        return {**doc, "id": doc.doc_id}

    def update(self, record_id: int, fields: Record, table: str = REQUESTS) -> None:
        self._db().table(table).update(fields, doc_ids=[record_id])

    def find(self, match: Callable[[Record], bool], table: str = REQUESTS) -> list[Record]:
        docs = self._db().table(table).all()
        return [{**d, "id": d.doc_id} for d in docs if match(d)]

    def remove_user(self, user_id: int) -> bool:
        """Drop every request and review the user is part of."""
        db = self._db()
        removed = False
        for table in (REQUESTS, REVIEWS):
            t = db.table(table)
            ids = [d.doc_id for d in t.all() if _involves(d, user_id)]
            if ids:
                t.remove(doc_ids=ids)
                removed = True
        return removed

    def export(self, user_id: int) -> Any:
        db = self._db()
        found = {
            table: [dict(d) for d in db.table(table).all() if _involves(d, user_id)]
            for table in (REQUESTS, REVIEWS)
        }
        return found if any(found.values()) else None


def _involves(record: Record, user_id: int) -> bool:
    if user_id in (record.get("from_user"), record.get("to_user")):
        return True
    return any(i.get("user_id") == user_id for i in record.get("invitees", []))


class ContactRequestsSource:
    """Contact requests and reviews as a source of personal data."""

    name = "contactverzoeken"

    def __init__(self, requests: ContactRequests) -> None:
        self.requests = requests

    def export(self, user_id: int) -> Any:
        return self.requests.export(user_id)

    def erase(self, user_id: int) -> bool:
        return self.requests.remove_user(user_id)
