"""Chunked, fused loss kernels: each input is read once, in cache-sized blocks of rows.

The straightforward formulas (`0.5 * np.sum((y - t)**2)`, `-np.sum(t * np.log(y + δ))`)
make several full-size temporaries and passes. Here each block of rows is
validated and reduced while it is in cache; only non-zero targets are logged
(one per row for one-hot or label targets); sums run on one core (see
_sum_of_squares); and the extra memory is one block whatever N is. A block that
fails a fast check hands over, once, to the precise checks of lossviz.maths.checks /
lossviz.maths.targets, which raise the InputError a user reads (or find the input
fine after all, e.g. for −0.0).

Shapes: y (K,) or (N, K); t a distribution of y's shape, or labels (see
lossviz.maths.targets). float32 and float64 are read as they are; sums are float64.
"""

import numpy as np

from lossviz.maths.checks import as_float_array, as_predictions, check_in_unit_interval
from lossviz.maths.targets import as_targets, check_label_shape

MAX_AMPLIFICATION = 512.0  # see _squared_error_by_dots
# Elements per block: 512 KiB of float64, so a block stays in L2 cache. Measured against 2^15,
# 2^17 and 2^18 with benchmarks/core_speed.py; 2^18 is faster for some cases, much slower for
# float32 input.
CHUNK_ELEMENTS = 1 << 16

# The bit pattern of 1.0: a float x lies in [0, 1] exactly when its bits, read as an unsigned
# integer, are at most these (negative numbers set the top bit; NaN and inf lie above).
_ONE_BITS = {
    np.dtype(np.float64): (np.uint64, 0x3FF0000000000000),
    np.dtype(np.float32): (np.uint32, 0x3F800000),
}


def _as_array(x, name):
    """The data as an array without copying numbers; ragged or non-numeric data raise InputError."""
    if isinstance(x, np.ndarray) and x.dtype.kind in "biuf":
        return x
    return as_float_array(x, name)


def prepare(y, t):
    """Shape-check y and t without touching their values; return (y2, labels, dense).

    y2: y as (N, K) (a view); exactly one of labels (N,) or dense (N, K) is set.
    """
    y = _as_array(y, "y")
    if y.ndim not in (1, 2) or y.size == 0:
        as_predictions(y)  # raises: wrong dimensions or empty
    t = _as_array(t, "t")
    y2 = y.reshape(-1, y.shape[-1])
    if t.shape == y.shape:
        return y2, None, t.reshape(y2.shape)
    check_label_shape(t, y)
    return y2, t.reshape(-1), None


class _Checks:
    """Fast per-block checks; the first failure runs the precise checks on the whole input."""

    def __init__(self, y, t, probabilities):
        self.y, self.t, self.probabilities = y, t, probabilities
        self.verified = False

    def require(self, ok):
        if not ok and not self.verified:
            y = as_predictions(self.y)
            if self.probabilities:
                check_in_unit_interval(y, "y", "probabilities")
            as_targets(self.t, y, probabilities=self.probabilities)
            self.verified = True  # nothing wrong after all (−0.0, or an overflow to report as inf)


