"""A babel extractor for the content file: every id becomes a msgid in the catalogs.

Registered in ``babel.cfg``. For each knelpunt it yields the title and intro msgids, and for
each statement the statement msgid, with a translator comment naming what the text is for.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import IO, Any

from dialogs.scan.content import Content, intro_msgid, statement_msgid, title_msgid


def extract_content(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    content = Content.from_dict(tomllib.loads(fileobj.read().decode("utf-8")))
    for k in content.knelpunten:
        yield 0, None, title_msgid(k.id), [f"Short title of knelpunt '{k.id}'"]
        yield 0, None, intro_msgid(k.id), [f"One or two sentences introducing '{k.id}'"]
        for s in k.statements:
            note = f" (best-persons condition: {s.condition})" if s.condition else ""
            yield 0, None, statement_msgid(s.id), [f"Statement, phrased as a strength{note}"]
