"""Points at which the charts evaluate the losses: curves, paths, slices and the simplex.

All losses here come from lossviz.maths.losses, per sample, so a chart shows exactly
what the numbers panel computes.
"""

import numpy as np

from lossviz.maths.losses import (
    DELTA,
    cross_entropy_error_grad,
    cross_entropy_per_sample,
    squared_error_per_sample,
    sum_squared_error_grad,
)

SQRT3_2 = np.sqrt(3) / 2  # height of the unit equilateral triangle


def probability_axis(n_log=60, n_linear=140, smallest=1e-10):
    """p in (0, 1]: log-spaced near 0 (where δ matters) and linear above 0.01.

    >>> p = probability_axis(); float(p[0]), float(p[-1]), bool(np.all(np.diff(p) > 0))
    (1e-10, 1.0, True)
    """
    return np.unique(
        np.concatenate([np.logspace(np.log10(smallest), -2, n_log), np.linspace(0.01, 1, n_linear)])
    )


def neglog_curves(p, t_c=1.0):
    """The correct class's loss terms as functions of its probability p (1-D).

    Returns dict of arrays: "exact" −t log p, "delta" −t log(p + δ) (the
    article's), and "squared" ½ (p − t)², the squared error's term for that class.
    >>> {k: round(float(v[0]), 4) for k, v in neglog_curves(np.array([0.5])).items()}
    {'exact': 0.6931, 'delta': 0.6931, 'squared': 0.125}
    """
    col = p[:, None]
    t = np.full_like(col, t_c)
    return {
        "exact": cross_entropy_per_sample(col, t, delta=0.0),
        "delta": cross_entropy_per_sample(col, t, delta=DELTA),
        "squared": squared_error_per_sample(col, t),
    }


def safeguard_curves(p, delta):
    """The correct class's −log term near p = 0 under each safeguard, for t = 1.

    "exact" −log p, "added" −log(p + δ) (the article), "clipped" −log clip(p, δ, 1 − δ)
    (Keras, scikit-learn). p: (M,) in [0, 1].
    >>> {k: round(float(v[0]), 3) for k, v in safeguard_curves(np.array([0.0]), 1e-7).items()}
    {'exact': inf, 'added': 16.118, 'clipped': 16.118}
    """
    col = p[:, None]
    ones = np.ones_like(col)
    with np.errstate(divide="ignore"):
        return {
            "exact": cross_entropy_per_sample(col, ones, delta=0.0),
            "added": cross_entropy_per_sample(col, ones, delta=delta),
            "clipped": cross_entropy_per_sample(np.clip(col, delta, 1 - delta), ones, delta=0.0),
        }


def logit_axis(lo=-10.0, hi=10.0, n=401):
    """Evenly spaced logits z from lo to hi, including the integers (for −10 and −5)."""
    return np.linspace(lo, hi, n)


def softmax_path(z_c, num_classes, target_class=0):
    """Logit rows where class target_class has logit z_c and every other class has 0: (M, K)."""
    rows = np.zeros((z_c.shape[0], num_classes))
    rows[:, target_class] = z_c
    return rows


def gradient_curves(p, t_c=1.0):
    """∂E/∂y of both losses on the correct class as functions of its probability p (1-D).

    Each entry's slope depends on that entry alone, so the M values of p are
    evaluated as the classes of one sample: "sse" p − t, "cee" −t / (p + δ).
    >>> {k: round(float(v[0]), 4) for k, v in gradient_curves(np.array([0.5])).items()}
    {'sse': -0.5, 'cee': -2.0}
    """
    t = np.full_like(p, t_c)
    return {"sse": sum_squared_error_grad(p, t), "cee": cross_entropy_error_grad(p, t)}


