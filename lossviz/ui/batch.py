"""The batch page: a whole set of predictions judged sample by sample with both losses.

Widgets and layout only: reading, checking and computing live in lossviz.inputs and
lossviz.views.batch. The simulated sample is cached once for every session (it is the same for
all); a pasted or uploaded batch is kept in the session's own state (out of any client's "Clear
caches"), which goes soon after its browser leaves, as per-sample results only: never the N×K
arrays. An uploaded file is checked from its first lines as soon as it arrives, and read within
the process's memory budget (lossviz.server.budget); a file over KEEP_BYTES is set aside once read.

The three charts are built once per result and language, as JSON text: the sample's for every
session (a room that opens the page together builds them once), a pasted or uploaded batch's in
the session's own cache. Built on every run, they were over half of the page's first run
(~90 ms of server CPU, py-spy) and of every move of the worst-samples slider.
"""

import io
import weakref
from typing import NamedTuple

import streamlit as st

from lossviz.charts import batch as batch_charts
from lossviz.charts.style import drawn
from lossviz.inputs.csv_files import shown
from lossviz.inputs.link import PARAM
from lossviz.inputs.matrix import MAX_PASTED_CHARS
from lossviz.inputs.tables import MAX_UPLOAD_MB
from lossviz.inputs.uploads import Upload, inspect_upload, read_bytes, results_bytes
from lossviz.server import budget, internals
from lossviz.server.turns import turn_for_source
from lossviz.ui.batch_digits import digits_ui
from lossviz.ui.caching import per_input, per_session
from lossviz.ui.figure import plot
from lossviz.ui.i18n import lang, say, tr
from lossviz.ui.link import bound, choice, open_link
from lossviz.ui.markdown import escape_markdown
from lossviz.ui.tour import tour_ui
from lossviz.views.batch import paste_batch, sample_batch, upload_batch
from lossviz.views.batch_report import per_sample_csv, worst_samples
from lossviz.words.errors import InputError
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import msg, text

# Simulated samples shared by every session: each stop of the accuracy slider at two settings of the
# others, so that a room moving the slider finds every sample (320 kB) and its charts (45 kB a
# language) built (~17 MB in all). With 8, sixty sessions moving it rebuilt them on most edits:
# benchmarks/load.py --page batch, edit p95 2.4 s.
ACCURACY_STOPS = round((PARAM["acc"].hi - PARAM["acc"].lo) / PARAM["acc"].step) + 1
CACHE_ENTRIES = 2 * ACCURACY_STOPS
SESSION_RESULTS = 2  # pasted or uploaded results a session keeps (per-sample numbers only)
KEEP_BYTES = 8 << 20  # an uploaded file this large or smaller keeps its bytes once read: read again at once
MAX_LABEL_CHOICES = 1_000  # a wider CSV offers its first and last column as the label column
LABEL_NAMES = ("label", "labels")  # a CSV column headed so is chosen as the label column at first
SAMPLE_SIZE = 10_000

# The cached functions return language-neutral numbers (and raise InputErrors that are put into
# words only when shown), so the language is not part of their keys; their spinners are drawn
# around the calls, in the reader's language (st.spinner appears only after half a second).


@per_input(CACHE_ENTRIES)
def _sample(accuracy, confidence, seed):
    return sample_batch(SAMPLE_SIZE, 10, accuracy=accuracy, confidence=confidence, seed=seed)


# A pasted or uploaded batch is this session's alone: its results (or InputErrors) by input, and its
# charts by (input, language), as JSON text.
_session_results = per_session("lv-batch-results", keep=SESSION_RESULTS)
_session_charts = per_session("lv-batch-charts", keep=SESSION_RESULTS)
# What each of this session's uploaded files is (or why it is refused), by Streamlit's id for the file.
_session_files = per_session("lv-batch-files", keep=4)


def _charts(r, words):
    """A BatchResult's three charts as Drawn, in the language `words`: both histograms, the disagreement."""
    cee_fig, sse_fig = batch_charts.loss_histograms(r, lang=words)
    return drawn(cee_fig), drawn(sse_fig), drawn(batch_charts.disagreement_figure(r, lang=words))


@per_input(2 * CACHE_ENTRIES)  # the samples _sample keeps, in both languages
def _sample_charts(accuracy, confidence, seed, words):
    """The simulated sample's charts, built once for every session (they hold no session's data)."""
    return _charts(_sample(accuracy, confidence, seed), words)


