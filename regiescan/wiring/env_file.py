"""The optional ``.env`` file: ``KEY=value`` lines that fill in what the environment leaves unset.

Read once at start by the CLI, before :meth:`Settings.from_env`. The real environment always
wins, so a value exported in the shell or set by Docker overrides the file; an empty value in
the file (``TELEGRAM_BOT_TOKEN=`` as in ``.env.example``) counts as not set. No variable
expansion and no multi-line values: this is configuration, not a shell script.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from regiescan.wiring.settings import SettingsError

ENV_FILE = Path(".env")
_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


def read_env_file(path: Path = ENV_FILE) -> dict[str, str]:
    """The non-empty settings in ``path``; an empty dict when there is no such file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path} cannot be read ({exc.__class__.__name__})") from exc
    values: dict[str, str] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise SettingsError(f"{path}, line {number}: expected NAME=value")
        name, value = match.group(1), _unquote(match.group(2).strip())
        if value:
            values[name] = value
    return values


def with_env_file(environ: Mapping[str, str], path: Path = ENV_FILE) -> dict[str, str]:
    """The environment with the file's values added where the environment has none."""
    merged = read_env_file(path)
    merged.update({name: value for name, value in environ.items() if value})
    return merged


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    if " #" in value:  # a trailing comment after an unquoted value
        value = value.split(" #", 1)[0].rstrip()
    return value
