"""The explorer page: type t and y, see both losses side by side, explore the charts.

Widgets and layout only: every number comes from lossviz (comparison, charts).
"""

import streamlit as st

from lossviz.charts import explorer as charts
from lossviz.inputs.parsing import MAX_TYPED_ENTRIES, format_vector, parse_vector
from lossviz.maths.distributions import normalize
from lossviz.ui.i18n import lang, say, tr
from lossviz.ui.link import bound, choice, open_link
from lossviz.ui.markdown import escape_markdown
from lossviz.ui.workshop import export_ui, tour_ui
from lossviz.views.comparison import bar_scales, breakdown_table, compare_texts
from lossviz.views.presentation import CHART_SCALE
from lossviz.views.presets import PRESETS
from lossviz.words.errors import InputError
from lossviz.words.formatting import (
    cee_latex,
    cee_shortcut_latex,
    format_loss,
    format_precise,
    mse_latex,
    reading,
    sse_latex,
)

DEFAULT = PRESETS[0]
CACHE_ENTRIES = 128


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _compare(t_text, y_text):
    return compare_texts(t_text, y_text)


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _cached_figures(t_text, y_text, name, **options):
    return getattr(charts, name)(_compare(t_text, y_text), **options)


def _figures(t_text, y_text, name, **options):
    """A chart (or pair of charts) of lossviz.charts.explorer in the reader's language, cached by
    input text, language and options.

    cache_resource hands back the same Figure objects instead of unpickling copies, which would
    re-validate every property (~12 ms a figure); nothing mutates them after they are built.
    """
    return _cached_figures(t_text, y_text, name, lang=lang(), **options)


def _apply_preset(preset):
    st.session_state.t = preset.t
    st.session_state.y = preset.y


def _normalise_y():
    try:
        st.session_state.y = format_vector(normalize(parse_vector(st.session_state.y, name="y")))
    except InputError:
        pass  # y changed since the button was drawn; the page shows what is wrong with it now


def presets_ui():
    """One button per preset; a click loads its t and y (and so the URL)."""
    with st.container(horizontal=True, gap="small"):
        for preset in PRESETS:
            st.button(
                say(preset.label),
                key=f"preset-{preset.key}",
                help=say(preset.note),
                on_click=_apply_preset,
                args=(preset,),
            )


def inputs_ui():
    """The two text boxes, bound to ?t= and ?y=; returns their text and a message slot under each."""
    col_t, col_y = st.columns(2)
    with col_t:
        t_text = st.text_input(tr("explorer.t.label"), **bound("t"), help=tr("explorer.t.help"))
        t_slot = st.container()
    with col_y:
        y_text = st.text_input(
            tr("explorer.y.label"),
            **bound("y"),
            help=tr("explorer.y.help", example=DEFAULT.y, max=MAX_TYPED_ENTRIES),
        )
        y_slot = st.container()
    return t_text, y_text, {"t": t_slot, "y": y_slot}


def warnings_ui(c, slots, *, can_normalise=True):
    """Odd-but-computable input: warn, and offer to normalise y (when the y box is shown)."""
    if c.t_warning:
        slots["t"].warning(escape_markdown(say(c.t_warning)), icon=":material/warning:")
    if c.y_warning:
        slots["y"].warning(escape_markdown(say(c.y_warning)), icon=":material/warning:")
        if can_normalise:
            slots["y"].button(
                tr("explorer.normalise"), on_click=_normalise_y, key="normalise", type="primary"
            )


def loss_panel(title, value, latex, extra_latex, extra_label, *, formulas=True):
    st.subheader(title, anchor=False)
    st.metric(title, format_loss(value), label_visibility="collapsed", help=f"= {format_precise(value)}")
    if not formulas:
        return
    st.latex(latex)
    if extra_latex:
        st.caption(extra_label)
        st.latex(extra_latex)


def results_ui(c, hidden=()):
    """The two losses side by side, the reading, the per-class bars and table (minus the hidden parts)."""
    if "reading" not in hidden:
        st.info(reading(c, lang()), icon=":material/lightbulb:")
    col_sse, col_cee = st.columns(2, gap="large")
    with col_sse:
        loss_panel(
            tr("explorer.sse.title"),
            c.sse,
            sse_latex(c, lang()),
            mse_latex(c),
            tr("explorer.sse.mean_note"),
            formulas="formulas" not in hidden,
        )
    with col_cee:
        loss_panel(
            tr("explorer.cee.title"),
            c.cee,
            cee_latex(c, lang()),
            cee_shortcut_latex(c),
            tr("explorer.cee.shortcut_note"),
            formulas="formulas" not in hidden,
        )
    if "table" in hidden:
        return
    table = breakdown_table(c, lang())
    correct = table.columns[1]
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            correct: st.column_config.CheckboxColumn(correct, help=tr("explorer.table.correct_help")),
            **{name: st.column_config.NumberColumn(format="%.6g") for name in table.columns[2:]},
            # Each loss's terms as bars in the table: a per-class bar chart the browser draws cheaply.
            **{
                name: st.column_config.ProgressColumn(
                    name, format="%.6g", min_value=0.0, max_value=top, width="medium"
                )
                for name, top in bar_scales(table).items()
            },
        },
        alt=tr("explorer.table.alt"),
    )


