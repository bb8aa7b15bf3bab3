"""Batch charts whose size does not grow with N: histograms binned in numpy, density instead of points."""

import numpy as np
import plotly.graph_objects as go

from lossviz.charts.style import CEE_COLOR, SEQUENTIAL, SSE_COLOR, base_layout

BINS = 60
MAX_POINTS = 4_000  # above this a scatter becomes a 2-D histogram


def histogram_figure(values, *, title, x_title, color):
    """Bars of np.histogram(values, BINS): the browser gets BINS numbers, not N."""
    counts, edges = np.histogram(values, bins=BINS)
    centers = (edges[:-1] + edges[1:]) / 2
    fig = go.Figure(
        go.Bar(
            x=centers,
            y=counts,
            width=np.diff(edges),
            marker={"color": color},
            customdata=np.stack([edges[:-1], edges[1:]], axis=1),
            hovertemplate="%{customdata[0]:.4g} to %{customdata[1]:.4g}: %{y:,} samples<extra></extra>",
        )
    )
    fig.update_layout(**base_layout(title, height=320, showlegend=False, bargap=0))
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text="samples")
    return fig


def loss_histograms(r):
    """(cross-entropy, squared error) histograms of a BatchResult's per-sample losses."""
    return (
        histogram_figure(
            r.cee_rows, title="Cross-entropy per sample", x_title="−Σ t·log(y+δ)", color=CEE_COLOR
        ),
        histogram_figure(r.sse_rows, title="Squared error per sample", x_title="½Σ(y−t)²", color=SSE_COLOR),
    )


def disagreement_figure(r):
    """Per-sample squared error against cross-entropy: points for small N, a density for large N."""
    title = "Where the losses disagree: each sample's squared error against its cross-entropy"
    if r.n <= MAX_POINTS:
        fig = go.Figure(
            go.Scattergl(
                x=r.sse_rows,
                y=r.cee_rows,
                mode="markers",
                marker={"size": 5, "color": CEE_COLOR, "opacity": 0.6},
                customdata=np.arange(r.n),
                hovertemplate="row %{customdata}<br>½Σ(y−t)² = %{x:.4f}<br>CEE = %{y:.4f}<extra></extra>",
            )
        )
    else:
        counts, xe, ye = np.histogram2d(r.sse_rows, r.cee_rows, bins=BINS)
        counts = counts.T
        # Colour by log10 of the count, so that a few hundred dense cells do not hide the sparse
        # ones where the losses disagree; hover and the colour bar's labels show the counts.
        with np.errstate(divide="ignore"):
            z = np.where(counts > 0, np.log10(counts), np.nan)
        ticks = np.arange(0, int(np.ceil(np.nanmax(z))) + 1)
        fig = go.Figure(
            go.Heatmap(
                x=(xe[:-1] + xe[1:]) / 2,
                y=(ye[:-1] + ye[1:]) / 2,
                z=z.astype(np.float32),
                customdata=counts.astype(np.int64),
                colorscale=SEQUENTIAL,
                colorbar={
                    "title": {"text": "samples"},
                    "thickness": 12,
                    "tickvals": ticks,
                    "ticktext": [f"{10 ** int(k):,}" for k in ticks],
                },
                hovertemplate="½Σ(y−t)² ≈ %{x:.3f}<br>CEE ≈ %{y:.3f}<br>%{customdata:,} samples<extra></extra>",
            )
        )
    fig.update_layout(**base_layout(title, height=400, showlegend=False))
    fig.update_xaxes(title_text="squared error ½Σ(y−t)²")
    fig.update_yaxes(title_text="cross-entropy −Σt·log(y+δ)")
    return fig
