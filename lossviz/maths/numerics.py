"""The numerical safeguards around log 0: δ added or clipping, and the softmax that overflows.

Shapes as in lossviz.maths.losses: y (K,) or (N, K); t a distribution of y's shape or labels.
Every cross-entropy here is the one in lossviz.maths.losses (the kernels), fed clipped or naive
probabilities; the *_checked functions take arrays their caller has checked once.
"""

import functools
from dataclasses import dataclass

import numpy as np

from lossviz.maths.checks import as_float_array, check_finite, check_in_unit_interval
from lossviz.maths.losses import DELTA, cross_entropy_error
from lossviz.maths.targets import target_distribution
from lossviz.words.errors import InputError
from lossviz.words.i18n import Message, msg


@dataclass(frozen=True)
class DeltaChoice:
    """A value of δ (or of a clipping ε) and where it comes from.

    >>> DELTA_CHOICES[2].label.text("zh")
    'float64 的机器精度 ≈ 2.2e-16（scikit-learn 的 log_loss）'
    """

    key: str  # short, as it appears in the URL (?delta=float32)
    label: Message  # where the value comes from, in the reader's language
    value: float


DELTA_CHOICES = (
    DeltaChoice("1e-7", msg("lab.delta.choice.article"), DELTA),
    DeltaChoice("float32", msg("lab.delta.choice.float32"), float(np.finfo(np.float32).eps)),
    DeltaChoice("float64", msg("lab.delta.choice.float64"), float(np.finfo(np.float64).eps)),
)


def cross_entropy_clipped(y, t, *, eps=DELTA):
    """Cross-entropy with y clipped to [ε, 1 − ε] instead of δ added: −(1/N) Σ t log clip(y, ε, 1 − ε).

    The Keras and scikit-learn safeguard: the cap at y = 0 is −log ε, and a
    perfect prediction scores −log(1 − ε) ≈ +ε, never below 0.
    >>> round(cross_entropy_clipped([1.0, 0.0], 1), 3), cross_entropy_clipped([0.0, 1.0], 1) > 0
    (16.118, True)
    """
    eps = float(eps)
    if not 0 < eps < 0.5:
        raise InputError("errors.clip_eps", value=eps)
    dense = target_distribution(y, t)
    y = as_float_array(y, "y").astype(np.float64)
    check_in_unit_interval(y, "y", "probabilities")
    return cross_entropy_clipped_checked(y, dense, eps)


def cross_entropy_clipped_checked(y, t, eps):
    """cross_entropy_clipped of checked probabilities y, a checked distribution t of y's shape, 0 < ε < ½.

    The article's cross-entropy (the kernels) with δ = 0 on clip(y, ε, 1 − ε): only t ≠ 0 is logged.
    >>> round(cross_entropy_clipped_checked(np.array([1.0, 0.0]), np.array([0.0, 1.0]), 1e-7), 3)
    16.118
    """
    return cross_entropy_error(np.clip(y, eps, 1 - eps), t, delta=0.0)


@dataclass(frozen=True)
class Safeguard:
    """What one δ does at the two extremes: y = 0 and y = 1 on the correct class."""

    choice: DeltaChoice
    cap_added: float  # −log(0 + δ)
    cap_clipped: float  # −log δ
    perfect_added: float  # −log(1 + δ): slightly below 0
    perfect_clipped: float  # −log(1 − δ): slightly above 0


@functools.cache
def safeguards():
    """The cap at y = 0 and the score of a perfect prediction, for each δ of DELTA_CHOICES, added or clipped.

    Constants: computed once per process.
    >>> [round(s.cap_added, 3) for s in safeguards()]
    [16.118, 15.942, 36.044]
    """
    wrong, right = [1.0, 0.0], [0.0, 1.0]
    return tuple(
        Safeguard(
            choice=c,
            cap_added=cross_entropy_error(wrong, 1, delta=c.value),
            cap_clipped=cross_entropy_clipped(wrong, 1, eps=c.value),
            perfect_added=cross_entropy_error(right, 1, delta=c.value),
            perfect_clipped=cross_entropy_clipped(right, 1, eps=c.value),
        )
        for c in DELTA_CHOICES
    )


def naive_softmax(z):
    """exp(z) / Σ exp(z) without the max-shift: overflows for large logits, as a lesson.

    exp(1000) is inf in float64, and inf / inf is NaN, so z = [1000, 0] gives
    [nan, 0]. Use lossviz.maths.softmax for real work.
    >>> naive_softmax([1000.0, 0.0]).tolist()
    [nan, 0.0]
    """
    z = as_float_array(z, "z").astype(np.float64)
    check_finite(z, "z")
    return naive_softmax_checked(z)


def naive_softmax_checked(z):
    """naive_softmax of checked finite float64 logits z."""
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


def cross_entropy_of_naive_softmax(z, t, *, delta=DELTA):
    """The article's −log(y + δ) applied to naive_softmax(z): NaN once exp overflows.

    >>> cross_entropy_of_naive_softmax([1000.0, 0.0], 1)
    nan
    """
    y = naive_softmax(z)
    dense = target_distribution(np.nan_to_num(y), t)
    return cross_entropy_of_naive_softmax_checked(y, dense, delta)


def cross_entropy_of_naive_softmax_checked(y, t, delta=DELTA):
    """The article's cross-entropy of y = naive_softmax(z), t a checked distribution of y's shape.

    NaN wherever exp overflowed (inf / inf), as −Σ t log(y + δ) computed naively gives (0 · NaN
    is NaN); otherwise y is a true distribution and the article's kernel computes it.
    >>> cross_entropy_of_naive_softmax_checked(np.array([np.nan, 0.0]), np.array([0.0, 1.0]))
    nan
    """
    if np.isnan(y).any():
        return float("nan")
    return cross_entropy_error(y, t, delta=delta)
