"""The region index: per veiligheidsregio, who is there and how far they are, kept current.

:meth:`RegionIndex.on_saved` is a :class:`~dialogs.scan.service.ScanService` listener: after every
save it recomputes the user's small entry and rewrites the user's shard of the region *only
when the entry changed* (an answer within the same knelpunt changes nothing), so a save costs
no extra I/O in the common case and one small shard file otherwise. Region queries read the
index, never the user files. The index is loaded once per process; when ``index/`` is
missing it is rebuilt from the user files (also by ``regiescan index rebuild``).

Loading may run in a worker thread while the bot already answers (a first start with 100,000
users reads every user file): saves meanwhile are queued and applied once it is loaded, and
queries wait for it. In memory the entries are kept per region *and shard*, so writing a
changed shard touches only that shard's entries, however large the region (bench finding 7).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from dialogs.model import User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.regional.progress import IndexEntry, entry_for, region_of
from dialogs.regional.stores import RegionShardStore
from dialogs.scan.content import Content
from dialogs.stores import CorruptStoreError, StorageError, UserStore

log = logging.getLogger(__name__)

Shards = dict[int, dict[int, IndexEntry]]  # shard -> user id -> entry, for one region


class RegionIndex:
    """In-memory copy of ``index/*.json``, written through on every change."""

    def __init__(
        self,
        files: RegionShardStore,
        users: UserStore,
        content: Content,
        registry: MunicipalityRegistry,
        invite_region: Callable[[str], str | None],
    ) -> None:
        self.files = files
        self.users = users
        self.content = content
        self.registry = registry
        self.invite_region = invite_region
        self._regions: dict[str, Shards] | None = None
        self._where: dict[int, str] = {}  # user id -> region
        self._lock = threading.RLock()  # held while loading and while changing
        self._queue_lock = threading.Lock()
        self._queued: dict[int, User | None] = {}  # saved (None: forgotten) while loading
        self._loading = False

    # --- loading --------------------------------------------------------------------------
    def load(self) -> None:
        """Read the index (rebuilding it when missing or damaged)."""
        with self._lock:
            with self._queue_lock:
                self._loading = True
            try:
                self._load()
            finally:
                with self._queue_lock:
                    self._loading = False

    def _load(self) -> None:
        with self._lock:
            if not self.files.exists():
                self.rebuild()
                return
            try:
                regions = {
                    region: _sharded(
                        {int(uid): IndexEntry.from_doc(int(uid), doc) for uid, doc in rows.items()},
                        self.files.shard_of,
                    )
                    for region in self.files.regions()
                    for rows in [self.files.read(region)]
                }
            except (CorruptStoreError, TypeError, ValueError) as exc:
                log.warning("region index unreadable (%s); rebuilding it from the user files", exc)
                self.rebuild()
                return
            self._set(regions)

    def rebuild(self) -> int:
        """Recreate the whole index from the user files; returns the number of users indexed."""
        with self._lock:
            return self._rebuild()

    def _rebuild(self) -> int:
        regions: dict[str, dict[int, IndexEntry]] = {}
        for user_id in self.users.user_ids():
            try:
                doc = self.users.load(user_id)
            except StorageError as exc:  # a damaged file must not stop the others
                log.warning("region index: user %s skipped (%s)", user_id, type(exc).__name__)
                continue
            if doc is None:
                continue
            user = User.from_doc(doc)
            region = region_of(user, self.registry, self.invite_region)
            if region is not None:
                regions.setdefault(region, {})[user_id] = entry_for(user, self.content)
        self.files.replace_all({r: _docs(rows) for r, rows in regions.items()})
        self._set({region: _sharded(rows, self.files.shard_of) for region, rows in regions.items()})
        return sum(len(rows) for rows in regions.values())

    def _set(self, regions: dict[str, Shards]) -> None:
        """Take the loaded index, then apply what was saved while it loaded (lock held)."""
        where = {u: r for r, shards in regions.items() for rows in shards.values() for u in rows}
        with self._queue_lock:
            self._regions, self._where = regions, where
            self._loading = False
            queued, self._queued = self._queued, {}
        for user_id, user in queued.items():
            if user is None:
                self._forget(user_id)
            else:
                self._apply(user)

    @property
    def loaded(self) -> bool:
        return self._regions is not None

    def ensure_loaded(self) -> None:
        """Load (or rebuild) the index now unless it is loaded already."""
        self._loaded()

    def _loaded(self) -> dict[str, Shards]:
        regions = self._regions
        if regions is None:
            with self._lock:  # waits for a load running in another thread
                if self._regions is None:
                    self.load()
                regions = self._regions
        assert regions is not None
        return regions

    def _queue(self, user_id: int, user: User | None) -> bool:
        """While another thread loads: remember the change for later, and say so."""
        with self._queue_lock:
            if not self._loading:
                return False
            self._queued[user_id] = user
            return True

    # --- keeping it current ---------------------------------------------------------------
    def on_saved(self, user: User) -> None:
        """ScanService listener: bring the user's entry up to date (never waits for a load)."""
        if self._queue(user.user_id, user):
            return
        with self._lock:
            self._apply(user)

    def _apply(self, user: User) -> None:
        regions = self._loaded()
        region = region_of(user, self.registry, self.invite_region)
        old_region = self._where.get(user.user_id)
        entry = entry_for(user, self.content) if region is not None else None
        shard = self.files.shard_of(user.user_id)
        if old_region is not None and old_region != region:
            del regions[old_region][shard][user.user_id]
            del self._where[user.user_id]
            self._write_shard(old_region, user.user_id)
        if region is None or entry is None:
            return
        rows = regions.setdefault(region, {}).setdefault(shard, {})
        if rows.get(user.user_id) == entry:
            return
        rows[user.user_id] = entry
        self._where[user.user_id] = region
        self._write_shard(region, user.user_id)

    def _write_shard(self, region: str, user_id: int) -> None:
        """Write the one shard file that holds ``user_id`` (only its entries are serialised)."""
        rows = self._loaded().get(region, {}).get(self.files.shard_of(user_id), {})
        self.files.write_shard(region, user_id, _docs(rows))

    def forget(self, user_id: int) -> None:
        """Drop a deleted user from the index at once."""
        if self._queue(user_id, None):
            return
        with self._lock:
            self._forget(user_id)

    def _forget(self, user_id: int) -> None:
        regions = self._loaded()
        region = self._where.pop(user_id, None)
        if region is not None:
            regions[region].get(self.files.shard_of(user_id), {}).pop(user_id, None)
            self._write_shard(region, user_id)

    # --- queries --------------------------------------------------------------------------
    def entries(self, regions: tuple[str, ...] | list[str]) -> list[IndexEntry]:
        """The entries of the given regions, by user id."""
        loaded = self._loaded()
        found = [e for r in regions for rows in loaded.get(r, {}).values() for e in rows.values()]
        return sorted(found, key=lambda e: e.user_id)

    def region_of_user(self, user_id: int) -> str | None:
        self._loaded()
        return self._where.get(user_id)

    def entry(self, user_id: int) -> IndexEntry | None:
        region = self.region_of_user(user_id)
        if region is None:
            return None
        return self._loaded()[region].get(self.files.shard_of(user_id), {}).get(user_id)

    def is_inactive(self, user_id: int) -> bool:
        """Whether Telegram refused the user's last message (O(1): asked on every update)."""
        entry = self.entry(user_id)
        return entry is not None and not entry.active


def _sharded(rows: dict[int, IndexEntry], shard_of: Callable[[int], int]) -> Shards:
    shards: Shards = {}
    for uid, entry in rows.items():
        shards.setdefault(shard_of(uid), {})[uid] = entry
    return shards


def _docs(rows: dict[int, IndexEntry]) -> dict[str, dict[str, object]]:
    return {str(uid): rows[uid].to_doc() for uid in sorted(rows)}
