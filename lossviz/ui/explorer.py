"""The explorer page: type t and y, see both losses side by side, explore the charts.

Widgets and layout only: every number comes from lossviz (comparison, charts).
"""

import streamlit as st

from lossviz.charts import explorer as charts
from lossviz.comparison import bar_scales, breakdown_table, compare_texts
from lossviz.distributions import normalize
from lossviz.errors import InputError
from lossviz.formatting import (
    cee_latex,
    cee_shortcut_latex,
    format_loss,
    format_precise,
    mse_latex,
    reading,
    sse_latex,
)
from lossviz.parsing import MAX_TYPED_ENTRIES, format_vector, parse_vector
from lossviz.presentation import CHART_SCALE, parse_hide
from lossviz.presets import PRESETS
from lossviz.ui.i18n import say, tr
from lossviz.ui.markdown import escape_markdown
from lossviz.ui.workshop import export_ui, tour_ui

DEFAULT = PRESETS[0]
CACHE_ENTRIES = 128


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _compare(t_text, y_text):
    return compare_texts(t_text, y_text)


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner=False)
def _figures(t_text, y_text, name, **options):
    """A chart (or pair of charts) of lossviz.charts.explorer, cached by input text and options.

    cache_resource hands back the same Figure objects instead of unpickling copies, which would
    re-validate every property (~12 ms a figure); nothing mutates them after they are built.
    """
    return getattr(charts, name)(_compare(t_text, y_text), **options)


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
                preset.label,
                key=f"preset-{preset.key}",
                help=preset.note,
                on_click=_apply_preset,
                args=(preset,),
            )


def inputs_ui():
    """The two text boxes, bound to ?t= and ?y=; returns their text and a message slot under each."""
    col_t, col_y = st.columns(2)
    with col_t:
        t_text = st.text_input(
            "t — the target",
            value=DEFAULT.t,
            key="t",
            bind="query-params",
            help="One-hot (0, 1, 0, 0), soft (0.1, 0.9), or one class label counted from 0 (1).",
        )
        t_slot = st.container()
    with col_y:
        y_text = st.text_input(
            "y — the predicted probabilities",
            value=DEFAULT.y,
            key="y",
            bind="query-params",
            help=f"Numbers in [0, 1] separated by commas or spaces, e.g. {DEFAULT.y}; at most "
            f"{MAX_TYPED_ENTRIES:,}.",
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
            slots["y"].button("Normalise y", on_click=_normalise_y, key="normalise", type="primary")


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
        st.info(reading(c), icon=":material/lightbulb:")
    col_sse, col_cee = st.columns(2, gap="large")
    with col_sse:
        loss_panel(
            "Squared error (the article's MSE)",
            c.sse,
            sse_latex(c),
            mse_latex(c),
            "PyTorch's MSELoss() default takes the mean instead of the half sum:",
            formulas="formulas" not in hidden,
        )
    with col_cee:
        loss_panel(
            "Cross-entropy error",
            c.cee,
            cee_latex(c),
            cee_shortcut_latex(c),
            "With a one-hot t only the correct class's term is left:",
            formulas="formulas" not in hidden,
        )
    if "table" in hidden:
        return
    table = breakdown_table(c)
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "correct": st.column_config.CheckboxColumn("correct", help="The correct class (the largest t)"),
            **{name: st.column_config.NumberColumn(format="%.6g") for name in table.columns[2:]},
            # Each loss's terms as bars in the table: a per-class bar chart the browser draws cheaply.
            **{
                name: st.column_config.ProgressColumn(
                    name, format="%.6g", min_value=0.0, max_value=top, width="medium"
                )
                for name, top in bar_scales(table).items()
            },
        },
        alt="Table of each class: whether it is the correct class, target t, prediction y, both loss terms "
        "drawn as bars, and both slopes",
    )


CHART_TABS = ("The −log curve", "Loss surface", "Gradients", "Per-class bars")


def charts_ui(c, t_text, y_text):
    """The −log curve, the loss surface and the gradients, each in its tab.

    Only the open tab runs (and reaches the browser): each rerun draws one tab's charts, not all.
    """
    tabs = st.tabs(CHART_TABS, key="view", bind="query-params", on_change="rerun")
    for tab, draw in zip(tabs, (neglog_ui, surface_ui, gradient_ui, bars_ui), strict=True):
        if tab.open:
            with tab:
                draw(c, t_text, y_text)


def neglog_ui(c, t_text, y_text):
    log_x = st.toggle(
        "Log scale for p",
        key="log",
        bind="query-params",
        help="Spread out the region near p = 0 where δ caps the loss.",
    )
    plot(
        _figures(t_text, y_text, "neglog_chart", log_x=log_x),
        "neglog",
        "Line chart of −log p, −log(p+δ) and ½(p−t)² against p, with your p marked",
    )
    st.caption(
        "δ = 10⁻⁷ keeps −log(p + δ) finite: at p = 0 it is capped at −log(10⁻⁷) ≈ 16.118, "
        "where −log p would be infinite. The squared-error term of the same class never exceeds ½."
    )


