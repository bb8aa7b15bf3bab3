"""Odd-but-computable input: rows that do not sum to 1, and how to normalise them.

The losses compute such input as given; these helpers let the UI warn about it
and offer to rescale.
"""

import numpy as np

from lossviz.maths.checks import as_predictions
from lossviz.words.counts import plural
from lossviz.words.errors import InputError
from lossviz.words.i18n import msg

SUM_TOLERANCE = 1e-6  # how far a row sum may be from 1 before we call it "not summing to 1"


def rows_not_summing_to_one(p, *, atol=SUM_TOLERANCE):
    """Indices of the rows of p whose sum differs from 1 by more than atol.

    p: (K,) counts as one row, or (N, K). Returns int (M,), ascending.
    >>> rows_not_summing_to_one([[0.5, 0.5], [0.2, 0.2]])
    array([1])
    """
    return _rows_off(as_predictions(p, "p"), atol)


def _rows_off(p, atol):
    """rows_not_summing_to_one of a checked array p."""
    sums = p.reshape(-1, p.shape[-1]).sum(axis=-1, dtype=np.float64)
    return np.flatnonzero(np.abs(sums - 1.0) > atol)


def sum_warning(p, name, *, atol=SUM_TOLERANCE):
    """A user-facing warning (a Message) when p's rows do not sum to 1, or None when they do.

    >>> print(sum_warning([0.1, 0.2], "y"))
    y sums to 0.3, not 1. The losses are computed as given; normalise y to rescale it so it sums to 1.
    >>> sum_warning([0.25, 0.75], "y") is None
    True
    """
    return sum_warning_checked(as_predictions(p, name), name, atol=atol)


def sum_warning_checked(p, name, *, atol=SUM_TOLERANCE):
    """sum_warning of an array p already checked (e.g. by as_predictions): (K,) or (N, K), finite."""
    bad = _rows_off(p, atol)
    if bad.size == 0:
        return None
    if p.ndim == 1:
        return msg("warnings.sum.vector", name=name, total=float(p.sum(dtype=np.float64)))
    first = int(bad[0])
    row_sum = float(p[first].sum(dtype=np.float64))
    count = plural(bad.size, "row")
    return msg("warnings.sum.rows", count=count, n=int(bad.size), name=name, row=first + 1, total=row_sum)


def normalize(p, name="y"):
    """Rescale each row of p to sum to 1: p / Σ_k p_k. Entries must be ≥ 0.

    p: (K,) or (N, K) → same shape, float64.
    >>> normalize([1.0, 3.0])
    array([0.25, 0.75])
    """
    p = as_predictions(p, name).astype(np.float64)
    if (p < 0).any():
        raise InputError("errors.normalize.negative", name=name)
    sums = p.sum(axis=-1, keepdims=True)
    if (sums == 0).any():
        raise InputError("errors.normalize.zero_row", name=name)
    return p / sums


def largest_remainder(p, decimals):
    """p in whole units of 10^−decimals whose total is p's total rounded to such units.

    Largest-remainder rounding: every entry is rounded down, then the units still missing go one
    each to the entries that lost the most. Entries that sum to 1 give units that sum to exactly
    10^decimals, so their decimal texts sum to exactly 1.
    p: (K,) finite → int64 (K,).
    >>> largest_remainder([1 / 3, 1 / 3, 1 / 3], 4)
    array([3334, 3333, 3333])
    """
    scaled = np.asarray(p, dtype=np.float64) * 10**decimals
    units = np.floor(scaled)
    missing = int(np.round(scaled.sum())) - int(units.sum())
    order = np.argsort(units - scaled, kind="stable")  # the largest remainder first, ties in order
    units[order[:missing]] += 1
    return units.astype(np.int64)
