"""Presentation clicker keys as a Streamlit v2 component: → ← Page Up/Down and space move a slide.

clicker.js listens on the page's document (v2 components are not iframes) and sends "next" or
"previous" to Python as a trigger value; nothing is loaded from anywhere else.
"""

from pathlib import Path

import streamlit as st

_mount = st.components.v2.component(
    "lossviz.clicker",
    js=(Path(__file__).parent / "clicker.js").read_text(encoding="utf-8"),
)

KEY = "lv-clicker"


def clicker(on_key):
    """Listen for clicker keys; on_key("next" | "previous") runs as a widget callback, before the rerun."""

    def pressed():
        on_key(st.session_state[KEY]["key"])

    _mount(key=KEY, on_key_change=pressed)
