"""A plain summary of a finished scan: one line per knelpunt with its score."""

from __future__ import annotations

from dialogs.model import User
from dialogs.municipalities import MunicipalityRegistry
from dialogs.results.scoring import score_scan
from dialogs.scan.content import Content, title_msgid
from dialogs.texts import Date, Number, Text, text, verbatim


def result_texts(user: User, content: Content, registry: MunicipalityRegistry) -> list[Text]:
    """The latest finished scan's scores, or a short explanation when there is none."""
    if not user.finished:
        return [text("U heeft nog geen afgeronde scan. Met /scan begint of vervolgt u de scan.")]
    scan = user.finished[-1]
    m = registry.get(scan.gemeente or "")
    lines = [
        text(
            "Uitkomst van de scan voor {municipality}, afgerond op {date}",
            municipality=verbatim(m.name if m else scan.gemeente or "-"),
            date=Date(scan.finished or scan.started),
        ),
        text("Score per knelpunt, van 1 (zwak) tot 5 (sterk):"),
    ]
    for n, s in enumerate(score_scan(scan, content), start=1):
        title = text(title_msgid(s.knelpunt))
        if s.insufficient_view or s.score is None:
            lines.append(text("{n}. {title}: onvoldoende zicht", n=n, title=title))
        else:
            lines.append(text("{n}. {title}: {score}", n=n, title=title, score=Number(s.score)))
    return lines
