"""Tests for lossviz.charts.train: the race's panels, the slide's line and marks, a digit's picture."""

import numpy as np
import pytest

from lossviz.charts import train as charts
from lossviz.maths import network as nw
from lossviz.views.train import neuron


@pytest.fixture(scope="module")
def race():
    return nw.train(nw.Settings(hidden=5, epochs=3, weight_scale=3.0))


def test_the_race_has_one_panel_per_metric_with_both_losses_on_fixed_axes(race):
    fig = charts.race_figure(race)
    assert len(fig.data) == 8  # 4 metrics × 2 losses, in METRICS × LOSSES order (the player slices them)
    for i, trace in enumerate(fig.data):
        metric, loss = charts.METRICS[i // 2], nw.LOSSES[i % 2]
        assert list(trace.x) == [0, 1, 2, 3]
        np.testing.assert_array_equal(trace.y, getattr(race.runs[loss], metric))
    layout = fig.layout
    for axis in (layout.xaxis, layout.xaxis2, layout.xaxis3, layout.xaxis4):
        assert tuple(axis.range) == (-0.3, 3.3)  # every epoch, before the player shows any
    assert layout.yaxis.type == "log"
    low, high = layout.yaxis.range  # log10 units: holds every loss of both runs
    losses = np.concatenate([race.runs[loss].loss for loss in nw.LOSSES])
    assert 10**low < losses.min() and losses.max() < 10**high
    assert all(1 <= v * 10 ** -np.floor(np.log10(v)) < 10 for v in layout.yaxis.tickvals)


def test_the_slide_marks_each_run_where_it_first_reaches_the_line():
    tr = nw.train(nw.Settings(epochs=5))  # cross-entropy's run reaches 90 % at epoch 4 (the defaults' race)
    fig = charts.accuracy_race_figure(tr, 0.9)
    marks = [t for t in fig.data if t.mode == "markers"]
    assert [int(t.x[0]) for t in marks] == [4]
    assert fig.layout.shapes[0].y0 == 0.9


def test_the_neuron_chart_marks_epoch_50():
    fig = charts.neuron_figure(neuron(), 50)
    marks = [t for t in fig.data if t.mode == "markers+text"]
    assert [t.text[0] for t in marks] == ["0.976", "0.099"]  # Nielsen ch. 3 (tests/test_network.py)


def test_a_digit_picture_is_dark_where_the_ink_is():
    pixels = np.zeros(64)
    pixels[9] = 8  # row 1, column 1: half ink
    picture = charts.digit_picture(pixels)
    s = charts.PICTURE_SCALE
    assert picture[s, s] == 128 and picture[0, 0] == 255  # 255 − 8 · 255/16 = 127.5, rounded to even
