"""The explorer's charts for one Comparison: grids from lossviz.maths.grids, drawn by the builders.

Each takes lang="en" or "zh", the language of its titles, axes and hover texts.
"""

import numpy as np

from lossviz.charts.breakdown import breakdown_figure
from lossviz.charts.curves import gradient_figure, neglog_figure
from lossviz.charts.surfaces import path_figure, shared_range, simplex_figure, slice_figure
from lossviz.maths import grids


def _target_prob(c):
    return float(c.t[c.target_class])


def neglog_chart(c, *, log_x=False, lang="en"):
    """The −log curve for the correct class, the user's p marked."""
    t_c = _target_prob(c)
    p = grids.probability_axis()
    user = {k: float(v[0]) for k, v in grids.neglog_curves(np.array([c.p_target]), t_c).items()}
    return neglog_figure(p, grids.neglog_curves(p, t_c), c.p_target, user, log_x=log_x, lang=lang)


def gradient_chart(c, *, lang="en"):
    """|∂E/∂y| of both losses on the correct class against its probability."""
    p = grids.probability_axis(n_log=60, smallest=1e-7)
    user = {"sse": float(c.sse_grad[c.target_class]), "cee": float(c.cee_grad[c.target_class])}
    return gradient_figure(p, grids.gradient_curves(p, _target_prob(c)), c.p_target, user, lang=lang)


def breakdown_chart(c, *, lang="en"):
    """Both losses' per-class terms as bars, the correct class outlined."""
    return breakdown_figure(c.sse_terms, c.cee_terms, c.target_class, lang=lang)


def path_chart(c, *, lang="en"):
    """Both losses along the path where the correct class gets probability p."""
    p = np.linspace(0.0, 1.0, 201)
    losses = grids.path_losses(c.y, c.t, c.target_class, p)
    return path_figure(p, losses, c.p_target, {"sse": c.sse, "cee": c.cee}, c.target_class, lang=lang)


def simplex_charts(c, *, shared_scale=True, resolution=61, lang="en"):
    """(SSE, CEE) heat maps over the 3-class simplex; needs c.k == 3."""
    x, h, probs, z = grids.simplex_losses(c.t, n=resolution)
    zrange = shared_range(z["sse"], z["cee"]) if shared_scale else None
    y_user = c.y / c.y.sum() if c.y.sum() > 0 else c.y
    return tuple(
        simplex_figure(x, h, probs, z[loss], loss, y_user, value, c.target_class, zrange=zrange, lang=lang)
        for loss, value in (("sse", c.sse), ("cee", c.cee))
    )


def slice_charts(c, a, b, *, shared_scale=True, resolution=61, lang="en"):
    """(SSE, CEE) heat maps over y[a], y[b] in [0, 1]², other entries fixed at the user's y."""
    grid, z = grids.slice_losses(c.y, c.t, a, b, n=resolution)
    zrange = shared_range(z["sse"], z["cee"]) if shared_scale else None
    mass = float(c.y[a] + c.y[b])
    return tuple(
        slice_figure(
            grid, z[loss], loss, a, b, float(c.y[a]), float(c.y[b]), value, mass, zrange=zrange, lang=lang
        )
        for loss, value in (("sse", c.sse), ("cee", c.cee))
    )
