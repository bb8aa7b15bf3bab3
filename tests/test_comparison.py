"""Tests for lossviz/views/comparison.py: what the explorer shows for one (t, y)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossviz import InputError
from lossviz.views.comparison import bar_scales, breakdown_table, compare, compare_texts, read_vectors


def test_article_example_in_label_form():
    c = compare_texts("1", "0.1, 0.05, 0.05, 0.8")
    assert c.label_given and c.one_hot
    assert c.target_class == 1 and c.k == 4 and c.p_target == 0.05
    np.testing.assert_array_equal(c.t, [0, 1, 0, 0])
    # The article: 0.7775 and −ln(0.05 + 1e-7); PyTorch's mean: 1.555 / 4 (hand computation).
    assert c.sse == pytest.approx(0.7775, rel=1e-12)
    assert c.cee == pytest.approx(-math.log(0.05 + 1e-7), rel=1e-12)
    assert c.mse == pytest.approx(1.555 / 4, rel=1e-12)
    assert c.y_warning is None and c.t_warning is None


def test_soft_target_is_not_one_hot_and_its_largest_share_is_the_target():
    c = compare_texts("0.2, 0.7, 0.1", "0.3, 0.3, 0.4")
    assert not c.one_hot and not c.label_given and c.target_class == 1


def test_soft_target_that_does_not_sum_to_one_warns():
    c = compare_texts("0.2, 0.2", "0.5, 0.5")
    assert str(c.t_warning).startswith("t sums to 0.4, not 1.")


@pytest.mark.parametrize(
    ("t_text", "y_text", "field", "match"),
    [
        ("abc", "0.5, 0.5", "t", r"t: 'abc' \(entry 1\) is not a number"),
        ("0, 1", "", "y", r"y is empty"),
        ("0, 1", "0.5, 1.5", "y", r"y must hold probabilities between 0 and 1"),
        ("0, 1, 0", "0.5, 0.5", "t", r"t has 3 entries but y has 2 entries"),
        ("2", "0.5, 0.5", "t", r"t = 2 is not a class label"),
        ("0, 3", "0.5, 0.5", "t", r"t must hold target probabilities"),
    ],
)
def test_errors_are_attached_to_the_box_they_concern(t_text, y_text, field, match):
    with pytest.raises(InputError, match=match) as info:
        compare_texts(t_text, y_text)
    assert info.value.field == field


def test_read_vectors_reads_both_boxes():
    t, y = read_vectors("1", "[0.3, 0.7]")
    np.testing.assert_array_equal(t, [1.0])
    np.testing.assert_array_equal(y, [0.3, 0.7])


def test_breakdown_table_columns_sum_to_the_losses():
    c = compare([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], [0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0])
    table = pd.DataFrame(breakdown_table(c))
    assert list(table["class"]) == list(range(10))
    # The book: 0.0975 and 0.510825457.
    assert table["½(y−t)²"].sum() == pytest.approx(0.0975, rel=1e-12)
    assert table["−t·log(y+δ)"].sum() == pytest.approx(0.510825457099338, rel=1e-12)
    assert table.loc[2, "∂CEE/∂y"] == pytest.approx(-1 / (0.6 + 1e-7), rel=1e-12)
    assert table.loc[2, "∂SSE/∂y"] == pytest.approx(-0.4, rel=1e-12)


def test_both_losses_bars_share_one_scale_the_largest_term_of_either():
    table = breakdown_table(compare([1.0], [0.1, 0.05, 0.05, 0.8]))  # its columns
    # ½(0.05 − 1)² = 0.45125 is the largest squared-error term; −ln(0.05 + 1e-7) = 2.9957 the only
    # CEE term and the larger: both columns' bars are drawn against it.
    top = -math.log(0.05 + 1e-7)
    assert bar_scales(table) == pytest.approx({"½(y−t)²": top, "−t·log(y+δ)": top})
    assert list(table["correct"]) == [False, True, False, False]


numberish = st.lists(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-3, 12),
        st.sampled_from(["", "x", "[", "1e999"]),
    ),
    max_size=12,
).map(lambda items: ", ".join(str(i) for i in items))


@given(st.one_of(numberish, st.text(max_size=40)), st.one_of(numberish, st.text(max_size=40)))
@settings(max_examples=300)
def test_any_pair_of_texts_computes_or_raises_input_error(t_text, y_text):
    try:
        c = compare_texts(t_text, y_text)
    except InputError as exc:
        assert str(exc) and exc.field in ("t", "y")
    else:
        # Each target weight t_k costs at most −ln(1e-7) ≈ 16.12 and at least −ln(1 + 1e-7).
        assert np.isfinite([c.sse, c.mse]).all()
        assert -1e-6 * c.t.sum() <= c.cee <= 16.2 * c.t.sum()
