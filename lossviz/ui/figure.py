"""A Plotly figure drawn from its JSON text by lossviz's own v2 component (lossviz/ui/web/assets/figure.js).

Unlike st.plotly_chart, the element keeps its identity when the figure changes, so plotly.js
updates the same chart (Plotly.react) and a reader's zoom survives reruns (layout.uirevision);
and the server sends text it wrote once per input instead of re-validating a Figure per rerun.
"""

from contextlib import nullcontext

import pyarrow as pa
import streamlit as st

from lossviz.charts import reading
from lossviz.ui import web
from lossviz.ui.caching import per_input
from lossviz.ui.i18n import lang, tr
from lossviz.views.presentation import CHART_PX, CHART_SCALE

_mount = st.components.v2.component(
    "lossviz.figure",
    html='<figure class="lv-figure" data-state="loading">'
    '<div class="lv-figure-plot"></div><p class="lv-figure-status" hidden></p>'
    '<p class="lv-figure-summary"></p>'
    '<figcaption class="lv-figure-caption" hidden></figcaption></figure>',
    # The caption as st.caption draws it: small, in the text colour at 60 %. The summary is for a
    # screen reader only (the figure's aria-describedby): kept out of sight, not out of reach.
    css=".lv-figure { margin: 0; }"
    " .lv-figure-caption { font-size: 0.875rem; opacity: 0.6; margin-top: 0.25rem; overflow-wrap: break-word; }"
    " .lv-figure-summary { position: absolute; width: 1px; height: 1px; overflow: hidden;"
    " clip-path: inset(50%); white-space: nowrap; margin: 0; }",
    js=web.ENTRY_JS,
    isolate_styles=False,  # plotly.js styles its charts from document.head
)


SUMMARIES = 256  # chart texts described at once: the explorer's views for a few inputs per language


@per_input(SUMMARIES)
def _summary(figure_json, language):
    return reading.summary(figure_json, language)


@per_input(SUMMARIES)
def _data_table(figure_json, language):
    return pa.table(reading.data_table(figure_json, language))


def figure_chart(figure_json, *, key, alt, height, png_name, text_px=None, caption=None):
    """Draw one figure (JSON text from lossviz.charts.style.figure_json) under a stable key.

    height: the chart's height in px; alt: its accessible description; png_name: the file name
    its toolbar's camera saves (a PNG at twice the screen's resolution); text_px: its base text
    size (None: 12 px); caption: plain text under the chart, its <figcaption> (one element where
    a chart and an st.caption were two: each costs the server every run, benchmarks/load.py).
    The chart's summary in words (lossviz.charts.reading) is its accessible description.
    """
    data = {
        "figure": figure_json,
        "height": int(height),
        "alt": alt,
        "summary": _summary(figure_json, lang()),
        "text_px": text_px,
        "config": {"displaylogo": False, "toImageButtonOptions": {"filename": png_name, "scale": 2}},
        "failed": tr("charts.failed"),
        "caption": caption,
        "assets": {"module": web.web_url("figure.js"), **web.shared_urls()},
    }
    _mount(key=key, data=web.payload(data))


def plot(drawn, key, alt, where=None, caption=None):
    """A chart (drawn: a lossviz.charts.style.Drawn) with a stable key (zoom survives reruns), taller
    in presentation mode, with an optional caption (plain text) under it, in `where` (a column) or
    wherever the caller is drawing.

    Its toolbar's camera button saves a PNG at twice the screen's resolution, named after the chart.
    Under it, a switch shows its data as a table (lossviz.charts.reading), drawn only when on.
    """
    present = st.session_state.get("present")
    height = drawn.height * CHART_SCALE if present else drawn.height
    with where or nullcontext():  # in a column, or wherever the caller is drawing
        figure_chart(
            drawn.json,
            key=key,
            alt=alt,
            height=height,
            png_name=f"lossviz-{key}",
            text_px=CHART_PX if present else None,  # legible from the back of a room
            caption=caption,
        )
        if st.toggle(tr("charts.reading.show_table"), key=f"{key}-data"):
            st.dataframe(_data_table(drawn.json, lang()), hide_index=True, height=240)
