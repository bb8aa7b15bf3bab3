"""Per-class bar charts: where each loss comes from, both losses in one figure."""

import numpy as np
from plotly.subplots import make_subplots

from lossviz.charts.style import CEE_COLOR, MARK_COLOR, SSE_COLOR, base_layout
from lossviz.words.i18n import text

PANELS = (  # loss, term, colour; short titles: on a phone each panel is about 150 px wide
    ("sse", "½(y−t)²", SSE_COLOR),
    ("cee", "−t·log(y+δ)", CEE_COLOR),
)


def breakdown_figure(sse_terms, cee_terms, target_class, *, lang="en"):
    """Two bar panels of the K per-class terms of each loss on one y scale, the correct class outlined.

    One scale, so that a cross-entropy term of 3.0 stands six times as tall as a squared-error
    term of 0.45. sse_terms, cee_terms: (K,), each summing to its loss.
    """
    k = sse_terms.shape[0]
    top = max(float(np.max(sse_terms)), float(np.max(cee_terms)), 1e-12)
    classes = np.arange(k)
    line_width = np.where(classes == target_class, 3, 0)
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=[text(f"charts.loss.{loss}", lang) for loss, _, _ in PANELS],
        horizontal_spacing=0.08,
        shared_yaxes=True,
    )
    for col, (terms, (_, label, color)) in enumerate(
        zip((sse_terms, cee_terms), PANELS, strict=True), start=1
    ):
        fig.add_bar(
            x=classes,
            y=terms,
            marker={"color": color, "line": {"color": MARK_COLOR, "width": line_width}},
            hovertemplate=f"{text('charts.class', lang)} %{{x}}<br>{label} = %{{y:.6f}}<extra></extra>",
            name=label,
            row=1,
            col=col,
        )
        fig.update_yaxes(range=[0, top * 1.05], row=1, col=col)
        fig.update_xaxes(
            title_text=text("charts.class", lang),
            tickmode="linear" if k <= 20 else "auto",
            dtick=1 if k <= 20 else None,
            row=1,
            col=col,
        )
    fig.update_layout(**base_layout(text("charts.bars.title", lang), height=340, showlegend=False))
    return fig