def charts_for(key, r):
    """The charts of result r (of input `key`) in the reader's language, built once: the sample's
    shared by every session, a pasted or uploaded batch's kept in the session."""
    words = lang()
    if key[0] == "sample":
        return _sample_charts(*key[1:], words)
    return _session_charts.kept((key, words), lambda: _charts(r, words))


def _remembered(key, compute, table=_session_results):
    """compute(), or what it gave this session for the same key: a result, or an InputError raised again.

    Only the table's latest values are kept. A Streamlit rerun or stop raised inside compute
    (at a progress update) passes through and leaves nothing behind.
    """

    def outcome():
        try:
            return compute()
        except InputError as exc:  # kept without its traceback, whose frames hold the arrays read
            return InputError(exc.message, field=exc.field)

    value = table.kept(key, outcome)
    if isinstance(value, InputError):
        raise InputError(value.message, field=value.field)
    return value


def sample_ui():
    """The simulated sample's settings; returns (its key, its BatchResult), as paste_ui and upload_ui."""
    c1, c2, c3 = st.columns(3)
    accuracy = c1.slider(tr("batch.sample.accuracy"), **bound("acc"), help=tr("batch.sample.accuracy_help"))
    confidence = c2.slider(
        tr("batch.sample.confidence"), **bound("conf"), help=tr("batch.sample.confidence_help")
    )
    seed = c3.number_input(tr("batch.sample.seed"), **bound("seed"))
    st.caption(tr("batch.sample.caption", n=SAMPLE_SIZE))
    with st.spinner(tr("batch.spinner.sample")):
        return ("sample", accuracy, confidence, int(seed)), _sample(accuracy, confidence, int(seed))


def paste_ui(logits):
    """The two paste boxes; returns (key, BatchResult), as sample_ui."""
    c1, c2 = st.columns(2)
    # The browser takes at most MAX_PASTED_CHARS a box (it shows the count): both boxes stay within
    # server.maxWidgetStateSize even in 3-byte characters, beyond which Streamlit shows an error box.
    limit = {"max_chars": MAX_PASTED_CHARS, "help": tr("batch.paste.limit_help", max=MAX_PASTED_CHARS)}
    # Both boxes are bound to the link while each fits the table's bound. Past it both are unbound,
    # which takes them out of the link (half a batch would not reopen), and one line says so.
    names = ("batch_y", "batch_t")
    linked = all(len(st.session_state.get(n) or "") <= PARAM[n].max_chars for n in names)
    y_box, t_box = (bound(n, height=160, **limit) | ({} if linked else {"bind": None}) for n in names)
    y_text = c1.text_area(tr("batch.paste.y"), **y_box)
    t_text = c2.text_area(tr("batch.paste.t"), **t_box)
    if not linked:
        st.caption(tr("batch.paste.not_linked", max=PARAM["batch_y"].max_chars))
    key = ("paste", y_text, t_text, logits)
    with st.spinner(tr("batch.spinner.paste")):
        return key, _remembered(key, lambda: paste_batch(y_text, t_text, logits=logits))


class _File(NamedTuple):
    """An uploaded file: Streamlit's id for it, and its name and bytes as Streamlit holds them."""

    file_id: str
    upload: Upload


def _held(file, key):
    """A _File for what the st.file_uploader keyed `key` returned, or None.

    Each run, st.file_uploader returns a deep copy of its file, bytes and all; the bytes are
    taken from Streamlit's own store instead, so that the copy is dropped before anything is parsed.
    The widget's own value in session state shares the store's bytes: it is emptied, so that the
    store alone holds them and they go when the store lets the file go (lossviz.server.budget).
    """
    if file is None:
        return None
    records = internals.upload_records(file.file_id)
    if not records:
        return _File(file.file_id, Upload(file.name, file.getvalue()))
    kept = st.session_state.get(key)
    if (
        isinstance(kept, io.BytesIO) and internals.running() is not None
    ):  # AppTest uploads it again from there
        kept.truncate(0)
    return _File(file.file_id, Upload(file.name, records[0].data))


def _inspected(file, what):
    """The Inspection of an uploaded _File (lossviz.inputs.uploads), made once per file: every
    refusal that needs no parsing appears as soon as the file arrives. None without a file."""
    if file is None:
        return None
    what = msg(what, name=file.upload.name)

    def inspect():
        refused = budget.BUDGET.refused(internals.current_session_id(), file.file_id)
        if refused is not None:
            raise InputError("batch.errors.no_room", what=what, mb=refused / budget.MIB)
        return inspect_upload(file.upload, what)

    return _remembered(file.file_id, inspect, _session_files)