def _blocks(n, k):
    step = max(1, CHUNK_ELEMENTS // k)
    for r0 in range(0, n, step):
        yield r0, min(n, r0 + step)


def _in_unit_interval(block):
    """True if every entry of block is in [0, 1] (False also for NaN, ±inf and −0.0)."""
    spec = _ONE_BITS.get(block.dtype)
    if spec is None or not block.flags.c_contiguous:
        return bool(block.min() >= 0 and block.max() <= 1)
    unsigned, one = spec
    return bool(block.reshape(-1).view(unsigned).max() <= one)


def _labels_ok(labels, k):
    """True if every label is a whole number in [0, k)."""
    if labels.dtype.kind in "iub":
        return bool(labels.min() >= 0 and labels.max() < k)
    return bool(labels.min() >= 0 and labels.max() < k and np.array_equal(labels, np.floor(labels)))


def _flat_label_index(row_starts, labels):
    """Indices into a block's flattened rows of each row's label; row_starts = arange(rows) * k."""
    return row_starts[: labels.shape[0]] + labels.astype(np.intp, copy=False)


def _row_starts(n, k):
    return np.arange(min(n, max(1, CHUNK_ELEMENTS // k))) * k


def _sum_of_squares(a):
    """Σ a² of a contiguous 1-D float64 array, on one core.

    Not np.dot: BLAS splits a long dot over threads, and on a busy machine each block's dot then
    waits for a second core (measured: float32 SSE 1,000,000 × 10 took 920 ms instead of 16 ms).
    """
    return float(np.einsum("i,i->", a, a))


def _squared_error_by_dots(yb, labels_flat, per_sample):
    """Σ (y − onehot)² of a float64 block without a copy: Σy² − Σp² + Σ(1 − p)², p the labelled entries.

    Exact enough only when Σy² does not dwarf the result (cancellation); returns None where the
    amplification Σy² / result exceeds MAX_AMPLIFICATION (rows, with per_sample) so the caller
    takes the exact path there. Rounding stays below 2.2e-16 · MAX_AMPLIFICATION relative.
    """
    p = yb.reshape(-1)[labels_flat]
    if per_sample:
        squares = np.einsum("ij,ij->i", yb, yb)
        result = squares - p * p + (1 - p) * (1 - p)
        return result, squares > MAX_AMPLIFICATION * result
    squares = _sum_of_squares(yb.reshape(-1))
    q = 1 - p
    result = squares - _sum_of_squares(p) + _sum_of_squares(q)
    return result, not (np.isfinite(squares) and squares <= MAX_AMPLIFICATION * result)


def _squared_error_exact(yb, dense_b, labels_flat, buf, per_sample):
    """Σ (y − t)² of a block through a float64 copy of y − t (rows, with per_sample)."""
    k = yb.shape[1]
    d = buf[: yb.size]
    if dense_b is None:
        np.copyto(d, yb.reshape(-1), casting="unsafe")
        d[labels_flat] -= 1.0
    elif yb.dtype == np.float64 and dense_b.dtype == np.float64:
        np.subtract(yb.reshape(-1), dense_b.reshape(-1), out=d)
    else:  # a cast copy of y, then t cast on the fly: faster than casting both inside subtract
        np.copyto(d, yb.reshape(-1), casting="unsafe")
        np.subtract(d, dense_b.reshape(-1), out=d, casting="unsafe")
    with np.errstate(over="ignore"):  # a genuine overflow is reported as inf
        if per_sample:
            return np.einsum("ij,ij->i", d.reshape(-1, k), d.reshape(-1, k))
        return _sum_of_squares(d)


def squared_error_sums(y, t, *, per_sample=False):
    """Σ (y − t)² over everything (a float), or per row ((N,) float64) with per_sample.

    No division and no ½: lossviz.maths.losses applies the conventions. With labels and
    float64 y, blocks avoid the copy of y − t unless that would cost accuracy.
    >>> squared_error_sums([[0.5, 0.5], [1.0, 0.0]], [1, 0], per_sample=True).tolist()
    [0.5, 0.0]
    """
    y2, labels, dense = prepare(y, t)
    checks = _Checks(y, t, probabilities=False)
    n, k = y2.shape
    out = np.empty(n) if per_sample else None
    total = 0.0
    buf = np.empty(min(n, max(1, CHUNK_ELEMENTS // k)) * k)
    starts = _row_starts(n, k)
    fast = labels is not None and y2.dtype == np.float64 and y2.flags.c_contiguous
    if labels is not None:
        checks.require(_labels_ok(labels, k))  # once: labels are N numbers, y is N·K
    for r0, r1 in _blocks(n, k):
        yb = y2[r0:r1]
        flat = None
        if labels is not None:
            lab = labels[r0:r1]
            flat = _flat_label_index(starts, lab)
        dense_b = None if dense is None else dense[r0:r1]
        part, redo = _squared_error_by_dots(yb, flat, per_sample) if fast else (None, True)
        if not per_sample:
            s = _squared_error_exact(yb, dense_b, flat, buf, per_sample=False) if redo else part
        else:
            if part is None:
                part = _squared_error_exact(yb, dense_b, flat, buf, per_sample=True)
            elif redo.any():  # only with labels: recompute the ill-conditioned rows exactly
                rows = np.flatnonzero(redo)
                rows_flat = _flat_label_index(starts, lab[rows])
                part[rows] = _squared_error_exact(yb[rows], None, rows_flat, buf, per_sample=True)
            out[r0:r1] = part
            s = float(part.sum())
        checks.require(np.isfinite(s))  # a NaN or ±inf in y or t; else a genuine overflow, reported as inf
        total += s
    return out if per_sample else total


def _neg_log(values, delta):
    """−log(values + δ) in float64; values is a fresh gathered array (changed in place when float64)."""
    logs = values.astype(np.float64, copy=False)
    logs += delta
    with np.errstate(divide="ignore"):
        np.log(logs, out=logs)
    return np.negative(logs, out=logs)


def _cross_entropy_of_labels(y2, labels, delta, checks, out):
    """Σ −log(y[n, label_n] + δ), filling out[n] when given; y2 (N, K), labels checked in range.

    Each block is checked and its labelled entries read while it is in cache: for rows of a few
    cache lines the entries lie on nearly every line, so reading them after a separate pass over
    y would read y twice.
    """
    n, k = y2.shape
    starts = _row_starts(n, k)
    total = 0.0
    for r0, r1 in _blocks(n, k):
        yc = y2[r0:r1]
        checks.require(_in_unit_interval(yc))
        terms = _neg_log(yc.reshape(-1)[_flat_label_index(starts, labels[r0:r1])], delta)
        if out is not None:
            out[r0:r1] = terms
        total += float(terms.sum())
    return total


def cross_entropy_sums(y, t, delta, *, per_sample=False):
    """Σ −t log(y + δ) over everything (a float), or per row ((N,) float64) with per_sample.

    Only entries with t ≠ 0 are logged. y must lie in [0, 1], dense t in [0, 1].
    >>> cross_entropy_sums([[0.5, 0.5], [0.2, 0.8]], [0, 1], 0.0, per_sample=True).round(6).tolist()
    [0.693147, 0.223144]
    """
    y2, labels, dense = prepare(y, t)
    checks = _Checks(y, t, probabilities=True)
    n, k = y2.shape
    out = np.empty(n) if per_sample else None
    if labels is not None:
        checks.require(_labels_ok(labels, k))
        total = _cross_entropy_of_labels(y2, labels, delta, checks, out)
        return out if per_sample else total
    total = 0.0
    for r0, r1 in _blocks(n, k):
        yc = y2[r0:r1]
        checks.require(_in_unit_interval(yc))
        flat = np.flatnonzero(dense[r0:r1] != 0)
        weights = dense[r0:r1].reshape(-1)[flat].astype(np.float64, copy=False)
        checks.require(weights.size == 0 or _in_unit_interval(weights))  # t ≠ 0 here, so (0, 1]
        terms = _neg_log(yc.reshape(-1)[flat], delta)
        terms *= weights
        if per_sample:
            out[r0:r1] = np.bincount(flat // k, weights=terms, minlength=r1 - r0)
        total += float(terms.sum())
    return out if per_sample else total
