"""Tests for lossviz/charts/batch.py in both languages: the words change, the numbers do not."""

import re

import numpy as np
import pytest

from lossviz.charts.batch import MAX_POINTS, disagreement_figure, loss_histograms
from lossviz.maths.simulation import simulate_classifier
from lossviz.views.batch import analyse_batch, prepare_batch

CJK = re.compile(r"[\u4e00-\u9fff]")


def figures(n, lang):
    y, labels = simulate_classifier(n=n, seed=6)
    r = analyse_batch(y, labels)
    return [*loss_histograms(r, lang=lang), disagreement_figure(r, lang=lang)]


def words(fig):
    """Every word a reader can meet on a figure: title, axis titles, hover and colour-bar texts."""
    found = [fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text]
    for trace in fig.data:
        found.append(trace.hovertemplate)
        if getattr(trace, "colorbar", None) is not None and trace.colorbar.title.text:
            found.append(trace.colorbar.title.text)
    return found


@pytest.mark.parametrize("n", [500, MAX_POINTS + 1])  # points, and the 2-D histogram above MAX_POINTS
def test_chinese_charts_hold_the_numbers_of_the_english_ones(n):
    en, zh = figures(n, "en"), figures(n, "zh")
    for e, z in zip(en, zh, strict=True):
        for te, tz in zip(e.data, z.data, strict=True):
            for axis in ("x", "y", "z", "customdata"):
                if getattr(te, axis, None) is not None:
                    np.testing.assert_array_equal(
                        np.asarray(getattr(tz, axis)), np.asarray(getattr(te, axis))
                    )


@pytest.mark.parametrize("n", [500, MAX_POINTS + 1])
def test_chinese_charts_speak_chinese(n):
    en, zh = figures(n, "en"), figures(n, "zh")
    assert [f.layout.title.text for f in zh] == [
        "每个样本的交叉熵误差",
        "每个样本的均方误差",
        "两种损失的分歧",
    ]
    assert zh[0].layout.yaxis.title.text == "样本数"
    # Hover texts keep Plotly's %{…} fields and only change the words around them.
    for e, z in zip(en, zh, strict=True):
        assert re.findall(r"%\{[^}]*\}", z.data[0].hovertemplate) == re.findall(
            r"%\{[^}]*\}", e.data[0].hovertemplate
        )
    for fig in zh:
        # Every text holds Chinese unless it is a formula alone (the histograms' x axes).
        assert all(CJK.search(w) or w in ("−Σ t·log(y+δ)", "½Σ(y−t)²") for w in words(fig)), words(fig)


def test_english_stays_the_default():
    cee, sse, disagree = figures(500, "en")
    assert cee.layout.title.text == "Cross-entropy per sample"
    assert (
        cee.data[0].hovertemplate
        == "%{customdata[0]:.4g} to %{customdata[1]:.4g}: %{y:,} samples<extra></extra>"
    )
    assert disagree.layout.xaxis.title.text == "squared error ½Σ(y−t)²"
    assert disagree.data[0].hovertemplate.startswith("row %{customdata}<br>")


def tiny_spread(n):
    """n rows [0.25, 0.75], every other one moved by one ulp: losses that differ only by rounding."""
    y = np.tile([0.25, 0.75], (n, 1))
    y[::2] = [np.nextafter(0.25, 0), np.nextafter(0.75, 1)]
    return y


@pytest.mark.parametrize(
    ("y", "labels"),
    [
        (np.full((7, 3), 1 / 3), np.zeros(7, int)),  # every loss equal
        (np.array([[0.2, 0.8]]), np.array([1])),  # a single row
        (np.zeros((5, 4)), np.zeros(5, int)),  # all-zero rows
        (np.zeros((MAX_POINTS + 10, 4)), np.zeros(MAX_POINTS + 10, int)),  # the same, as a density
        (tiny_spread(50), np.ones(50, int)),  # np.histogram's "Too many bins for data range"
        (tiny_spread(MAX_POINTS + 10), np.ones(MAX_POINTS + 10, int)),
    ],
)
def test_degenerate_batches_draw_every_sample(y, labels):
    r = analyse_batch(*prepare_batch(y, labels))
    (cee, sse), disagree = loss_histograms(r), disagreement_figure(r)
    assert sum(cee.data[0].y) == sum(sse.data[0].y) == r.n  # every sample in one bar or another
    if r.n > MAX_POINTS:
        assert disagree.data[0].customdata.sum() == r.n
    else:
        assert len(disagree.data[0].x) == r.n


def test_a_batch_of_a_few_samples_gets_few_bins_and_large_dots():
    y = np.array([[0.1, 0.9], [0.4, 0.6], [0.7, 0.3], [0.95, 0.05]])
    r = analyse_batch(*prepare_batch(y, np.ones(4, int)))
    (cee, sse), disagree = loss_histograms(r), disagreement_figure(r)
    # Sturges: ⌈log₂ 4⌉ + 1 = 3 bins (hand computation), each sample in one of them.
    assert len(cee.data[0].y) == len(sse.data[0].y) == 3 and sum(cee.data[0].y) == 4
    assert disagree.data[0].marker.size >= 12
