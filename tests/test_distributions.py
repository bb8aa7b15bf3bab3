"""Tests for lossviz/maths/distributions.py: warn about rows that do not sum to 1, and normalise."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lossviz import InputError, normalize, rows_not_summing_to_one, sum_warning
from lossviz.maths.distributions import largest_remainder


def test_the_article_vectors_sum_to_one():
    # 0.1 + 0.05 + 0.05 + 0.8 is 1.0000000000000002 in floating point: within tolerance.
    assert sum_warning([0.1, 0.05, 0.05, 0.8], "y") is None
    assert sum_warning([0, 1, 0, 0], "t") is None


def test_a_vector_that_does_not_sum_to_one_gets_a_warning_with_its_sum():
    msg = str(sum_warning([0.1, 0.05, 0.05, 0.7], "y"))
    assert msg.startswith("y sums to 0.9, not 1.")
    assert "normalise y" in msg


def test_batch_warning_counts_rows_and_names_the_first():
    msg = str(sum_warning([[0.5, 0.5], [0.2, 0.2], [0.9, 0.9]], "y"))
    assert msg.startswith("2 rows of y do not sum to 1 (row 2 sums to 0.4)")
    np.testing.assert_array_equal(rows_not_summing_to_one([[0.5, 0.5], [0.2, 0.2], [0.9, 0.9]]), [1, 2])


def test_normalize_rescales_rows():
    # [1, 3] / 4 = [0.25, 0.75]; [2, 2] / 4 = [0.5, 0.5] (hand computation).
    np.testing.assert_allclose(normalize([[1.0, 3.0], [2.0, 2.0]]), [[0.25, 0.75], [0.5, 0.5]], rtol=0)
    assert sum_warning(normalize([0.3, 0.3, 0.3]), "y") is None


@pytest.mark.parametrize(
    ("p", "match"),
    [
        ([0.0, 0.0], r"y has a row of zeros, which cannot be normalised"),
        ([-0.5, 1.5], r"y has negative entries"),
        ([np.nan, 1.0], r"non-finite"),
    ],
)
def test_normalize_refuses_what_it_cannot_rescale(p, match):
    with pytest.raises(InputError, match=match):
        normalize(p)


@pytest.mark.parametrize(
    ("p", "units"),
    [
        # Hand computation: floors 3333 ×3 = 9999, one unit missing; equal remainders, the first gets it.
        ([1 / 3, 1 / 3, 1 / 3], [3334, 3333, 3333]),
        # The float noise a drag leaves (issue 26): 860, 1830, 430, 6880 are the nearest units.
        ([0.08599999999, 0.183, 0.04300000001, 0.6879999999], [860, 1830, 430, 6880]),
        # Floors 1666, 1666, 6666 = 9998; the two largest remainders (.67, .67 vs .66) get a unit each.
        ([1 / 6, 1 / 6, 2 / 3], [1667, 1667, 6666]),
        # A y summing to 2 keeps its sum: floors 6666 ×3 = 19998 of 20000; remainders .6, .7, .7.
        ([0.66666, 0.66667, 0.66667], [6666, 6667, 6667]),
    ],
)
def test_largest_remainder_keeps_the_total(p, units):
    assert largest_remainder(p, 4).tolist() == units


@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=20).filter(lambda v: sum(v) > 0))
def test_largest_remainder_of_a_distribution_sums_to_one_and_moves_each_entry_less_than_a_unit(v):
    p = np.asarray(v) / np.sum(v)
    units = largest_remainder(p, 4)
    assert units.sum() == 10_000
    assert np.all(np.abs(units - p * 1e4) < 1 + 1e-6)
