"""The radar chart: a valid PNG, the ten labels, gaps for "onvoldoende zicht", the median rule."""

from __future__ import annotations

import math
import re
import struct
import textwrap

import pytest
from matplotlib.lines import Line2D

from dialogs.model import Scan
from dialogs.peers.matching import SharedScan
from dialogs.results.advice import load_advice
from dialogs.results.diagnosis import diagnose
from dialogs.scan.content import Content
from regiescan.renderers.radar_chart import LABEL_WIDTH, Legend, radar_chart, radar_figure

LABELS = [
    "Systematische aanpak",
    "Profiel en positie van de veiligheidscoördinator",
    "Horizontale regie en sturingsmiddelen",
    "Inhoudelijke expertise van de gemeente",
    "Informatieverzameling en analyse",
    "Samenhang met ander beleid en de organisatie",
    "Bestuurlijk commitment",
    "Capaciteit en aansluiting van justitie- en zorgketen",
    "Verkokering in rijksbeleid en financiering",
    "Leer- en veranderingsproces",
]
SCORES = [2.5, 3.75, 2.0, None, 1.5, 3.0, 4.33, 2.67, None, 3.5]


def series(fig) -> dict[str, Line2D]:
    (ax,) = fig.axes
    return {
        line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")
    }


def test_a_valid_png():
    png = radar_chart(SCORES, LABELS)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert 600 <= width <= 1280 and 600 <= height <= 1280  # a Telegram photo, legible on a phone
    assert 20_000 < len(png) < 1_000_000


def test_the_ten_labels_are_passed_through():
    fig = radar_figure(SCORES, LABELS)
    (ax,) = fig.axes
    shown = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert shown == LABELS
    svg = radar_chart(SCORES, LABELS, format="svg").decode("utf-8")
    drawn = " | ".join(re.findall(r"<!-- (.*?) -->", svg))  # one comment per line of text
    assert all(_wrapped(label) in drawn for label in LABELS)


def _wrapped(label: str) -> str:
    return textwrap.fill(label, LABEL_WIDTH, break_long_words=False).replace("\n", " | ")


def test_series_differ_in_line_style_and_marker_not_only_colour():
    fig = radar_figure(SCORES, LABELS, previous=[3.0] * 10, regional_median=[3.5] * 10)
    lines = series(fig)
    assert list(lines) == [
        "Deze scan",
        "Vorige scan",
        "Mediaan van de regio",
        "Onvoldoende zicht (geen score)",
    ]
    drawn = [lines[name] for name in ("Deze scan", "Vorige scan", "Mediaan van de regio")]
    assert len({line.get_linestyle() for line in drawn}) == 3
    assert len({line.get_marker() for line in drawn}) == 3


def test_onvoldoende_zicht_is_a_gap_with_a_mark():
    lines = series(radar_figure(SCORES, LABELS))
    radii = list(lines["Deze scan"].get_ydata())
    assert [i for i, r in enumerate(radii[:10]) if math.isnan(r)] == [3, 8]  # gaps, not zeros
    assert list(lines["Onvoldoende zicht (geen score)"].get_ydata()) == [0.5, 0.5]  # below 1
    assert "Onvoldoende zicht (geen score)" not in series(radar_figure([3.0] * 10, LABELS))


def test_legend_texts_come_translated_from_the_front():
    english = Legend().translated({"Deze scan": "This scan"}.get)
    assert english.current == "This scan"
    assert english.previous is None  # the stand-in translator knows one text only
    fig = radar_figure([3.0] * 10, LABELS, legend=Legend(current="This scan"))
    assert list(series(fig)) == ["This scan"]


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError, match="previous"):
        radar_figure(SCORES, LABELS, previous=[3.0] * 9)


def test_the_regional_median_is_drawn_only_with_three_other_municipalities(
    content: Content, registry
):
    answers = {s.id: {"value": 3, "at": "2026-03-01"} for s in content.statements}
    scan = Scan("s", "2026-03-01", content.version, gemeente="GM0014", answers=answers)
    rules = load_advice(content)
    region = registry.in_region("VR01")  # Groningen's veiligheidsregio
    others = [
        SharedScan.of(n, Scan(f"o{n}", "2026-01-01", content.version, gemeente=m.code,
                              finished="2026-01-02", answers=answers), content)
        for n, m in enumerate(m for m in region if m.code != "GM0014")
    ]  # fmt: skip
    for count, drawn in ((2, False), (3, True)):
        d = diagnose(scan, content, rules, registry, others=others[:count])
        median = d.region.medians if d.region else None
        fig = radar_figure(d.values, LABELS, regional_median=median)
        assert ("Mediaan van de regio" in series(fig)) == drawn


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_no_label_is_cut_off_and_the_scale_keeps_off_the_spokes(content: Content, locale):
    from regiescan.wiring.i18n import Translators

    t = Translators().get(locale)
    labels = [t(k.title_msgid) for k in content.knelpunten]
    fig = radar_figure(SCORES, labels, previous=[3.0] * 10, regional_median=[3.5] * 10)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    page = fig.bbox
    (ax,) = fig.axes
    for tick in ax.get_xticklabels():
        box = tick.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1, tick.get_text()
        assert page.y0 <= box.y0 and box.y1 <= page.y1, tick.get_text()
    numbers = [x for x in ax.texts if x.get_text() in {"1", "2", "3", "4", "5"}]
    assert len(numbers) == 5
    spokes = {round(2 * math.pi * i / 10, 6) for i in range(10)}
    assert all(round(x.get_position()[0], 6) not in spokes for x in numbers)  # between spokes
    assert not ax.collections  # no unexplained grey disc (the fill is a patch, not a collection)
