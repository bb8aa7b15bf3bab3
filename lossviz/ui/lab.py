"""The numerics lab page: logits and softmax, δ versus clipping, library conventions, why cross-entropy.

Widgets and layout only: every number comes from lossviz (lab, numerics, training, charts.lab), every
word from lossviz/words/strings/lab.toml through tr() and say().
"""

import pyarrow as pa
import streamlit as st

from lossviz.charts import lab as lab_charts
from lossviz.charts.style import drawn
from lossviz.inputs.link import PARAM, check_shown
from lossviz.inputs.parsing import format_vector
from lossviz.maths import training
from lossviz.maths.numerics import DELTA_CHOICES
from lossviz.ui.caching import per_input
from lossviz.ui.figure import plot
from lossviz.ui.i18n import lang, say, tr
from lossviz.ui.link import bound, choice, ignored_ui, open_link, sync
from lossviz.ui.logits_view import logits_view_ui
from lossviz.ui.markdown import escape_markdown
from lossviz.ui.tour import tour_ui
from lossviz.views import lab as lab_views
from lossviz.views.lab import LAB_PRESETS, analyse, delta_losses, smoothed
from lossviz.words.errors import InputError
from lossviz.words.formatting import format_entry, format_loss

CACHE_ENTRIES = 128
ROW_HEIGHT = 35  # st.dataframe's default row height, to show a table whole


@per_input(CACHE_ENTRIES)
def _analyse(mode, vector_text, target_text, temperature):
    return analyse(mode, vector_text, target_text, temperature=temperature)


@per_input(CACHE_ENTRIES)
def _chart(name, language, *args):
    """A chart of lossviz.charts.lab as Drawn (JSON text and height), cached per language (its words
    are part of the figure) and shared by every session: a rerun sends the text written once, where
    st.plotly_chart re-validated and serialised the figure every run. A chart that also returns
    data (the descent's runs) comes as (Drawn, data)."""
    built = getattr(lab_charts, name)(*args, lang=language)
    return (drawn(built[0]), *built[1:]) if isinstance(built, tuple) else drawn(built)


TABLES = {
    "softmax": lab_views.softmax_table,  # of one analysis
    "conventions": lab_views.conventions_frame,  # of one analysis
    "safeguards": lab_views.safeguard_table,  # the same for every input
    "gradients": training.gradient_table,  # the same for every input
}


@per_input(CACHE_ENTRIES)
def _table(name, language, *inputs):
    """One of the lab's TABLES as an Arrow table, built once per input and language and shared by
    every session. inputs: _analyse's arguments for a table of one analysis, none for the others.
    Built and handed to st.dataframe as pandas on every run, the four tables were ~30 % of the
    lab's server time under load (py-spy; st.dataframe takes Arrow as it is)."""
    table = TABLES[name](*([_analyse(*inputs)] if inputs else []), lang=language)
    return pa.Table.from_pandas(table, preserve_index=False)


def _apply_preset(preset):
    st.session_state.input = preset.mode
    sync("input")
    st.session_state["z" if preset.mode == "logits" else "p"] = preset.vector
    st.session_state.target = preset.target
    st.session_state.T = 1.0


def inputs_ui():
    with st.container(horizontal=True, gap="small"):
        for preset in LAB_PRESETS:
            st.button(
                say(preset.label),
                key=f"lab-preset-{preset.key}",
                help=say(preset.note),
                on_click=_apply_preset,
                args=(preset,),
            )
    mode = choice(st.segmented_control, "input", tr("lab.mode.label"), required=True)
    col_v, col_t = st.columns(2)
    with col_v:
        if mode == "logits":
            vector = st.text_input(tr("lab.input.z.label"), **bound("z"), help=tr("lab.input.z.help"))
        else:
            vector = st.text_input(tr("lab.input.p.label"), **bound("p"), help=tr("lab.input.p.help"))
        vector_slot = st.container()
    with col_t:
        target = st.text_input(
            tr("lab.input.target.label"), **bound("target"), help=tr("lab.input.target.help")
        )
        target_slot = st.container()
    temperature = 1.0
    if mode == "logits":
        temperature = st.slider(
            tr("lab.input.temperature.label"), **bound("T"), help=tr("lab.input.temperature.help")
        )
    return mode, vector, target, temperature, {"vector": vector_slot, "target": target_slot}


def logits_ui(r, inputs):
    """The softmax table and the article's, the stable and the naive loss of r (of _analyse(*inputs))."""
    st.header(tr("lab.logits.header"), anchor=False)
    table = _table("softmax", lang(), *inputs)
    naive = tr("lab.softmax.col.naive")
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            c: st.column_config.NumberColumn(format="%.6g") for c in table.column_names[1:] if c != naive
        },
    )
    if r.z is None:
        st.metric(tr("lab.logits.metric.article_probabilities"), format_loss(r.cee_article))
        st.caption(tr("lab.logits.switch_caption"))
        return
    cols = st.columns(3)
    cols[0].metric(tr("lab.logits.metric.article"), format_loss(r.cee_article))
    cols[1].metric(tr("lab.logits.metric.stable"), format_loss(r.cee_stable))
    cols[2].metric(tr("lab.logits.metric.naive"), format_loss(r.cee_naive))
    st.caption(tr("lab.logits.caption"))


