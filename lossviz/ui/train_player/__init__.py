"""The race, played epoch by epoch in the browser: a Streamlit v2 component.

Python sends the whole trajectory once per settings: the race figure (lossviz.charts.train,
every epoch, ranges fixed) and one readout line per epoch. Play, Pause and the epoch slider run
in the browser (player.js) and only choose how many epochs plotly.js shows, so playing causes no
rerun. plotly.js, its loader and the look of the page's charts are the shared ones of
lossviz/ui/web; player.js and player.css are served by Streamlit's component route.
"""

import re
from pathlib import Path

import streamlit as st

from lossviz.ui import web

ASSETS = Path(__file__).parent / "assets"  # the browser's files, all that the component route serves
LABEL_KEYS = ("play", "pause", "slider", "failed")  # the words player.js shows: train.player.<key>

_OWN_VERSION = web.version(ASSETS / "player.js", ASSETS / "player.css")

_mount = st.components.v2.component(
    "lossviz.train_player",
    html=re.sub(r">\s+<", "><", (ASSETS / "player.html").read_text(encoding="utf-8")),
    js=web.ENTRY_JS,
    isolate_styles=False,  # plotly.js styles its charts from document.head
)


def _asset_urls():
    own = web.served("train_player", ASSETS)
    return {
        "module": f"{own}player.js?v={_OWN_VERSION}",
        "css": f"{own}player.css?v={_OWN_VERSION}",
        "figure": web.web_url("figure.js"),  # the charts' look (template), shared with lossviz.ui.figure
        **web.shared_urls(),
    }


def race_player(figure_json, *, readouts, legend, labels, alt, height, key, text_px=None):
    """Draw the player for one race.

    figure_json: the race figure as JSON text (lossviz.charts.style.figure_json of
    lossviz.charts.train.race_figure), traces with plain x, y lists of epochs 0 … E;
    readouts: E + 1 lines, one per epoch; legend: [(name, colour)] of the runs; labels: {key: text} for LABEL_KEYS; alt: the chart's
    accessible description; height: its height in px; key: the component's Streamlit key; text_px:
    the chart's base text size (None: 12 px; a projected page's is larger).
    """
    data = {
        "figure": figure_json,
        "epochs": len(readouts) - 1,
        "readouts": list(readouts),
        "legend": [{"name": name, "color": color} for name, color in legend],
        "labels": {name: labels[name] for name in LABEL_KEYS},
        "alt": alt,
        "height": int(height),
        "text_px": text_px,
        "assets": _asset_urls(),
    }
    _mount(key=key, data=web.payload(data))
