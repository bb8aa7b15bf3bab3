"""The room's charts (lossviz.charts.room): the room's answers beside the truth, in both languages."""

import numpy as np
import pytest

from lossviz.charts.room import RIGHT_COLOR, label_rows, tally_figure
from lossviz.room import questions


def figure(step, values, lang="en"):
    q = questions.for_step(step)
    return tally_figure(q, questions.tally(q, values), lang=lang)


def test_a_number_histogram_marks_the_truth_and_the_named_misconceptions():
    # step 5: the batch mean ln 5 = 1.6094; the sum ln 25 = 3.2189; log₁₀ 5 = 0.6990
    fig = figure(5, [1.6094, 1.61, 3.2189, 0.699, 2.5])
    bars = fig.data[0]
    assert int(np.sum(bars.y)) == 5
    assert fig.layout.title.text == "The room's answers (5 answers)"
    labels = [a.text for a in fig.layout.annotations]
    assert "right: 1.6094" in labels
    assert "the sum, not the batch mean (1)" in labels and "log₁₀ instead of ln (1)" in labels
    assert "the minus sign missing (0)" in labels  # −1.6094: named even when nobody chose it
    lines = {round(shape.x0, 4) for shape in fig.layout.shapes}
    assert {1.6094, 3.2189, 0.699, -1.6094} <= lines
    green = [c == RIGHT_COLOR for c in bars.marker.color]
    assert np.asarray(bars.y)[green].tolist() == [2]  # 1.6094 and 1.61 in the truth's bin
    lo, hi = fig.layout.xaxis.range
    assert lo < -1.6094 and 3.2189 < hi


def test_a_drag_histogram_is_on_the_loss_reached():
    fig = figure(6, [0.3679, 0.1])  # −ln 0.3679 = 1.0000, −ln 0.1 = 2.3026
    assert fig.layout.xaxis.title.text == "cross-entropy reached"
    assert "log₁₀ instead of ln (1)" in [a.text for a in fig.layout.annotations]


def test_a_share_histogram_says_its_unit():
    fig = figure(12, [68.0, 27.7])
    assert fig.layout.xaxis.title.text == "answer (%)"
    assert "right: 68.7 %" in [a.text for a in fig.layout.annotations]  # the page's 68.7 %


def test_choice_bars_mark_the_right_one():
    fig = figure(4, ["number", "infinity", "infinity"])
    bars = fig.data[0]
    assert list(bars.x) == ["infinity", "an error", "a finite number ✓"]
    assert list(bars.y) == [2, 0, 1]
    assert [c == RIGHT_COLOR for c in bars.marker.color] == [False, False, True]


@pytest.mark.parametrize(("step", "values"), [(5, [1.6, 3.2, 0.7]), (4, ["number", "error"]), (6, [0.2])])
def test_chinese_charts_hold_the_numbers_of_the_english_ones(step, values):
    en, zh = figure(step, values, "en"), figure(step, values, "zh")
    assert zh.layout.title.text == f"全场的答案（{len(values)} 个）"
    for e, z in zip(en.data, zh.data, strict=True):
        assert list(e.y) == list(z.y)
    assert [s.x0 for s in en.layout.shapes] == [s.x0 for s in zh.layout.shapes]


def test_an_empty_room_draws_empty_bars():
    fig = figure(1, [])
    assert int(np.sum(fig.data[0].y)) == 0 and fig.layout.title.text == "The room's answers (0 answers)"


def test_labels_that_would_overlap_take_separate_rows():
    assert label_rows([0.1, 0.5, 0.9], [0.2, 0.2, 0.2]) == [0, 0, 0]
    assert label_rows([0.5, 0.55], [0.2, 0.2]) == [0, 1]
