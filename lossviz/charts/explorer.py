"""The explorer's charts for one Comparison: grids from lossviz.maths.grids, drawn by the builders.

Each chart is named after the view that shows it (?view=neglog draws `neglog`; the surface view's
three are surface_*), and takes lang="en" or "zh", the language of its titles, axes and hover texts.
"""

import threading
from collections import OrderedDict

import numpy as np

from lossviz.charts.breakdown import breakdown_figure
from lossviz.charts.curves import USER_TRACE, gradient_figure, gradient_marks, neglog_figure, neglog_marks
from lossviz.charts.style import Drawn, figure_json
from lossviz.charts.surfaces import path_figure, shared_range, simplex_figure, slice_figure
from lossviz.maths import grids


def _target_prob(c):
    return float(c.t[c.target_class])


def _neglog_user(c):
    return {k: float(v[0]) for k, v in grids.neglog_curves(np.array([c.p_target]), _target_prob(c)).items()}


def _gradient_user(c):
    return {"sse": float(c.sse_grad[c.target_class]), "cee": float(c.cee_grad[c.target_class])}


def neglog(c, *, log_x=False, lang="en"):
    """The −log curve for the correct class, the user's p marked."""
    p = grids.probability_axis()
    curves = grids.neglog_curves(p, _target_prob(c))
    return neglog_figure(p, curves, c.p_target, _neglog_user(c), log_x=log_x, lang=lang)


def gradients(c, *, lang="en"):
    """|∂E/∂y| of both losses on the correct class against its probability."""
    p = grids.probability_axis(n_log=60, smallest=1e-7)
    curves = grids.gradient_curves(p, _target_prob(c))
    return gradient_figure(p, curves, c.p_target, _gradient_user(c), lang=lang)


def bars(c, *, lang="en"):
    """Both losses' per-class terms as bars, the correct class outlined."""
    return breakdown_figure(c.sse_terms, c.cee_terms, c.target_class, lang=lang)


def surface_path(c, *, lang="en"):
    """Both losses along the path where the correct class gets probability p."""
    p = np.linspace(0.0, 1.0, 201)
    losses = grids.path_losses(c.y, c.t, c.target_class, p)
    return path_figure(p, losses, c.p_target, {"sse": c.sse, "cee": c.cee}, c.target_class, lang=lang)


def surface_simplex(c, *, shared_scale=True, resolution=61, lang="en"):
    """(SSE, CEE) heat maps over the 3-class simplex; needs c.k == 3."""
    x, h, probs, z = grids.simplex_losses(c.t, n=resolution)
    zrange = shared_range(z["sse"], z["cee"]) if shared_scale else None
    y_user = c.y / c.y.sum() if c.y.sum() > 0 else c.y
    return tuple(
        simplex_figure(x, h, probs, z[loss], loss, y_user, value, c.target_class, zrange=zrange, lang=lang)
        for loss, value in (("sse", c.sse), ("cee", c.cee))
    )


def surface_slice(c, a, b, *, shared_scale=True, resolution=61, lang="en"):
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


CHARTS = {f.__name__: f for f in (neglog, gradients, bars, surface_path, surface_simplex, surface_slice)}


# Charts in which only the user's marks depend on y; all else depends on t[correct class] alone.
_MARKS = {
    "neglog": lambda c, lang: neglog_marks(c.p_target, _neglog_user(c), lang),
    "gradients": lambda c, lang: gradient_marks(c.p_target, _gradient_user(c), lang),
}
UNMARKED_ENTRIES = 64  # plenty: one-hot targets all share t[correct class] = 1
_unmarked = OrderedDict()  # (name, t[correct class], lang, options) -> (spec, height), least recent first
_lock = threading.Lock()


def drawn(name, c, *, lang="en", **options):
    """Chart `name` of this module for Comparison c, as a tuple of Drawn (one per figure).

    For the −log and gradient charts a new y costs only its two marks: the rest of the figure
    (curves, axes, words) is built once per t[correct class], language and options, kept in a
    small bounded table shared by all sessions, and the marks are swapped into a copy of it.
    The text equals figure_json of the full figure (tests/test_charts.py checks it).
    """
    if name not in _MARKS:
        built = CHARTS[name](c, lang=lang, **options)
        return tuple(Drawn(figure_json(f), int(f.layout.height)) for f in _figures(built))
    key = (name, _target_prob(c), lang, tuple(sorted(options.items())))
    with _lock:
        cached = _unmarked.get(key)
        if cached is not None:
            _unmarked.move_to_end(key)
    if cached is None:
        fig = CHARTS[name](c, lang=lang, **options)
        cached = (fig.to_plotly_json(), int(fig.layout.height))
        cached[0]["layout"].pop("template", None)
        with _lock:
            _unmarked[key] = cached
            while len(_unmarked) > UNMARKED_ENTRIES:
                _unmarked.popitem(last=False)
    spec, height = cached
    marks = iter(_MARKS[name](c, lang))
    data = [next(marks) if trace.get("name") == USER_TRACE else trace for trace in spec["data"]]
    return (Drawn(figure_json({"data": data, "layout": spec["layout"]}), height),)


def _figures(built):
    return built if isinstance(built, tuple) else (built,)
