"""The stored format of a user document (schema :data:`~storage.migrations.CURRENT_SCHEMA`),
as one schema that every document is checked against when it is read.

A file that parses as JSON can still be damaged: a field of the wrong type (``"seq": "x"``,
``"current": 5``), or reduced to ``{}`` or ``{"user": {}}``. Read as it is, it crashed a
handler halfway (an AttributeError that named no file) or, worse, looked like a new user and
was overwritten at the next save. :func:`problem` names the first thing that does not fit, and
the store raises :class:`~storage.errors.CorruptStoreError` with the file's path, so it is
never overwritten and the operator is told how to restore it.

Checked by hand-written type specs rather than a JSON Schema library: a first start reads every
user file, and this costs microseconds per document. ``tests/test_user_schema.py`` holds it
to the dataclasses in :mod:`dialogs.model`, so the schema and the code cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NONE = type(None)


@dataclass(frozen=True)
class ListOf:
    item: Any


@dataclass(frozen=True)
class MapOf:
    value: Any


@dataclass(frozen=True)
class Doc:
    fields: dict[str, Any]
    required: tuple[str, ...] = ()
    open: bool = True  # keys not listed are allowed (kept for the record, e.g. by migrations)


TEXT = str
OPT_TEXT = (str, NONE)
ANSWER_VALUE = (int, str)  # 1-5, "dk" or "skip"
ANSWER = Doc({"value": ANSWER_VALUE, "at": TEXT}, required=("value",))
NOTE = Doc({"text": TEXT, "at": TEXT}, required=("text",))

SCAN = Doc(
    {
        "id": TEXT,
        "started": TEXT,
        "content_version": TEXT,
        "gemeente": OPT_TEXT,
        "role": OPT_TEXT,
        "finished": OPT_TEXT,
        "knelpunt": OPT_TEXT,
        "statement": OPT_TEXT,
        "reached_end": bool,
        "answers": MapOf(ANSWER),
        "notes": MapOf(NOTE),
        "history": ListOf(dict),
        "dropped": MapOf(dict),
        "demo": bool,
    },
    required=(),
)

USER = Doc(
    {
        "schema": int,
        "user_id": int,
        "created": TEXT,
        "updated": TEXT,
        "locale": TEXT,
        "state": TEXT,
        "seq": int,
        "last_choice": (list, NONE),
        "profile": dict,
        "invite": OPT_TEXT,
        "current": (SCAN, NONE),
        "finished": ListOf(SCAN),
        "consents": dict,
        "paused_from": OPT_TEXT,
        "focus": OPT_TEXT,
        "suggestions": ListOf(str),
        "inactive": OPT_TEXT,
        "result_pending": OPT_TEXT,
        "recent_refs": ListOf(str),
    },
    required=("user_id",),
)


def problem(doc: object, spec: Any = USER, where: str = "document") -> str | None:
    """What in ``doc`` does not fit ``spec`` (the first thing found), or None when it fits."""
    if isinstance(spec, tuple):  # one of several: the first that fits, else the first reason
        reasons = []
        for option in spec:
            reason = problem(doc, option, where)
            if reason is None:
                return None
            reasons.append(reason)
        return reasons[0]
    if isinstance(spec, type) and spec is not int:  # the common case first: cheap
        return (
            None if isinstance(doc, spec) else f"{where} should be {_name(spec)}, not {_kind(doc)}"
        )
    if isinstance(spec, Doc):
        if not isinstance(doc, dict):
            return f"{where} should be an object, not {_kind(doc)}"
        for name in spec.required:
            if name not in doc:
                return f"{where} is missing {name!r}"
        for name, field_spec in spec.fields.items():
            if name in doc:
                found = problem(doc[name], field_spec, f"{where}.{name}")
                if found:
                    return found
        return None
    if isinstance(spec, ListOf):
        if not isinstance(doc, list):
            return f"{where} should be a list, not {_kind(doc)}"
        for n, item in enumerate(doc):
            found = problem(item, spec.item, f"{where}[{n}]")
            if found:
                return found
        return None
    if isinstance(spec, MapOf):
        if not isinstance(doc, dict):
            return f"{where} should be an object, not {_kind(doc)}"
        for key, value in doc.items():
            found = problem(value, spec.value, f"{where}.{key}")
            if found:
                return found
        return None
    if spec is int and isinstance(doc, bool):  # JSON true is not a number
        return f"{where} should be a number, not {_kind(doc)}"
    if not isinstance(doc, spec):
        return f"{where} should be {_name(spec)}, not {_kind(doc)}"
    return None


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", NONE: "null"}.get(
        type(value), "a number"
    )


def _name(spec: type) -> str:
    return {
        str: "text",
        int: "a number",
        bool: "true/false",
        dict: "an object",
        list: "a list",
        NONE: "null",
    }.get(spec, spec.__name__)
