"""The tours' own charts, one per step where its page has none that shows just that step.

Arrays in, a Figure out; words through the strings table in `lang`. Each shows one loss at a
time, so a step about squared error carries no cross-entropy.
"""

import numpy as np
import plotly.graph_objects as go

from lossviz.charts.batch import histogram_figure
from lossviz.charts.style import CEE_COLOR, EXACT_COLOR, MARK_COLOR, SSE_COLOR, base_layout
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import text

EXAMPLE_COLORS = (SSE_COLOR, "#56B4E9")  # example ① dark blue, ② sky blue (Okabe–Ito)


def _outlined_bars(fig, values, name, color, target_class, hovertemplate):
    """One bar per class (x = 0 … K − 1) of values, the correct class outlined in the mark colour."""
    classes = np.arange(len(values))
    fig.add_bar(
        x=classes,
        y=values,
        name=name,
        marker={
            "color": color,
            "line": {"color": MARK_COLOR, "width": np.where(classes == target_class, 4, 0)},
        },
        hovertemplate=hovertemplate,
    )


def class_terms_figure(terms, examples, target_class, *, lang="en"):
    """Bars of the squared-error terms ½(y_k − t_k)² per class, one group per example.

    terms: (E, K), row e the terms of example `examples[e]` (its mark, "①"); the correct class
    is outlined.
    """
    terms = np.atleast_2d(terms)
    fig = go.Figure()
    for row, example, color in zip(terms, examples, EXAMPLE_COLORS, strict=False):
        name = text("slides.chart.example", lang, example=example)
        hover = f"{name}, {text('charts.class', lang)} %{{x}}<br>½(y − t)² = %{{y:.4f}}<extra></extra>"
        _outlined_bars(fig, row, name, color, target_class, hover)
    fig.update_layout(**base_layout(text("slides.chart.terms_title", lang), height=380, barmode="group"))
    fig.update_layout(showlegend=len(terms) > 1)
    fig.update_xaxes(title_text=text("charts.class", lang), tickmode="linear", dtick=1)
    fig.update_yaxes(title_text=text("slides.chart.terms_axis", lang), rangemode="tozero")
    return fig


def neglog_points_figure(p, curve, points, *, lang="en"):
    """The curve −log(p + δ) over p, with labelled points.

    p, curve: (M,) from lossviz.maths.grids; points: (label, p, loss) of each example.
    """
    fig = go.Figure()
    fig.add_scatter(
        x=p,
        y=curve,
        name="−log(p + δ)",
        line={"color": CEE_COLOR, "width": 4},
        hovertemplate="p = %{x:.3g}<br>−log(p + δ) = %{y:.4f}<extra></extra>",
    )
    for label, x, y in points:
        fig.add_scatter(
            x=[x],
            y=[y],
            mode="markers+text",
            name=label,
            text=[f"{label} {format_loss(y)}"],
            textposition="top right" if x < 0.5 else "top left",
            marker={"size": 18, "color": CEE_COLOR, "line": {"color": MARK_COLOR, "width": 4}},
            hovertemplate=f"{label}: p = {x:.4g}<br>−log(p + δ) = {y:.4f}<extra></extra>",
        )
    fig.update_layout(**base_layout(text("slides.chart.neglog_title", lang), height=380, showlegend=False))
    fig.update_xaxes(title_text=text("charts.p_axis", lang), range=[0, 1.02])
    fig.update_yaxes(title_text=text("charts.loss_term", lang), rangemode="tozero")
    return fig


def per_sample_figure(losses, mean, *, lang="en"):
    """One bar per row of a batch (its cross-entropy) and a line at their mean."""
    rows = [text("slides.chart.row", lang, n=n) for n in range(1, len(losses) + 1)]
    fig = go.Figure(
        go.Bar(
            x=rows,
            y=losses,
            marker={"color": CEE_COLOR},
            text=[format_loss(v) for v in losses],
            textposition="outside",
            hovertemplate="%{x}<br>−Σ t log(y + δ) = %{y:.4f}<extra></extra>",
        )
    )
    fig.add_hline(
        y=mean,
        line={"color": MARK_COLOR, "dash": "dash", "width": 4},
        annotation_text=text("slides.chart.mean", lang, mean=format_loss(mean)),
        annotation_position="top right",
    )
    fig.update_layout(**base_layout(text("slides.chart.batch_title", lang), height=380, showlegend=False))
    fig.update_yaxes(title_text="−Σ t log(y + δ)", rangemode="tozero", range=[0, max(losses) * 1.25])
    return fig


