"""The regional heat map (municipalities x knelpunten) as PNG bytes, for staff.

Matplotlib's Agg canvas on a :class:`~matplotlib.figure.Figure` of its own (no pyplot: no
global state, safe in worker threads). Every cell carries its value as text, so the picture
reads in black and white; a cell without a usable score is hatched and left blank.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence

SCALE_MIN, SCALE_MAX = 1.0, 5.0
DPI = 110
LABEL_WIDTH = 26  # characters per line of a column label


def heatmap_png(
    rows: Sequence[tuple[str, Sequence[float | None]]],
    columns: Sequence[str],
    title: str,
    decimal_comma: bool = True,
) -> bytes:
    """Rows of (label, one score per column) drawn as a grid of coloured, labelled cells."""
    if not rows or not columns:
        raise ValueError("a heat map needs at least one row and one column")
    for label, values in rows:
        if len(values) != len(columns):
            raise ValueError(f"row {label!r} has {len(values)} values for {len(columns)} columns")
    # Imported here: matplotlib takes ~0.3 s to import, and most runs never draw a chart.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    width = 2.5 + 0.95 * len(columns)
    height = 2.6 + 0.45 * len(rows)
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    cmap = LinearSegmentedColormap.from_list("regiescan", ["#b2182b", "#f7f7f7", "#2166ac"])
    grid = [[math.nan if v is None else float(v) for v in values] for _, values in rows]
    image = ax.imshow(grid, cmap=cmap, vmin=SCALE_MIN, vmax=SCALE_MAX, aspect="auto")
    for r, values in enumerate(grid):
        for c, value in enumerate(values):
            if math.isnan(value):
                ax.add_patch(
                    Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, hatch="//", color="#999999")
                )
                continue
            shown = f"{value:.1f}".replace(".", ",") if decimal_comma else f"{value:.1f}"
            dark = abs(value - 3.0) > 1.3
            ax.text(c, r, shown, ha="center", va="center", fontsize=9,
                    color="white" if dark else "black")  # fmt: skip
    ax.set_xticks(range(len(columns)))
    ax.set_xticklabels(
        [textwrap.fill(c, LABEL_WIDTH, break_long_words=False) for c in columns],
        fontsize=8,
        rotation=40,
        ha="left",
        rotation_mode="anchor",
    )
    ax.tick_params(axis="x", top=True, bottom=False, labeltop=True, labelbottom=False)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([label for label, _ in rows], fontsize=9)
    ax.set_title(title, fontsize=11)
    fig.colorbar(image, ax=ax, shrink=0.8, ticks=[1, 2, 3, 4, 5])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
