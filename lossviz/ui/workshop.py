"""Workshop tools: every page's presentation mode (and its "Open a room") and the explorer's take-it-home panel.

The guided tour is lossviz.ui.tour (its controls) and lossviz.ui.slides (a step as one screen);
tour_ui is here too for the explorer, which draws it. Widgets only: the exports are in
lossviz.views.export.
"""

import streamlit as st

from lossviz.ui import room
from lossviz.ui.i18n import lang, tr
from lossviz.ui.tour import tour_ui
from lossviz.views.export import computation_json, numpy_snippet, share_url, torch_snippet
from lossviz.views.presentation import PRESENTATION_CSS

__all__ = ["export_ui", "presentation_ui", "tour_ui"]


def presentation_ui(switch=True):
    """The presentation switch, read from and written to ?present=1; returns whether it is on.
    Without `switch` (an embed's ?hide=present) the link alone decides, and no room is opened here."""
    if "present" not in st.session_state:
        st.session_state.present = st.query_params.get("present", "").lower() in ("1", "true", "yes", "on")
    present = st.session_state.present
    if switch:
        present = st.toggle(
            tr("presentation.toggle"),
            key="present",
            on_change=_sync_present,
            help=tr("presentation.help"),
        )
    if present:
        st.html(PRESENTATION_CSS)
        if switch and room.ROOM not in st.session_state and "room" not in st.query_params:
            st.button(
                tr("room_ui.open"),
                key="room-open",
                on_click=room.open_room,
                help=tr("room_ui.open_help"),
                icon=":material/groups:",
            )
    return present


def _sync_present():
    """Keep ?present=1 in the URL while presenting (the spelling instructors use; a bound toggle writes true)."""
    if st.session_state.present:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]


def _shareable(query):
    """The link's parameters without the presenter's key (it controls a room) or the room itself."""
    return {name: raw for name, raw in query.items() if name not in ("key", "room", "me", "nick")}


def export_ui(c):
    """Code, data and a link that reproduce the numbers on the page; runs only when opened."""
    panel = st.expander(tr("export.panel"), key="export", on_change="rerun", icon=":material/download:")
    if not panel.open:
        return
    with panel:
        st.caption(tr("export.link"))
        st.code(
            share_url(st.context.url, {**_shareable(st.query_params.to_dict()), "lang": lang()}),
            language=None,
        )
        st.caption(tr("export.numpy"))
        st.code(numpy_snippet(c), language="python")
        st.caption(tr("export.torch"))
        st.code(torch_snippet(c), language="python")
        st.download_button(
            tr("export.download"),
            computation_json(c),
            "lossviz.json",
            "application/json",
            on_click="ignore",
            icon=":material/download:",
        )
