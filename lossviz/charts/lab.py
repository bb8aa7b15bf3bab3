"""Charts of the numerics lab: safeguards near log 0, gradients against the logit, a descent."""

import numpy as np
import plotly.graph_objects as go

from lossviz import grids
from lossviz.charts.style import CEE_COLOR, EXACT_COLOR, MARK_COLOR, SSE_COLOR, base_layout
from lossviz.training import descend, sigmoid_gradients, softmax_gradients

LOSS_COLORS = {"squared": SSE_COLOR, "cross-entropy": CEE_COLOR}
SOFTMAX_CLASSES = 10


def safeguard_chart(delta):
    """−log p, −log(p + δ) and −log clip(p, δ, 1 − δ) for p from 1e-18 to 1 (log axis)."""
    p = np.concatenate([[0.0], np.logspace(-18, 0, 361)])
    curves = grids.safeguard_curves(p, delta)
    fig = go.Figure()
    for key, name, line in (
        ("exact", "−log p: no safeguard", {"color": EXACT_COLOR, "dash": "dot", "width": 2}),
        ("added", "−log(p + δ): δ added (the article)", {"color": CEE_COLOR, "width": 3}),
        (
            "clipped",
            "−log clip(p, δ, 1 − δ): clipped (Keras, scikit-learn)",
            {"color": SSE_COLOR, "dash": "dash", "width": 3},
        ),
    ):
        fig.add_scatter(
            x=p[1:],
            y=curves[key][1:],
            name=name,
            line=line,
            hovertemplate="p = %{x:.3g}<br>loss = %{y:.6f}<extra></extra>",
        )
    cap = float(curves["added"][0])
    fig.add_hline(
        y=cap,
        line={"color": CEE_COLOR, "dash": "dash", "width": 1},
        annotation_text=f"cap at p = 0: {cap:.3f}",
        annotation_position="top right",
    )
    fig.update_layout(**base_layout(f"The safeguard near log 0, δ = {delta:.3g}", height=400))
    fig.update_xaxes(title_text="p on the correct class (log scale)", type="log", exponentformat="power")
    fig.update_yaxes(title_text="−log term", rangemode="tozero")
    return fig


def _reference_marks(fig, z_values, grads, row_label):
    for loss, values in grads.items():
        fig.add_scatter(
            x=z_values,
            y=values,
            mode="markers",
            showlegend=False,
            name=f"{loss} at reference logits",
            marker={"size": 10, "color": LOSS_COLORS[loss], "line": {"color": MARK_COLOR, "width": 2}},
            hovertemplate=f"{row_label} = %{{x}}<br>{loss}: dE/dz = %{{y:.3g}}<extra></extra>",
        )


def sigmoid_gradient_chart():
    """dE/dz of both losses for a sigmoid output trained toward t = 1, z from −10 to 10."""
    z = grids.logit_axis()
    grads = sigmoid_gradients(z)
    fig = go.Figure()
    for loss, g in grads.items():
        fig.add_scatter(
            x=z,
            y=g,
            name=f"{loss}",
            line={"color": LOSS_COLORS[loss], "width": 3},
            hovertemplate=f"z = %{{x:.2f}}<br>{loss}: dE/dz = %{{y:.3g}}<extra></extra>",
        )
    ref = np.array([-10.0, -5.0])
    _reference_marks(fig, ref, sigmoid_gradients(ref), "z")
    fig.update_layout(**base_layout("Sigmoid output, target 1: dE/dz against the logit z", height=380))
    fig.update_xaxes(title_text="logit z (p = σ(z); z = −10 is confidently wrong)")
    fig.update_yaxes(title_text="dE/dz")
    return fig


def softmax_gradient_chart():
    """dE/dz_c of both losses for a 10-class softmax, the correct class's logit z_c varying, others 0."""
    z = grids.logit_axis()
    rows = grids.softmax_path(z, SOFTMAX_CLASSES)
    t = np.zeros(SOFTMAX_CLASSES)
    t[0] = 1.0
    grads = {k: v[:, 0] for k, v in softmax_gradients(rows, t).items()}
    fig = go.Figure()
    for loss, g in grads.items():
        fig.add_scatter(
            x=z,
            y=g,
            name=f"{loss}",
            line={"color": LOSS_COLORS[loss], "width": 3},
            hovertemplate=f"z_c = %{{x:.2f}}<br>{loss}: dE/dz_c = %{{y:.3g}}<extra></extra>",
        )
    fig.update_layout(**base_layout("Softmax over 10 classes: dE/dz_c of the correct class", height=380))
    fig.update_xaxes(title_text="the correct class's logit z_c (the other 9 logits are 0)")
    fig.update_yaxes(title_text="dE/dz_c")
    return fig


def descent_chart(z0, learning_rate, steps, step):
    """σ(z) after each step of gradient descent from z0 toward t = 1, for both losses; `step` marked."""
    runs = descend(z0, learning_rate=learning_rate, steps=steps)
    x = np.arange(steps + 1)
    fig = go.Figure()
    for loss, p in runs.items():
        fig.add_scatter(
            x=x,
            y=p,
            name=loss,
            mode="lines+markers",
            line={"color": LOSS_COLORS[loss], "width": 3},
            marker={"size": 5},
            hovertemplate=f"step %{{x}}<br>{loss}: p = %{{y:.6g}}<extra></extra>",
        )
        fig.add_scatter(
            x=[step],
            y=[p[step]],
            mode="markers",
            showlegend=False,
            name=f"{loss} at step {step}",
            marker={"size": 14, "color": LOSS_COLORS[loss], "line": {"color": MARK_COLOR, "width": 3}},
            hovertemplate=f"step {step}<br>{loss}: p = {p[step]:.6g}<extra></extra>",
        )
    fig.update_layout(**base_layout("Gradient descent from a confidently wrong start", height=380))
    fig.update_xaxes(title_text="step")
    fig.update_yaxes(title_text="p = σ(z), the probability on the correct class", range=[-0.03, 1.03])
    return fig, runs
