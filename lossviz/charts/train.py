"""Charts of the training page: the race of both losses per epoch, a digit as a picture, and
Nielsen's one neuron.

Every builder takes `lang` ("en" or "zh") for its titles, axes, legend and hover texts.
"""

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lossviz.charts.lab import LOSS_COLORS, loss_name
from lossviz.charts.style import MARK_COLOR, base_layout
from lossviz.data import PIXEL_MAX, SIDE
from lossviz.maths.network import LOSSES
from lossviz.words.i18n import DEFAULT_LANGUAGE, text

METRICS = ("loss", "train_accuracy", "test_accuracy", "saturated")  # the race's panels, in order
RACE_HEIGHT = 480
PICTURE_SCALE = 12  # screen pixels per image pixel: a 96 px picture


def _loss_range(runs):
    """A log axis's range (log10 units) that holds every loss of every epoch, with a margin."""
    values = np.concatenate([runs[loss].loss for loss in LOSSES])
    low, high = math.log10(max(values.min(), 1e-12)), math.log10(max(values.max(), 1e-12))
    pad = max(0.05 * (high - low), 0.05)
    return [low - pad, high + pad]


def log_ticks(log_range):
    """Ticks 1, 2, 5 × 10^n inside a log axis's range (log10 units), each labelled in full
    (plotly's own minor labels, a bare "2" or "5", do not say their decade).

    >>> log_ticks([-1.2, 0.5])
    [0.1, 0.2, 0.5, 1.0, 2.0]
    """
    low, high = log_range
    ticks = [m * 10.0**n for n in range(math.floor(low), math.ceil(high) + 1) for m in (1, 2, 5)]
    return [float(f"{v:.12g}") for v in ticks if low <= math.log10(v) <= high]


def race_figure(trajectory, lang=DEFAULT_LANGUAGE):
    """Loss, train and test accuracy and the saturated share per epoch: one panel (axis) per
    metric, both losses on each. Every range is fixed from the whole run, so a player that shows
    the first epochs only (lossviz/ui/train_player) draws them on the final axes.

    Trace i of the figure is panel METRICS[i // 2], loss LOSSES[i % 2]; x, y are plain lists.
    """
    runs = trajectory.runs
    epochs = trajectory.settings.epochs
    fig = make_subplots(
        rows=2,
        cols=2,
        subplot_titles=[text(f"train.chart.{m}", lang) for m in METRICS],
        horizontal_spacing=0.1,
        vertical_spacing=0.16,
    )
    x = list(range(epochs + 1))
    epoch_word = text("train.chart.epoch", lang)
    for i, metric in enumerate(METRICS):
        row, col = divmod(i, 2)
        percent = metric != "loss"
        for loss in LOSSES:
            name = loss_name(loss, lang)
            values = getattr(runs[loss], metric)
            fig.add_scatter(
                x=x,
                y=values.tolist(),
                name=name,
                legendgroup=loss,
                showlegend=False,  # the player's own legend sits above the chart, on every screen
                mode="lines+markers",
                marker={"size": 4},
                line={"color": LOSS_COLORS[loss], "width": 2.5},
                hovertemplate=f"{name}<br>{epoch_word} %{{x}}: %{{y:{'.1%' if percent else '.4g'}}}<extra></extra>",
                row=row + 1,
                col=col + 1,
            )
        fig.update_xaxes(range=[-0.3, epochs + 0.3], row=row + 1, col=col + 1)
        if metric == "loss":
            log_range = _loss_range(runs)
            ticks = log_ticks(log_range)
            fig.update_yaxes(
                type="log",
                range=log_range,
                tickvals=ticks,
                ticktext=[f"{v:g}" for v in ticks],
                row=row + 1,
                col=col + 1,
            )
        elif metric == "saturated":
            top = max(max(runs[loss].saturated.max() for loss in LOSSES) * 1.1, 0.02)
            fig.update_yaxes(range=[0, top], tickformat=".0%", row=row + 1, col=col + 1)
        else:
            fig.update_yaxes(range=[0, 1.02], tickformat=".0%", row=row + 1, col=col + 1)
    fig.update_xaxes(title_text=epoch_word, row=2)
    layout = base_layout(text("train.chart.title", lang), height=RACE_HEIGHT)
    layout["margin"] = {"l": 10, "r": 10, "t": 70, "b": 10}
    fig.update_layout(**layout)
    fig.update_annotations(font_size=13)
    return fig


