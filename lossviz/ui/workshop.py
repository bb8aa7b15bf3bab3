"""Workshop tools: the explorer's guided tour and take-it-home panel, and every page's presentation mode.

Widgets only: the tour's texts live in lossviz.views.tour, the exports in lossviz.words.export.
"""

import streamlit as st

from lossviz.ui.i18n import lang, tr
from lossviz.ui.link import sync
from lossviz.views.presentation import PRESENTATION_CSS
from lossviz.views.tour import STEPS, tour
from lossviz.words.export import computation_json, numpy_snippet, share_url, torch_snippet


def _load_inputs(number):
    """Load tour step `number`'s (1-based) t, y and chart tab into their widgets."""
    step = STEPS[number - 1]
    st.session_state.t, st.session_state.y = step.t, step.y
    st.session_state.view = step.view
    sync("view")


def _load_step(number):
    """Go to tour step `number` (a button's callback)."""
    st.session_state.step = number
    _load_inputs(number)


def _on_step_picked():
    if st.session_state.step is not None:
        _load_inputs(st.session_state.step)


def tour_ui():
    """The guided tour: a step picker bound to ?step=, the step's text, previous and next."""
    number = st.pills(
        tr("tour.label"),
        [s.number for s in STEPS],
        key="step",
        bind="query-params",
        on_change=_on_step_picked,
        help=" ".join(
            [tr("tour.help")] + [tr("tour.help_step", number=s.number, title=s.title) for s in tour(lang())]
        ),
    )
    if "tour_started" not in st.session_state:  # a deep link ?step=3 loads that step's inputs
        st.session_state.tour_started = True
        if number is not None and "t" not in st.query_params and "y" not in st.query_params:
            _load_inputs(number)
    if number is None:
        return
    step = tour(lang())[number - 1]
    with st.container(border=True):
        st.markdown(f"**{tr('tour.step_heading', number=number, total=len(STEPS), title=step.title)}**")
        st.markdown(step.text)
        with st.container(horizontal=True, gap="small"):
            st.button(
                tr("tour.previous"),
                key="tour-prev",
                disabled=number == 1,
                on_click=_load_step,
                args=(number - 1,),
            )
            st.button(
                tr("tour.next"),
                key="tour-next",
                disabled=number == len(STEPS),
                on_click=_load_step,
                args=(number + 1,),
                type="primary",
            )


def presentation_ui():
    """The presentation switch, read from and written to ?present=1; returns whether it is on."""
    if "present" not in st.session_state:
        st.session_state.present = st.query_params.get("present", "").lower() in ("1", "true", "yes", "on")
    present = st.toggle(
        tr("presentation.toggle"),
        key="present",
        on_change=_sync_present,
        help=tr("presentation.help"),
    )
    if present:
        st.html(PRESENTATION_CSS)
    return present


def _sync_present():
    """Keep ?present=1 in the URL while presenting (the spelling instructors use; a bound toggle writes true)."""
    if st.session_state.present:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]


def export_ui(c):
    """Code, data and a link that reproduce the numbers on the page; runs only when opened."""
    panel = st.expander(tr("export.panel"), key="export", on_change="rerun", icon=":material/download:")
    if not panel.open:
        return
    with panel:
        st.caption(tr("export.link"))
        st.code(share_url(st.context.url, {**st.query_params.to_dict(), "lang": lang()}), language=None)
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