@st.fragment  # its own control reruns only this section
def delta_ui(r):
    st.header(tr("lab.delta.header"), anchor=False)
    key = choice(
        st.radio,
        "delta",
        tr("lab.delta.label"),
        captions=[say(c.label) for c in DELTA_CHOICES],
        horizontal=True,
    )
    added, clipped = delta_losses(r, key)
    cols = st.columns(2)
    cols[0].metric(tr("lab.delta.metric.added"), format_loss(added))
    cols[1].metric(tr("lab.delta.metric.clipped"), format_loss(clipped))
    table = _table("safeguards", lang())
    st.dataframe(
        table,
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(format="%.6g") for c in table.column_names[1:]},
    )
    st.caption(tr("lab.delta.caption"))
    value = next(c.value for c in DELTA_CHOICES if c.key == key)
    plot(_chart("safeguard_chart", lang(), value), "safeguard", tr("lab.delta.chart_alt"))


def conventions_ui(inputs):
    """What each library's call gives for the analysis of _analyse(*inputs)."""
    st.header(tr("lab.conv.header"), anchor=False)
    st.caption(tr("lab.conv.caption"))
    table = _table("conventions", lang(), *inputs)
    st.dataframe(
        table,
        hide_index=True,
        height=ROW_HEIGHT * (table.num_rows + 1) + 3,
        # The library and its value pinned at the left: a phone shows them without scrolling sideways.
        column_config={
            tr("lab.conv.col.library"): st.column_config.TextColumn(pinned=True),
            tr("lab.conv.col.value"): st.column_config.NumberColumn(format="%.6g", pinned=True),
            tr("lab.conv.col.note"): st.column_config.TextColumn(width="large"),
            tr("lab.conv.col.docs"): st.column_config.LinkColumn(display_text=tr("lab.conv.docs_link")),
        },
        alt=tr("lab.conv.alt"),
    )


@st.fragment  # its own control reruns only this section
def training_ui():
    st.header(tr("lab.training.header"), anchor=False)
    st.caption(tr("lab.training.caption"))
    table = _table("gradients", lang())
    st.dataframe(
        table,
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(format="%.4g") for c in table.column_names},
    )
    cols = st.columns(2)
    plot(_chart("sigmoid_gradient_chart", lang()), "grad-sigmoid", tr("lab.training.alt.sigmoid"), cols[0])
    plot(_chart("softmax_gradient_chart", lang()), "grad-softmax", tr("lab.training.alt.softmax"), cols[1])
    st.subheader(tr("lab.descent.header"), anchor=False)
    c1, c2, c3 = st.columns(3)
    z0 = c1.slider(tr("lab.descent.z0"), **bound("z0"))
    lr = c2.slider(tr("lab.descent.lr"), **bound("lr"))
    steps = c3.slider(tr("lab.descent.steps"), **bound("steps"), on_change=_keep_shown_step)
    step = shown_step_ui(steps)
    chart, runs = _chart("descent_chart", lang(), z0, lr, steps, step)
    cols = st.columns(2)
    cols[0].metric(tr("lab.descent.metric.squared", step=step), format_entry(runs["squared"][step]))
    cols[1].metric(
        tr("lab.descent.metric.cross_entropy", step=step), format_entry(runs["cross-entropy"][step])
    )
    plot(chart, "descent", tr("lab.descent.alt"))


def shown_step_ui(steps):
    """The step of the descent shown, 0 … steps; a step the link names beyond them falls back to the
    default (or the last step), with a notice."""
    if "shown" not in st.session_state and (ignored := check_shown(st.query_params.to_dict(), steps)):
        ignored_ui(ignored)
    default = PARAM["shown"].default
    return st.slider(
        tr("lab.descent.show_step"), **bound("shown", max_value=steps, value=min(default, steps))
    )


def _keep_shown_step():
    """Fewer steps than the one shown: show the last (the shown step's slider ends at `steps`)."""
    if st.session_state.get("shown", 0) > st.session_state.steps:
        st.session_state.shown = st.session_state.steps


@st.fragment  # its own control reruns only this section
def smoothing_ui(r):
    st.header(tr("lab.smoothing.header"), anchor=False)
    eps = st.slider(tr("lab.smoothing.slider"), **bound("eps"))
    t_smooth, cee = smoothed(r, eps)
    st.markdown(tr("lab.smoothing.targets", vector=format_vector(t_smooth, digits=6)))
    cols = st.columns(2)
    cols[0].metric(tr("lab.smoothing.metric.hard"), format_loss(r.cee_hard))
    cols[1].metric(tr("lab.smoothing.metric.eps", eps=eps), format_loss(cee), help=tr("lab.smoothing.help"))


def main():
    from lossviz.ui import slides  # a tour step (?step=) takes the page over as one screen

    if slides.wanted("lab"):
        return slides.main("lab")
    st.title(tr("lab.title"), anchor=False)
    st.caption(tr("lab.intro"))
    open_link("lab")
    tour_ui("lab")
    mode, vector, target, temperature, slots = inputs_ui()
    inputs = (mode, vector, target, temperature)  # _analyse's arguments, the key of its tables
    try:
        r = _analyse(*inputs)
    except InputError as exc:  # the one place where bad input is shown
        slots.get(exc.field, slots["vector"]).error(escape_markdown(say(exc)), icon=":material/error:")
        st.info(tr("lab.fix_input"))
        r = None
    if r is not None:
        logits_ui(r, inputs)
        delta_ui(r)
        conventions_ui(inputs)
    training_ui()
    logits_view_ui(r)  # the example's logits when r is None
    if r is not None:
        smoothing_ui(r)
