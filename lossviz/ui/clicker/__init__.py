"""Presentation clicker keys as a Streamlit v2 component: → ← Page Up/Down and space move a slide.

clicker.js listens on the page's document (v2 components are not iframes) and sends "next" or
"previous" to Python as a trigger value; it also reports the window's size (a state value), which
is how a projected slide sizes its chart's type. Nothing is loaded from anywhere else.
"""

from pathlib import Path

import streamlit as st

_mount = st.components.v2.component(
    "lossviz.clicker",
    js=(Path(__file__).parent / "clicker.js").read_text(encoding="utf-8"),
)

KEY = "lv-clicker"


def clicker(on_key):
    """Listen for clicker keys; on_key("next" | "previous") runs as a widget callback, before the rerun.

    Returns the window's [width, height] in CSS pixels once the browser has reported it, else None.
    """

    def pressed():
        on_key(st.session_state[KEY]["key"])

    known = (st.session_state.get(KEY) or {}).get("screen")
    result = _mount(
        key=KEY,
        data={"screen": known},
        default={"screen": None},
        on_key_change=pressed,
        on_screen_change=_ignore,
    )
    return result.screen


def _ignore():
    """A new window size needs no callback: the rerun it causes redraws the chart."""
