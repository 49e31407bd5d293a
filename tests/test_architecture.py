"""The direction of imports and the size of modules, read from the source with ``ast``.

``dialogs/`` is the core: it imports neither the fronts (``bot``, ``telegram``), nor the wiring
and renderers (``regiescan``), nor any store (``storage``); it defines the Protocols its stores
implement. ``storage/`` implements them and imports from the core only those Protocol modules
(``dialogs/stores.py``, ``dialogs/<room>/stores.py``) and the vocabularies listed below.
``regiescan/wiring`` and ``regiescan/renderers`` sit under ``bot`` and never import it. No
production module is over 300 lines.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "dialogs", "storage", "regiescan")
MAX_LINES = 300
# Core modules that are a store's vocabulary (status words, kinds) rather than a Protocol.
VOCABULARIES = frozenset({"dialogs.regional.delivery"})


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = ROOT) -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            yield _module_name(path, root), path


def imports(path: Path, name: str, known: set[str]) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import in the file, wherever it stands (functions and
    ``if TYPE_CHECKING:`` blocks included); relative imports resolved. ``from a import b``
    counts as importing ``a.b`` when that is one of the ``known`` modules, else ``a``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            named = {f"{base}.{alias.name}" for alias in node.names} & known
            yield from ((node.lineno, module) for module in sorted(named) or [base])


def _top(module: str) -> str:
    return module.split(".")[0]


def _is_protocol_or_vocabulary(module: str) -> bool:
    parts = module.split(".")
    if module in VOCABULARIES:
        return True
    return parts[0] == "dialogs" and parts[-1] == "stores" and len(parts) in (2, 3)


def violations(root: Path = ROOT) -> list[str]:
    found = []
    known = {name for name, _ in modules(root)}
    for name, path in modules(root):
        where = path.relative_to(root)
        for line, imported in imports(path, name, known):
            if name.startswith("dialogs") and _top(imported) in ("bot", "regiescan", "telegram"):
                found.append(f"{where}:{line}: the core imports {imported}")
            elif name.startswith("dialogs") and _top(imported) == "storage":
                found.append(f"{where}:{line}: the core imports a store: {imported}")
            elif (
                name.startswith("storage")
                and _top(imported) == "dialogs"
                and not _is_protocol_or_vocabulary(imported)
            ):
                found.append(f"{where}:{line}: storage imports the core's {imported}")
            elif name.startswith("storage") and _top(imported) in ("bot", "regiescan", "telegram"):
                found.append(f"{where}:{line}: storage imports {imported}")
            elif (
                name.startswith(("regiescan.wiring", "regiescan.renderers"))
                and _top(imported) == "bot"
            ):
                found.append(f"{where}:{line}: the wiring/renderers import {imported}")
            elif name.startswith("regiescan.terminal") and _top(imported) in ("bot", "telegram"):
                # The terminal chat is a front of its own: it shares the core, not the bot.
                found.append(f"{where}:{line}: the terminal chat imports {imported}")
    return found


def oversized(root: Path = ROOT) -> list[str]:
    found = []
    for _, path in modules(root):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found.append(f"{path.relative_to(root)}: {lines} lines (at most {MAX_LINES})")
    return found


def test_imports_go_one_way() -> None:
    assert violations() == []


def test_no_production_module_is_over_300_lines() -> None:
    assert oversized() == []


# --- the checks themselves catch what they are for -------------------------------------------
def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for relative, source in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(source)
    return tmp_path


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("dialogs/scan/service.py", "from storage.users import TinyUserStore\n"),
        ("dialogs/scan/service.py", "def f():\n    import telegram\n"),
        ("dialogs/exports/data.py", "from regiescan.renderers import pdf\n"),
        ("dialogs/peers/x.py", "from bot.buttons import codec\n"),
        ("storage/register.py", "from dialogs.peers.matching import RegisterEntry\n"),
        ("storage/register.py", "from dialogs.peers import matching\n"),
        ("storage/register.py", "from regiescan.wiring import settings\n"),
        ("regiescan/renderers/pdf.py", "from typing import TYPE_CHECKING\n"
         "if TYPE_CHECKING:\n    from bot.context import App\n"),
        ("regiescan/wiring/services.py", "import bot.app\n"),
    ],
)  # fmt: skip
def test_a_wrong_import_is_found(tmp_path: Path, relative: str, source: str) -> None:
    root = _tree(tmp_path, {relative: source, "dialogs/peers/matching.py": ""})
    assert len(violations(root)) == 1


def test_the_imports_the_house_allows_pass(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "dialogs/stores.py": "",
            "dialogs/peers/stores.py": "",
            "dialogs/regional/delivery.py": "",
            "storage/users.py": "from dialogs.stores import UserStore\n",
            "storage/register.py": "from dialogs.peers.stores import RegisterEntry\n",
            "storage/outbox.py": "from dialogs.regional.delivery import SENT\n",
            "bot/app.py": "from storage.users import TinyUserStore\nimport regiescan.cli\n",
            "regiescan/cli.py": "from bot.runner import run_bot\n",
        },
    )
    assert violations(root) == []


def test_a_long_module_is_found(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"bot/long.py": "x = 1\n" * (MAX_LINES + 1)})
    assert oversized(root) == ["bot/long.py: 301 lines (at most 300)"]
