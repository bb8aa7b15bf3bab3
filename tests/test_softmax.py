"""Tests for lossviz/maths/softmax.py."""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lossviz import (
    InputError,
    cross_entropy_error,
    cross_entropy_from_logits,
    cross_entropy_from_logits_grad,
    log_softmax,
    softmax,
)


def test_softmax_matches_the_definition():
    # exp(z_k) / Σ exp(z_j) with math.exp, independent of numpy.
    z = [1.0, 2.0, 3.0]
    total = sum(math.exp(v) for v in z)
    np.testing.assert_allclose(softmax(z), [math.exp(v) / total for v in z], rtol=1e-14)


def test_softmax_is_finite_for_extreme_logits():
    # Without the max-shift, exp(1000) overflows to inf and inf / inf is NaN.
    np.testing.assert_array_equal(softmax([1000.0, 0.0]), [1.0, 0.0])
    np.testing.assert_allclose(softmax([-1000.0, -1000.0]), [0.5, 0.5])
    np.testing.assert_allclose(softmax([[1000.0, 1000.0], [-1000.0, 1000.0]]), [[0.5, 0.5], [0.0, 1.0]])


def test_temperature_divides_the_logits():
    z = np.array([2.0, 1.0, 0.1])
    np.testing.assert_allclose(softmax(z, temperature=2.0), softmax(z / 2.0), rtol=1e-14)
    # Very high temperature tends to uniform: softmax([2, 1, 0.1] / 1e9) ≈ 1/3 each.
    np.testing.assert_allclose(softmax(z, temperature=1e9), [1 / 3] * 3, rtol=1e-8)


def test_log_softmax_is_log_of_softmax_where_both_are_finite():
    z = np.array([[2.0, 1.0, 0.1], [-3.0, 0.0, 3.0]])
    np.testing.assert_allclose(log_softmax(z), np.log(softmax(z)), rtol=1e-14)


def test_logits_form_has_no_delta_cap():
    # The stable form: −log_softmax([1000, 0])[1] = 1000 + log(1 + e^−1000) = 1000 (hand computation);
    # the article's −log(softmax + δ) stops at −ln(1e-7) ≈ 16.118.
    assert cross_entropy_from_logits([1000.0, 0.0], 1) == 1000.0
    assert cross_entropy_error(softmax([1000.0, 0.0]), 1) == pytest.approx(-math.log(1e-7), rel=1e-12)
    assert cross_entropy_from_logits([1000.0, 0.0], 0) == 0.0


def test_pytorch_cross_entropy_on_probabilities_mistake():
    # Passing the book's probabilities to torch.nn.CrossEntropyLoss (which expects logits)
    # gives 1.8195 instead of 0.5108 (value stated in the numerics-lab issue; recomputed by
    # hand as −0.6 + ln Σ exp(y_k) with math.exp).
    y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    expected = -0.6 + math.log(sum(math.exp(v) for v in y))
    assert cross_entropy_from_logits(y, 2) == pytest.approx(expected, rel=1e-12)
    assert round(cross_entropy_from_logits(y, 2), 4) == 1.8195


def test_label_smoothing_example_with_soft_targets():
    # Logits [2, 1, 0.1], label 0, ε = 0.1: targets (1 − ε)·one_hot + ε/K. PyTorch's
    # CrossEntropyLoss(label_smoothing=0.1), Keras and optax all give 0.5136967 (numerics-lab issue).
    t = 0.9 * np.array([1.0, 0.0, 0.0]) + 0.1 / 3
    assert round(cross_entropy_from_logits([2.0, 1.0, 0.1], t), 7) == 0.5136967


def test_batch_logits_mean_over_rows():
    z = np.array([[2.0, 1.0, 0.1], [0.0, 0.0, 0.0]])
    # Row 1: −2 + ln(e² + e + e^0.1); row 2: ln 3 (hand computation with math).
    row1 = -2 + math.log(math.exp(2) + math.exp(1) + math.exp(0.1))
    expected = (row1 + math.log(3)) / 2
    assert cross_entropy_from_logits(z, [0, 2]) == pytest.approx(expected, rel=1e-14)
    assert cross_entropy_from_logits(z, np.eye(3)[[0, 2]]) == pytest.approx(expected, rel=1e-14)


def test_logits_gradient_is_softmax_minus_targets_over_n():
    z = np.array([[2.0, 1.0, 0.1], [0.5, -0.5, 0.0]])
    t = np.eye(3)[[0, 1]]
    np.testing.assert_allclose(cross_entropy_from_logits_grad(z, [0, 1]), (softmax(z) - t) / 2, rtol=1e-14)
    eps = 1e-6
    numeric = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        up, down = z.copy(), z.copy()
        up[i] += eps
        down[i] -= eps
        numeric[i] = (cross_entropy_from_logits(up, t) - cross_entropy_from_logits(down, t)) / (2 * eps)
    np.testing.assert_allclose(cross_entropy_from_logits_grad(z, t), numeric, rtol=1e-6, atol=1e-9)


finite_logits = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=8),
    elements=st.floats(-1e4, 1e4, allow_nan=False),
)


@given(finite_logits, st.floats(0.05, 20))
def test_softmax_rows_sum_to_one_and_are_finite(z, temperature):
    p = softmax(z, temperature=temperature)
    assert np.isfinite(p).all()
    assert ((p >= 0) & (p <= 1)).all()
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)


@given(finite_logits, st.data())
def test_logits_form_equals_article_form_without_delta_where_finite(z, data):
    k = z.shape[-1]
    n = 1 if z.ndim == 1 else z.shape[0]
    labels = data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    t = labels[0] if z.ndim == 1 else labels
    y = softmax(z)
    picked = y.reshape(-1, k)[np.arange(n), labels]
    assume((picked > 1e-300).all())  # where log(softmax) is finite and not denormal
    stable = cross_entropy_from_logits(z, t)
    article = cross_entropy_error(y, t, delta=0)
    assert article == pytest.approx(stable, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"z": []}, r"z is empty"),
        ({"z": [1.0, np.nan]}, r"z has a non-finite value \(nan\) at entry 2"),
        ({"z": [1.0, 2.0], "temperature": 0}, r"temperature must be a number above 0"),
        ({"z": [1.0, 2.0], "temperature": -1}, r"temperature must be a number above 0"),
        ({"z": [1.0, 2.0], "temperature": np.nan}, r"temperature must be a number above 0"),
        ({"z": [1000.0, 0.0], "temperature": 1e-308}, r"so small that z / temperature overflows"),
    ],
)
def test_bad_logits_and_temperatures_raise_input_error(kwargs, match):
    with pytest.raises(InputError, match=match):
        softmax(**kwargs)


def test_logits_loss_checks_targets_like_the_article_form():
    with pytest.raises(InputError, match=r"t = 3 is not a class label: z has 3 classes"):
        cross_entropy_from_logits([1.0, 2.0, 3.0], 3)
    with pytest.raises(InputError, match=r"t has 2 entries but z has 3 entries"):
        cross_entropy_from_logits([1.0, 2.0, 3.0], [0, 1])
