"""Tests for lossviz/maths/losses.py. Every expected value says where it comes from."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lossviz import (
    DELTA,
    InputError,
    cross_entropy_error,
    cross_entropy_error_grad,
    cross_entropy_per_sample,
    cross_entropy_terms,
    mean_squared_error,
    squared_error_per_sample,
    squared_error_terms,
    sum_squared_error,
    sum_squared_error_grad,
)

# The article (../shared/seed): t = [0, 1, 0, 0] against two softmax outputs.
ARTICLE_T = [0, 1, 0, 0]
ARTICLE_Y1 = [0.1, 0.05, 0.05, 0.8]
ARTICLE_Y2 = [0.1, 0.8, 0.05, 0.05]

# The book (Deep Learning from Scratch, §4.2): ten classes, correct class 2.
BOOK_T = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
BOOK_Y_RIGHT = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
BOOK_Y_WRONG = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]


# --- the article's and the book's numbers -----------------------------------


@pytest.mark.parametrize(
    ("y", "t", "expected"),
    [
        # Hand computation: ½(0.1² + 0.95² + 0.05² + 0.8²) = ½ · 1.555 = 0.7775 (the article prints 0.7775).
        (ARTICLE_Y1, ARTICLE_T, 0.7775),
        # ½(0.1² + 0.2² + 0.05² + 0.05²) = ½ · 0.055 = 0.0275 (the article prints 0.0275).
        (ARTICLE_Y2, ARTICLE_T, 0.0275),
        # The book prints 0.09750000000000003 and 0.5975.
        (BOOK_Y_RIGHT, BOOK_T, 0.0975),
        (BOOK_Y_WRONG, BOOK_T, 0.5975),
        # The same with the label instead of one-hot.
        (ARTICLE_Y1, 1, 0.7775),
        (BOOK_Y_RIGHT, 2, 0.0975),
    ],
)
def test_sum_squared_error_reproduces_article_and_book(y, t, expected):
    assert sum_squared_error(y, t) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("y", "t", "expected"),
    [
        # math.log is independent of numpy: −ln(0.05 + 1e-7) ≈ 2.99573 (the article prints 2.9957302735559908).
        (ARTICLE_Y1, ARTICLE_T, -math.log(0.05 + 1e-7)),
        # −ln(0.8 + 1e-7) ≈ 0.223143 (the article prints 0.22314342631421757).
        (ARTICLE_Y2, ARTICLE_T, -math.log(0.8 + 1e-7)),
        (ARTICLE_Y1, 1, -math.log(0.05 + 1e-7)),
        (ARTICLE_Y2, [1], -math.log(0.8 + 1e-7)),
        # The book prints 0.510825457099338 and 2.302584092994546.
        (BOOK_Y_RIGHT, BOOK_T, 0.510825457099338),
        (BOOK_Y_WRONG, BOOK_T, 2.302584092994546),
        (BOOK_Y_RIGHT, 2, 0.510825457099338),
    ],
)
def test_cross_entropy_error_reproduces_article_and_book(y, t, expected):
    assert cross_entropy_error(y, t) == pytest.approx(expected, rel=1e-12)


def test_article_values_to_the_printed_digits():
    # The article rounds to these digits; a student compares them by eye.
    assert round(sum_squared_error(ARTICLE_Y1, ARTICLE_T), 4) == 0.7775
    assert round(cross_entropy_error(ARTICLE_Y1, ARTICLE_T), 5) == 2.99573
    assert round(cross_entropy_error(ARTICLE_Y2, ARTICLE_T), 6) == 0.223143
    assert round(cross_entropy_error(BOOK_Y_RIGHT, BOOK_T), 9) == 0.510825457
    assert round(cross_entropy_error(BOOK_Y_WRONG, BOOK_T), 9) == 2.302584093


def test_zero_probability_on_true_class_is_capped_by_delta():
    # −ln(1e-7) = 7 ln 10 ≈ 16.1181 (hand computation: 7 × 2.302585093).
    assert cross_entropy_error([1.0, 0.0], 1) == pytest.approx(7 * math.log(10), rel=1e-12)
    assert round(cross_entropy_error([1.0, 0.0], [0, 1]), 4) == 16.1181


def test_perfect_prediction_scores_slightly_below_zero_with_delta():
    # −ln(1 + 1e-7) ≈ −1e-7: adding δ makes a perfect answer score just under 0.
    assert cross_entropy_error([0.0, 1.0], 1) == pytest.approx(-math.log1p(1e-7), rel=1e-12)
    assert cross_entropy_error([0.0, 1.0], 1, delta=0) == 0.0


def test_delta_zero_gives_infinity_at_zero_probability():
    assert cross_entropy_error([1.0, 0.0], 1, delta=0) == math.inf


# --- batches ------------------------------------------------------------------


def test_batch_cross_entropy_is_the_mean_of_rows():
    # The article's batch formula −(1/N) Σ_n Σ_k t_nk log(y_nk + δ), by hand with math.log.
    y = [ARTICLE_Y1, ARTICLE_Y2]
    expected = -(math.log(0.05 + 1e-7) + math.log(0.8 + 1e-7)) / 2
    assert cross_entropy_error(y, [ARTICLE_T, ARTICLE_T]) == pytest.approx(expected, rel=1e-12)
    assert cross_entropy_error(y, [1, 1]) == pytest.approx(expected, rel=1e-12)
    assert cross_entropy_error(y, [[1], [1]]) == pytest.approx(expected, rel=1e-12)


def test_article_label_batch_example():
    # The article's labels [2, 5, 7, 3, 4] on a 5 × 10 batch: the mean of −ln(y[n, t_n] + δ).
    rng = np.random.default_rng(0)
    y = rng.dirichlet(np.ones(10), size=5)
    labels = [2, 5, 7, 3, 4]
    expected = -sum(math.log(float(y[n, k]) + 1e-7) for n, k in enumerate(labels)) / 5
    assert cross_entropy_error(y, labels) == pytest.approx(expected, rel=1e-12)


def test_square_batch_labels_are_not_broadcast_to_n_by_n():
    # The book's y[np.arange(N), t] is right, but t * log(y) with t of shape (N,) and y (N, N)
    # would silently broadcast; here labels are labels.
    y = np.array([[0.9, 0.1], [0.3, 0.7]])
    expected = -(math.log(0.9 + 1e-7) + math.log(0.7 + 1e-7)) / 2
    assert cross_entropy_error(y, [0, 1]) == pytest.approx(expected, rel=1e-12)


def test_soft_targets_are_used_exactly_not_argmaxed():
    # Hand computation: −(0.3 ln(0.5 + δ) + 0.7 ln(0.5 + δ)) = −ln(0.5 + δ); the book would
    # argmax t to label 1 and also give −ln(0.5 + δ), so use unequal y to tell them apart.
    y, t = [0.2, 0.8], [0.3, 0.7]
    expected = -(0.3 * math.log(0.2 + 1e-7) + 0.7 * math.log(0.8 + 1e-7))
    assert cross_entropy_error(y, t) == pytest.approx(expected, rel=1e-12)


def test_sum_squared_error_sums_over_the_whole_batch_without_dividing():
    # ½ (0.7775·2 + 0.0275·2) — both rows' half sums added (hand computation).
    y = [ARTICLE_Y1, ARTICLE_Y2]
    assert sum_squared_error(y, [1, 1]) == pytest.approx(0.7775 + 0.0275, rel=1e-12)


def test_mean_squared_error_is_the_pytorch_default():
    # torch.nn.MSELoss() on the book's example: mean of squares = 2 · 0.0975 / 10 = 0.0195
    # (value documented in the numerics-lab issue: "torch mean 0.0195").
    assert mean_squared_error(BOOK_Y_RIGHT, BOOK_T) == pytest.approx(0.0195, rel=1e-12)
    # The article's first example: 1.555 / 4 = 0.38875 (hand computation).
    assert mean_squared_error(ARTICLE_Y1, 1) == pytest.approx(0.38875, rel=1e-12)


def test_float32_input_gives_float64_accurate_result():
    y32 = np.array(ARTICLE_Y1, dtype=np.float32)
    expected = -math.log(float(np.float32(0.05)) + 1e-7)
    assert cross_entropy_error(y32, 1) == pytest.approx(expected, rel=1e-12)


def test_losses_return_plain_floats():
    assert type(sum_squared_error(ARTICLE_Y1, 1)) is float
    assert type(mean_squared_error(ARTICLE_Y1, 1)) is float
    assert type(cross_entropy_error(ARTICLE_Y1, 1)) is float


# --- per-class terms and gradients ---------------------------------------------


def test_terms_are_the_per_class_pieces_of_each_loss():
    # Hand computation: ½(y_k − t_k)² = [0.005, 0.45125, 0.00125, 0.32].
    np.testing.assert_allclose(
        squared_error_terms(ARTICLE_Y1, 1), [0.005, 0.45125, 0.00125, 0.32], rtol=1e-12
    )
    np.testing.assert_allclose(
        cross_entropy_terms(ARTICLE_Y1, 1), [0, -math.log(0.05 + 1e-7), 0, 0], rtol=1e-12
    )


def test_batch_terms_sum_to_the_batch_loss():
    y = np.array([ARTICLE_Y1, ARTICLE_Y2])
    assert cross_entropy_terms(y, [1, 1]).sum() == pytest.approx(cross_entropy_error(y, [1, 1]))
    assert squared_error_terms(y, [1, 1]).sum() == pytest.approx(sum_squared_error(y, [1, 1]))


def test_terms_are_positive_zero_for_zero_targets():
    terms = cross_entropy_terms([0.0, 1.0], 1)
    assert not np.signbit(terms[0])


def test_gradients_match_their_formulas():
    y = np.array(ARTICLE_Y1)
    t = np.array(ARTICLE_T, dtype=float)
    np.testing.assert_allclose(sum_squared_error_grad(y, 1), y - t, rtol=0, atol=0)
    # −t / (y + δ): only the true class is non-zero, −1 / 0.0500001.
    np.testing.assert_allclose(cross_entropy_error_grad(y, 1), [0, -1 / (0.05 + 1e-7), 0, 0], rtol=1e-12)


def test_batch_gradient_is_divided_by_n():
    y = np.array([[0.5, 0.5], [0.25, 0.75]])
    expected = [[-1 / (0.5 + DELTA) / 2, 0], [0, -1 / (0.75 + DELTA) / 2]]
    np.testing.assert_allclose(cross_entropy_error_grad(y, [0, 1]), expected, rtol=1e-12)


def _numerical_grad(f, y, eps=1e-6):
    g = np.zeros_like(y)
    for i in np.ndindex(y.shape):
        up, down = y.copy(), y.copy()
        up[i] += eps
        down[i] -= eps
        g[i] = (f(up) - f(down)) / (2 * eps)
    return g


def test_gradients_agree_with_finite_differences():
    y = np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]])
    t = np.array([[0.0, 0.0, 1.0], [0.2, 0.8, 0.0]])
    np.testing.assert_allclose(
        cross_entropy_error_grad(y, t), _numerical_grad(lambda v: cross_entropy_error(v, t), y), rtol=1e-5
    )
    np.testing.assert_allclose(
        sum_squared_error_grad(y, t), _numerical_grad(lambda v: sum_squared_error(v, t), y), rtol=1e-5
    )


# --- properties ---------------------------------------------------------------


@st.composite
def batches(draw):
    n = draw(st.integers(1, 6))
    k = draw(st.integers(2, 6))
    probs = st.floats(0, 1, allow_nan=False)
    y = np.array(draw(st.lists(st.lists(probs, min_size=k, max_size=k), min_size=n, max_size=n)))
    labels = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    return y, labels


@given(batches())
def test_labels_and_one_hot_give_the_same_loss(batch):
    y, labels = batch
    one_hot = np.eye(y.shape[1])[labels]
    assert cross_entropy_error(y, labels) == pytest.approx(cross_entropy_error(y, one_hot), rel=1e-12)
    assert sum_squared_error(y, labels) == pytest.approx(sum_squared_error(y, one_hot), rel=1e-12)


@given(batches())
def test_duplicating_a_batch_keeps_cee_and_doubles_sse(batch):
    y, labels = batch
    y2, labels2 = np.concatenate([y, y]), np.concatenate([labels, labels])
    assert cross_entropy_error(y2, labels2) == pytest.approx(cross_entropy_error(y, labels), rel=1e-12)
    assert sum_squared_error(y2, labels2) == pytest.approx(2 * sum_squared_error(y, labels), rel=1e-12)


@given(batches())
def test_cross_entropy_is_bounded_by_the_delta_cap(batch):
    y, labels = batch
    assert -math.log1p(1e-7) - 1e-15 <= cross_entropy_error(y, labels) <= -math.log(1e-7) + 1e-12


# --- bad input: one error type, a message a student understands -------------------


@pytest.mark.parametrize(
    ("y", "t", "match"),
    [
        ([], [], "y is empty"),
        ([0.5, np.nan], 0, r"non-finite value \(nan\) at entry 2"),
        ([0.5, np.inf], 0, r"non-finite value \(inf\) at entry 2"),
        ([0.5, 0.5], [0.0, np.nan], r"t has a non-finite value"),
        ([0.25, 0.25, 0.5], [0, 1], r"t has 2 entries but y has 3 entries.*single class label from 0 to 2"),
        ([[0.5, 0.5], [0.5, 0.5]], [0, 1, 1], r"y has 2 rows × 2 columns but t has 3 entries.*2 labels"),
        ([[0.5, 0.5], [0.5, 0.5]], [[0, 1, 0]], r"t has 1 row × 3 columns"),
        (
            [0.5, 0.5],
            2,
            r"t = 2 is not a class label: y has 2 classes, so labels are whole numbers from 0 to 1",
        ),
        ([0.5, 0.5], -1, r"t = -1 is not a class label"),
        ([0.5, 0.5], 0.5, r"t = 0.5 is not a class label"),
        ([[0.5, 0.5], [0.5, 0.5]], [0, 1.5], r"label in row 2 of t \(1.5\) is not a class label"),
        ([[[0.5]]], 0, r"vector of K numbers or a matrix.*shape 1 × 1 × 1"),
        (5.0, 0, r"vector of K numbers or a matrix.*a single number"),
        (["a", "b"], 0, r"y must contain numbers only"),
        ([[0.5, 0.5], [0.5]], 0, r"y is ragged"),
        ([1 + 2j, 0], 0, r"numbers only"),
    ],
)
@pytest.mark.parametrize("loss", [sum_squared_error, mean_squared_error, cross_entropy_error])
def test_bad_shapes_and_values_raise_input_error(loss, y, t, match):
    with pytest.raises(InputError, match=match):
        loss(y, t)


@pytest.mark.parametrize(
    ("y", "t", "match"),
    [
        ([1.2, -0.2], 0, r"y must hold probabilities between 0 and 1, but entry 1 is 1.2.*softmax"),
        (
            [[0.5, 0.5], [0.5, 0.5]],
            [[0, 1], [2, -1]],
            r"t must hold target probabilities between 0 and 1, but row 2, column 1 is 2",
        ),
    ],
)
def test_cross_entropy_refuses_values_outside_unit_interval(y, t, match):
    with pytest.raises(InputError, match=match):
        cross_entropy_error(y, t)
    with pytest.raises(InputError, match=match):
        cross_entropy_terms(y, t)


def test_squared_error_accepts_any_finite_values():
    # Squared error is also a regression loss: ½ ((3 − 1)² + (−1 − 0)²) = 2.5 by hand.
    assert sum_squared_error([3.0, -1.0], [1.0, 0.0]) == 2.5


@pytest.mark.parametrize("delta", [-1e-7, np.nan, np.inf, "x"])
def test_bad_delta_raises(delta):
    with pytest.raises(InputError, match=r"delta|numbers only"):
        cross_entropy_error([0.5, 0.5], 0, delta=delta)


def test_input_error_is_a_value_error():
    assert issubclass(InputError, ValueError)


# --- one home per formula: terms, per-sample losses and the kernels' sums agree ----------------


@given(
    st.integers(1, 6).flatmap(
        lambda k: st.tuples(
            st.lists(st.lists(st.floats(0, 1), min_size=k, max_size=k), min_size=1, max_size=5),
            st.integers(0, k - 1),
        )
    )
)
def test_terms_per_sample_losses_and_kernel_sums_are_one_formula(case):
    rows, label = case
    y = np.array(rows)
    labels = np.full(len(rows), label)
    t = np.eye(y.shape[1])[labels]
    # Independent: math.fsum of the textbook formulas, row by row.
    sse_rows = [
        0.5 * math.fsum((a - b) ** 2 for a, b in zip(r, tr, strict=True)) for r, tr in zip(y, t, strict=True)
    ]
    cee_rows = [-math.log(r[label] + DELTA) for r in y]
    np.testing.assert_allclose(squared_error_per_sample(y, labels), sse_rows, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(cross_entropy_per_sample(y, labels), cee_rows, rtol=1e-12)
    assert squared_error_terms(y, t).sum() == pytest.approx(
        sum_squared_error(y, labels), rel=1e-12, abs=1e-15
    )
    assert cross_entropy_terms(y, t).sum() == pytest.approx(cross_entropy_error(y, labels), rel=1e-12)
    assert sum_squared_error(y, labels) == pytest.approx(math.fsum(sse_rows), rel=1e-12, abs=1e-15)
    assert cross_entropy_error(y, labels) == pytest.approx(math.fsum(cee_rows) / len(rows), rel=1e-12)
