"""The batch page: a whole set of predictions judged sample by sample with both losses.

Widgets and layout only: reading, checking and computing live in lossviz.batch.
"""

import streamlit as st

from lossviz.batch import (
    MAX_UPLOAD_MB,
    Upload,
    analyse_batch,
    load_batch,
    parse_matrix,
    per_sample_csv,
    prepare_batch,
    read_csv_table,
    simulate_classifier,
    worst_samples,
)
from lossviz.charts import batch as batch_charts
from lossviz.errors import InputError
from lossviz.formatting import format_loss
from lossviz.ui.markdown import escape_markdown

CACHE_ENTRIES = 8  # batches can be large: keep only a few
CHART_CONFIG = {"displaylogo": False}
SAMPLE_SIZE = 10_000
SEPARATE_FILE = "(a separate targets file)"


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner="Simulating…")
def _sample(accuracy, confidence, seed):
    y, labels = simulate_classifier(SAMPLE_SIZE, 10, accuracy=accuracy, confidence=confidence, seed=seed)
    return analyse_batch(y, labels)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner="Reading…")
def _pasted(y_text, t_text, logits):
    y = parse_matrix(y_text, name="y")
    t = parse_matrix(t_text, name="t")
    if t.shape[0] == 1 and y.shape[0] > 1:
        t = t[0]  # the labels typed on one line
    return analyse_batch(*prepare_batch(y, t, logits=logits))


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner="Reading the files…")
def _uploaded(predictions, targets, label_column, logits):
    return analyse_batch(*load_batch(predictions, targets, label_column=label_column, logits=logits))


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _columns(upload):
    try:
        return list(read_csv_table(upload.data, upload.name).columns)
    except InputError:
        return []


def _upload(file):
    return None if file is None else Upload(file.name, file.getvalue())


def sample_ui():
    c1, c2, c3 = st.columns(3)
    accuracy = c1.slider(
        "Accuracy",
        0.0,
        1.0,
        0.8,
        0.05,
        key="acc",
        bind="query-params",
        help="How often the top class is the true one.",
    )
    confidence = c2.slider(
        "Over-confidence",
        0.0,
        10.0,
        3.0,
        0.5,
        key="conf",
        bind="query-params",
        help="How far the top class's logit stands above the rest: higher is sharper.",
    )
    seed = c3.number_input("Seed", 0, 10_000, 0, key="seed", bind="query-params")
    st.caption(f"A simulated 10-class classifier on {SAMPLE_SIZE:,} samples, the same for the same settings.")
    return _sample(accuracy, confidence, int(seed))


def paste_ui(logits):
    c1, c2 = st.columns(2)
    y_text = c1.text_area(
        "Predictions: one row per sample",
        "0.1, 0.05, 0.05, 0.8\n0.1, 0.8, 0.05, 0.05\n0.7, 0.1, 0.1, 0.1",
        key="batch_y",
        height=160,
    )
    t_text = c2.text_area(
        "Targets: labels (one line, or one per line) or one-hot rows", "1, 1, 0", key="batch_t", height=160
    )
    return _pasted(y_text, t_text, logits)


def upload_ui(logits):
    c1, c2 = st.columns(2)
    predictions = c1.file_uploader(
        f"Predictions (CSV or .npy, N×K, up to {MAX_UPLOAD_MB} MB)", type=["csv", "npy"], key="upload_y"
    )
    predictions = _upload(predictions)
    columns = _columns(predictions) if predictions and predictions.name.lower().endswith(".csv") else []
    label_column = None
    with c2:
        if columns:
            choice = st.selectbox(
                "Labels",
                [SEPARATE_FILE, *columns],
                key="label_column",
                help="A column of the predictions file that holds the true labels.",
            )
            label_column = None if choice == SEPARATE_FILE else choice
        targets = None
        if label_column is None:
            targets = _upload(
                st.file_uploader(
                    "Targets (CSV or .npy: N labels or an N×K matrix)", type=["csv", "npy"], key="upload_t"
                )
            )
    if predictions is None:
        st.info("Upload a predictions file to begin; or try the built-in sample.", icon=":material/upload:")
        return None
    if targets is None and label_column is None:
        st.info("Now upload the targets, or choose the label column.", icon=":material/upload:")
        return None
    return _uploaded(predictions, targets, label_column, logits)


def results_ui(r):
    cols = st.columns(4)
    cols[0].metric(
        "Cross-entropy, mean over N", format_loss(r.cee), help="The article's −(1/N) Σ Σ t·log(y+δ)."
    )
    cols[1].metric(
        "Squared error ½Σ over all",
        format_loss(r.sse_total),
        help="The article's E = ½ Σ (y − t)² over every element, with no division by N.",
    )
    cols[2].metric("Squared error per sample", format_loss(r.sse_mean), help="½ Σ (y − t)² averaged over N.")
    cols[3].metric("Samples × classes", f"{r.n:,} × {r.y.shape[1]:,}")
    if r.cee_one_hot is not None:
        st.caption(
            f"Label form and one-hot form give the same cross-entropy: {r.cee:.10g} and {r.cee_one_hot:.10g}."
        )
    cee_fig, sse_fig = batch_charts.loss_histograms(r)
    c1, c2 = st.columns(2)
    c1.plotly_chart(cee_fig, key="hist-cee", config=CHART_CONFIG, alt="Histogram of per-sample cross-entropy")
    c2.plotly_chart(sse_fig, key="hist-sse", config=CHART_CONFIG, alt="Histogram of per-sample squared error")
    st.plotly_chart(
        batch_charts.disagreement_figure(r),
        key="disagree",
        config=CHART_CONFIG,
        alt="Each sample's squared error against its cross-entropy",
    )
    st.caption(
        "Squared error of one sample never exceeds 1 (for one-hot targets); cross-entropy climbs to "
        "16.1 as the true class's probability falls to 0, so the samples at the top are the "
        "confident mistakes that dominate the batch cross-entropy."
    )
    k = st.slider("Worst samples to list", 5, 100, 10, 5, key="worst", bind="query-params")
    st.dataframe(
        worst_samples(r, k),
        hide_index=True,
        column_config={
            c: st.column_config.NumberColumn(format="%.6g")
            for c in ("p on the true class", "cross-entropy", "squared error ½Σ(y−t)²")
        },
    )
    st.download_button(
        "Download per-sample losses (CSV)",
        lambda: per_sample_csv(r),  # built on click only: a million rows take seconds to write
        "lossviz-per-sample.csv",
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def main():
    st.title("Batch mode", anchor=False)
    st.caption(
        "A whole set of predictions, judged sample by sample: which samples dominate the loss, and "
        "where squared error and cross-entropy disagree."
    )
    source = st.segmented_control(
        "Data",
        ["sample", "paste", "upload"],
        default="sample",
        key="source",
        bind="query-params",
        required=True,
    )
    logits = st.toggle("These are logits: apply softmax first", key="logits", bind="query-params")
    try:
        r = {"sample": sample_ui, "paste": lambda: paste_ui(logits), "upload": lambda: upload_ui(logits)}[
            source
        ]()
    except InputError as exc:  # the one place where bad input is shown
        st.error(escape_markdown(str(exc)), icon=":material/error:")
        return
    if r is not None:
        results_ui(r)
