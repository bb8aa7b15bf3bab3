"""The room's answers beside the truth: a histogram on the true value's axis, or bars per choice.

Figure builders only: a Tally (lossviz.room.tallies) in, a Figure out, words in `lang`. The
truth is a solid line (numbers) or the marked bar (choices); each named misconception is a
dotted line labelled with its name and how many answers it names.
"""

import numpy as np
import plotly.graph_objects as go

from lossviz.charts.style import EXACT_COLOR, SSE_COLOR, base_layout
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import text

RIGHT_COLOR = "#009E73"  # bluish green (Okabe–Ito): the right answer
HEIGHT = 360
ROW = 18  # px per row of labels above a histogram
LETTER = 0.02  # a label's width per character (~7 px), as a share of a plot as narrow as a phone's (~350 px)


def _title(tally, lang):
    return text("room.chart.number_title", lang, n=tally.total)


def _count_axis(tally, lang):
    """The y axis of counts: whole numbers only (a tick per answer while there are few)."""
    axis = {"title": {"text": text("room.chart.answers", lang)}, "rangemode": "tozero"}
    return axis | ({"dtick": 1} if max(tally.counts, default=0) <= 10 else {})


def _shown(value, unit):
    return f"{value:.1f} %" if unit == "%" else format_loss(value)


def label_rows(positions, widths):
    """A row (0, 1, …) for each label so that labels in one row do not overlap.

    positions: each label's x as a fraction of the axis, in any order; widths: each label's width
    in the same units. Greedy, left to right: a label takes the first row whose last label ends
    before it starts.
    >>> label_rows([0.1, 0.15, 0.5, 0.12], [0.1, 0.1, 0.1, 0.1])
    [0, 2, 0, 1]
    """
    ends, rows = [], [0] * len(positions)
    for i in sorted(range(len(positions)), key=lambda i: positions[i]):
        start = positions[i] - widths[i] / 2
        row = next((r for r, end in enumerate(ends) if end <= start), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = positions[i] + widths[i] / 2
        rows[i] = row
    return rows


def number_figure(tally, *, x_title, lang="en"):
    """Bars of tally.counts over tally.edges, the truth and the named misconceptions marked.

    x_title: what the axis measures (the quantity asked, or the loss a drag reached). The
    truth's bin is green; the labels sit above the plot, in as many rows as they need.
    """
    edges = np.asarray(tally.edges)
    centres, widths = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
    right_bin = (edges[:-1] <= tally.truth) & (tally.truth < edges[1:])
    lo, hi = edges[0] - widths[0], edges[-1] + widths[-1]
    lines = [
        (
            tally.truth,
            text("room.chart.truth", lang, value=_shown(tally.truth, tally.unit)),
            RIGHT_COLOR,
            "solid",
        )
    ]
    for mark in tally.marks:
        label = f"{text(f'room.misconception.{mark.key}', lang)} ({mark.count})"
        lines.append((mark.position, label, EXACT_COLOR, "dot"))
    rows = label_rows(
        [(x - lo) / (hi - lo) for x, *_ in lines], [LETTER * len(label) for _, label, *_ in lines]
    )
    fig = go.Figure(
        go.Bar(
            x=centres,
            y=tally.counts,
            width=widths,
            marker={"color": np.where(right_bin, RIGHT_COLOR, SSE_COLOR).tolist()},
            customdata=np.stack([edges[:-1], edges[1:]], axis=1),
            hovertemplate="%{customdata[0]:.4g} – %{customdata[1]:.4g}: %{y}<extra></extra>",
        ),
        base_layout(
            _title(tally, lang),
            height=HEIGHT + ROW * max(rows),
            bargap=0.05,
            showlegend=False,
            margin={"l": 10, "r": 10, "t": 72 + ROW * max(rows), "b": 10},
            xaxis={"title": {"text": x_title}, "range": [lo, hi]},
            yaxis=_count_axis(tally, lang),
        ),
    )
    for (x, label, color, dash), row in zip(lines, rows, strict=True):
        fig.add_vline(x=x, line={"color": color, "dash": dash, "width": 3 if dash == "solid" else 2})
        fraction = (x - lo) / (hi - lo)
        fig.add_annotation(
            x=x, y=1, yref="paper", yanchor="bottom", yshift=2 + ROW * row, text=label, showarrow=False,
            xanchor="left" if fraction < 0.2 else "right" if fraction > 0.8 else "center",  # kept inside
            font={"color": color if dash == "solid" else None},
        )  # fmt: skip
    return fig


def choice_figure(tally, *, lang="en"):
    """One bar per choice (its count), the right one green and ticked."""
    labels = [text(f"room.choice.{c}", lang) + (" ✓" if c == tally.truth else "") for c in tally.choices]
    colors = [RIGHT_COLOR if c == tally.truth else EXACT_COLOR for c in tally.choices]
    return go.Figure(
        go.Bar(x=labels, y=tally.counts, marker={"color": colors}, hovertemplate="%{x}: %{y}<extra></extra>"),
        base_layout(
            _title(tally, lang),
            height=HEIGHT,
            showlegend=False,
            yaxis=_count_axis(tally, lang),
        ),
    )


def tally_figure(question, tally, *, lang="en"):
    """The figure for `question`'s tally: bars per choice, else a histogram (a drag's on the loss reached)."""
    if tally.kind == "choice":
        return choice_figure(tally, lang=lang)
    x_title = text("room.chart.reached" if question.kind == "drag" else "room.chart.value", lang)
    return number_figure(tally, x_title=x_title + (" (%)" if tally.unit == "%" else ""), lang=lang)