def gradient_ui(c, t_text, y_text):
    plot(
        _figures(t_text, y_text, "gradient_chart"),
        "gradient",
        "Line chart of the size of both losses' gradients on the correct class against p",
    )
    st.caption(
        "Squared error's slope p − t shrinks to 0 as p → 1 and never exceeds 1; cross-entropy's "
        "−t/(p + δ) grows to 1/δ = 10⁷ as p → 0, so a confident wrong answer gets the strongest push."
    )


def bars_ui(c, t_text, y_text):
    plot(
        _figures(t_text, y_text, "breakdown_chart"),
        "bars",
        "Bar charts of each class's term of the squared error and of the cross-entropy, correct class outlined",
    )
    st.caption(
        "Squared error spreads its loss over every class that is off; cross-entropy with a one-hot t "
        "puts all of it on the correct class. The same terms are the bars in the table above."
    )


def plot(fig, key, alt, where=st):
    """A Plotly chart with a stable key (zoom survives reruns), taller in presentation mode."""
    height = int(fig.layout.height * CHART_SCALE) if st.session_state.get("present") else "content"
    where.plotly_chart(fig, key=key, alt=alt, height=height, config={"displaylogo": False})


def chart_pair(figures, key, what):
    """A (squared error, cross-entropy) pair of heat maps side by side; they stack on a phone."""
    for col, fig, loss in zip(st.columns(2), figures, ("squared error", "cross-entropy"), strict=True):
        plot(fig, f"{key}-{loss}", f"Heat map of {loss} {what}", where=col)


def surface_ui(c, t_text, y_text):
    shared = st.toggle("One colour scale for both losses", key="shared", bind="query-params")
    if c.k == 3:
        st.caption(
            "Every point of the triangle is a prediction over 3 classes; each corner puts all "
            "probability on one class. ✓ marks the correct class, ◎ your y. Unless one colour scale is "
            "shared, colours stop at the 95th percentile so the huge cross-entropy near y = 0 does not "
            "wash out the rest; hover shows exact values."
        )
        chart_pair(
            _figures(t_text, y_text, "simplex_charts", shared_scale=shared),
            "simplex",
            "over the triangle of 3-class predictions, your y marked",
        )
    plot(
        _figures(t_text, y_text, "path_chart"),
        "path",
        "Both losses along the path where the correct class gets probability p",
    )
    if c.k >= 2 and c.k != 3:
        options = list(range(c.k))
        col_a, col_b = st.columns(2)
        a = col_a.selectbox(
            "Slice: first class", options, index=c.target_class, key="slice_a", bind="query-params"
        )
        b_default = next(k for k in options if k != a)
        b_options = [k for k in options if k != a]
        b = col_b.selectbox(
            "Slice: second class",
            b_options,
            index=b_options.index(b_default),
            key="slice_b",
            bind="query-params",
        )
        chart_pair(
            _figures(t_text, y_text, "slice_charts", a=a, b=b, shared_scale=shared),
            "slice",
            f"as y[{a}] and y[{b}] vary, your y marked",
        )
        st.caption(
            "The other entries of y stay as you typed them; along the dashed line the two classes keep "
            "the probability they share in your y, so the whole vector still sums as yours does."
        )


def main():
    present = st.session_state.get("present", False)  # the switch is drawn by app.py, on every page
    hidden, notice = parse_hide(st.query_params.get("hide", ""))
    if not present:
        st.title("lossviz", anchor=False)
        st.caption(
            "Squared error and cross-entropy error, side by side — the two losses of *Deep Learning "
            "from Scratch*, ch. 4. Type a target t and predicted probabilities y, or pick an example."
        )
    if notice:
        st.caption(say(notice))
    if "presets" not in hidden:
        presets_ui()
    if "tour" not in hidden:
        tour_ui()
    if "inputs" in hidden:  # embedded read-only: the link alone says what to show
        t_text, y_text = st.query_params.get("t", DEFAULT.t), st.query_params.get("y", DEFAULT.y)
        slots = {"t": st.container(), "y": st.container()}
    else:
        t_text, y_text, slots = inputs_ui()
    try:
        c = _compare(t_text, y_text)
    except InputError as exc:  # the one place where bad input is shown
        slots.get(exc.field, slots["y"]).error(escape_markdown(say(exc)), icon=":material/error:")
        st.info("Fix the input above to see the losses; the examples above always work.")
        return
    warnings_ui(c, slots, can_normalise="inputs" not in hidden)
    results_ui(c, hidden)
    if "charts" not in hidden:
        charts_ui(c, t_text, y_text)
    if "export" not in hidden:
        export_ui(c)