def path_to_target(y, c, p):
    """Predictions where class c gets probability p and the others keep their relative shares.

    y: (K,) the user's predictions; p: (M,) → (M, K) rows summing to 1. If the
    other classes have no mass, they share 1 − p equally.
    >>> path_to_target(np.array([0.2, 0.2, 0.6]), 2, np.array([1.0, 0.0])).tolist()
    [[0.0, 0.0, 1.0], [0.5, 0.5, 0.0]]
    """
    others = np.delete(y, c)
    total = others.sum()
    shares = others / total if total > 0 else np.full(others.shape, 1 / others.size if others.size else 0.0)
    rest = (1 - p)[:, None] * shares[None, :]
    return np.insert(rest, c, p, axis=1)


def path_losses(y, t, c, p):
    """Both losses along path_to_target(y, c, p): dict with "sse" and "cee", each (M,).

    >>> {k: round(float(v[0]), 4) for k, v in path_losses(np.array([0.5, 0.5]), np.array([0.0, 1.0]), 1, np.array([0.5])).items()}
    {'sse': 0.25, 'cee': 0.6931}
    """
    rows = path_to_target(y, c, p)
    targets = np.broadcast_to(t, rows.shape)
    return {"sse": squared_error_per_sample(rows, targets), "cee": cross_entropy_per_sample(rows, targets)}


def slice_losses(y, t, a, b, n=61):
    """Both losses as y_a and y_b each run over [0, 1], the other entries held at y.

    Returns (grid (n,), {"sse": (n, n), "cee": (n, n)}), indexed [i_b, i_a] so
    rows follow y_b as a heatmap expects.
    >>> g, z = slice_losses(np.array([0.5, 0.5]), np.array([0.0, 1.0]), 0, 1, n=3)
    >>> z["sse"].round(3).tolist()[0]
    [0.5, 0.625, 1.0]
    """
    grid = np.linspace(0.0, 1.0, n)
    ya, yb = np.meshgrid(grid, grid)
    rows = np.tile(y, (n * n, 1))
    rows[:, a] = ya.ravel()
    rows[:, b] = yb.ravel()
    targets = np.broadcast_to(t, rows.shape)
    return grid, {
        "sse": squared_error_per_sample(rows, targets).reshape(n, n),
        "cee": cross_entropy_per_sample(rows, targets).reshape(n, n),
    }


def to_triangle(y3):
    """Cartesian position of 3-class probabilities in the unit triangle.

    Vertices: class 0 at (0, 0), class 1 at (1, 0), class 2 at (½, √3/2).
    y3: (..., 3) → (x, h), each (...).
    """
    y3 = np.asarray(y3, dtype=np.float64)
    return y3[..., 1] + y3[..., 2] / 2, y3[..., 2] * SQRT3_2


def simplex_losses(t, n=61):
    """Both losses over the probability simplex of 3 classes, on a grid that fills the triangle.

    Row i has y_2 = i/(n−1); along it the other two share the rest, y_1 = (1 − y_2)·j/(n−1), so
    every point lies inside and the triangle's edges are grid lines (a chart draws them straight,
    lossviz.charts.surfaces). The last row is the top corner, n times.
    Returns x, h (n, n) of the plane (to_triangle), probs (n, n, 3) and {"sse", "cee"}: (n, n).
    >>> x, h, probs, z = simplex_losses(np.array([0.0, 0.0, 1.0]), n=5)
    >>> float(z["cee"][-1, 0]) < 1e-6, probs[0, 0].tolist(), bool(np.isnan(z["sse"]).any())
    (True, [1.0, 0.0, 0.0], False)
    """
    share, rise = np.meshgrid(np.linspace(0.0, 1.0, n), np.linspace(0.0, 1.0, n))
    probs = np.stack([(1 - rise) * (1 - share), (1 - rise) * share, rise], axis=-1)
    rows = probs.reshape(-1, 3)
    targets = np.broadcast_to(t, rows.shape)
    z = {
        name: fn(rows, targets).reshape(n, n)
        for name, fn in (("sse", squared_error_per_sample), ("cee", cross_entropy_per_sample))
    }
    x, h = to_triangle(probs)
    return x, h, probs, z
