"""Every chart's legend sits where it cannot cover a bar label, a tick or a title."""

from __future__ import annotations

import copy

import pytest
from matplotlib.text import Text

from core.report import build_report
from core.report.charts import draw
from core.report.document import Chart
from tests.core.report.example import LABELS, dp_assessment, example_assessment


def _charts(a: dict) -> list[Chart]:
    return [b for s in build_report(a).sections for b in s.blocks if isinstance(b, Chart)]


def _tall_right_bar() -> dict:
    """After protection 85% of records sit in the largest groups: the bar under the old legend."""
    a = copy.deepcopy(example_assessment())
    a["after"]["reidentification"]["class_size_histogram"] = {
        "labels": LABELS,
        "records": [0, 0, 0, 30, 50, 70, 850],
        "classes": [0, 0, 0, 6, 3, 2, 4],
    }
    return a


CHARTS = {
    f"{name}-{chart.kind}": chart
    for name, a in (
        ("demo", example_assessment()),
        ("dp", dp_assessment()),
        ("tall", _tall_right_bar()),
    )
    for chart in _charts(a)
}


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_every_kind_of_chart_is_checked():
    assert {c.kind for c in CHARTS.values()} == {
        "class_sizes",
        "roc",
        "attribute",
        "utility",
        "frontier",
    }


def test_the_tall_bar_case_really_has_an_85_percent_label():
    fig = draw(CHARTS["tall-class_sizes"])
    fig.canvas.draw()
    shown = [t.get_text() for t in fig.findobj(Text) if t.get_visible()]
    assert "85%" in shown


def _drawn_texts(fig) -> list[Text]:
    """The text artists the renderer really draws (tick labels outside the view are not)."""
    renderer = fig.canvas.get_renderer()
    drawn: list[Text] = []
    original = renderer.draw_text

    def record(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if mtext is not None and s.strip():
            drawn.append(mtext)
        return original(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    renderer.draw_text = record
    fig.canvas.draw()
    return drawn


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_no_legend_covers_a_text(name):
    fig = draw(CHARTS[name])
    drawn = _drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    assert legends, "every chart has a legend"
    own = {id(t) for legend in legends for t in legend.findobj(Text)}
    texts = [t for t in drawn if id(t) not in own]
    assert len(texts) > 10, "tick labels, axis labels and titles were drawn"
    page = fig.bbox
    for legend in legends:
        box = legend.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
        for ax in fig.axes:
            assert not _overlap(box, ax.get_window_extent(renderer)), "legend inside a plot"
        covered = [t.get_text() for t in texts if _overlap(box, t.get_window_extent(renderer))]
        assert covered == [], f"{name}: the legend covers {covered}"
