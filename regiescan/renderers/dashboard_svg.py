"""Charts of the dashboard as SVG text, drawn on the server (no chart library in the page).

One small SVG per knelpunt row (the page puts the title above it, so long titles wrap on a
phone instead of being cut off) on a shared 1-5 scale, plus an axis. Colours are not set here:
every shape carries a class (``box``, ``median``, ``own`` ...) that the page's stylesheet
colours from Telegram's theme, so the charts follow light and dark mode. No inline style and no
script (the page's content security policy allows neither); every text is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as escape_text
from xml.sax.saxutils import quoteattr

LOW, HIGH = 1.0, 5.0
WIDTH, ROW = 300, 22
PAD = 10


@dataclass(frozen=True)
class Spread:
    lowest: float
    low: float  # first quartile
    median: float
    high: float  # third quartile
    highest: float


def _x(value: float, width: int = WIDTH) -> float:
    return round(PAD + (value - LOW) / (HIGH - LOW) * (width - 2 * PAD), 1)


def _svg(width: int, height: int, body: list[str], title: str, cls: str = "chart") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label={quoteattr(title)} class="{cls}">'
        f"<title>{escape_text(title)}</title>{''.join(body)}</svg>"
    )


def _grid(height: int) -> list[str]:
    return [
        f'<line class="grid" x1="{_x(v)}" y1="0" x2="{_x(v)}" y2="{height}"/>' for v in range(1, 6)
    ]


def axis_svg(title: str) -> str:
    """The 1-5 scale, for above a column of rows."""
    ticks = [
        f'<text class="tick" x="{_x(v)}" y="12" text-anchor="middle">{v}</text>'
        for v in range(1, 6)
    ]
    return _svg(WIDTH, 16, ticks, title, "chart axis")


def spread_svg(s: Spread | None, title: str) -> str:
    """The range as a line, the middle half as a box, the median as a tick."""
    body = _grid(ROW)
    y = ROW / 2
    if s is not None:
        width = max(_x(s.high) - _x(s.low), 2.0)
        body += [
            f'<line class="range" x1="{_x(s.lowest)}" y1="{y}" x2="{_x(s.highest)}" y2="{y}"/>',
            f'<rect class="box" x="{_x(s.low)}" y="{y - 6}" width="{width}" height="12" rx="2"/>',
            f'<line class="median" x1="{_x(s.median)}" y1="{y - 9}" '
            f'x2="{_x(s.median)}" y2="{y + 9}"/>',
        ]
    return _svg(WIDTH, ROW, body, title)


def scores_svg(own: float | None, previous: float | None, median: float | None, title: str) -> str:
    """Own score (dot), the previous scan (ring, joined to the dot), regional median (diamond)."""
    body = _grid(ROW)
    y = ROW / 2
    if previous is not None and own is not None:
        body.append(f'<line class="shift" x1="{_x(previous)}" y1="{y}" x2="{_x(own)}" y2="{y}"/>')
    if previous is not None:
        body.append(f'<circle class="previous" cx="{_x(previous)}" cy="{y}" r="5"/>')
    if median is not None:
        x = _x(median)
        body.append(
            f'<path class="regional" d="M{x} {y - 6} L{x + 6} {y} L{x} {y + 6} L{x - 6} {y} Z"/>'
        )
    if own is not None:
        body.append(f'<circle class="own" cx="{_x(own)}" cy="{y}" r="6"/>')
    return _svg(WIDTH, ROW, body, title)


def sparkline_svg(values: Sequence[float | None], title: str, width: int = 120) -> str:
    """A knelpunt's regional median over the rounds: a line through the known points."""
    height = 28
    n = len(values)

    def px(i: int) -> float:
        return round(6 + (i * (width - 12) / (n - 1) if n > 1 else (width - 12) / 2), 1)

    def py(v: float) -> float:
        return round(height - 4 - (v - LOW) / (HIGH - LOW) * (height - 8), 1)

    points = [(px(i), py(v)) for i, v in enumerate(values) if v is not None]
    body = []
    if len(points) > 1:
        path = " ".join(f"{x},{y}" for x, y in points)
        body.append(f'<polyline class="trend" points="{path}"/>')
    body += [f'<circle class="trend-dot" cx="{x}" cy="{y}" r="2.5"/>' for x, y in points]
    return _svg(width, height, body, title, "chart spark")
