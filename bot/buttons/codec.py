"""One codec for the data on every inline button: ``<kind>|<fields>``, at most 64 bytes.

The first field is the kind, one or two letters that name the feature's module below. Data is
only a claim: every handler re-checks what it names (ownership, role, region, step). Taken:

======  ================================================  ===============================
kind    what                                              module
======  ================================================  ===============================
s, l    a step of the scan; the language choice           :mod:`bot.buttons.scan`
v, c    /vergeetmij confirmation; a consent               :mod:`bot.buttons.privacy`
g, m    "Ga verder" under a reminder; staff buttons       :mod:`bot.buttons.regional`
q, a    contact requests between coordinators          :mod:`bot.buttons.peers`
r i t   the collegiale toets                              :mod:`bot.buttons.toets`
n       the verbeterplan (steps, reminders, export)       :mod:`bot.buttons.plan`
x       exports (a scan, a region, a format)              :mod:`bot.buttons.exports`
======  ================================================  ===============================

:func:`parse` checks the type and the 64 bytes once, then hands the data (whole, kind included)
to the parser registered for its kind; anything malformed or forged gives None. Builders in the
feature modules make data with :func:`bot.buttons.base.encode`, which refuses more than 64 bytes.

Adding a kind (also: folding in a module written in the old ``bot/<feature>_callbacks.py`` style)
-------------------------------------------------------------------------------------------------
1. One module ``bot/buttons/<feature>.py``: the dataclass(es) a tap parses into, the builders,
   a parser ``def parse_x(data: str) -> X | None`` that gets the whole data (``"n|..."``), and
   ``KINDS = {"n": parse_x}``: the letter(s) the module owns. An old-style module moves as it is:
   ``from bot.callbacks import MAX_BYTES`` becomes ``from bot.buttons.base import MAX_BYTES``
   (its own length check may stay; it is redundant), its ``PATTERN`` gives way to
   ``pattern(*KINDS)``, and its ``parse_x(data: object)`` fits the parser type as it is.
2. One line in :data:`FEATURES` below. ``tests/test_buttons.py`` fails if a letter is taken twice.
3. The handler module registers ``CallbackQueryHandler(cb, pattern=codec.pattern(*x.KINDS))``
   before the fallback's catch-all, and calls :func:`parse` (or its own parser) on each tap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import ModuleType

from bot.buttons import exports, peers, plan, privacy, regional, scan, toets
from bot.buttons.base import MAX_BYTES, SEPARATOR

Parser = Callable[[str], object | None]

# The registry: one line per feature module; each owns the kinds in its ``KINDS``.
FEATURES: tuple[ModuleType, ...] = (
    scan,
    privacy,
    regional,
    peers,
    toets,
    plan,
    exports,
)


class DuplicateKind(ValueError):
    """Two feature modules claim the same letter."""


def build_table(modules: Iterable[ModuleType]) -> dict[str, Parser]:
    """Letter -> parser over the modules, refusing a letter claimed twice."""
    table: dict[str, Parser] = {}
    for module in modules:
        kinds: Mapping[str, Parser] = module.KINDS
        for letter, parser in kinds.items():
            if letter in table or not letter or SEPARATOR in letter:
                raise DuplicateKind(f"button kind {letter!r} of {module.__name__} is taken")
            table[letter] = parser
    return table


_TABLE = build_table(FEATURES)  # built once, at import: a taken letter stops the bot at start


def kinds() -> frozenset[str]:
    return frozenset(_TABLE)


def parse(data: object) -> object | None:
    """The button named by ``data`` (a feature's dataclass), or None if malformed or forged."""
    if not isinstance(data, str) or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    parser = _TABLE.get(data.partition(SEPARATOR)[0])
    return parser(data) if parser is not None else None


def pattern(*letters: str) -> str:
    """The ``CallbackQueryHandler`` pattern for buttons of these kinds."""
    unknown = set(letters) - set(_TABLE)
    if not letters or unknown:
        raise ValueError(f"no button kind {sorted(unknown)}")
    return rf"^({'|'.join(letters)})\|"
