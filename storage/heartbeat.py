"""The running bot's heartbeat: one small file, ``<data_dir>/heartbeat``, rewritten every half
minute with the time it was written (UTC, ISO 8601). `regiescan health` reads it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from storage.atomic import atomic_write_bytes

HEARTBEAT_FILE = "heartbeat"


def write_heartbeat(data_dir: Path, now: datetime) -> None:
    atomic_write_bytes(data_dir / HEARTBEAT_FILE, now.isoformat().encode("ascii"))


def read_heartbeat(data_dir: Path) -> datetime | None:
    """When the bot last wrote its heartbeat; None when there is none or it is unreadable."""
    try:
        return datetime.fromisoformat((data_dir / HEARTBEAT_FILE).read_text("ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None
