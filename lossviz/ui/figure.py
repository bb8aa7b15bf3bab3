"""A Plotly figure drawn from its JSON text by lossviz's own v2 component (lossviz/ui/web/figure.js).

Unlike st.plotly_chart, the element keeps its identity when the figure changes, so plotly.js
updates the same chart (Plotly.react) and a reader's zoom survives reruns (layout.uirevision);
and the server sends text it wrote once per input instead of re-validating a Figure per rerun.
"""

import streamlit as st

from lossviz.ui import web
from lossviz.ui.i18n import tr

_mount = st.components.v2.component(
    "lossviz.figure",
    html='<div class="lv-figure" role="figure" data-state="loading">'
    '<div class="lv-figure-plot"></div><p class="lv-figure-status" hidden></p></div>',
    js=web.ENTRY_JS,
    isolate_styles=False,  # plotly.js styles its charts from document.head
)


def figure_chart(figure_json, *, key, alt, height, png_name, text_px=None):
    """Draw one figure (JSON text from lossviz.charts.style.figure_json) under a stable key.

    height: the chart's height in px; alt: its accessible description; png_name: the file name
    its toolbar's camera saves (a PNG at twice the screen's resolution); text_px: its base text
    size (None: 12 px).
    """
    data = {
        "figure": figure_json,
        "height": int(height),
        "alt": alt,
        "text_px": text_px,
        "config": {"displaylogo": False, "toImageButtonOptions": {"filename": png_name, "scale": 2}},
        "failed": tr("charts.failed"),
        "assets": {"module": web.web_url("figure.js"), **web.shared_urls()},
    }
    _mount(key=key, data=web.payload(data))
