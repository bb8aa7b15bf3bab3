"""Plotly figure builders: arrays in, plotly.graph_objects.Figure out, no widgets."""

from lossviz.charts.breakdown import breakdown_figure
from lossviz.charts.curves import gradient_figure, neglog_figure
from lossviz.charts.surfaces import path_figure, simplex_figure, slice_figure

__all__ = [
    "breakdown_figure",
    "gradient_figure",
    "neglog_figure",
    "path_figure",
    "simplex_figure",
    "slice_figure",
]
