"""The frame every page shares: the brand, the language switch and presentation mode in one row,
and less empty space above it, so that each page's first screen starts high."""

import streamlit as st

FRAME_CSS = """
<style>
  [data-testid="stMainBlockContainer"] { padding-top: 3.75rem; }
</style>
"""


def brand_ui():
    """lossviz's name, in the row of the switches (the explorer has no other title)."""
    st.markdown("**lossviz**")
    st.html(FRAME_CSS)
