"""The usual wrong answers, computed from a question's own numbers by the wrong formula.

Each is the article's loss with one classic slip: the squared error instead of the
cross-entropy (or the reverse), log₁₀ instead of ln, the minus sign dropped, the batch's sum
instead of its mean, δ forgotten (−log 0 = ∞), the ½ of ½Σ(y − t)² forgotten. Keys name them in
lossviz/words/strings/room.toml (room.misconception.<key>).
"""

import numpy as np

import lossviz as lv
from lossviz.maths.losses import DELTA


def loss_variants(y, t, loss):
    """(truth, {key: value}): the loss `loss` ("cee" or "sse") of y against t, and its slips.

    y: (K,) or (N, K) probabilities; t: one-hot of y's shape. Cross-entropy is the batch mean
    −(1/N) Σ t ln(y + δ); squared error the mean over rows of ½ Σ_k (y − t)² (the article's E for
    one row). A slip may be ±inf (δ forgotten at y = 0).
    >>> truth, slips = loss_variants(np.array([0.1, 0.05, 0.05, 0.8]), np.array([0, 1, 0, 0]), "cee")
    >>> round(truth, 6), {k: round(float(v), 6) for k, v in slips.items()}
    (2.99573, {'squared_error': 0.7775, 'log10': 1.301029, 'no_minus': -2.99573, 'no_delta': 2.995732})
    """
    n = 1 if y.ndim == 1 else y.shape[0]
    cee = lv.cross_entropy_error(y, t)
    sse = float(np.mean(lv.squared_error_per_sample(y, t)))
    if loss == "cee":
        slips = {
            "squared_error": sse,
            "log10": float(-np.sum(t * np.log10(y + DELTA)) / n),
            "no_minus": float(np.sum(t * np.log(y + DELTA)) / n),
            "no_delta": lv.cross_entropy_error(y, t, delta=0.0),
        }
        if n > 1:
            slips["sum_not_mean"] = cee * n
        return cee, slips
    slips = {"cross_entropy": cee, "no_half": float(np.mean(np.sum((y - t) ** 2, axis=-1)))}
    if n > 1:
        slips["sum_not_mean"] = sse * n
    return sse, slips


def drag_variants(target, classes):
    """{key: p}: where a learner who uses a slip stops dragging p (the correct class's y).

    The true loss there is −ln(p + δ). Slips on the correct class's p, the other K − 1 classes
    sharing 1 − p evenly: log₁₀ (−log₁₀(p + δ)), the minus dropped (ln(p + δ)) and squared error
    (½(1 − p)² · K / (K − 1)); a slip that cannot reach `target` for any p in [0, 1] is left out.
    >>> {k: round(float(p), 4) for k, p in drag_variants(1.0, 4).items()}
    {'log10': 0.1}
    """
    p = np.linspace(0.0, 1.0, 100_001)
    formulas = {
        "log10": -np.log10(p + DELTA),
        "no_minus": np.log(p + DELTA),
        "squared_error": 0.5 * (1.0 - p) ** 2 * classes / (classes - 1),
    }
    found = {}
    for key, loss in formulas.items():
        gap = np.abs(loss - target)
        best = int(np.argmin(gap))
        if gap[best] <= 1e-3 * max(1.0, abs(target)):
            found[key] = float(p[best])
    return found


def distinct(truth, slips, tolerance):
    """The finite slips farther than `tolerance` from the truth and from each earlier one.

    >>> distinct(1.0, {"a": 1.001, "b": 2.0, "c": 2.001, "d": float("inf")}, 0.01)
    {'b': 2.0}
    """
    kept = {}
    for key, value in slips.items():
        others = [truth, *kept.values()]
        if np.isfinite(value) and all(abs(value - v) > tolerance for v in others):
            kept[key] = float(value)
    return kept
