"""The explorer's charts below the first screen: the −log curve, the loss surface, the gradients, the
per-class bars; one at a time (?view=), in a fragment so that a chart option reruns only this section.

Widgets and layout only: the figures come from lossviz.charts.explorer, cached per input and language.
"""

import functools

import streamlit as st

from lossviz.charts import explorer as charts
from lossviz.inputs.link import check_slice
from lossviz.ui.figure import plot
from lossviz.ui.i18n import lang, tr
from lossviz.ui.link import bound, choice, ignored_ui
from lossviz.views.comparison import compare_texts

CACHE_ENTRIES = 128


# Both caches are functools.lru_cache, bounded and shared by every session: their keys are short
# texts, and Streamlit's st.cache_resource hashes each argument with its own hasher (~0.2 ms a call,
# four calls an edit: 4 % of the server's time per edit under py-spy); lru_cache hashes the tuple.
@functools.lru_cache(maxsize=CACHE_ENTRIES)
def compare(t_text, y_text):
    """The Comparison of two texts, shared by every session that types the same (bounded cache).

    Every caller gets the same frozen Comparison (nothing writes to its arrays), never a copy.
    Bad input raises InputError each time (an exception is not cached).
    """
    return compare_texts(t_text, y_text)


@functools.lru_cache(maxsize=CACHE_ENTRIES)
def _cached_figures(t_text, y_text, name, **options):
    return charts.drawn(name, compare(t_text, y_text), **options)


def figures(t_text, y_text, name, **options):
    """A chart (or pair of charts) of lossviz.charts.explorer in the reader's language, as JSON
    text, cached by input text, language and options and shared by every session.

    Written once per input: a rerun that draws the same chart sends the same text, with nothing
    rebuilt, validated or serialised again.
    """
    drawn = _cached_figures(t_text, y_text, name, lang=lang(), **options)
    return drawn if len(drawn) > 1 else drawn[0]


def chart_pair(pair, key, alt, **params):
    """A (squared error, cross-entropy) pair of heat maps side by side; they stack on a phone.

    alt: the strings key of their description, filled in with the loss's name and params.
    """
    for col, fig, loss in zip(st.columns(2), pair, ("sse", "cee"), strict=True):
        plot(fig, f"{key}-{loss}", tr(alt, loss=tr(f"explorer.loss_name.{loss}"), **params), where=col)


@st.fragment
def charts_ui(t_text, y_text):
    """The chart chosen with ?view=; only it runs (and reaches the browser), and only here."""
    c = compare(t_text, y_text)
    view = choice(st.segmented_control, "view", tr("explorer.view.label"), required=True)
    VIEWS[view](c, t_text, y_text)


def neglog_ui(c, t_text, y_text):
    log_x = st.toggle(tr("explorer.neglog.log_toggle"), **bound("log"), help=tr("explorer.neglog.log_help"))
    plot(
        figures(t_text, y_text, "neglog_chart", log_x=log_x),
        "neglog",
        tr("explorer.neglog.alt"),
        caption=tr("explorer.neglog.caption"),
    )


def gradient_ui(c, t_text, y_text):
    plot(
        figures(t_text, y_text, "gradient_chart"),
        "gradient",
        tr("explorer.gradient.alt"),
        caption=tr("explorer.gradient.caption"),
    )


def bars_ui(c, t_text, y_text):
    plot(
        figures(t_text, y_text, "breakdown_chart"),
        "bars",
        tr("explorer.bars.alt"),
        caption=tr("explorer.bars.caption"),
    )


def surface_ui(c, t_text, y_text):
    shared = st.toggle(tr("explorer.surface.shared"), **bound("shared"))
    if c.k == 3:
        st.caption(tr("explorer.surface.simplex_caption"))
        chart_pair(
            figures(t_text, y_text, "simplex_charts", shared_scale=shared),
            "simplex",
            "explorer.surface.simplex_alt",
        )
    plot(figures(t_text, y_text, "path_chart"), "path", tr("explorer.surface.path_alt"))
    if c.k >= 2 and c.k != 3:
        # Classes the link names that y lacks: the boxes drop them; say so, as for the rest of the link.
        unread = {
            n: st.query_params[n]
            for n in ("slice_a", "slice_b")
            if n in st.query_params and n not in st.session_state
        }
        if ignored := check_slice(unread, c.k, c.target_class):
            ignored_ui(ignored)
        options = list(range(c.k))
        col_a, col_b = st.columns(2)
        a = col_a.selectbox(
            tr("explorer.surface.slice_a"), **bound("slice_a", options=options, index=c.target_class)
        )
        b = col_b.selectbox(
            tr("explorer.surface.slice_b"),
            **bound("slice_b", options=[k for k in options if k != a], index=0),
        )
        chart_pair(
            figures(t_text, y_text, "slice_charts", a=a, b=b, shared_scale=shared),
            "slice",
            "explorer.surface.slice_alt",
            a=a,
            b=b,
        )
        st.caption(tr("explorer.surface.slice_caption"))


VIEWS = {"neglog": neglog_ui, "surface": surface_ui, "gradients": gradient_ui, "bars": bars_ui}
