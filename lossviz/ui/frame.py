"""The frame every page shares: the brand, the language switch and presentation mode in one row,
and less empty space above it, so that each page's first screen starts high.

On a phone a page's first screen (a container keyed "lv-first") moves up to just below that row,
ahead of the examples and the tour, so the numbers and the chart are what a phone opens on. The
explorer draws its first screen inside a fragment (everything that follows t and y, rerun alone on
an edit); on a phone that fragment's own boxes are `display: contents`, so its parts line up with the
page's and only the first screen moves."""

import streamlit as st

FRAME_CSS = """
<style>
  [data-testid="stMainBlockContainer"] { padding-top: 3.75rem; }
  .lv-brand { margin: 0; font-weight: 600; }
  @media (max-width: 640px) {
    div:has(> .st-key-lv-frame) { order: -2; }
    div:has(> .st-key-lv-first), div:has(> .st-key-lv-join-box) { order: -1; }  /* a room's code first */
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
