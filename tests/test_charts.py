"""Tests for lossviz/charts: the user's point is where the input says, payloads stay small."""

import json
import math

import pytest

from lossviz.charts import explorer as charts
from lossviz.charts.batch import disagreement_figure, loss_histograms
from lossviz.charts.curves import USER_TRACE as CURVE_MARK
from lossviz.charts.style import figure_json
from lossviz.charts.surfaces import USER_TRACE as SURFACE_MARK
from lossviz.charts.surfaces import shared_range
from lossviz.views.batch import analyse_batch, simulate_classifier
from lossviz.views.comparison import compare_texts

ARTICLE = compare_texts("0, 1, 0, 0", "0.1, 0.05, 0.05, 0.8")
THREE = compare_texts("2", "0.2, 0.3, 0.5")
PAYLOAD_LIMIT = 300_000  # bytes of figure JSON sent to the browser


def marks(fig, name):
    return [(t.x[0], t.y[0]) for t in fig.data if t.name == name]


def test_neglog_chart_marks_the_correct_class():
    fig = charts.neglog(ARTICLE)
    # −ln(0.05 + 1e-7) and ½(0.05 − 1)², by hand with math.
    assert marks(fig, CURVE_MARK) == [
        pytest.approx((0.05, -math.log(0.05 + 1e-7)), rel=1e-12),
        pytest.approx((0.05, 0.45125), rel=1e-12),
    ]
    assert charts.neglog(ARTICLE, log_x=True).layout.xaxis.type == "log"


def test_gradient_chart_marks_both_slopes():
    fig = charts.gradients(ARTICLE)
    # |−1/(0.05 + δ)| and |0.05 − 1|.
    assert marks(fig, CURVE_MARK) == [
        pytest.approx((0.05, 1 / (0.05 + 1e-7)), rel=1e-12),
        pytest.approx((0.05, 0.95), rel=1e-12),
    ]


def test_simplex_marks_the_point_in_the_triangle():
    for fig in charts.surface_simplex(THREE):
        assert marks(fig, SURFACE_MARK) == [pytest.approx((0.55, 0.5 * math.sqrt(3) / 2), rel=1e-12)]


def test_path_and_slice_mark_the_users_losses():
    path = charts.surface_path(ARTICLE)
    assert marks(path, SURFACE_MARK) == [
        pytest.approx((0.05, 0.7775), rel=1e-12),
        pytest.approx((0.05, -math.log(0.05 + 1e-7)), rel=1e-12),
    ]
    sse, cee = charts.surface_slice(ARTICLE, 1, 3)
    assert marks(sse, SURFACE_MARK) == [(0.05, 0.8)]
    assert marks(cee, SURFACE_MARK) == [(0.05, 0.8)]


def test_shared_scale_uses_one_range():
    sse, cee = charts.surface_simplex(THREE, shared_scale=True)
    assert (sse.data[0].zmin, sse.data[0].zmax) == (cee.data[0].zmin, cee.data[0].zmax)
    assert shared_range([0.0, 1.0], [float("nan"), 16.0]) == (0.0, 16.0)


@pytest.mark.parametrize("k", [3, 10, 1000])
def test_every_chart_has_a_title_and_a_small_payload(k):
    t = str(k - 1)
    y = ", ".join(["0.001"] * (k - 1) + [str(1 - 0.001 * (k - 1))])
    c = compare_texts(t, y)
    figs = [charts.neglog(c), charts.gradients(c), charts.surface_path(c)]
    figs += list(charts.surface_simplex(c) if k == 3 else charts.surface_slice(c, 0, 1))
    for fig in figs:
        assert fig.layout.title.text
        assert fig.layout.uirevision == "keep"
        assert len(fig.to_json()) < PAYLOAD_LIMIT


def test_batch_charts_stay_small_for_a_million_samples():
    # The browser gets bins, not samples: 10⁶ rows give the same payload as 10⁴.
    y, labels = simulate_classifier(n=1_000_000, seed=4)
    r = analyse_batch(y, labels)
    figures = [*loss_histograms(r), disagreement_figure(r)]
    assert all(len(fig.to_json()) < PAYLOAD_LIMIT for fig in figures)
    counts = figures[2].data[0].customdata
    assert counts.sum() == 1_000_000  # every sample is in the density
    assert sum(figures[0].data[0].y) == 1_000_000


def test_per_class_bars_outline_the_correct_class():
    fig = charts.bars(ARTICLE)
    sse, cee = fig.data
    # ½(y_k − t_k)² by hand, and −ln(0.05 + 1e-7) on the correct class only.
    assert list(sse.y) == pytest.approx([0.005, 0.45125, 0.00125, 0.32], rel=1e-12)
    assert list(cee.y) == pytest.approx([0, -math.log(0.05 + 1e-7), 0, 0], rel=1e-12)
    widths = list(cee.marker.line.width)
    assert widths[1] > 0 and widths[0] == widths[2] == widths[3] == 0
    assert len(fig.to_json()) < PAYLOAD_LIMIT


def test_every_chart_that_compares_the_two_losses_uses_one_scale():
    # −ln(0.05 + 1e-7) = 2.9957 is the largest term of either loss (hand computation above).
    top = -math.log(0.05 + 1e-7)
    bars = charts.bars(ARTICLE)
    assert bars.layout.yaxis.range == bars.layout.yaxis2.range
    assert bars.layout.yaxis.range[1] == pytest.approx(1.05 * top)
    path = charts.surface_path(ARTICLE)
    assert {trace.yaxis for trace in path.data} == {None}  # both curves on the one y axis
    sse, cee = charts.surface_simplex(THREE)  # the default is the shared colour scale
    assert (sse.data[0].zmin, sse.data[0].zmax) == (cee.data[0].zmin, cee.data[0].zmax)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name, options", [("neglog", {}), ("neglog", {"log_x": True}), ("gradients", {})])
def test_drawn_swaps_only_the_marks_and_equals_the_full_figure(name, options, lang):
    """charts.drawn reuses one figure per t[correct class] and swaps in each y's marks: its text must
    be the text of the figure built from scratch for that y (parsed, so key order does not matter),
    for y seen in any order and for a soft target."""
    inputs = [
        ("0, 1, 0, 0", "0.1, 0.05, 0.05, 0.8"),  # the article's second example ...
        ("0, 1, 0, 0", "0.1, 0.6, 0.2, 0.1"),  # ... then its first: same t, new marks
        ("2", "0.2, 0.3, 0.5"),
        ("0.1, 0.9", "0.3, 0.7"),  # soft: t[correct class] = 0.9, other curves
        ("0, 1, 0, 0", "0, 1, 0, 0"),
    ]
    for t_text, y_text in inputs:
        c = compare_texts(t_text, y_text)
        (fast,) = charts.drawn(name, c, lang=lang, **options)
        full = getattr(charts, name)(c, lang=lang, **options)
        assert json.loads(fast.json) == json.loads(figure_json(full))
        assert fast.height == full.layout.height
        assert "template" not in json.loads(fast.json)["layout"]  # the page's theme styles it


def test_drawn_keeps_a_bounded_table():
    for j in range(charts.UNMARKED_ENTRIES + 10):  # soft targets: a new t[correct class] each time
        p = 0.5 + j / 1000
        charts.drawn("gradients", compare_texts(f"{1 - p:.3f}, {p:.3f}", "0.3, 0.7"))
    assert len(charts._unmarked) == charts.UNMARKED_ENTRIES
