"""Tests for lossviz/charts/reading.py: each chart in words and as a table.

Expected numbers are hand computations on the article's first example, t = [0, 1, 0, 0],
y = [0.1, 0.05, 0.05, 0.8].
"""

import math

import pytest

from lossviz.charts import explorer, reading
from lossviz.charts.style import figure_json
from lossviz.views.comparison import compare_texts

ARTICLE = compare_texts("0, 1, 0, 0", "0.1, 0.05, 0.05, 0.8")


def only(name, c=ARTICLE, **options):
    (drawn,) = explorer.drawn(name, c, **options)
    return drawn.json


def test_the_neglog_summary_says_where_the_readers_point_is():
    words = reading.summary(only("neglog"))
    assert words.startswith("The −log curve of the correct class.")
    # −ln(0.05 + 1e-7) = 2.99573 and ½(0.05 − 1)² = 0.45125 (hand computation).
    on_cee = "Your point on −log(p + δ): cross-entropy term: p, the probability on the correct class"
    assert f"{on_cee} = 0.0500, loss term = 2.9957." in words
    # 0.45125 rounded half to even, as format_loss.
    assert (
        "Your point on ½(p − t)²: squared-error term: p, the probability on the correct class = 0.0500, loss term = 0.4512."
        in words
    )
    # The δ-capped curve tops out near −ln(1e-10 + 1e-7) = 16.1171 (its smallest p is 1e-10).
    assert f"loss term from −1.0×10⁻⁷ to {-math.log(1e-10 + 1e-7):.4f}" in words


def test_the_bars_table_holds_every_classs_terms():
    table = reading.data_table(only("bars"))
    assert list(table) == ["series", "x", "y"]
    rows = list(zip(table["series"], table["x"], table["y"], strict=True))
    # ½(y − t)²: ½·0.1² = 0.005, ½·0.95² = 0.45125, ½·0.05² = 0.00125, ½·0.8² = 0.32 (hand computation).
    assert [r[2] for r in rows if r[0] == "½(y−t)²"] == pytest.approx([0.005, 0.45125, 0.00125, 0.32])
    # −t·log(y + δ): only the correct class, −ln(0.05 + 1e-7) = 2.995730.
    assert [r[2] for r in rows if r[0] == "−t·log(y+δ)"] == pytest.approx([0, 2.9957302735, 0, 0], abs=1e-9)
    assert reading.summary(only("bars")).endswith("−t·log(y+δ): 4 bars, the tallest 2.9957 at class 1.")


def test_a_map_becomes_a_row_per_cell_with_its_value():
    c = compare_texts("0, 1, 0", "0.2, 0.7, 0.1")
    sse, _ = (d.json for d in explorer.drawn("surface_simplex", c))
    table = reading.data_table(sse, "zh")
    assert list(table) == ["系列", "x", "y", "值"]
    values = [v for s, v in zip(table["系列"], table["值"], strict=True) if s != "你的点"]
    # Squared error on the triangle with t = e₁: 0 at corner 1, ½(1 + 1) = 1 at the two others.
    assert min(values) == pytest.approx(0, abs=1e-12) and max(values) == pytest.approx(1, abs=1e-12)
    assert "你的点" in reading.summary(sse, "zh")


def test_plotlys_typed_arrays_are_read_back_and_unnamed_traces_left_out():
    import numpy as np
    import plotly.graph_objects as go

    spec = go.Figure(
        [
            go.Scatter(x=np.array([0.0, 1.0]), y=np.array([1.0, 1.0])),  # an outline, no name
            go.Histogram(name="cross-entropy", x=np.array([0.5, 2.0, 8.0])),
        ],
        layout={"xaxis": {"title": {"text": "loss"}}},
    )
    text = figure_json(spec)
    assert '"bdata"' in text  # plotly.py writes numpy arrays as base64
    assert reading.summary(text) == "cross-entropy: 3 values of loss from 0.5000 to 8."
