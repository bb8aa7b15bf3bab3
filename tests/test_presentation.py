"""Tests for lossviz/views/presentation.py: a projected chart's size rule and its layout."""

import plotly.graph_objects as go
import pytest

from lossviz.views.presentation import projected, screen_scale


@pytest.mark.parametrize(
    ("screen", "want"),
    [
        # By hand: min(width / 1280, height / 720), never below 1.
        ([1280, 720], 1.0),
        ([2560, 1440], 2.0),
        ([2560, 1080], 1.5),  # the height limits: 1080 / 720
        ([1920, 1440], 1.5),  # the width limits: 1920 / 1280
        ([800, 600], 1.0),  # a small window is not shrunk
    ],
)
def test_screen_scale_is_the_smaller_ratio_and_at_least_one(screen, want):
    assert screen_scale(screen) == want


def legend_figure(names):
    return go.Figure([go.Scatter(x=[0, 1], y=[0, 1], name=n) for n in names], layout={"height": 380})


def test_projected_leaves_the_given_figure_as_it_was():
    fig = legend_figure(["a", "b"])
    projected(fig, scale=1.5)
    assert fig.layout.height == 380 and fig.layout.font.size is None and fig.layout.legend.orientation is None


def test_projected_scales_every_text_by_the_screen():
    # 20 px text and a 24 px title at 1280×720; at 1.5× the screen: round(20 · 1.5) = 30, round(24 · 1.5) = 36.
    fig = projected(go.Figure(go.Scatter(x=[0], y=[0]), layout={"title": {"text": "x"}}), scale=1.5)
    assert fig.layout.font.size == 30 and fig.layout.title.font.size == 36
    assert fig.layout.yaxis.tickfont.size == 30 and fig.layout.yaxis.title.font.size == 30
    assert fig.layout.margin.t == 96  # round(64 · 1.5)


def test_two_legend_entries_go_above_the_plot_and_three_inside_it():
    two = projected(legend_figure(["squared error", "cross-entropy"]))
    assert two.layout.legend.orientation == "h" and two.layout.legend.yanchor == "bottom"
    assert two.layout.margin.t == 104  # room above the plot for the legend row
    three = projected(legend_figure(["a", "b", "c"]))
    assert three.layout.legend.orientation == "v" and three.layout.legend.xanchor == "right"
    assert three.layout.margin.t == 64


def test_unnamed_or_hidden_traces_do_not_count_as_legend_entries():
    fig = legend_figure(["a", "b"])
    fig.add_scatter(x=[0], y=[0], showlegend=False, name="hidden")
    fig.add_scatter(x=[0], y=[0])  # no name
    assert projected(fig).layout.legend.orientation == "h"
