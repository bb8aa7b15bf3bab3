"""Odd-but-computable input: rows that do not sum to 1, and how to normalise them.

The losses compute such input as given; these helpers let the UI warn about it
and offer to rescale.
"""

import numpy as np

from lossviz.arrays import as_predictions, plural
from lossviz.errors import InputError

SUM_TOLERANCE = 1e-6  # how far a row sum may be from 1 before we call it "not summing to 1"


def rows_not_summing_to_one(p, *, atol=SUM_TOLERANCE):
    """Indices of the rows of p whose sum differs from 1 by more than atol.

    p: (K,) counts as one row, or (N, K). Returns int (M,), ascending.
    >>> rows_not_summing_to_one([[0.5, 0.5], [0.2, 0.2]])
    array([1])
    """
    p = as_predictions(p, "p")
    sums = p.reshape(-1, p.shape[-1]).sum(axis=-1, dtype=np.float64)
    return np.flatnonzero(np.abs(sums - 1.0) > atol)


def sum_warning(p, name, *, atol=SUM_TOLERANCE):
    """A user-facing warning when p's rows do not sum to 1, or None when they do.

    >>> print(sum_warning([0.1, 0.2], "y"))
    y sums to 0.3, not 1. The losses are computed as given; normalise y to rescale it so it sums to 1.
    >>> sum_warning([0.25, 0.75], "y") is None
    True
    """
    p = as_predictions(p, name)
    bad = rows_not_summing_to_one(p, atol=atol)
    if bad.size == 0:
        return None
    advice = f"The losses are computed as given; normalise {name} to rescale it so it sums to 1."
    if p.ndim == 1:
        return f"{name} sums to {p.sum(dtype=np.float64):.6g}, not 1. {advice}"
    first = int(bad[0])
    row_sum = p[first].sum(dtype=np.float64)
    return (
        f"{plural(bad.size, 'row')} of {name} do not sum to 1 (row {first + 1} sums to {row_sum:.6g}). "
        f"The losses are computed as given; normalise {name} to rescale each row so it sums to 1."
    )


def normalize(p, name="y"):
    """Rescale each row of p to sum to 1: p / Σ_k p_k. Entries must be ≥ 0.

    p: (K,) or (N, K) → same shape, float64.
    >>> normalize([1.0, 3.0])
    array([0.25, 0.75])
    """
    p = as_predictions(p, name).astype(np.float64)
    if (p < 0).any():
        raise InputError(
            f"{name} has negative entries, so it cannot be normalised. Make every entry ≥ 0 first."
        )
    sums = p.sum(axis=-1, keepdims=True)
    if (sums == 0).any():
        raise InputError(
            f"{name} has a row of zeros, which cannot be normalised. Give at least one entry above 0."
        )
    return p / sums