def label_column_ui(inspection):
    """The column of a predictions CSV (its Inspection) that holds the labels (an index), or None
    for a targets file; a column headed `label` is the first choice."""
    count, header = inspection.columns, inspection.header
    columns = range(count) if count <= MAX_LABEL_CHOICES else (0, count - 1)
    words = lang()  # format_func may be called after this run: it must not look the language up

    def label(j):
        if j < 0:
            return text("batch.upload.separate_file", words)
        return (
            shown(header[j], 60) if header and header[j] else text("batch.upload.column", words, column=j + 1)
        )

    options = [-1, *columns]
    named = [j for j in columns if header and header[j] and header[j].strip().lower() in LABEL_NAMES]
    j = st.selectbox(
        tr("batch.upload.labels"),
        options,
        index=options.index(named[0]) if named else 0,
        format_func=label,
        key="label_column",
        help=tr("batch.upload.labels_help"),
    )
    return None if j is None or j < 0 else j


def _read(predictions, targets, label_column, logits):
    """upload_batch of two Uploads, with a progress bar that also lets Streamlit stop the work."""
    name = escape_markdown(predictions.name)
    bar = st.progress(0.0, text=tr("batch.progress.upload", name=name))
    result = upload_batch(
        predictions,
        targets,
        label_column=label_column,
        logits=logits,
        progress=lambda done: bar.progress(min(done, 1.0), text=tr("batch.progress.upload", name=name)),
    )
    bar.empty()
    return result


def _checked(file, what, problems):
    """_inspected(file, what), or None with its InputError appended to `problems`."""
    try:
        return _inspected(file, what)
    except InputError as exc:
        problems.append(exc)
        return None


def upload_ui(logits):
    """The two file pickers (or the label column); returns (key, BatchResult), or (None, None)
    while a file is missing."""
    c1, c2 = st.columns(2)
    with budget.COPYING:  # the copy st.file_uploader makes is dropped before the lock is let go
        predictions = _held(
            c1.file_uploader(
                tr("batch.upload.predictions", max=MAX_UPLOAD_MB), type=["csv", "npy"], key="upload_y"
            ),
            "upload_y",
        )
    label_column, targets, problems = None, None, []
    layout = _checked(predictions, "batch.what.predictions_file", problems)
    with c2:
        # The label-column choice gets a slot of its own, there from the first run, so that the
        # targets picker never moves: a picker that moves mid-upload loses the other file.
        with st.container():
            if layout is not None and layout.kind == "csv":
                label_column = label_column_ui(layout)
        if label_column is None:
            with budget.COPYING:
                targets = _held(
                    st.file_uploader(tr("batch.upload.targets"), type=["csv", "npy"], key="upload_t"),
                    "upload_t",
                )
    target_layout = _checked(targets, "batch.what.targets_file", problems)
    if problems:  # both pickers are drawn first: the one message is about what just arrived
        raise problems[0]
    if predictions is None:
        st.info(tr("batch.upload.need_predictions"), icon=":material/upload:")
        return None, None
    if targets is None and label_column is None:
        st.info(tr("batch.upload.need_targets"), icon=":material/upload:")
        return None, None
    key = ("upload", predictions.file_id, targets and targets.file_id, label_column, logits)
    if key not in _session_results:
        return key, _read_within_budget(key, (predictions, layout), (targets, target_layout))
    return key, _remembered(key, lambda: None)


def _read_within_budget(key, *files):
    """The BatchResult of the uploads of `key` ((_File, Inspection) pairs, the predictions first; a
    missing file is (None, None)), read once the memory budget has room for what reading takes;
    their results are charged, and the bytes of files over KEEP_BYTES set aside (their results are
    what is shown).

    A file set aside, and no room within READ_WAIT_SECONDS, are InputErrors said now, not kept:
    uploading again, or the same choice a minute later, reads it.
    """
    (predictions, layout), (targets, _) = files
    for file, inspection in files:
        if file is not None and not file.upload.data and inspection.rows:
            raise InputError("batch.errors.set_aside", name=file.upload.name)
    session_id, name = internals.current_session_id(), ("read", predictions.file_id)
    with st.spinner(tr("batch.spinner.memory")):
        room = budget.BUDGET.reserve(session_id, name, read_bytes(*(i for _, i in files)))
    if not room:
        raise InputError("batch.errors.busy", name=predictions.upload.name)
    try:
        _, label_column, logits = key[2:]
        r = _remembered(
            key, lambda: _read(predictions.upload, targets and targets.upload, label_column, logits)
        )
    finally:
        budget.BUDGET.release(session_id, name)
    file_id = predictions.file_id
    drop_results = _session_results.drop(lambda k: k[:2] == ("upload", file_id))
    drop_charts = _session_charts.drop(lambda k: k[0][:2] == ("upload", file_id))
    budget.BUDGET.charge(
        session_id, ("results", file_id), results_bytes(r.n), lambda: (drop_results(), drop_charts())
    )
    for file, _ in files:
        if file is not None and len(file.upload.data) > KEEP_BYTES:
            internals.set_aside_upload(file.file_id)
    return r


