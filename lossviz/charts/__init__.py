"""Plotly figure builders: arrays in, plotly.graph_objects.Figure out, no widgets."""

from lossviz.charts.curves import gradient_figure, neglog_figure
from lossviz.charts.surfaces import path_figure, simplex_figure, slice_figure

__all__ = [
    "gradient_figure",
    "neglog_figure",
    "path_figure",
    "simplex_figure",
    "slice_figure",
]
