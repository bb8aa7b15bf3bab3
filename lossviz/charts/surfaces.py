"""The loss surface: over the 3-class simplex, along the path to the target, and a 2-D slice."""

import numpy as np
import plotly.graph_objects as go

from lossviz.charts.style import CEE_COLOR, MARK_COLOR, SEQUENTIAL, SSE_COLOR, base_layout
from lossviz.maths.grids import SQRT3_2, to_triangle
from lossviz.words.i18n import text

USER_TRACE = "your y"  # name of the marker traces that show the user's input (never displayed)
LOSS_SHORT = {"sse": "SSE", "cee": "CEE"}
HOVER_EVERY = 2  # the triangle's hover points: every second grid point each way (a quarter of the payload)  # the same abbreviations in both languages


def _marker(x, y, text, *, on_heatmap=True):
    """The user's point: a ringed dot that reads on a heat map and on a line."""
    style = (
        {"size": 16, "color": "white", "symbol": "circle-open-dot", "line": {"color": "white", "width": 3}}
        if on_heatmap
        else {"size": 13, "color": MARK_COLOR, "line": {"color": "white", "width": 2}}
    )
    return go.Scatter(
        x=[x],
        y=[y],
        mode="markers",
        name=USER_TRACE,
        showlegend=False,
        marker=style,
        hovertemplate=text + "<extra></extra>",
    )


def _colour_axis(z, zrange, short):
    """Trace settings for the colour of a heat map of z (float32 to halve the payload).

    The range is zrange when shared, else up to the 95th percentile, so a few huge values
    (cross-entropy near y = 0) do not wash out the rest; hover still shows exact values.
    """
    if zrange is None:
        finite = z[np.isfinite(z)]
        zrange = float(finite.min()), float(np.percentile(finite, 95))
    return {
        "z": z.astype(np.float32),
        "colorscale": SEQUENTIAL,
        "zmin": zrange[0],
        "zmax": zrange[1],
        "colorbar": {"title": {"text": short}, "thickness": 12, "len": 0.8},
    }


def simplex_figure(x, h, probs, z, loss, y_user, user_loss, target_class, *, zrange=None, lang="en"):
    """Heat map of one loss over all 3-class predictions (the triangle), the user's y marked.

    x, h, probs, z: from lossviz.maths.grids.simplex_losses (a grid that fills the triangle), z
    being z[loss]; y_user: (3,) on the simplex; zrange: (min, max) to share one colour scale
    between panels. The map is a contour on a carpet whose edges are the triangle's, so they are
    drawn straight; a contour on a carpet has no hover, so invisible points carry it.
    """
    short = LOSS_SHORT[loss]
    steps = np.linspace(0.0, 1.0, z.shape[0])  # the grid's columns (a) and rows (b)
    hidden = {
        "showgrid": False,
        "showline": False,
        "showticklabels": "none",
        "startline": False,
        "endline": False,
    }
    hover = (slice(None, None, HOVER_EVERY), slice(None, None, HOVER_EVERY))
    fig = go.Figure(
        [
            go.Contourcarpet(
                carpet="simplex",
                ncontours=16,
                contours={"coloring": "fill", "showlabels": False},
                line={"width": 0.5, "color": "rgba(255,255,255,0.5)"},
                **_colour_axis(z, zrange, short),
                name=text(f"charts.loss_formula.{loss}", lang),
            ),
            go.Carpet(
                a=steps,
                b=steps,
                x=x.astype(np.float32),
                y=h.astype(np.float32),
                carpet="simplex",
                aaxis=hidden,
                baxis=hidden,
            ),
            go.Scatter(
                x=x[hover].ravel().astype(np.float32),
                y=h[hover].ravel().astype(np.float32),
                mode="markers",
                marker={"size": 10, "opacity": 0},
                customdata=np.column_stack([probs[hover].reshape(-1, 3), z[hover].ravel()]).astype(
                    np.float32
                ),
                hovertemplate="y = (%{customdata[0]:.3f}, %{customdata[1]:.3f}, %{customdata[2]:.3f})"
                f"<br>{short} = %{{customdata[3]:.4f}}<extra></extra>",
                showlegend=False,
            ),
        ]
    )
    fig.add_scatter(
        x=[0, 1, 0.5, 0],
        y=[0, 0, SQRT3_2, 0],
        mode="lines",
        line={"color": "#888", "width": 1},
        hoverinfo="skip",
        showlegend=False,
    )
    for k, (cx, cy) in enumerate(((0, 0), (1, 0), (0.5, SQRT3_2))):
        label = text("charts.class_n", lang, k=k)
        label = f"<b>{label} ✓</b>" if k == target_class else label
        fig.add_annotation(
            x=cx,
            y=cy,
            text=label,
            showarrow=False,
            yshift=-14 if cy == 0 else 12,
            xanchor="center",
            font={"size": 12},
        )
    ux, uh = to_triangle(y_user)
    fig.add_trace(
        _marker(
            float(ux),
            float(uh),
            f"{text('charts.your_y', lang)} = ("
            + ", ".join(f"{v:.4g}" for v in y_user)
            + f")<br>{short} = {user_loss:.4f}",
        )
    )
    title = text("charts.simplex.title", lang, loss=text(f"charts.loss.{loss}", lang))
    fig.update_layout(**base_layout(title, height=380))
    fig.update_xaxes(visible=False, range=[-0.08, 1.08])
    fig.update_yaxes(visible=False, range=[-0.1, SQRT3_2 + 0.1], scaleanchor="x", scaleratio=1)
    return fig


