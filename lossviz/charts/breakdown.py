"""Per-class bar chart: where each loss comes from."""

import numpy as np
import plotly.graph_objects as go

from lossviz.charts.style import MARK_COLOR, base_layout


def breakdown_figure(terms, target_class, *, color, title, term_label):
    """Bars of the K per-class terms of one loss, the correct class outlined.

    terms: (K,) whose sum is the loss.
    """
    k = terms.shape[0]
    classes = np.arange(k)
    line_width = np.where(classes == target_class, 3, 0)
    fig = go.Figure(
        go.Bar(
            x=classes,
            y=terms,
            marker={"color": color, "line": {"color": MARK_COLOR, "width": line_width}},
            hovertemplate=f"class %{{x}}<br>{term_label} = %{{y:.6f}}<extra></extra>",
            name=term_label,
        )
    )
    fig.update_layout(**base_layout(title, height=260, showlegend=False))
    fig.update_xaxes(
        title_text="class", tickmode="linear" if k <= 20 else "auto", dtick=1 if k <= 20 else None
    )
    fig.update_yaxes(title_text=term_label, rangemode="tozero")
    return fig
