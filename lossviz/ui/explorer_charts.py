"""The explorer's charts below the first screen: the −log curve, the loss surface, the gradients, the
per-class bars; one at a time (?view=, VIEWS), in a fragment so that a chart option reruns only this
section.

Widgets and layout only: the figures come from lossviz.charts.explorer, cached per input and language.
"""

import streamlit as st

from lossviz.charts import explorer as charts
from lossviz.inputs.link import check_slice
from lossviz.ui.caching import per_input
from lossviz.ui.figure import plot
from lossviz.ui.i18n import lang, tr
from lossviz.ui.link import bound, choice, ignored_ui
from lossviz.views.comparison import compare_texts

CACHE_ENTRIES = 128


@per_input(CACHE_ENTRIES)
def compare(t_text, y_text):
    """The Comparison of two texts, shared by every session that types the same (bounded cache).

    Every caller gets the same frozen Comparison (nothing writes to its arrays), never a copy.
    Bad input raises InputError each time (an exception is not cached).
    """
    return compare_texts(t_text, y_text)


@per_input(CACHE_ENTRIES)
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
    VIEWS[view](view, c, t_text, y_text)


def chart_ui(name, t_text, y_text, **options):
    """Chart `name` of lossviz.charts.explorer, its element keyed and its words (explorer.<name>.alt,
    .caption) looked up by the same name."""
    plot(
        figures(t_text, y_text, name, **options),
        name,
        tr(f"explorer.{name}.alt"),
        caption=tr(f"explorer.{name}.caption"),
    )


def plain_view(view, c, t_text, y_text):
    """A view of one chart and no options of its own: the chart named after the view."""
    chart_ui(view, t_text, y_text)


def neglog_view(view, c, t_text, y_text):
    log_x = st.toggle(tr("explorer.neglog.log_toggle"), **bound("log"), help=tr("explorer.neglog.log_help"))
    chart_ui(view, t_text, y_text, log_x=log_x)


def surface_view(view, c, t_text, y_text):
    """The loss surface: the simplex (K = 3) or a 2-D slice of two chosen classes, and the path."""
    shared = st.toggle(tr("explorer.surface.shared"), **bound("shared"))
    if c.k == 3:
        st.caption(tr("explorer.surface.simplex_caption"))
        chart_pair(
            figures(t_text, y_text, "surface_simplex", shared_scale=shared),
            "surface_simplex",
            "explorer.surface.simplex_alt",
        )
    plot(figures(t_text, y_text, "surface_path"), "surface_path", tr("explorer.surface.path_alt"))
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
            figures(t_text, y_text, "surface_slice", a=a, b=b, shared_scale=shared),
            "surface_slice",
            "explorer.surface.slice_alt",
            a=a,
            b=b,
        )
        st.caption(tr("explorer.surface.slice_caption"))


# ?view= key -> what draws it. The key is the view's one name: its option in the link table
# (lossviz.inputs.link), its tab label (explorer.tab.<key>), its chart in lossviz.charts.explorer,
# its words (explorer.<key>.*) and its element. A view of one chart is a row here and a builder there.
VIEWS = {"neglog": neglog_view, "surface": surface_view, "gradients": plain_view, "bars": plain_view}
