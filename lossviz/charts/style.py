"""Colours and layout shared by every chart (Okabe–Ito colours: safe for colour-blind readers)."""

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
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        "hoverlabel": {"namelength": -1},
        "uirevision": "keep",  # keep zoom and camera across reruns
        "meta": {"title": title},
    }
    layout.update(extra)
    return layout


def figure_json(fig):
    """A figure (or its {"data", "layout"} spec) as the JSON text plotly.js reads, without
    plotly.py's default template: the page's theme supplies colours and fonts in the browser
    (lossviz/ui/web/figure.js), as Streamlit's own theme did for st.plotly_chart.
    """
    from plotly.io.json import to_json_plotly

    spec = fig if isinstance(fig, dict) else fig.to_plotly_json()
    layout = {k: v for k, v in spec["layout"].items() if k != "template"}
    return to_json_plotly({"data": spec["data"], "layout": layout})
