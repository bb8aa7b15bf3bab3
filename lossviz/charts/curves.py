"""The −log curve and the gradient curve, with the user's probability marked."""

import numpy as np
import plotly.graph_objects as go

from lossviz.charts.style import CEE_COLOR, EXACT_COLOR, MARK_COLOR, SSE_COLOR, base_layout
from lossviz.maths.losses import DELTA
from lossviz.words.i18n import text

# A log axis labels each power of ten as one (10⁻¹⁰, not Plotly's SI "100p"; 10⁻⁶, not "1µ").
LOG_TICKS = {"exponentformat": "power", "showexponent": "all"}
USER_TRACE = "your p"  # name of the marker traces that show the user's input


def user_marker(x, y, text, color):
    """The user's point as a plain trace spec (no validation: it is rebuilt for every new y)."""
    return {
        "type": "scatter",
        "x": [float(x)],
        "y": [float(y)],
        "mode": "markers",
        "name": USER_TRACE,
        "marker": {"size": 13, "color": color, "line": {"color": MARK_COLOR, "width": 3}, "symbol": "circle"},
        "hovertemplate": text + "<extra></extra>",
        "showlegend": False,
    }


def neglog_marks(p_user, user_values, lang="en"):
    """The user's point on −log(p + δ) and on ½(p − t)², in the order neglog_figure draws them."""
    your_p = text("charts.your_p", lang)
    return [
        user_marker(
            p_user,
            user_values["delta"],
            f"{your_p} = {p_user:.6g}<br>−log(p + δ) = {user_values['delta']:.6f}",
            CEE_COLOR,
        ),
        user_marker(
            p_user,
            user_values["squared"],
            f"{your_p} = {p_user:.6g}<br>½(p − t)² = {user_values['squared']:.6f}",
            SSE_COLOR,
        ),
    ]


def gradient_marks(p_user, user_grads, lang="en"):
    """The user's point on |∂E/∂y_c| of cross-entropy, then of squared error (gradient_figure's order)."""
    marks = []
    for key, color in (("cee", CEE_COLOR), ("sse", SSE_COLOR)):
        g = float(user_grads[key])
        marks.append(
            user_marker(
                p_user, abs(g), f"{text('charts.your_p', lang)} = {p_user:.6g}<br>∂E/∂y = {g:.6g}", color
            )
        )
    return marks


def neglog_figure(p, curves, p_user, user_values, *, log_x=False, lang="en"):
    """−log p, −log(p + δ) and ½(p − t)² against the correct class's probability p.

    p: (M,) axis; curves: from lossviz.maths.grids.neglog_curves; p_user: the user's
    probability on the correct class; user_values: {"delta": …, "squared": …} at p_user.
    lang: the language of titles, legend and hover texts ("en" or "zh").
    """
    cap = -np.log(DELTA)
    fig = go.Figure()
    for key, label, line in (
        ("exact", "−log p", {"color": EXACT_COLOR, "dash": "dot", "width": 2}),
        ("delta", "−log(p + δ)", {"color": CEE_COLOR, "width": 3}),
        ("squared", "½(p − t)²", {"color": SSE_COLOR, "width": 3}),
    ):
        name = text(f"charts.neglog.{key}", lang)
        fig.add_scatter(
            x=p,
            y=curves[key],
            name=name,
            line=line,
            hovertemplate=f"p = %{{x:.3g}}<br>{label} = %{{y:.6f}}<extra></extra>",
        )
    fig.add_hline(
        y=cap,
        line={"color": CEE_COLOR, "dash": "dash", "width": 1},
        annotation_text=text("charts.neglog.cap", lang, cap=cap),
        annotation_position="top right",
    )
    for mark in neglog_marks(p_user, user_values, lang):
        fig.add_trace(mark)
    fig.update_layout(**base_layout(text("charts.neglog.title", lang), height=420))
    fig.update_xaxes(
        title_text=text("charts.p_axis_log" if log_x else "charts.p_axis", lang),
        type="log" if log_x else "linear",
        range=[-10, 0.05] if log_x else [0, 1.02],
        **LOG_TICKS if log_x else {},
    )
    fig.update_yaxes(title_text=text("charts.loss_term", lang), range=[-0.5, cap + 3])
    return fig


def gradient_figure(p, grads, p_user, user_grads, *, lang="en"):
    """|∂E/∂y_c| of both losses against the correct class's probability p, log y-axis.

    grads: {"sse": (M,), "cee": (M,)} signed gradients; user_grads the same at p_user.
    """
    fig = go.Figure()
    marks = dict(zip(("cee", "sse"), gradient_marks(p_user, user_grads, lang), strict=True))
    for key, color in (("cee", CEE_COLOR), ("sse", SSE_COLOR)):
        name = text(f"charts.gradient.{key}", lang)
        fig.add_scatter(
            x=p,
            y=np.abs(grads[key]),
            name=name,
            line={"color": color, "width": 3},
            customdata=grads[key],
            hovertemplate="p = %{x:.3g}<br>∂E/∂y = %{customdata:.6g}<extra></extra>",
        )
        fig.add_trace(marks[key])
    fig.update_layout(**base_layout(text("charts.gradient.title", lang), height=380))
    fig.update_xaxes(title_text=text("charts.p_axis", lang), range=[0, 1.02])
    fig.update_yaxes(
        title_text=text("charts.gradient.y_axis", lang), type="log", range=[-3, 7.3], **LOG_TICKS
    )
    return fig