def results_ui(r, charts):
    """A batch's numbers, its three charts (Drawn, from charts_for) and its worst samples."""
    for note in r.notes:
        st.caption(escape_markdown(say(note)))
    for warning in r.warnings:
        st.warning(escape_markdown(say(warning)), icon=":material/warning:")
    cols = st.columns(4)
    cols[0].metric(tr("batch.metric.cee"), format_loss(r.cee), help=tr("batch.metric.cee_help"))
    cols[1].metric(
        tr("batch.metric.sse_total"), format_loss(r.sse_total), help=tr("batch.metric.sse_total_help")
    )
    cols[2].metric(
        tr("batch.metric.sse_mean"), format_loss(r.sse_mean), help=tr("batch.metric.sse_mean_help")
    )
    cols[3].metric(tr("batch.metric.size"), f"{r.n:,} × {r.k:,}")
    if r.cee_one_hot is not None:
        st.caption(tr("batch.one_hot_check", label=r.cee, one_hot=r.cee_one_hot))
    # Through lossviz's figure component, as the explorer's and the lab's: a reader's zoom survives
    # the reruns of this page (e.g. the worst-samples slider below).
    cee_chart, sse_chart, disagree_chart = charts
    c1, c2 = st.columns(2)
    plot(cee_chart, "hist-cee", tr("batch.alt.cee_hist"), c1)
    plot(sse_chart, "hist-sse", tr("batch.alt.sse_hist"), c2)
    plot(
        disagree_chart,
        "disagree",
        tr("batch.alt.disagree"),
        caption=tr("batch.disagree_caption"),
    )
    k = st.slider(tr("batch.worst"), **bound("worst"))
    st.dataframe(
        worst_samples(r, k, lang=lang()),
        hide_index=True,
        column_config={
            tr(f"batch.table.{c}"): st.column_config.NumberColumn(format="%.6g")
            for c in ("p_true", "cee", "sse")
        },
    )
    # Built on click only (a million rows take seconds to write). Streamlit keeps the callable as
    # long as the session: through a weak reference it does not keep the results once the session
    # has let them go (lossviz.server.janitor releases them soon after its browser left).
    result = weakref.ref(r)
    st.download_button(
        tr("batch.download"),
        lambda: per_sample_csv(result()) if result() is not None else "",
        "lossviz-per-sample.csv",
        "text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


def main():
    from lossviz.ui import slides  # a tour step (?step=) takes the page over as one screen

    if slides.wanted("batch"):
        return slides.main("batch")
    st.title(tr("batch.title"), anchor=False)
    st.caption(tr("batch.intro"))
    open_link("batch")
    tour_ui("batch")
    source = choice(st.segmented_control, "source", tr("batch.source.label"), required=True)
    logits = st.toggle(tr("batch.logits.label"), **bound("logits"))
    with turn_for_source(source):  # a room opening the sample gets its pages one after another
        batch_ui(source, logits)


@st.fragment
def batch_ui(source, logits):
    """The source's inputs and the batch's results. Moving a slider of the sample or the worst-samples
    slider, pasting or uploading reruns this alone, not the page's frame, title, tour and the two
    switches above (each element costs the server every run, benchmarks/load.py --page batch)."""
    try:
        read = {
            "sample": sample_ui,
            "paste": lambda: paste_ui(logits),
            "upload": lambda: upload_ui(logits),
            "digits": digits_ui,  # probabilities already: the softmax switch does not apply
        }
        key, r = read[source]()
    except InputError as exc:  # the one place where bad input is shown
        st.error(escape_markdown(say(exc)), icon=":material/error:")
        return
    if r is not None:
        results_ui(r, charts_for(key, r))
