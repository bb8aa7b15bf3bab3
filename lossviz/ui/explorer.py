"""The explorer page: type (or drag) y, see both losses side by side, explore the charts below.

The first screen tells the story without scrolling: the two inputs, both losses as big numbers,
one sentence comparing them and the −log chart with the reader's point. Formulas, the per-class
table and the other charts follow (lossviz.ui.explorer_details, lossviz.ui.explorer_charts).
Widgets and layout only: every number comes from lossviz.
"""

from contextlib import nullcontext

import streamlit as st

from lossviz.inputs.link import PARAM
from lossviz.inputs.parsing import MAX_TYPED_ENTRIES, format_rounded, format_vector, parse_vector
from lossviz.maths.distributions import normalize
from lossviz.ui.drag import MAX_CLASSES, prediction_drag, reader_labels
from lossviz.ui.explorer_charts import charts_ui, compare, figures
from lossviz.ui.explorer_details import details_ui
from lossviz.ui.figure import plot
from lossviz.ui.i18n import lang, say, tr
from lossviz.ui.link import bound, open_link
from lossviz.ui.markdown import escape_markdown
from lossviz.ui.workshop import export_ui, tour_ui
from lossviz.views.comparison import headline
from lossviz.views.presentation import CHART_PX, CHART_SCALE
from lossviz.views.presets import PRESETS
from lossviz.words.errors import InputError
from lossviz.words.formatting import format_loss, format_precise

PRESET = {preset.key: preset for preset in PRESETS}
DRAG_HEIGHT_PX = 380  # the drag chart's height on a screen (lossviz/ui/drag/assets/drag.css)


def _load_preset():
    """A click on an example loads its t and y (and so the URL); nothing stays selected."""
    if st.session_state.preset is not None:
        st.session_state.t = PRESET[st.session_state.preset].t
        st.session_state.y = PRESET[st.session_state.preset].y
    st.session_state.preset = None


def _normalise_y():
    try:
        st.session_state.y = format_vector(normalize(parse_vector(st.session_state.y, name="y")))
    except InputError:
        pass  # y changed since the button was drawn; the page shows what is wrong with it now


def presets_ui():
    """The examples as one row of pills: one element, where eight buttons cost the server eight
    (each element costs every rerun, benchmarks/load.py); what each one shows is in the help."""
    words = lang()  # format_func may be called after this run: it must not look the language up
    st.pills(
        tr("explorer.presets.label"),
        list(PRESET),
        format_func=lambda key: PRESET[key].label.text(words),
        key="preset",
        on_change=_load_preset,
        help="\n".join(f"- **{p.label.text(words)}**: {p.note.text(words)}" for p in PRESETS),
    )


def inputs_ui():
    """The two text boxes side by side, bound to ?t= and ?y=; returns their text. A message about
    either goes under both, as wide as the pair: under the narrow t box alone, a long one wrapped a
    word a line when projected."""
    col_t, col_y = st.columns([2, 3])
    t_text = col_t.text_input(tr("explorer.t.label"), **bound("t"), help=tr("explorer.t.help"))
    y_text = col_y.text_input(
        tr("explorer.y.label"),
        **bound("y"),
        help=tr("explorer.y.help", example=PARAM["y"].default, max=MAX_TYPED_ENTRIES),
    )
    return t_text, y_text


def warnings_ui(c, *, can_normalise=True):
    """Odd-but-computable input: warn, and offer to normalise y (when the y box is shown).

    Drawn below the numbers, so that a warning appearing as one types never moves them.
    """
    if c.t_warning:
        st.warning(escape_markdown(say(c.t_warning)), icon=":material/warning:")
    if c.y_warning:
        st.warning(escape_markdown(say(c.y_warning)), icon=":material/warning:")
        if can_normalise:
            st.button(tr("explorer.normalise"), on_click=_normalise_y, key="normalise", type="primary")


def numbers_ui(c, *, big_numbers):
    """Both losses as big numbers side by side (unless the drag chart shows them, live) and the sentence."""
    if big_numbers:
        with st.container(horizontal=True, gap="large"):
            for loss, value in (("sse", c.sse), ("cee", c.cee)):
                st.metric(tr(f"explorer.{loss}.short"), format_loss(value), help=f"= {format_precise(value)}")
    st.markdown(escape_markdown(headline(c, lang())))
    if c.cee < 0:
        st.caption(tr("explorer.cee.negative_note"))


def _commit_drag(y):
    """A released drag writes y into its box (and so the link) with at most 4 decimals that keep its
    sum (1 stays exactly 1 as text); the rerun recomputes with the core."""
    st.session_state.y = format_rounded(y)


def draggable(c):
    """Whether the drag component can draw c: a one-hot target and 2 to MAX_CLASSES classes."""
    return c.one_hot and 2 <= c.k <= MAX_CLASSES


