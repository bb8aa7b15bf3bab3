"""The numerics lab page: logits and softmax, δ versus clipping, library conventions, why cross-entropy.

Widgets and layout only: every number comes from lossviz (lab, numerics, training, charts.lab).
"""

import streamlit as st

from lossviz.charts import lab as lab_charts
from lossviz.errors import InputError
from lossviz.formatting import format_entry, format_loss
from lossviz.lab import (
    LAB_PRESETS,
    MODES,
    analyse,
    conventions_frame,
    delta_losses,
    safeguard_table,
    smoothed,
    softmax_table,
)
from lossviz.numerics import DELTA_CHOICES
from lossviz.parsing import format_vector
from lossviz.training import gradient_table
from lossviz.ui.markdown import escape_markdown

DEFAULT = LAB_PRESETS[0]
CACHE_ENTRIES = 128
CHART_CONFIG = {"displaylogo": False}
ROW_HEIGHT = 35  # st.dataframe's default row height, to show a table whole


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _analyse(mode, vector_text, target_text, temperature):
    return analyse(mode, vector_text, target_text, temperature=temperature)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _chart(name, *args):
    return getattr(lab_charts, name)(*args)


def _apply_preset(preset):
    st.session_state.input = preset.mode
    st.session_state["z" if preset.mode == "logits" else "p"] = preset.vector
    st.session_state.target = preset.target
    st.session_state.T = 1.0


def inputs_ui():
    with st.container(horizontal=True, gap="small"):
        for preset in LAB_PRESETS:
            st.button(
                preset.label,
                key=f"lab-preset-{preset.key}",
                help=preset.note,
                on_click=_apply_preset,
                args=(preset,),
            )
    mode = st.segmented_control(
        "Input", MODES, default="logits", key="input", bind="query-params", required=True
    )
    col_v, col_t = st.columns(2)
    with col_v:
        if mode == "logits":
            vector = st.text_input(
                "z — the logits (raw scores)",
                value=DEFAULT.vector,
                key="z",
                bind="query-params",
                help="Any finite numbers, e.g. 2, 1, 0.1.",
            )
        else:
            vector = st.text_input(
                "y — the predicted probabilities",
                value="0.1, 0.05, 0.05, 0.8",
                key="p",
                bind="query-params",
                help="Numbers in [0, 1], e.g. 0.1, 0.05, 0.05, 0.8.",
            )
        vector_slot = st.container()
    with col_t:
        target = st.text_input(
            "t — the target",
            value=DEFAULT.target,
            key="target",
            bind="query-params",
            help="One-hot (0, 1), soft (0.1, 0.9), or one class label counted from 0 (1).",
        )
        target_slot = st.container()
    temperature = 1.0
    if mode == "logits":
        temperature = st.slider(
            "Temperature T: softmax(z / T)",
            0.1,
            10.0,
            1.0,
            0.1,
            key="T",
            bind="query-params",
            help="T > 1 flattens the probabilities, T < 1 sharpens them.",
        )
    return mode, vector, target, temperature, {"vector": vector_slot, "target": target_slot}


def logits_ui(r):
    st.header("Logits, softmax and two ways to take the log", anchor=False)
    table = softmax_table(r)
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            c: st.column_config.NumberColumn(format="%.6g") for c in table.columns[1:] if c != "naive softmax"
        },
    )
    if r.z is None:
        st.metric("The article's −Σ t log(y + δ)", format_loss(r.cee_article))
        st.caption(
            "Switch the input to logits z to compare the article's −log(softmax + δ) with the stable "
            "log-softmax that PyTorch, Keras and optax use."
        )
        return
    cols = st.columns(3)
    cols[0].metric("The article's way: −log(softmax(z/T) + δ)", format_loss(r.cee_article))
    cols[1].metric("Stable: −log_softmax(z/T), no δ", format_loss(r.cee_stable))
    cols[2].metric("Naive softmax without the max-shift", format_loss(r.cee_naive))
    st.caption(
        "Softmax is computed as exp(z − max z) / Σ exp(z − max z): the shift changes nothing mathematically "
        "but keeps exp from overflowing. log_softmax = (z − max z) − log Σ exp(z − max z) never takes the log "
        "of a rounded-off 0, so it needs no δ and no cap. Without the shift, exp(1000) is ∞ in float64 and "
        "∞/∞ is NaN: that NaN is the lesson, not a crash."
    )


