"""Tests for lossviz/maths/kernels.py: blocked results equal the straightforward formulas.

The reference is the article's formula evaluated in float64 on the whole array
at once (numpy, no blocks), independent of the kernels' block logic.
"""

import numpy as np
import pytest

import lossviz.maths.kernels as kernels
from lossviz import InputError, cross_entropy_error, sum_squared_error
from lossviz.maths.kernels import cross_entropy_sums, squared_error_sums


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    # 1,000 elements per block: every test crosses many block boundaries.
    monkeypatch.setattr(kernels, "CHUNK_ELEMENTS", 1000)


def batch(n, k, dtype=np.float64, seed=0, confident=False):
    rng = np.random.default_rng(seed)
    y = rng.random((n, k))
    labels = rng.integers(0, k, n)
    if confident:  # nearly perfect predictions: the hard case for cancellation
        y *= 1e-5
        y[np.arange(n), labels] = 1.0
    y /= y.sum(axis=1, keepdims=True)
    return y.astype(dtype), labels, np.eye(k, dtype=dtype)[labels]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("n", "k"), [(1, 3), (999, 7), (1001, 10), (257, 1000), (3, 2000)])
@pytest.mark.parametrize("confident", [False, True])
def test_blocked_sums_equal_the_straightforward_formulas(dtype, n, k, confident):
    y, labels, one_hot = batch(n, k, dtype, confident=confident)
    y64, t64 = y.astype(np.float64), one_hot.astype(np.float64)
    sse_rows = ((y64 - t64) ** 2).sum(axis=1)
    cee_rows = -(t64 * np.log(y64 + 1e-7)).sum(axis=1)
    for t in (labels, one_hot):
        assert squared_error_sums(y, t) == pytest.approx(sse_rows.sum(), rel=1e-12)
        assert cross_entropy_sums(y, t, 1e-7) == pytest.approx(cee_rows.sum(), rel=1e-12)
        np.testing.assert_allclose(squared_error_sums(y, t, per_sample=True), sse_rows, rtol=1e-12)
        np.testing.assert_allclose(cross_entropy_sums(y, t, 1e-7, per_sample=True), cee_rows, rtol=1e-12)


def test_soft_targets_across_blocks():
    rng = np.random.default_rng(3)
    y = rng.dirichlet(np.ones(5), size=1234)
    t = rng.dirichlet(np.ones(5), size=1234)
    t[t < 0.1] = 0.0  # some exact zeros, as in real soft targets
    expected = -(t * np.log(y + 1e-7)).sum()
    assert cross_entropy_sums(y, t, 1e-7) == pytest.approx(expected, rel=1e-12)


def test_bad_value_deep_in_the_batch_is_reported_at_its_global_row():
    y, labels, one_hot = batch(1000, 10)
    y[777, 3] = np.nan
    with pytest.raises(InputError, match=r"y has a non-finite value \(nan\) at row 778, column 4"):
        cross_entropy_error(y, labels)
    with pytest.raises(InputError, match=r"row 778, column 4"):
        sum_squared_error(y, one_hot)
    y[777, 3] = 1.5
    with pytest.raises(
        InputError, match=r"y must hold probabilities between 0 and 1, but row 778, column 4 is 1.5"
    ):
        cross_entropy_error(y, one_hot)


def test_bad_labels_deep_in_the_batch():
    y, labels, _ = batch(1000, 10)
    labels = labels.astype(np.float64)
    labels[640] = 10
    with pytest.raises(InputError, match=r"the label in row 641 of t \(10\) is not a class label"):
        sum_squared_error(y, labels)
    labels[640] = 2.5
    with pytest.raises(InputError, match=r"the label in row 641 of t \(2.5\)"):
        cross_entropy_error(y, labels)


def test_bad_targets_deep_in_the_batch():
    y, _, one_hot = batch(1000, 10)
    one_hot[500, 0] = -0.25
    with pytest.raises(
        InputError, match=r"t must hold target probabilities between 0 and 1, but row 501, column 1"
    ):
        cross_entropy_error(y, one_hot)


def test_negative_zero_is_a_valid_probability():
    # −0.0 fails the fast bit test but is a valid 0; the precise check lets it through.
    y = np.array([[-0.0, 1.0], [0.5, 0.5]])
    assert cross_entropy_error(y, [1, 0]) == pytest.approx(
        -(np.log1p(1e-7) + np.log(0.5 + 1e-7)) / 2, rel=1e-12
    )


def test_overflow_is_reported_as_infinity_not_as_bad_input():
    # (1e200 − 0)² overflows float64: the input is valid, the true value beyond float64's range.
    assert sum_squared_error([1e200, 0.0], [0.0, 1.0]) == float("inf")


def test_integer_and_boolean_inputs():
    y = np.array([[0, 1], [1, 0]], dtype=np.int8)
    assert cross_entropy_error(y, np.array([[False, True], [True, False]])) == pytest.approx(
        -np.log1p(1e-7), rel=1e-12
    )
    assert sum_squared_error(y, np.array([1, 1], dtype=np.uint8)) == 1.0


@pytest.mark.parametrize(
    ("y_dtype", "t_dtype"), [(np.float32, np.float64), (np.float64, np.float32), (np.float32, np.int8)]
)
def test_mixed_dtypes_sum_exactly_in_float64(y_dtype, t_dtype):
    # Reference: both cast to float64 first, then the article's formula (numpy on the whole array).
    y, labels, _ = batch(1001, 10, y_dtype, confident=True)
    t = np.eye(10, dtype=t_dtype)[labels]
    expected = ((y.astype(np.float64) - t.astype(np.float64)) ** 2).sum()
    assert squared_error_sums(y, t) == pytest.approx(expected, rel=1e-12)
    assert squared_error_sums(y, labels) == pytest.approx(expected, rel=1e-12)