SERIES_COLORS = ("#009E73", SSE_COLOR, CEE_COLOR, "#56B4E9", "#E69F00")  # Okabe–Ito


def class_series_figure(series, *, title, y_title, target_class, lang="en"):
    """Grouped bars over the classes, one series each ({name: (K,) values}); the correct class outlined.

    The lab's temperature step (softmax(z / T) for several T) and its smoothing step (the targets
    beside the prediction).
    """
    fig = go.Figure()
    for (name, values), color in zip(series.items(), SERIES_COLORS, strict=False):
        hover = f"{name}, {text('charts.class', lang)} %{{x}}<br>%{{y:.4f}}<extra></extra>"
        _outlined_bars(fig, values, name, color, target_class, hover)
    fig.update_layout(**base_layout(title, height=380, barmode="group"))
    fig.update_xaxes(title_text=text("charts.class", lang), tickmode="linear", dtick=1)
    fig.update_yaxes(title_text=y_title, range=[0, 1.05])
    return fig


def three_ways_figure(names, values, *, title, lang="en"):
    """One bar per way of computing the same loss; a NaN is written where its bar would be."""
    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    fig = go.Figure(
        go.Bar(
            x=names,
            y=np.where(finite, values, 0.0),
            marker={"color": [CEE_COLOR if ok else EXACT_COLOR for ok in finite]},
            text=[format_loss(v) for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(**base_layout(title, height=380, showlegend=False))
    fig.update_yaxes(
        title_text=text("charts.loss_term", lang), rangemode="tozero", range=[0, np.nanmax(values) * 1.2]
    )
    return fig


def mean_histogram_figure(values, marks, *, title, x_title, lang="en"):
    """A histogram of per-sample losses with a vertical line at each of `marks` ({label: x}), in the legend."""
    fig = go.Figure(histogram_figure(values, title=title, x_title=x_title, color=CEE_COLOR, lang=lang))
    top = float(np.max(fig.data[0].y))
    fig.update_traces(showlegend=False)  # the bars: the legend names the lines
    for (label, x), dash in zip(marks.items(), ("dash", "dot"), strict=False):
        fig.add_scatter(
            x=[x, x],
            y=[0, top],
            mode="lines",
            name=label,
            line={"color": MARK_COLOR, "dash": dash, "width": 4},
            hovertemplate=f"{label}<extra></extra>",
        )
    fig.update_layout(showlegend=True)
    fig.update_xaxes(range=[0, float(np.max(values)) * 1.02])
    return fig


def share_figure(fraction, shares, *, marked, marked_label, lang="en"):
    """The share of a batch's total loss carried by its worst samples, one curve per loss.

    fraction: (M,) the fraction of samples, worst first; shares: {"cee" | "sse": (M,) share};
    marked: a fraction of samples drawn as a dotted line, labelled `marked_label`.
    """
    fig = go.Figure()
    for loss, color in (("cee", CEE_COLOR), ("sse", SSE_COLOR)):
        name = text(f"slides.chart.share_{loss}", lang)
        fig.add_scatter(
            x=fraction,
            y=shares[loss],
            name=name,
            line={"color": color, "width": 4, "dash": "solid" if loss == "cee" else "dash"},
            hovertemplate=f"{name}<br>%{{x:.0%}} → %{{y:.1%}}<extra></extra>",
        )
    fig.add_vline(
        x=marked,
        line={"color": MARK_COLOR, "dash": "dot", "width": 3},
        annotation_text=marked_label,
        annotation_position="bottom right",
    )
    fig.update_layout(**base_layout(text("slides.chart.share_title", lang), height=380))
    fig.update_xaxes(title_text=text("slides.chart.share_x", lang), tickformat=".0%", range=[0, 1])
    fig.update_yaxes(title_text=text("slides.chart.share_y", lang), tickformat=".0%", range=[0, 1.02])
    return fig
