"""Durable per-user JSON storage (see ``storage.users`` for the on-disk layout)."""

from dialogs.stores import JSONDoc, UserStore
from storage.atomic import AtomicJSONStorage, atomic_write_bytes, ensure_dir
from storage.errors import CorruptStoreError, StorageError, UnsupportedSchemaError
from storage.migrations import CURRENT_SCHEMA, migrate
from storage.users import MemoryUserStore, TinyUserStore

__all__ = [
    "CURRENT_SCHEMA",
    "AtomicJSONStorage",
    "CorruptStoreError",
    "JSONDoc",
    "MemoryUserStore",
    "StorageError",
    "TinyUserStore",
    "UnsupportedSchemaError",
    "UserStore",
    "atomic_write_bytes",
    "ensure_dir",
    "migrate",
]
