"""Schema versions of the per-user document, and the upgrades between them.

Every stored document carries ``"schema": <int>`` (missing means 0). ``migrate`` brings a
document up to ``CURRENT_SCHEMA`` by applying ``STEPS[v]`` for v = schema .. CURRENT_SCHEMA-1;
the runner stamps ``"schema"`` after each step, so a step only reshapes the data. Documents
from a newer release are refused, never downgraded.

To add schema N+1: write ``_vN_to_vN1(doc) -> doc``, register it as ``STEPS[N]`` and bump
``CURRENT_SCHEMA``. Steps receive a private deep copy and may mutate it.

Schema history:

* 0 -- pre-release: ``{"user_id", "lang", "state", "scan": scan|None, "old_scans": [scan]}``
* 1 -- ``{"schema": 1, "user_id", "locale", "state", "current": scan|None,
  "finished": [scan], ...}``: ``lang`` -> ``locale``, ``scan`` -> ``current``,
  ``old_scans`` -> ``finished``; every other key is kept as it is.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from dialogs.stores import JSONDoc
from storage.errors import UnsupportedSchemaError

CURRENT_SCHEMA = 1

Step = Callable[[JSONDoc], JSONDoc]


def _v0_to_v1(doc: JSONDoc) -> JSONDoc:
    if "lang" in doc:
        doc["locale"] = doc.pop("lang")
    doc["current"] = doc.pop("scan", None)
    finished = doc.pop("old_scans", None)
    doc["finished"] = [] if finished is None else finished
    return doc


STEPS: dict[int, Step] = {
    0: _v0_to_v1,
}


def schema_of(doc: JSONDoc) -> int:
    """The document's schema version (0 when missing); raises on a non-int or negative one."""
    schema = doc.get("schema", 0)
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 0:
        raise UnsupportedSchemaError(schema, CURRENT_SCHEMA)
    return schema


def migrate(doc: JSONDoc) -> JSONDoc:
    """Return a new document at ``CURRENT_SCHEMA``; ``doc`` itself is never modified.

    Always a deep copy, even when no step applies, so callers may mutate the result freely.
    Raises ``UnsupportedSchemaError`` for a schema newer than ``CURRENT_SCHEMA``.
    """
    version = schema_of(doc)
    if version > CURRENT_SCHEMA:
        raise UnsupportedSchemaError(version, CURRENT_SCHEMA)
    out = copy.deepcopy(doc)
    while version < CURRENT_SCHEMA:
        out = STEPS[version](out)
        version += 1
        out["schema"] = version
    return out
