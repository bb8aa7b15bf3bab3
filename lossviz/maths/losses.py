"""The article's two losses, their per-class terms and their gradients.

Shapes: y is (K,) for one sample or (N, K) for a batch of N; t is either a
distribution of y's shape (one-hot or soft) or integer class labels (see
lossviz.maths.targets). Every loss returns a plain float.
"""

import numpy as np

from lossviz.maths.checks import as_float_array, as_predictions, check_in_unit_interval
from lossviz.maths.kernels import cross_entropy_sums, squared_error_sums
from lossviz.maths.targets import as_targets, one_hot
from lossviz.words.errors import InputError
from lossviz.words.i18n import msg

DELTA = 1e-7  # the article's δ: keeps log finite at y = 0


def _dense_targets(y, t, *, probabilities):
    """Checked (y, t) with t as a float array of y's shape (labels become one-hot)."""
    y = as_predictions(y)
    labels, dense = as_targets(t, y, probabilities=probabilities)
    if dense is None:
        dense = one_hot(labels, y.shape[-1])
    return y.astype(np.float64), dense.reshape(y.shape).astype(np.float64)


def _check_probabilities(y):
    check_in_unit_interval(y, "y", "probabilities")


def _check_delta(delta):
    d = float(as_float_array(delta, msg("name.delta")))
    if not np.isfinite(d) or d < 0:
        raise InputError("errors.delta", value=delta)
    return d


def checked_pair(y, t, *, probabilities=True):
    """(y, t) checked once, as float64 arrays of one shape (labels become one-hot).

    The entry point for callers that go on to use several of the *_checked functions below:
    raises InputError for anything those would not accept.
    """
    y, t = _dense_targets(y, t, probabilities=probabilities)
    if probabilities:
        _check_probabilities(y)
    return y, t


def squared_error_terms_checked(y, t):
    """½ (y − t)² elementwise; y, t: float64 arrays of one shape, already checked."""
    return 0.5 * (y - t) ** 2


def cross_entropy_terms_checked(y, t, delta=DELTA):
    """−t log(y + δ) / N elementwise (N = 1 for a 1-D y), exactly 0 where t = 0; checked inputs."""
    log_y = np.zeros_like(y)
    with np.errstate(divide="ignore"):
        np.log(y + delta, out=log_y, where=t != 0)
    m = -(t * log_y) + 0.0  # + 0.0 turns −0.0 into 0.0 for display
    return m if m.ndim == 1 else m / m.shape[0]


def sum_squared_error_grad_checked(y, t):
    """dE/dy of sum_squared_error, y − t (the ½ cancels the 2); checked inputs."""
    return y - t


def cross_entropy_error_grad_checked(y, t, delta=DELTA):
    """dE/dy of cross_entropy_error, −t / (y + δ) / N, 0 wherever t = 0; checked inputs."""
    n = 1 if y.ndim == 1 else y.shape[0]
    out = np.zeros_like(y)
    with np.errstate(divide="ignore"):
        np.divide(-t, (y + delta) * n, out=out, where=t != 0)
    return out


def squared_error_terms(y, t):
    """The terms ½ (y_k − t_k)² whose sum is sum_squared_error(y, t), shaped like y.

    >>> squared_error_terms([0.1, 0.8, 0.1], 1).round(4)
    array([0.005, 0.02 , 0.005])
    """
    return squared_error_terms_checked(*checked_pair(y, t, probabilities=False))


def sum_squared_error(y, t):
    """Half the sum of squared differences, E = ½ Σ (y − t)².

    The article's "MSE" (均方误差), summed over every element with no division
    by N, as in the book, which later renamed it sum_squared_error for that
    reason. PyTorch's MSELoss() averages instead: see mean_squared_error.
    y: (K,) or (N, K), any finite numbers; t: y's shape, or class labels.
    >>> round(sum_squared_error([0.1, 0.05, 0.05, 0.8], [0, 1, 0, 0]), 12)
    0.7775
    """
    return 0.5 * squared_error_sums(y, t)


