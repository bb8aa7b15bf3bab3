"""Batch charts whose size does not grow with N: histograms binned in numpy, density instead of points."""

import numpy as np
import plotly.graph_objects as go

from lossviz.charts.style import CEE_COLOR, SEQUENTIAL, SSE_COLOR, base_layout
from lossviz.words.i18n import text

BINS = 60
MAX_POINTS = 4_000  # above this a scatter becomes a 2-D histogram
FEW = 50  # a batch of at most this many samples is drawn with large dots
SAME = 1e-9  # values closer than this (relative) are one value to a histogram


def bin_range(values):
    """(low, high) for BINS bins over values, widened to ±0.5 around them when they are all equal.

    np.histogram does that for exactly equal values, but raises for values that differ only by
    rounding (BINS bins cannot be finite-sized): such values are treated as equal too.
    >>> bin_range(np.array([0.25, np.nextafter(0.25, 1)])), bin_range(np.array([0.0, 2.0]))
    ((-0.25, 0.75), (0.0, 2.0))
    """
    low, high = float(values.min()), float(values.max())
    if high - low <= SAME * max(1.0, abs(low), abs(high)):
        middle = (low + high) / 2
        return middle - 0.5, middle + 0.5
    return low, high


def bin_count(n):
    """How many bins a histogram of n values gets: BINS, or for a few samples (at most FEW) Sturges'
    ⌈log₂ n⌉ + 1, so four losses get three bins, not sixty mostly empty ones. (numpy's "sturges"
    takes its bin width from the data's spread, which a few equal values make zero.)
    >>> bin_count(4), bin_count(50), bin_count(51)
    (3, 7, 60)
    """
    return BINS if n > FEW else int(np.ceil(np.log2(max(n, 1)))) + 1


def histogram_figure(values, *, title, x_title, color, lang="en"):
    """Bars of np.histogram(values) in bin_count bins: the browser gets at most BINS numbers, not N;
    axes and hover in `lang`."""
    counts, edges = np.histogram(values, bins=bin_count(values.size), range=bin_range(values))
    centers = (edges[:-1] + edges[1:]) / 2
    return go.Figure(
        go.Bar(
            x=centers,
            y=counts,
            width=np.diff(edges),
            marker={"color": color},
            customdata=np.stack([edges[:-1], edges[1:]], axis=1),
            hovertemplate=text("batch.chart.hist_hover", lang),
        ),
        _layout(title, x_title, text("batch.chart.samples", lang), height=320, bargap=0),
    )


def _layout(title, x_title, y_title, **extra):
    """base_layout with both axis titles, whole: plotly validates a layout given to go.Figure once,
    where each update_layout / update_xaxes call validates it again (17 ms a histogram, 4 ms so)."""
    return base_layout(
        title,
        showlegend=False,
        xaxis={"title": {"text": x_title}},
        yaxis={"title": {"text": y_title}},
        **extra,
    )


def loss_histograms(r, *, lang="en"):
    """(cross-entropy, squared error) histograms of a BatchResult's per-sample losses, titled in `lang`."""
    return (
        histogram_figure(
            r.cee_rows,
            title=text("batch.chart.cee_title", lang),
            x_title="−Σ t·log(y+δ)",
            color=CEE_COLOR,
            lang=lang,
        ),
        histogram_figure(
            r.sse_rows,
            title=text("batch.chart.sse_title", lang),
            x_title="½Σ(y−t)²",
            color=SSE_COLOR,
            lang=lang,
        ),
    )


def disagreement_figure(r, *, lang="en"):
    """Per-sample squared error against cross-entropy: points for small N, a density for large N; words in `lang`."""
    layout = _layout(
        text("batch.chart.disagree_title", lang),
        text("batch.chart.sse_axis", lang),
        text("batch.chart.cee_axis", lang),
        height=400,
    )
    if r.n <= MAX_POINTS:
        return go.Figure(
            go.Scattergl(
                x=r.sse_rows,
                y=r.cee_rows,
                mode="markers",
                # A few samples get large dots (a 4-px dot is lost on an empty chart).
                marker={
                    "size": 5 if r.n > FEW else 14,
                    "color": CEE_COLOR,
                    "opacity": 0.6 if r.n > FEW else 0.9,
                },
                customdata=np.arange(r.n),
                hovertemplate=text("batch.chart.points_hover", lang),
            ),
            layout,
        )
    ranges = [bin_range(r.sse_rows), bin_range(r.cee_rows)]
    counts, xe, ye = np.histogram2d(r.sse_rows, r.cee_rows, bins=BINS, range=ranges)
    counts = counts.T
    # Colour by log10 of the count, so that a few hundred dense cells do not hide the sparse
    # ones where the losses disagree; hover and the colour bar's labels show the counts.
    with np.errstate(divide="ignore"):
        z = np.where(counts > 0, np.log10(counts), np.nan)
    ticks = np.arange(0, int(np.ceil(np.nanmax(z))) + 1)
    return go.Figure(
        go.Heatmap(
            x=(xe[:-1] + xe[1:]) / 2,
            y=(ye[:-1] + ye[1:]) / 2,
            z=z.astype(np.float32),
            customdata=counts.astype(np.int64),
            colorscale=SEQUENTIAL,
            colorbar={
                "title": {"text": text("batch.chart.samples", lang)},
                "thickness": 12,
                "tickvals": ticks,
                "ticktext": [f"{10 ** int(k):,}" for k in ticks],
            },
            hovertemplate=text("batch.chart.density_hover", lang),
        ),
        layout,
    )
