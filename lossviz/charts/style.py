"""Colours and layout shared by every chart (Okabe–Ito colours: safe for colour-blind readers)."""

from typing import NamedTuple

SSE_COLOR = "#0072B2"  # blue: squared error
CEE_COLOR = "#D55E00"  # vermillion: cross-entropy with δ
EXACT_COLOR = "#999999"  # grey: −log p without δ
MARK_COLOR = "#CC79A7"  # reddish purple: the user's point
SEQUENTIAL = "Viridis"


def base_layout(title, **extra):
    """Layout every chart shares: a title (its accessible name), compact margins, stable zoom."""
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "margin": {"l": 10, "r": 10, "t": 48, "b": 10},
        # Under the axis title, at the foot of the whole figure: placed relative to the plot area
        # (y < 0 on "paper"), a legend that wraps to two rows on a phone met the x-axis title.
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
        "hoverlabel": {"namelength": -1},
        "uirevision": "keep",  # keep zoom and camera across reruns
        "meta": {"title": title},
    }
    layout.update(extra)
    return layout


class Drawn(NamedTuple):
    """A figure as plotly.js reads it (JSON text) and its height in px."""

    json: str
    height: int


def drawn(fig):
    """A built figure (with its layout's height set) as Drawn: written once, sent as it is."""
    return Drawn(figure_json(fig), int(fig.layout.height))


def figure_json(fig):
    """A figure (or its {"data", "layout"} spec) as the JSON text plotly.js reads, without
    plotly.py's default template: the page's theme supplies colours and fonts in the browser
    (lossviz/ui/web/assets/figure.js), as Streamlit's own theme did for st.plotly_chart.
    """
    from plotly.io.json import to_json_plotly

    spec = fig if isinstance(fig, dict) else fig.to_plotly_json()
    layout = {k: v for k, v in spec["layout"].items() if k != "template"}
    return to_json_plotly({"data": spec["data"], "layout": layout})