def digit_picture(pixels):
    """An 8×8 digit (64 pixels, 0 … 16) as a grayscale picture for st.image, ink dark on white:
    (8 PICTURE_SCALE, 8 PICTURE_SCALE) uint8, each pixel a PICTURE_SCALE-square block.

    >>> p = digit_picture(np.r_[16, np.zeros(63)])
    >>> p.shape, int(p[0, 0]), int(p[0, PICTURE_SCALE]), int(p[PICTURE_SCALE - 1, PICTURE_SCALE - 1])
    ((96, 96), 0, 255, 0)
    """
    image = 255 - np.asarray(pixels, dtype=np.float64).reshape(SIDE, SIDE) * (255 / PIXEL_MAX)
    return np.kron(np.round(image), np.ones((PICTURE_SCALE, PICTURE_SCALE))).astype(np.uint8)


def neuron_figure(outputs, marked_epoch, lang=DEFAULT_LANGUAGE):
    """Nielsen's one sigmoid neuron: its output a per epoch under both costs ({loss: (E+1,)},
    lossviz.maths.network.sigmoid_neuron), with each cost's value at `marked_epoch` marked."""
    fig = go.Figure()
    epoch_word = text("train.chart.epoch", lang)
    for loss in LOSSES:
        name = loss_name(loss, lang)
        a = outputs[loss]
        fig.add_scatter(
            x=np.arange(a.size),
            y=a,
            name=name,
            line={"color": LOSS_COLORS[loss], "width": 3},
            hovertemplate=f"{name}<br>{epoch_word} %{{x}}: a = %{{y:.4f}}<extra></extra>",
        )
        fig.add_scatter(
            x=[marked_epoch],
            y=[a[marked_epoch]],
            mode="markers+text",
            text=[f"{a[marked_epoch]:.3f}"],
            textposition="top right",
            showlegend=False,
            name=text("train.neuron.at_epoch", lang, loss=name, epoch=marked_epoch),
            marker={"size": 12, "color": LOSS_COLORS[loss], "line": {"color": MARK_COLOR, "width": 3}},
            hoverinfo="skip",
        )
    fig.update_layout(**base_layout(text("train.neuron.chart_title", lang), height=340))
    fig.update_xaxes(title_text=epoch_word)
    fig.update_yaxes(title_text=text("train.neuron.y", lang), range=[-0.03, 1.03])
    return fig


def accuracy_race_figure(trajectory, target, lang=DEFAULT_LANGUAGE):
    """Test accuracy per epoch of both runs, with the line at `target` (a share) and each run's
    first epoch at or above it marked: the workshop's slide of the race."""
    fig = go.Figure()
    epoch_word = text("train.chart.epoch", lang)
    for loss in LOSSES:
        name = loss_name(loss, lang)
        accuracy = trajectory.runs[loss].test_accuracy
        fig.add_scatter(
            x=np.arange(accuracy.size),
            y=accuracy,
            name=name,
            mode="lines+markers",
            line={"color": LOSS_COLORS[loss], "width": 3},
            marker={"size": 5},
            hovertemplate=f"{name}<br>{epoch_word} %{{x}}: %{{y:.1%}}<extra></extra>",
        )
        reached = np.flatnonzero(accuracy >= target)
        if reached.size:
            fig.add_scatter(
                x=[reached[0]],
                y=[accuracy[reached[0]]],
                mode="markers",
                showlegend=False,
                name=text("train.slide.reached", lang, loss=name, epoch=int(reached[0])),
                marker={"size": 14, "color": LOSS_COLORS[loss], "line": {"color": MARK_COLOR, "width": 3}},
                hoverinfo="skip",
            )
    fig.add_hline(y=target, line={"color": MARK_COLOR, "dash": "dot", "width": 2})
    fig.update_layout(**base_layout(text("train.slide.chart_title", lang), height=380))
    fig.update_xaxes(title_text=epoch_word)
    fig.update_yaxes(title_text=text("train.chart.test_accuracy", lang), tickformat=".0%", range=[0, 1.02])
    return fig
