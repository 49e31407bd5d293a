"""Looking through a whole data dir the way an auditor would: every file, as bytes."""

from __future__ import annotations

import stat
from pathlib import Path


def mentions(root: Path, *needles: str) -> list[str]:
    """Every file under ``root`` whose path or bytes contain one of ``needles`` (with which)."""
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        found += [f"{rel} (name): {needle}" for needle in needles if needle in rel]
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{rel}: {n}" for n in needles if n.encode("utf-8") in data]
    return found


def modes(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (and root itself) -> its permission bits, e.g. '0o600'."""
    entries = [root, *sorted(root.rglob("*"))]
    return {
        (p.relative_to(root).as_posix() or "."): oct(stat.S_IMODE(p.lstat().st_mode))
        for p in entries
    }