def charts_ui(c, t_text, y_text):
    """The −log curve, the loss surface, the gradients or the per-class bars: the one chosen (?view=).

    Only the chosen chart runs (and reaches the browser): each rerun draws one view's charts, not all.
    """
    view = choice(st.segmented_control, "view", tr("explorer.view.label"), required=True)
    VIEWS[view](c, t_text, y_text)


def neglog_ui(c, t_text, y_text):
    log_x = st.toggle(tr("explorer.neglog.log_toggle"), **bound("log"), help=tr("explorer.neglog.log_help"))
    plot(
        _figures(t_text, y_text, "neglog_chart", log_x=log_x),
        "neglog",
        tr("explorer.neglog.alt"),
    )
    st.caption(tr("explorer.neglog.caption"))


def gradient_ui(c, t_text, y_text):
    plot(
        _figures(t_text, y_text, "gradient_chart"),
        "gradient",
        tr("explorer.gradient.alt"),
    )
    st.caption(tr("explorer.gradient.caption"))


def bars_ui(c, t_text, y_text):
    plot(
        _figures(t_text, y_text, "breakdown_chart"),
        "bars",
        tr("explorer.bars.alt"),
    )
    st.caption(tr("explorer.bars.caption"))


def plot(fig, key, alt, where=st):
    """A Plotly chart with a stable key (zoom survives reruns), taller in presentation mode.

    Its toolbar's camera button saves a PNG at twice the screen's resolution, named after the chart.
    """
    height = int(fig.layout.height * CHART_SCALE) if st.session_state.get("present") else "content"
    config = {"displaylogo": False, "toImageButtonOptions": {"filename": f"lossviz-{key}", "scale": 2}}
    where.plotly_chart(fig, key=key, alt=alt, height=height, config=config)


def chart_pair(figures, key, alt, **params):
    """A (squared error, cross-entropy) pair of heat maps side by side; they stack on a phone.

    alt: the strings key of their description, filled in with the loss's name and params.
    """
    for col, fig, loss in zip(st.columns(2), figures, ("sse", "cee"), strict=True):
        plot(fig, f"{key}-{loss}", tr(alt, loss=tr(f"explorer.loss_name.{loss}"), **params), where=col)


def surface_ui(c, t_text, y_text):
    shared = st.toggle(tr("explorer.surface.shared"), **bound("shared"))
    if c.k == 3:
        st.caption(tr("explorer.surface.simplex_caption"))
        chart_pair(
            _figures(t_text, y_text, "simplex_charts", shared_scale=shared),
            "simplex",
            "explorer.surface.simplex_alt",
        )
    plot(
        _figures(t_text, y_text, "path_chart"),
        "path",
        tr("explorer.surface.path_alt"),
    )
    if c.k >= 2 and c.k != 3:
        options = list(range(c.k))
        col_a, col_b = st.columns(2)
        a = col_a.selectbox(
            tr("explorer.surface.slice_a"), options, index=c.target_class, key="slice_a", bind="query-params"
        )
        b_default = next(k for k in options if k != a)
        b_options = [k for k in options if k != a]
        b = col_b.selectbox(
            tr("explorer.surface.slice_b"),
            b_options,
            index=b_options.index(b_default),
            key="slice_b",
            bind="query-params",
        )
        chart_pair(
            _figures(t_text, y_text, "slice_charts", a=a, b=b, shared_scale=shared),
            "slice",
            "explorer.surface.slice_alt",
            a=a,
            b=b,
        )
        st.caption(tr("explorer.surface.slice_caption"))


VIEWS = {"neglog": neglog_ui, "surface": surface_ui, "gradients": gradient_ui, "bars": bars_ui}


def main():
    present = st.session_state.get("present", False)  # the switch is drawn by app.py, on every page
    if not present:
        st.title("lossviz", anchor=False)
        st.caption(tr("explorer.intro"))
    link = open_link("explorer")
    hidden = link.get("hide", ())
    if "presets" not in hidden:
        presets_ui()
    if "tour" not in hidden:
        tour_ui()
    if "inputs" in hidden:  # embedded read-only: the link alone says what to show
        t_text, y_text = link.get("t", DEFAULT.t), link.get("y", DEFAULT.y)
        slots = {"t": st.container(), "y": st.container()}
    else:
        t_text, y_text, slots = inputs_ui()
    try:
        c = _compare(t_text, y_text)
    except InputError as exc:  # the one place where bad input is shown
        slots.get(exc.field, slots["y"]).error(escape_markdown(say(exc)), icon=":material/error:")
        st.info(tr("explorer.fix_input"))
        return
    warnings_ui(c, slots, can_normalise="inputs" not in hidden)
    results_ui(c, hidden)
    if "charts" not in hidden:
        charts_ui(c, t_text, y_text)
    if "export" not in hidden:
        export_ui(c)
