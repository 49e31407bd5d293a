"""A radar chart of the ten knelpunt scores, as PNG bytes for a chat front.

Rendered with matplotlib's Agg canvas on a :class:`~matplotlib.figure.Figure` of its own: no
pyplot, so no global figure state and no GUI backend, safe in a bot's worker threads.

Readable in black and white: each series differs in line style *and* marker, not only in
colour. A knelpunt without a usable score ("onvoldoende zicht") is a gap in its line, and for the
current scan an ``x`` inside the innermost ring (below 1, where no answer can reach), named in
the legend. The scale's numbers sit between the first two spokes on a white ground, never on a
spoke where the markers are; the axes are placed by hand, with room around them for the
longest labels, so no label is cut off at the edge.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from dialogs.results.diagnosis import Diagnosis
from dialogs.scan.content import Content
from dialogs.texts import N_

if TYPE_CHECKING:  # matplotlib takes ~0.3 s to import: only when a chart is drawn
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

SCALE = (1, 2, 3, 4, 5)
NO_VIEW_RADIUS = 0.5  # where the "onvoldoende zicht" marks sit, inside the band below 1
LABEL_WIDTH = 18  # characters per line of an axis label
WIDTH, HEIGHT, DPI = 7.6, 7.2, 110  # inches, dots per inch
# The polar axes as a share of the figure (left, bottom, width, height): the rest is room for
# the labels (lines of up to 22 characters at 9 pt on each side) and for the legend below.
AXES = (0.22, 0.2, 0.56, 0.6)


@dataclass(frozen=True)
class Legend:
    """The legend's texts. The defaults are Dutch msgids: a front passes ``translated(gettext)``."""

    current: str = N_("Deze scan")
    previous: str = N_("Vorige scan")
    regional_median: str = N_("Mediaan van de regio")
    no_view: str = N_("Onvoldoende zicht (geen score)")

    def translated(self, translate: Callable[[str], str]) -> Legend:
        return Legend(*(translate(getattr(self, f.name)) for f in fields(self)))


# (colour, line style, marker) per series: distinguishable without colour.
_CURRENT = ("#1f3a93", "-", "o")
_PREVIOUS = ("#555555", "--", "s")
_MEDIAN = ("#c0392b", ":", "^")


def radar_figure(
    scores: Sequence[float | None],
    labels: Sequence[str],
    previous: Sequence[float | None] | None = None,
    regional_median: Sequence[float | None] | None = None,
    *,
    legend: Legend = Legend(),
) -> Figure:
    """The chart as a Figure (attached to an Agg canvas), for :func:`radar_chart` or tests."""
    n = len(labels)
    if n < 3:
        raise ValueError("a radar chart needs at least three labels")
    for name, series in (("scores", scores), ("previous", previous), ("median", regional_median)):
        if series is not None and len(series) != n:
            raise ValueError(f"{name} has {len(series)} values for {n} labels")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes(AXES, projection="polar")
    assert isinstance(ax, PolarAxes)
    ax.set_theta_offset(math.pi / 2)  # the first knelpunt at the top, then clockwise
    ax.set_theta_direction(-1)
    angles = [2 * math.pi * i / n for i in range(n)]
    ax.set_xlim(0, 2 * math.pi)
    ax.set_ylim(0, max(SCALE))
    ax.set_yticks(SCALE)
    ax.set_yticklabels([])  # the numbers are drawn below, on a white ground
    between = math.pi / n  # halfway between the first two spokes: no marker sits there
    for v in SCALE:
        ax.text(
            between,
            v,
            str(v),
            fontsize=8,
            color="#444444",
            ha="center",
            va="center",
            zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )
    ax.set_xticks(angles)
    ax.set_xticklabels([_wrap(label) for label in labels], fontsize=9)
    ax.tick_params(axis="x", pad=10)
    for angle, tick in zip(angles, ax.get_xticklabels(), strict=True):
        side = math.sin(angle)  # right of the centre > 0 (clockwise from the top)
        tick.set_horizontalalignment("left" if side > 0.1 else "right" if side < -0.1 else "center")
    # Drawn in legend order; z-order puts the current scan on top.
    _line(ax, angles, scores, _CURRENT, legend.current, zorder=4, fill=True)
    if previous is not None:
        _line(ax, angles, previous, _PREVIOUS, legend.previous, zorder=3)
    if regional_median is not None:
        _line(ax, angles, regional_median, _MEDIAN, legend.regional_median, zorder=2)
    gaps = [a for a, v in zip(angles, scores, strict=True) if v is None]
    if gaps:
        ax.plot(
            gaps,
            [NO_VIEW_RADIUS] * len(gaps),
            linestyle="none",
            marker="x",
            markersize=9,
            markeredgewidth=2,
            color="black",
            label=legend.no_view,
            zorder=5,
        )
    fig.legend(loc="lower center", ncols=2, frameon=False, fontsize=9, bbox_to_anchor=(0.5, 0.01))
    return fig


def _wrap(label: str) -> str:
    return textwrap.fill(label, LABEL_WIDTH, break_long_words=False)


def _line(
    ax: PolarAxes,
    angles: Sequence[float],
    values: Sequence[float | None],
    style: tuple[str, str, str],
    label: str,
    zorder: float,
    fill: bool = False,
) -> None:
    """One closed series; a None breaks the line (NaN), so no score is ever invented."""
    colour, linestyle, marker = style
    radii = [math.nan if v is None else v for v in values]
    xs, ys = [*angles, angles[0]], [*radii, radii[0]]
    ax.plot(
        xs,
        ys,
        color=colour,
        linestyle=linestyle,
        linewidth=2,
        marker=marker,
        label=label,
        zorder=zorder,
    )
    if fill and not any(math.isnan(r) for r in radii):
        ax.fill(xs, ys, color=colour, alpha=0.12, zorder=zorder - 0.5)


def radar_chart(
    scores: Sequence[float | None],
    labels: Sequence[str],
    previous: Sequence[float | None] | None = None,
    regional_median: Sequence[float | None] | None = None,
    *,
    legend: Legend = Legend(),
    format: str = "png",
) -> bytes:
    """The radar chart as image bytes (PNG unless ``format`` says otherwise, e.g. "svg").

    ``scores``, ``previous`` and ``regional_median`` hold one value per label (None: no usable
    score); ``labels`` are the knelpunt titles in the reader's language, in content order.
    """
    fig = radar_figure(scores, labels, previous, regional_median, legend=legend)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=format)
    return buffer.getvalue()


def diagnosis_chart(
    diagnosis: Diagnosis, content: Content, translate: Callable[[str], str]
) -> bytes:
    """The radar chart of a diagnosis, labelled in the reader's language."""
    labels = [translate(k.title_msgid) for k in content.knelpunten]
    median = diagnosis.region.medians if diagnosis.region else None
    return radar_chart(
        diagnosis.values,
        labels,
        diagnosis.previous_values,
        median,
        legend=Legend().translated(translate),
    )
