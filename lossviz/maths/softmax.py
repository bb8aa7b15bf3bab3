"""Softmax, log-softmax and the stable cross-entropy computed from logits.

Each public function checks its input; the *_checked ones take logits already checked and
scaled by `scaled_logits` (finite float64 z / T), for callers that checked them once.
"""

import numpy as np

from lossviz.maths.checks import as_float_array, as_predictions, check_finite
from lossviz.maths.targets import as_targets, one_hot
from lossviz.words.errors import InputError
from lossviz.words.i18n import msg


def scaled_logits(z, temperature=1.0):
    """Checked z / T as float64, refusing a temperature that is not > 0 or that overflows.

    >>> scaled_logits([2.0, 1.0], 2.0)
    array([1. , 0.5])
    """
    z = as_float_array(z, "z")
    if z.ndim == 0 or z.size == 0:
        raise InputError("errors.softmax.empty")
    check_finite(z, "z")
    t = float(as_float_array(temperature, msg("name.temperature")))
    if not np.isfinite(t) or t <= 0:
        raise InputError("errors.softmax.temperature", value=temperature)
    with np.errstate(over="ignore"):
        s = z.astype(np.float64) / t
    if not np.isfinite(s).all():
        raise InputError("errors.softmax.overflow", value=t)
    return s


def log_softmax(z, *, temperature=1.0):
    """log softmax(z / T) along the last axis, by log-sum-exp: s − max s − log Σ exp(s − max s).

    Finite for any finite logits. z: (..., K).
    >>> log_softmax([1000.0, 0.0])
    array([    0., -1000.])
    """
    return log_softmax_checked(scaled_logits(z, temperature))


def log_softmax_checked(s):
    """log softmax(s) along the last axis for checked scaled logits s (see scaled_logits)."""
    shifted = s - s.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(z, *, temperature=1.0):
    """softmax(z / T)_k = exp(z_k / T) / Σ_j exp(z_j / T) along the last axis.

    Shifted by the row maximum first, which leaves the result unchanged but
    keeps exp from overflowing, so any finite logits (±1000 included) give
    finite probabilities. z: (..., K); T > 0 (T > 1 flattens, T < 1 sharpens).
    >>> softmax([1.0, 1.0])
    array([0.5, 0.5])
    >>> softmax([1000.0, 0.0]).tolist()
    [1.0, 0.0]
    """
    return softmax_checked(scaled_logits(z, temperature))


def softmax_checked(s):
    """softmax(s) along the last axis for checked scaled logits s (see scaled_logits), max-shifted."""
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy_from_logits(z, t, *, temperature=1.0):
    """Cross-entropy of softmax(z / T) against t, via log-softmax: E = −(1/N) Σ_n Σ_k t_nk log_softmax(z / T)_nk.

    The stable form that frameworks use (PyTorch's CrossEntropyLoss): no δ, so
    no cap: z = [1000, 0] with label 1 gives 1000, where −log(softmax + δ)
    would stop at 16.118. z: logits (K,) or (N, K); t: same forms as
    cross_entropy_error (distribution of z's shape, or labels); mean over N.
    >>> cross_entropy_from_logits([1000.0, 0.0], 1)
    1000.0
    """
    z = as_predictions(z, "z")
    labels, dense = as_targets(t, z, y_name="z")
    s = scaled_logits(z, temperature)
    if labels is not None:
        logp = log_softmax_checked(s).reshape(-1, z.shape[-1])
        return float(-logp[np.arange(logp.shape[0]), labels].mean())
    return cross_entropy_from_logits_checked(s, dense)


def cross_entropy_from_logits_checked(s, t):
    """−(1/N) Σ_n Σ_k t_nk log_softmax(s)_nk for checked scaled logits s (K,) or (N, K) and a
    checked target distribution t of N rows of K; classes with t = 0 add exactly 0.

    >>> cross_entropy_from_logits_checked(np.array([1000.0, 0.0]), np.array([0.0, 1.0]))
    1000.0
    """
    logp = log_softmax_checked(s).reshape(-1, s.shape[-1])
    dense = t.reshape(logp.shape)
    terms = np.where(dense != 0, dense * logp, 0.0)
    return float(-terms.sum() / logp.shape[0])


def cross_entropy_from_logits_grad(z, t):
    """dE/dz of cross_entropy_from_logits: (softmax(z) − t) / N, shaped like z.

    For soft targets this assumes each row of t sums to 1, as the formula does.
    >>> cross_entropy_from_logits_grad([0.0, 0.0], 0)
    array([-0.5,  0.5])
    """
    z = as_predictions(z, "z")
    labels, dense = as_targets(t, z, y_name="z")
    if dense is None:
        dense = one_hot(labels, z.shape[-1])
    n = 1 if z.ndim == 1 else z.shape[0]
    return (softmax(z) - dense.reshape(z.shape)) / n
