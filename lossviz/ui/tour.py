"""The guided tour's controls: the step pills kept in ?step=, moving between steps, ending the tour.

Picking a step turns the explorer into that step's slide (lossviz.ui.slides); ending the tour
opens the explorer on the step's inputs. The texts live in lossviz.views.tour.
"""

import streamlit as st

from lossviz.inputs.link import PARAM, LinkValueError, parse_value, write_value
from lossviz.ui.i18n import lang, tr
from lossviz.ui.link import sync
from lossviz.views.tour import COUNT, STEPS, tour

KEY = "step"  # the pills' key, and the query parameter they keep in step with
REVEALED = "lv-revealed"  # the steps whose numbers were revealed in predict-then-reveal mode


def _linked(name):
    """The link's value of ?name= (checked by the table), or None when it has none it can use."""
    try:
        return parse_value(PARAM[name], st.query_params.get(name, ""))
    except LinkValueError:  # open_link names it in its notice
        return None


def current_step():
    """The tour step shown now (1 … COUNT), or None when there is no tour.

    The pills' value once they exist in this session; before that, the link's ?step= if usable.
    """
    return st.session_state[KEY] if KEY in st.session_state else _linked(KEY)


def _write(name):
    """Keep ?name= in the link as the table writes it (?step=3, ?ask=1; a bound widget would write
    a step's label or ask=true)."""
    raw = write_value(PARAM[name], st.session_state[name])
    if raw is None:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = raw


def _seed(name, default):
    if name not in st.session_state:
        value = _linked(name)
        st.session_state[name] = default if value is None else value


def step_pills(*, collapsed=False):
    """The six steps, each by its number and name; returns the step picked (or None).

    Drawn by the explorer to start the tour and by a slide to move within it: one widget (its key),
    so a step picked in one place is the step shown in the other.
    """
    _seed(KEY, None)
    names = {s.number: s.short for s in tour(lang())}
    return st.pills(
        tr("tour.label"),
        [s.number for s in STEPS],
        format_func=lambda n: f"{n} · {names[n]}",
        key=KEY,
        on_change=_write,
        args=(KEY,),
        help=tr("tour.help"),
        label_visibility="collapsed" if collapsed else "visible",
    )


def tour_ui():
    """The explorer's way into the tour: its steps by name."""
    step_pills()


def ask_toggle():
    """The predict-then-reveal switch, kept in ?ask=; returns whether it is on."""
    _seed("ask", False)
    return st.toggle(tr("slides.ask"), key="ask", on_change=_write, args=("ask",), help=tr("slides.ask_help"))


def go_to(number):
    """Show step `number` (a callback: buttons and clicker keys)."""
    st.session_state[KEY] = number
    _write(KEY)


def is_revealed(number):
    return number in st.session_state.get(REVEALED, ())


def reveal(number):
    st.session_state[REVEALED] = {*st.session_state.get(REVEALED, ()), number}


def forward(number, ask):
    """The next thing the room sees from step `number`: its hidden numbers, else the next step."""
    if ask and not is_revealed(number):
        reveal(number)
    elif number < COUNT:
        go_to(number + 1)


def back(number):
    if number > 1:
        go_to(number - 1)


def end_tour(number):
    """Leave the tour for the explorer, loaded with step `number`'s inputs and chart (a callback)."""
    step = STEPS[number - 1]
    st.session_state.t, st.session_state.y = step.t, step.y
    st.session_state.view = step.view
    sync("view")
    go_to(None)
