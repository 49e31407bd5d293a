"""Scores per knelpunt from a scan's answers, on the 1-5 scale of the statements."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.model import Scan
from dialogs.scan.content import Content

# A knelpunt where more than this share of statements is "weet ik niet" or skipped gives
# no reliable score: the scan reports "onvoldoende zicht" instead.
MAX_UNKNOWN_SHARE = 0.5


@dataclass(frozen=True)
class KnelpuntScore:
    knelpunt: str
    score: float | None  # mean of the 1-5 answers, None without any
    answered: int  # statements with a 1-5 answer
    unknown: int  # "weet ik niet", skipped or not answered
    total: int

    @property
    def insufficient_view(self) -> bool:
        return self.score is None or self.unknown / self.total > MAX_UNKNOWN_SHARE


def score_scan(scan: Scan, content: Content) -> list[KnelpuntScore]:
    """One score per knelpunt, in content order."""
    scores = []
    for k in content.knelpunten:
        values = [scan.value(s.id) for s in k.statements]
        numeric = [v for v in values if isinstance(v, int)]
        scores.append(
            KnelpuntScore(
                knelpunt=k.id,
                score=sum(numeric) / len(numeric) if numeric else None,
                answered=len(numeric),
                unknown=len(values) - len(numeric),
                total=len(values),
            )
        )
    return scores
