"""The frame every page shares: the brand, the language switch, presentation mode and (on the
explorer) "Join a room" in one row, and less empty space above it, so that each page's first screen
starts high. An embed of the explorer hides the whole row or a switch of it with ?hide=.

On a phone a page's first screen (a container keyed "lv-first") moves up to just below that row,
ahead of the examples and the tour, so the numbers and the chart are what a phone opens on. The
explorer draws its first screen inside a fragment (everything that follows t and y, rerun alone on
an edit); on a phone that fragment's own boxes are `display: contents`, so its parts line up with the
page's and only the first screen moves."""

import streamlit as st

from lossviz.inputs.link import PARAM, LinkValueError, parse_value
from lossviz.ui import room, workshop
from lossviz.ui.i18n import language_ui

FRAME_CSS = """
<style>
  [data-testid="stMainBlockContainer"] { padding-top: 3.75rem; }
  .lv-brand { margin: 0; font-weight: 600; }
  @media (max-width: 640px) {
    div:has(> .st-key-lv-frame) { order: -2; }
    div:has(> .st-key-lv-first) { order: -1; }
    [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > div:has(.st-key-lv-first),
    [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > div:has(.st-key-lv-first)
      > [data-testid="stVerticalBlock"] { display: contents; }
    .st-key-present { display: none; }  /* presentation mode is for projectors */
  }
</style>
"""


BRAND_HTML = '<p class="lv-brand">lossviz</p>'


def brand_ui():
    """lossviz's name, in the row of the switches (the explorer has no other title), and the frame's
    stylesheet: one element (each costs the server every run, benchmarks/load.py)."""
    st.html(BRAND_HTML + FRAME_CSS, width="content")


def _hidden(page):
    """The parts of the frame the explorer's ?hide= names (an unusable value is the page's to report)."""
    raw = st.query_params.get("hide")
    if page != "explorer" or not raw:
        return ()
    try:
        return parse_value(PARAM["hide"], raw)
    except LinkValueError:
        return ()


def header_ui(url_path):
    """The row above every page (url_path: the page's): brand, language, presentation and, on the
    explorer, "Join a room" (lossviz.ui.room.joinable), less what ?hide= names."""
    page = "explorer" if url_path in ("", "home", "explorer") else url_path  # "": the default page
    hidden = _hidden(page)
    if "header" in hidden:
        st.html(FRAME_CSS, width="content")
        workshop.presentation_ui(switch=False)  # ?present=1 still enlarges the page
        return
    with st.container(horizontal=True, vertical_alignment="center", gap="medium", key="lv-frame"):
        brand_ui()
        if "language" not in hidden:
            language_ui()
        workshop.presentation_ui(
            switch="present" not in hidden
        )  # on every page: the projected one is enlarged
        if room.joinable(page):
            room.join_box_ui()