def delta_ui(r):
    st.header("δ: added or clipped?", anchor=False)
    key = st.radio(
        "δ",
        [c.key for c in DELTA_CHOICES],
        captions=[c.label for c in DELTA_CHOICES],
        key="delta",
        bind="query-params",
        horizontal=True,
    )
    added, clipped = delta_losses(r, key)
    cols = st.columns(2)
    cols[0].metric("−Σ t log(y + δ): δ added (the article)", format_loss(added))
    cols[1].metric("−Σ t log clip(y, δ, 1 − δ): clipped (Keras, scikit-learn)", format_loss(clipped))
    table = safeguard_table()
    st.dataframe(
        table,
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(format="%.6g") for c in table.columns[1:]},
    )
    st.caption(
        "Adding δ makes a perfect prediction score −log(1 + δ) ≈ −δ, slightly below zero; clipping to "
        "[δ, 1 − δ] scores it −log(1 − δ) ≈ +δ. Both cap a zero probability at −log δ."
    )
    value = next(c.value for c in DELTA_CHOICES if c.key == key)
    st.plotly_chart(
        _chart("safeguard_chart", value),
        key="safeguard",
        config=CHART_CONFIG,
        alt="Line chart of −log p with no safeguard, with δ added and with clipping, near p = 0",
    )


def conventions_ui(r):
    st.header("What each library would report", anchor=False)
    st.caption(
        "Computed here in numpy after each library's documented defaults, for the input above. "
        "Rows for logits are empty when the input is probabilities; NLLLoss needs one-hot targets."
    )
    table = conventions_frame(r)
    st.dataframe(
        table,
        hide_index=True,
        height=ROW_HEIGHT * (len(table) + 1) + 3,
        column_config={
            "value": st.column_config.NumberColumn(format="%.6g"),
            "docs": st.column_config.LinkColumn(display_text="docs"),
        },
        alt="Table of the same loss as reported by the article, PyTorch, Keras, scikit-learn and optax",
    )


def training_ui():
    st.header("Why cross-entropy trains where squared error stalls", anchor=False)
    st.caption(
        "With a sigmoid or softmax output, squared error's gradient carries the output's slope "
        "p(1 − p), which is almost 0 when the model is confidently wrong; cross-entropy's gradient "
        "is simply p − t."
    )
    table = gradient_table()
    st.dataframe(
        table,
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(format="%.4g") for c in table.columns},
    )
    cols = st.columns(2)
    cols[0].plotly_chart(
        _chart("sigmoid_gradient_chart"),
        key="grad-sigmoid",
        config=CHART_CONFIG,
        alt="dE/dz of both losses for a sigmoid output against the logit",
    )
    cols[1].plotly_chart(
        _chart("softmax_gradient_chart"),
        key="grad-softmax",
        config=CHART_CONFIG,
        alt="dE/dz of both losses for a 10-class softmax against the correct logit",
    )
    st.subheader("Gradient descent, step by step", anchor=False)
    c1, c2, c3 = st.columns(3)
    z0 = c1.slider("Start logit z₀", -15.0, 0.0, -10.0, 0.5, key="z0", bind="query-params")
    lr = c2.slider("Learning rate η", 0.1, 5.0, 1.0, 0.1, key="lr", bind="query-params")
    steps = c3.slider("Steps", 5, 100, 30, 1, key="steps", bind="query-params")
    step = st.slider("Show step", 0, steps, min(10, steps), 1, key="step")
    fig, runs = _chart("descent_chart", z0, lr, steps, step)
    cols = st.columns(2)
    cols[0].metric(f"Squared error: p after {step} steps", format_entry(runs["squared"][step]))
    cols[1].metric(f"Cross-entropy: p after {step} steps", format_entry(runs["cross-entropy"][step]))
    st.plotly_chart(
        fig,
        key="descent",
        config=CHART_CONFIG,
        alt="The probability on the correct class during gradient descent, for both losses",
    )


def smoothing_ui(r):
    st.header("Label smoothing", anchor=False)
    eps = st.slider(
        "Smoothing ε: targets become (1 − ε)·t + ε/K", 0.0, 0.5, 0.1, 0.01, key="eps", bind="query-params"
    )
    t_smooth, cee = smoothed(r, eps)
    st.markdown(f"Smoothed targets: `[{format_vector(t_smooth, digits=6)}]`")
    cols = st.columns(2)
    cols[0].metric("Cross-entropy with the hard targets", format_loss(r.cee_hard))
    cols[1].metric(
        f"Cross-entropy with ε = {eps:g}",
        format_loss(cee),
        help="PyTorch's CrossEntropyLoss(label_smoothing=ε), Keras' label_smoothing and "
        "optax.smooth_labels agree.",
    )


def main():
    st.title("Numerics lab", anchor=False)
    st.caption(
        "What happens between the article's formula and a framework's number: logits and softmax, "
        "δ versus clipping, each library's conventions, and why classifiers train with cross-entropy."
    )
    mode, vector, target, temperature, slots = inputs_ui()
    try:
        r = _analyse(mode, vector, target, temperature)
    except InputError as exc:  # the one place where bad input is shown
        slots.get(exc.field, slots["vector"]).error(escape_markdown(str(exc)), icon=":material/error:")
        st.info("Fix the input above to see its numbers; the sections below that do not need it still work.")
        r = None
    if r is not None:
        logits_ui(r)
        delta_ui(r)
        conventions_ui(r)
    training_ui()
    if r is not None:
        smoothing_ui(r)
