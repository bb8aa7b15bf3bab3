"""Charts of the numerics lab: safeguards near log 0, gradients against the logit, a descent.

Every builder takes `lang` ("en" or "zh") for its titles, axes, legend and hover texts;
the curves are the same in both languages.
"""

import numpy as np
import plotly.graph_objects as go

from lossviz.charts.style import CEE_COLOR, EXACT_COLOR, MARK_COLOR, SSE_COLOR, base_layout
from lossviz.maths import grids
from lossviz.maths.training import descend, sigmoid_gradients, softmax_gradients
from lossviz.words.i18n import DEFAULT_LANGUAGE, text

LOSS_COLORS = {"squared": SSE_COLOR, "cross-entropy": CEE_COLOR}
LOSS_NAMES = {"squared": "lab.chart.loss.squared", "cross-entropy": "lab.chart.loss.cross_entropy"}
SOFTMAX_CLASSES = 10


def loss_name(loss, lang=DEFAULT_LANGUAGE):
    """The legend name of "squared" or "cross-entropy" in `lang`.

    >>> loss_name("squared"), loss_name("squared", "zh")
    ('squared', '均方误差')
    """
    return text(LOSS_NAMES[loss], lang)


def _hover(head, loss, value, lang):
    """A hover text: a first line, then a loss's name and a value ("squared: p = 0.5" in English)."""
    return f"{head}<br>{text('lab.chart.named', lang, loss=loss, value=value)}<extra></extra>"


def safeguard_chart(delta, lang=DEFAULT_LANGUAGE):
    """−log p, −log(p + δ) and −log clip(p, δ, 1 − δ) for p from 1e-18 to 1 (log axis)."""
    p = np.concatenate([[0.0], np.logspace(-18, 0, 361)])
    curves = grids.safeguard_curves(p, delta)
    loss_word = text("lab.chart.loss_word", lang)
    fig = go.Figure()
    for key, line in (
        ("exact", {"color": EXACT_COLOR, "dash": "dot", "width": 2}),
        ("added", {"color": CEE_COLOR, "width": 3}),
        ("clipped", {"color": SSE_COLOR, "dash": "dash", "width": 3}),
    ):
        fig.add_scatter(
            x=p[1:],
            y=curves[key][1:],
            name=text(f"lab.chart.safeguard.{key}", lang),
            line=line,
            hovertemplate=f"p = %{{x:.3g}}<br>{loss_word} = %{{y:.6f}}<extra></extra>",
        )
    cap = float(curves["added"][0])
    fig.add_hline(
        y=cap,
        line={"color": CEE_COLOR, "dash": "dash", "width": 1},
        annotation_text=text("lab.chart.safeguard.cap", lang, cap=cap),
        annotation_position="top right",
    )
    fig.update_layout(**base_layout(text("lab.chart.safeguard.title", lang, delta=delta), height=400))
    fig.update_xaxes(title_text=text("lab.chart.safeguard.x", lang), type="log", exponentformat="power")
    fig.update_yaxes(title_text=text("lab.chart.safeguard.y", lang), rangemode="tozero")
    return fig


def _reference_marks(fig, z_values, grads, row_label, lang):
    for loss, values in grads.items():
        name = loss_name(loss, lang)
        fig.add_scatter(
            x=z_values,
            y=values,
            mode="markers",
            showlegend=False,
            name=text("lab.chart.reference", lang, loss=name),
            marker={"size": 10, "color": LOSS_COLORS[loss], "line": {"color": MARK_COLOR, "width": 2}},
            hovertemplate=_hover(f"{row_label} = %{{x}}", name, "dE/dz = %{y:.3g}", lang),
        )


def sigmoid_gradient_chart(lang=DEFAULT_LANGUAGE):
    """dE/dz of both losses for a sigmoid output trained toward t = 1, z from −10 to 10."""
    z = grids.logit_axis()
    grads = sigmoid_gradients(z)
    fig = go.Figure()
    for loss, g in grads.items():
        name = loss_name(loss, lang)
        fig.add_scatter(
            x=z,
            y=g,
            name=name,
            line={"color": LOSS_COLORS[loss], "width": 3},
            hovertemplate=_hover("z = %{x:.2f}", name, "dE/dz = %{y:.3g}", lang),
        )
    ref = np.array([-10.0, -5.0])
    _reference_marks(fig, ref, sigmoid_gradients(ref), "z", lang)
    fig.update_layout(**base_layout(text("lab.chart.sigmoid.title", lang), height=380))
    fig.update_xaxes(title_text=text("lab.chart.sigmoid.x", lang))
    fig.update_yaxes(title_text="dE/dz")
    return fig


def softmax_gradient_chart(lang=DEFAULT_LANGUAGE):
    """dE/dz_c of both losses for a 10-class softmax, the correct class's logit z_c varying, others 0."""
    z = grids.logit_axis()
    rows = grids.softmax_path(z, SOFTMAX_CLASSES)
    t = np.zeros(SOFTMAX_CLASSES)
    t[0] = 1.0
    grads = {k: v[:, 0] for k, v in softmax_gradients(rows, t).items()}
    fig = go.Figure()
    for loss, g in grads.items():
        name = loss_name(loss, lang)
        fig.add_scatter(
            x=z,
            y=g,
            name=name,
            line={"color": LOSS_COLORS[loss], "width": 3},
            hovertemplate=_hover("z_c = %{x:.2f}", name, "dE/dz_c = %{y:.3g}", lang),
        )
    title = text("lab.chart.softmax.title", lang, k=SOFTMAX_CLASSES)
    fig.update_layout(**base_layout(title, height=380))
    fig.update_xaxes(title_text=text("lab.chart.softmax.x", lang, others=SOFTMAX_CLASSES - 1))
    fig.update_yaxes(title_text="dE/dz_c")
    return fig


def descent_chart(z0, learning_rate, steps, step, lang=DEFAULT_LANGUAGE):
    """σ(z) after each step of gradient descent from z0 toward t = 1, for both losses; `step` marked."""
    runs = descend(z0, learning_rate=learning_rate, steps=steps)
    x = np.arange(steps + 1)
    fig = go.Figure()
    for loss, p in runs.items():
        name = loss_name(loss, lang)
        fig.add_scatter(
            x=x,
            y=p,
            name=name,
            mode="lines+markers",
            line={"color": LOSS_COLORS[loss], "width": 3},
            marker={"size": 5},
            hovertemplate=_hover(text("lab.chart.step", lang, step="%{x}"), name, "p = %{y:.6g}", lang),
        )
        fig.add_scatter(
            x=[step],
            y=[p[step]],
            mode="markers",
            showlegend=False,
            name=text("lab.chart.descent.at_step", lang, loss=name, step=step),
            marker={"size": 14, "color": LOSS_COLORS[loss], "line": {"color": MARK_COLOR, "width": 3}},
            hovertemplate=_hover(text("lab.chart.step", lang, step=step), name, f"p = {p[step]:.6g}", lang),
        )
    fig.update_layout(**base_layout(text("lab.chart.descent.title", lang), height=380))
    fig.update_xaxes(title_text=text("lab.chart.descent.x", lang))
    fig.update_yaxes(title_text=text("lab.chart.descent.y", lang), range=[-0.03, 1.03])
    return fig, runs
