"""The batch page: a whole set of predictions judged sample by sample with both losses.

Widgets and layout only: reading, checking and computing live in lossviz.views.batch.
"""

import streamlit as st

from lossviz.charts import batch as batch_charts
from lossviz.ui.i18n import lang, say, tr
from lossviz.ui.link import bound, choice, open_link
from lossviz.ui.markdown import escape_markdown
from lossviz.views.batch import (
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
from lossviz.words.errors import InputError
from lossviz.words.formatting import format_loss

CACHE_ENTRIES = 8  # batches can be large: keep only a few
CHART_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"filename": "lossviz-batch", "scale": 2},
}  # PNG: 2× screen
SAMPLE_SIZE = 10_000

# The cached functions return language-neutral numbers (and raise InputErrors that are put into
# words only when shown), so the language is not part of their keys; their spinners are drawn
# around the calls, in the reader's language (st.spinner appears only after half a second).


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _sample(accuracy, confidence, seed):
    y, labels = simulate_classifier(SAMPLE_SIZE, 10, accuracy=accuracy, confidence=confidence, seed=seed)
    return analyse_batch(y, labels)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _pasted(y_text, t_text, logits):
    y = parse_matrix(y_text, name="y")
    t = parse_matrix(t_text, name="t")
    if t.shape[0] == 1 and y.shape[0] > 1:
        t = t[0]  # the labels typed on one line
    return analyse_batch(*prepare_batch(y, t, logits=logits))


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
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
    accuracy = c1.slider(tr("batch.sample.accuracy"), **bound("acc"), help=tr("batch.sample.accuracy_help"))
    confidence = c2.slider(
        tr("batch.sample.confidence"), **bound("conf"), help=tr("batch.sample.confidence_help")
    )
    seed = c3.number_input(tr("batch.sample.seed"), **bound("seed"))
    st.caption(tr("batch.sample.caption", n=SAMPLE_SIZE))
    with st.spinner(tr("batch.spinner.sample")):
        return _sample(accuracy, confidence, int(seed))


def paste_ui(logits):
    c1, c2 = st.columns(2)
    y_text = c1.text_area(
        tr("batch.paste.y"),
        "0.1, 0.05, 0.05, 0.8\n0.1, 0.8, 0.05, 0.05\n0.7, 0.1, 0.1, 0.1",
        key="batch_y",
        height=160,
    )
    t_text = c2.text_area(tr("batch.paste.t"), "1, 1, 0", key="batch_t", height=160)
    with st.spinner(tr("batch.spinner.paste")):
        return _pasted(y_text, t_text, logits)


def upload_ui(logits):
    c1, c2 = st.columns(2)
    predictions = c1.file_uploader(
        tr("batch.upload.predictions", max=MAX_UPLOAD_MB), type=["csv", "npy"], key="upload_y"
    )
    predictions = _upload(predictions)
    columns = _columns(predictions) if predictions and predictions.name.lower().endswith(".csv") else []
    label_column = None
    with c2:
        if columns:
            separate_file = tr("batch.upload.separate_file")  # an option, compared in the same language
            choice = st.selectbox(
                tr("batch.upload.labels"),
                [separate_file, *columns],
                key="label_column",
                help=tr("batch.upload.labels_help"),
            )
            label_column = None if choice == separate_file else choice
        targets = None
        if label_column is None:
            targets = _upload(
                st.file_uploader(tr("batch.upload.targets"), type=["csv", "npy"], key="upload_t")
            )
    if predictions is None:
        st.info(tr("batch.upload.need_predictions"), icon=":material/upload:")
        return None
    if targets is None and label_column is None:
        st.info(tr("batch.upload.need_targets"), icon=":material/upload:")
        return None
    with st.spinner(tr("batch.spinner.upload")):
        return _uploaded(predictions, targets, label_column, logits)


def results_ui(r):
    cols = st.columns(4)
    cols[0].metric(tr("batch.metric.cee"), format_loss(r.cee), help=tr("batch.metric.cee_help"))
    cols[1].metric(
        tr("batch.metric.sse_total"), format_loss(r.sse_total), help=tr("batch.metric.sse_total_help")
    )
    cols[2].metric(
        tr("batch.metric.sse_mean"), format_loss(r.sse_mean), help=tr("batch.metric.sse_mean_help")
    )
    cols[3].metric(tr("batch.metric.size"), f"{r.n:,} × {r.y.shape[1]:,}")
    if r.cee_one_hot is not None:
        st.caption(tr("batch.one_hot_check", label=r.cee, one_hot=r.cee_one_hot))
    cee_fig, sse_fig = batch_charts.loss_histograms(r, lang=lang())
    c1, c2 = st.columns(2)
    c1.plotly_chart(cee_fig, key="hist-cee", config=CHART_CONFIG, alt=tr("batch.alt.cee_hist"))
    c2.plotly_chart(sse_fig, key="hist-sse", config=CHART_CONFIG, alt=tr("batch.alt.sse_hist"))
    st.plotly_chart(
        batch_charts.disagreement_figure(r, lang=lang()),
        key="disagree",
        config=CHART_CONFIG,
        alt=tr("batch.alt.disagree"),
    )
    st.caption(tr("batch.disagree_caption"))
    k = st.slider(tr("batch.worst"), **bound("worst"))
    st.dataframe(
        worst_samples(r, k, lang=lang()),
        hide_index=True,
        column_config={
            tr(f"batch.table.{c}"): st.column_config.NumberColumn(format="%.6g")
            for c in ("p_true", "cee", "sse")
        },
    )
    st.download_button(
        tr("batch.download"),
        lambda: per_sample_csv(r),  # built on click only: a million rows take seconds to write
        "lossviz-per-sample.csv",
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def main():
    st.title(tr("batch.title"), anchor=False)
    st.caption(tr("batch.intro"))
    open_link("batch")
    source = choice(st.segmented_control, "source", tr("batch.source.label"), required=True)
    logits = st.toggle(tr("batch.logits.label"), **bound("logits"))
    try:
        r = {"sample": sample_ui, "paste": lambda: paste_ui(logits), "upload": lambda: upload_ui(logits)}[
            source
        ]()
    except InputError as exc:  # the one place where bad input is shown
        st.error(escape_markdown(say(exc)), icon=":material/error:")
        return
    if r is not None:
        results_ui(r)