def path_figure(p, losses, p_user, user_losses, target_class, *, lang="en"):
    """Both losses on one axis as the correct class's probability p goes from 0 to 1, the others
    keeping their shares: one scale, so the gap between them is the lesson.

    losses: {"sse": (M,), "cee": (M,)} from lossviz.maths.grids.path_losses.
    """
    fig = go.Figure()
    for loss, color in (("sse", SSE_COLOR), ("cee", CEE_COLOR)):
        short = LOSS_SHORT[loss]
        fig.add_scatter(
            x=p,
            y=losses[loss],
            name=text(f"charts.loss_formula.{loss}", lang),
            line={"color": color, "width": 3},
            hovertemplate=f"p = %{{x:.4f}}<br>{short} = %{{y:.6f}}<extra></extra>",
        )
        fig.add_trace(
            _marker(
                p_user,
                user_losses[loss],
                f"{text('charts.your_p', lang)} = {p_user:.6g}<br>{short} = {user_losses[loss]:.6f}",
                on_heatmap=False,
            )
        )
    fig.update_layout(**base_layout(text("charts.path.title", lang, k=target_class), height=420))
    fig.update_xaxes(title_text=f"p = y[{target_class}]")
    fig.update_yaxes(title_text=text("charts.loss_axis", lang), rangemode="tozero")
    return fig


def slice_figure(grid, z, loss, a, b, ya_user, yb_user, user_loss, mass, *, zrange=None, lang="en"):
    """Heat map of one loss as y[a] and y[b] vary over [0, 1], the other entries held fixed.

    mass: the probability the two classes share in the user's y; the dashed line
    y[a] + y[b] = mass marks where the whole vector still sums to 1 (if y does).
    """
    short = LOSS_SHORT[loss]
    fig = go.Figure(
        go.Heatmap(
            x=grid,
            y=grid,
            zsmooth="best",
            **_colour_axis(z, zrange, short),
            hovertemplate=f"y[{a}] = %{{x:.3f}}<br>y[{b}] = %{{y:.3f}}<br>{short} = %{{z:.4f}}<extra></extra>",
            name=text(f"charts.loss_formula.{loss}", lang),
        )
    )
    if 0 < mass <= 2:
        lo, hi = max(0.0, mass - 1), min(1.0, mass)
        fig.add_scatter(
            x=[lo, hi],
            y=[mass - lo, mass - hi],
            mode="lines",
            showlegend=False,
            line={"color": "white", "dash": "dash", "width": 2},
            hoverinfo="skip",
        )
    fig.add_trace(
        _marker(
            ya_user,
            yb_user,
            f"{text('charts.your_y', lang)}: y[{a}] = {ya_user:.4g}, y[{b}] = {yb_user:.4g}<br>{short} = {user_loss:.4f}",
        )
    )
    title = text("charts.slice.title", lang, loss=text(f"charts.loss.{loss}", lang), a=a, b=b)
    fig.update_layout(**base_layout(title, height=380))
    fig.update_xaxes(title_text=f"y[{a}]", range=[0, 1], constrain="domain")
    fig.update_yaxes(title_text=f"y[{b}]", range=[0, 1], scaleanchor="x", scaleratio=1, constrain="domain")
    return fig


def shared_range(*arrays):
    """(min, max) over several arrays, ignoring NaN: one colour scale for side-by-side panels."""
    return float(min(np.nanmin(a) for a in arrays)), float(max(np.nanmax(a) for a in arrays))