def drag_ui(c, t_text, y_text, *, table=True):
    """The −log chart (and for K = 3 the triangle) with the reader's point to drag.

    The browser previews both losses (as the first screen's big numbers) and the per-class table
    (terms as bars, slopes) every frame; the release commits y to Python. A prediction the
    component cannot draw gets the static chart, and the table below the formulas instead.
    """
    if not draggable(c):
        plot(figures(t_text, y_text, "neglog"), "neglog-first", tr("explorer.neglog.alt"))
        return
    present = st.session_state.get("present", False)
    prediction_drag(
        c.y,
        c.target_class,
        labels=reader_labels(),
        key="drag",
        table=table,
        slopes=True,
        on_commit=_commit_drag,
        # Projected, as the page's other charts: their text size, taller by the same factor.
        text_px=CHART_PX if present else None,
        height_px=round(DRAG_HEIGHT_PX * CHART_SCALE) if present else None,
    )


def main():
    from lossviz.ui import slides  # a tour step (?step=) takes the page over as one screen

    if slides.wanted():
        return slides.main()
    present = st.session_state.get("present", False)  # the switch is drawn by app.py, on every page
    link = open_link("explorer")
    hidden = link.get("hide", ())
    if not present:  # without the examples, the intro does not offer them
        st.caption(tr("explorer.intro" if "presets" not in hidden else "explorer.intro_typed"))
    if "presets" not in hidden:
        presets_ui()
    if "tour" not in hidden:
        tour_ui()
    explorer_ui(link, hidden)


LAST_GOOD = "explorer_last_good"  # session state: the (t, y) texts of the last input that computed
# A stale picture reads as such: its charts and numbers faded, a dashed rule beside it. Text keeps
# contrast above WCAG's 4.5:1 (the text colour at 70 % on the background).
STALE_CSS = """<style>
[class*="st-key-lv-stale"] { border-left: 3px dashed rgba(128, 128, 128, 0.6); padding-left: 0.75rem; }
[class*="st-key-lv-stale"] :is(.lv-figure-plot, .lv-drag-plot) { opacity: 0.4; }
[class*="st-key-lv-stale"] :is([data-testid="stMetricValue"], .lv-formula-value) { opacity: 0.7; }
</style>"""


def stale_ui(part, stale):
    """Where one part of the page goes: a container marked stale (lossviz's CSS) when it shows the
    last good input under a message, else the page itself (the element tree is the same as ever)."""
    return st.container(key=f"lv-stale-{part}") if stale else nullcontext()


def checked_ui(t_text, y_text):
    """(c, t_text, y_text, stale) for the two texts, or for the last good ones under the message
    when these do not compute; None when there are none (a first page from a bad link)."""
    try:
        c = compare(t_text, y_text)
    except InputError as exc:  # the one place where bad input is shown: under the boxes
        st.error(escape_markdown(say(exc)), icon=":material/error:")
        last = st.session_state.get(LAST_GOOD)
        if last is None:
            st.info(tr("explorer.fix_input"))
            return None
        st.caption(tr("explorer.stale"))
        st.html(STALE_CSS)
        return compare(*last), *last, True
    st.session_state[LAST_GOOD] = (t_text, y_text)
    return c, t_text, y_text, False


@st.fragment
def explorer_ui(link, hidden):
    """Everything that follows t and y: an edit, a drag or Normalise reruns this alone, not the page's
    frame, examples and tour above it (each element costs the server every run, benchmarks/load.py).

    Input that does not compute gets its message, and under it the last good picture, marked stale
    (never a blank page while one types from one number of classes to another)."""
    left, right = st.container(key="lv-first").columns([5, 6], gap="medium")
    with left:
        if "inputs" in hidden:  # embedded read-only: the link alone says what to show
            t_text, y_text = link.get("t", PARAM["t"].default), link.get("y", PARAM["y"].default)
        else:
            t_text, y_text = inputs_ui()
        checked = checked_ui(t_text, y_text)
        if checked is None:
            return
        c, t_text, y_text, stale = checked
        live = draggable(c) and not stale
        with stale_ui("numbers", stale):
            numbers_ui(c, big_numbers=not live)
            if not stale:
                warnings_ui(c, can_normalise="inputs" not in hidden)
    with right, stale_ui("chart", stale):
        if stale:
            plot(figures(t_text, y_text, "neglog"), "neglog-first", tr("explorer.neglog.alt"))
        else:
            drag_ui(c, t_text, y_text, table="table" not in hidden)
    with stale_ui("below", stale):
        # What the drag component shows live (both numbers, the per-class table) is not drawn again below.
        details_ui(c, t_text, y_text, hidden, numbers=live, table=not live)
        if "charts" not in hidden:
            charts_ui(t_text, y_text)
        if "export" not in hidden and not stale:
            export_ui(c)