def squared_error_per_sample(y, t):
    """½ Σ_k (y_nk − t_nk)² for each row: float64 (N,), or shape () for a 1-D y.

    Their sum is sum_squared_error(y, t).
    >>> squared_error_per_sample([[0.1, 0.9], [0.5, 0.5]], [1, 1]).round(4)
    array([0.01, 0.25])
    """
    per_row = 0.5 * squared_error_sums(y, t, per_sample=True)
    return per_row if np.ndim(y) == 2 else per_row.reshape(())


def mean_squared_error(y, t):
    """The mean of squared differences over all elements, E = (1/(N·K)) Σ (y − t)².

    PyTorch's MSELoss() default (reduction="mean"); equals
    2 · sum_squared_error(y, t) / y.size.
    y: (K,) or (N, K); t: y's shape, or class labels.
    >>> round(mean_squared_error([0.1, 0.05, 0.05, 0.8], [0, 1, 0, 0]), 12)
    0.38875
    """
    return squared_error_sums(y, t) / np.size(y)


def sum_squared_error_grad(y, t):
    """dE/dy of sum_squared_error: y − t, shaped like y (the ½ cancels the 2).

    >>> sum_squared_error_grad([0.25, 0.75], 1)
    array([ 0.25, -0.25])
    """
    return sum_squared_error_grad_checked(*checked_pair(y, t, probabilities=False))


def cross_entropy_terms(y, t, *, delta=DELTA):
    """The terms −t_nk log(y_nk + δ) / N whose sum is cross_entropy_error(y, t).

    Shaped like y; for a single sample (N = 1) they are the article's per-class
    terms. A class with t = 0 contributes exactly 0, even where y + δ = 0.
    >>> cross_entropy_terms([0.1, 0.8, 0.1], 1).round(6)
    array([0.      , 0.223143, 0.      ])
    """
    delta = _check_delta(delta)
    return cross_entropy_terms_checked(*checked_pair(y, t), delta)


def cross_entropy_error(y, t, *, delta=DELTA):
    """Cross-entropy error averaged over the batch, E = −(1/N) Σ_n Σ_k t_nk log(y_nk + δ).

    The article's 交叉熵误差 with its δ = 1e-7 against log 0 (so the loss is at
    most −ln(1e-7) ≈ 16.118 per sample). y: probabilities in [0, 1], (K,) or
    (N, K); a 1-D y is one sample (N = 1). t: a distribution of y's shape,
    one-hot or soft, used exactly as given (the book's code argmaxes soft
    targets; this does not); or integer labels, a single one for a 1-D y, or
    shape (N,) or (N, 1) for an (N, K) y. Natural log.
    >>> round(cross_entropy_error([0.1, 0.05, 0.05, 0.8], [0, 1, 0, 0]), 6)
    2.99573
    >>> round(cross_entropy_error([0.1, 0.05, 0.05, 0.8], 1), 6)
    2.99573
    """
    delta = _check_delta(delta)
    total = cross_entropy_sums(y, t, delta)
    return total / (1 if np.ndim(y) == 1 else np.shape(y)[0])


def cross_entropy_per_sample(y, t, *, delta=DELTA):
    """−Σ_k t_nk log(y_nk + δ) for each row: float64 (N,), or shape () for a 1-D y.

    Their mean is cross_entropy_error(y, t).
    >>> cross_entropy_per_sample([[0.5, 0.5], [0.2, 0.8]], [0, 1], delta=0).round(6)
    array([0.693147, 0.223144])
    """
    per_row = cross_entropy_sums(y, t, _check_delta(delta), per_sample=True)
    return per_row if np.ndim(y) == 2 else per_row.reshape(())


def cross_entropy_error_grad(y, t, *, delta=DELTA):
    """dE/dy of cross_entropy_error: −t / (y + δ) / N, shaped like y.

    Zero wherever t = 0 (even at y + δ = 0).
    >>> cross_entropy_error_grad([0.5, 0.5], 0, delta=0)
    array([-2.,  0.])
    """
    delta = _check_delta(delta)
    return cross_entropy_error_grad_checked(*checked_pair(y, t), delta)
