"""Tests for lossviz/maths/grids.py: the points the charts are drawn from."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lossviz import cross_entropy_error, sum_squared_error
from lossviz.maths.grids import (
    SQRT3_2,
    gradient_curves,
    neglog_curves,
    path_losses,
    path_to_target,
    probability_axis,
    simplex_losses,
    slice_losses,
    to_triangle,
)


def test_probability_axis_reaches_far_below_delta():
    p = probability_axis()
    assert p[0] == 1e-10 and p[-1] == 1.0 and (np.diff(p) > 0).all()


def test_neglog_curves_against_math():
    p = np.array([1e-10, 0.05, 1.0])
    curves = neglog_curves(p)
    np.testing.assert_allclose(curves["exact"], [-math.log(v) for v in p], rtol=1e-14)
    np.testing.assert_allclose(curves["delta"], [-math.log(v + 1e-7) for v in p], rtol=1e-14)
    np.testing.assert_allclose(curves["squared"], [0.5 * (v - 1) ** 2 for v in p], rtol=1e-14)


def test_gradient_curves_against_their_formulas():
    p = np.array([0.0, 0.05, 1.0])
    g = gradient_curves(p)
    np.testing.assert_allclose(g["sse"], p - 1, rtol=0)
    np.testing.assert_allclose(g["cee"], [-1 / (v + 1e-7) for v in p], rtol=1e-14)


@st.composite
def predictions(draw):
    k = draw(st.integers(2, 8))
    y = np.array(draw(st.lists(st.floats(0.01, 1), min_size=k, max_size=k)))
    return y / y.sum(), draw(st.integers(0, k - 1))


@given(predictions(), st.floats(0, 1))
def test_path_rows_sum_to_one_and_keep_the_other_shares(pred, p):
    y, c = pred
    row = path_to_target(y, c, np.array([p]))[0]
    assert row[c] == p
    assert row.sum() == pytest.approx(1.0, abs=1e-12)
    others, mine = np.delete(row, c), np.delete(y, c)
    np.testing.assert_allclose(others * mine.sum(), mine * others.sum(), atol=1e-12)


def test_path_passes_through_the_users_prediction():
    y, t = np.array([0.1, 0.05, 0.05, 0.8]), np.array([0.0, 1.0, 0.0, 0.0])
    at_user = path_losses(y, t, 1, np.array([0.05]))
    assert at_user["sse"][0] == pytest.approx(sum_squared_error(y, t), rel=1e-12)
    assert at_user["cee"][0] == pytest.approx(cross_entropy_error(y, t), rel=1e-12)


def test_path_with_no_mass_elsewhere_shares_equally():
    np.testing.assert_allclose(
        path_to_target(np.array([0.0, 1.0, 0.0]), 1, np.array([0.4])), [[0.3, 0.4, 0.3]]
    )


def test_slice_holds_the_other_entries_fixed():
    y, t = np.array([0.1, 0.05, 0.05, 0.8]), np.array([0.0, 1.0, 0.0, 0.0])
    grid, z = slice_losses(y, t, 1, 3, n=21)
    i_a, i_b = 1, 16  # grid[1] = 0.05 = y[1], grid[16] = 0.8 = y[3]
    assert grid[i_a] == pytest.approx(0.05) and grid[i_b] == pytest.approx(0.8)
    assert z["sse"][i_b, i_a] == pytest.approx(sum_squared_error(y, t), rel=1e-12)
    assert z["cee"][i_b, i_a] == pytest.approx(cross_entropy_error(y, t), rel=1e-9)


def test_triangle_corners():
    x, h = to_triangle(np.eye(3))
    np.testing.assert_allclose(x, [0, 1, 0.5])
    np.testing.assert_allclose(h, [0, 0, SQRT3_2])


def test_simplex_values_at_the_corners():
    x, h, probs, z = simplex_losses(np.array([0.0, 0.0, 1.0]), n=61)
    # Bottom-left corner is y = (1, 0, 0): all mass on a wrong class. SSE = ½(1 + 1) = 1, CEE = −ln(1e-7).
    assert z["sse"][0, 0] == pytest.approx(1.0)
    assert z["cee"][0, 0] == pytest.approx(-math.log(1e-7), rel=1e-12)
    # The top vertex (the last row) is the correct class: SSE 0, CEE −ln(1 + 1e-7).
    assert z["sse"][-1, 0] == pytest.approx(0.0, abs=1e-12)
    assert z["cee"][-1, 0] == pytest.approx(-math.log(1 + 1e-7), rel=1e-12)
    # Every point is a distribution (the grid fills the triangle, nothing outside it).
    assert (probs >= 0).all()
    np.testing.assert_allclose(probs.sum(axis=-1), 1.0, atol=1e-12)
