"""AppTest: the batch page — the sample, pasting, uploading, and every upload error class."""

import io
import json
import math
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from visible import english_left, figure_props, figures, visible_texts

import lossviz.inputs.tables as tables
from lossviz.maths.simulation import simulate_classifier
from lossviz.server import budget

BATCH = "from lossviz.ui.batch import main\nmain()\n"


def run(**params):
    at = AppTest.from_string(BATCH, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def metrics(at):
    return {m.label: m.value for m in at.metric}


def plain(markdown):
    return re.sub(r"\\(.)", r"\1", markdown)


def npy(a):
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def test_sample_by_default_matches_an_independent_computation():
    at = run()
    assert not at.exception and not at.error
    y, labels = simulate_classifier(10_000, 10, accuracy=0.8, confidence=3.0, seed=0)
    t = np.eye(10)[labels]
    m = metrics(at)
    assert m["Cross-entropy, mean over N"] == f"{-np.sum(t * np.log(y + 1e-7)) / 10_000:.4f}"
    assert m["Squared error ½Σ over all"] == f"{0.5 * np.sum((y - t) ** 2):.4f}"
    assert m["Samples × classes"] == "10,000 × 10"
    assert any("Label form and one-hot form give the same cross-entropy" in c.value for c in at.caption)
    assert list(figures(at)) == ["hist-cee", "hist-sse", "disagree"]
    assert len(at.dataframe[0].value) == 10


def test_sample_settings_come_from_the_url():
    at = run(acc="0.5", seed="3")
    y, labels = simulate_classifier(10_000, 10, accuracy=0.5, confidence=3.0, seed=3)
    expected = -np.mean(np.log(y[np.arange(10_000), labels] + 1e-7))
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}"


def test_numbers_between_slider_steps_in_the_link_are_read_onto_the_steps():
    """?acc=0.333 on a slider in steps of 0.05 is 0.35, and ?conf=3.2 in steps of 0.5 is 3 (the
    default, then left out of the link): the slider, the link and the numbers agree (by hand)."""
    at = run(acc="0.333", conf="3.2")
    assert not at.exception and not at.error
    assert (at.slider(key="acc").value, at.slider(key="conf").value) == (0.35, 3.0)
    assert at.query_params.get("acc") == "0.35" and "conf" not in at.query_params
    y, labels = simulate_classifier(10_000, 10, accuracy=0.35, confidence=3.0, seed=0)
    expected = -np.mean(np.log(y[np.arange(10_000), labels] + 1e-7))
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}"


def test_pasted_article_batch():
    at = run(source="paste")
    # The default paste: the article's two examples plus [0.7, 0.1, 0.1, 0.1] with label 0 (hand computation).
    expected = -(math.log(0.05 + 1e-7) + math.log(0.8 + 1e-7) + math.log(0.7 + 1e-7)) / 3
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}"
    at.text_area(key="batch_t").set_value("0, 1, 0, 0\n0, 1, 0, 0\n1, 0, 0, 0").run()
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}"


def test_pasted_rows_that_do_not_sum_to_1_get_a_warning_and_their_losses():
    at = run(source="paste")
    at.text_area(key="batch_y").set_value("0.5, 0.5\n0.2, 0.2")
    at.text_area(key="batch_t").set_value("1, 0").run()
    assert not at.exception and not at.error
    # Hand computation: row 2 sums to 0.2 + 0.2 = 0.4; CEE = −(log 0.5 + log 0.2) / 2.
    shown = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]  # as read: Markdown escapes undone
    assert shown == [
        "1 row of y does not sum to 1 (row 2 sums to 0.4). The losses are computed as given; "
        "normalise y to rescale each row so it sums to 1."
    ]
    expected = -(math.log(0.5 + 1e-7) + math.log(0.2 + 1e-7)) / 2
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}"


@pytest.mark.parametrize(
    ("y_text", "t_text", "message"),
    [
        ("0.1, 0.9\n0.2", "1, 1", "y: row 2 has 1 number but row 1 has 2"),
        ("0.1, 0.9\n0.2, x", "1, 1", "y, row 2: 'x' (entry 2) is not a number"),
        ("0.1, 0.9\n0.2, 0.8", "1, 1, 0", "The predictions have 2 rows but the targets have 3 labels"),
        ("0.1, 0.9\n0.2, 0.8", "1, 2", "the label in row 2 of t (2) is not a class label"),
        (
            "0.1, 1.9\n0.2, 0.8",
            "1, 1",
            "y must hold probabilities between 0 and 1, but row 1, column 2 is 1.9",
        ),
    ],
)
def test_pasted_errors(y_text, t_text, message):
    at = run(source="paste")
    at.text_area(key="batch_y").set_value(y_text)
    at.text_area(key="batch_t").set_value(t_text).run()
    assert not at.exception
    assert len(at.error) == 1 and message in plain(at.error[0].value)


def test_upload_with_label_column():
    at = run(source="upload")
    assert not at.exception and at.info  # asks for a file
    csv = b"p0,p1,p2,label\n0.2,0.3,0.5,2\n0.6,0.3,0.1,1\n"
    at.file_uploader(key="upload_y").set_value(("preds.csv", csv, "text/csv")).run()
    assert not at.exception and not at.error  # the column headed `label` is found: nothing to choose
    expected = -(math.log(0.5 + 1e-7) + math.log(0.3 + 1e-7)) / 2  # hand computation
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}"
    at.selectbox(key="label_column").set_value("label").run()
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}"


def test_upload_npy_with_targets_file():
    at = run(source="upload")
    at.file_uploader(key="upload_y").set_value(
        ("y.npy", npy(np.array([[0.1, 0.9], [0.8, 0.2]])), "application/octet-stream")
    )
    at.run()
    at.file_uploader(key="upload_t").set_value(
        ("t.npy", npy(np.array([1, 0])), "application/octet-stream")
    ).run()
    assert not at.error
    expected = -(math.log(0.9 + 1e-7) + math.log(0.8 + 1e-7)) / 2
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}"


UPLOAD_ERRORS = [
    (("y.csv", b"p0,p1\n0.2,0.8\np0,p1\n"), ("t.csv", b"1\n1\n"), "row 3, column 1 starts a row of text"),
    (
        ("y.csv", b"0.2,0.8\n0.6,abc\n"),
        ("t.csv", b"1\n1\n"),
        "the cell at row 2, column 2 is 'abc', not a number",
    ),
    (("y.csv", b"0.2,0.8\n0.6,0.3,0.1\n"), ("t.csv", b"1\n1\n"), "row 2 has 3 columns but row 1 has 2"),
    (
        ("y.csv", b"0.2,0.8\n0.6,0.4\n"),
        ("t.csv", b"1\n5\n"),
        "the label in row 2 of t (5) is not a class label",
    ),
    (
        ("y.csv", b"0.2,0.8\n0.6,0.4\n"),
        ("t.csv", b"1\n1\n0\n"),
        "The predictions have 2 rows but the targets have 3 labels",
    ),
    (("y.npy", b"garbage"), ("t.csv", b"1\n1\n"), "is not a valid .npy file"),
]


@pytest.mark.parametrize(("y_file", "t_file", "message"), UPLOAD_ERRORS)
def test_upload_errors(y_file, t_file, message):
    at = run(source="upload")
    at.file_uploader(key="upload_y").set_value((*y_file, "text/csv")).run()
    at.file_uploader(key="upload_t").set_value((*t_file, "text/csv")).run()
    assert not at.exception
    assert len(at.error) == 1 and message in plain(at.error[0].value)


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_UPLOAD_MB", 1e-5, "files up to 1e-05 MB (10 bytes) can be uploaded"),  # 10.49 bytes
        # Checked by the reader before parsing, so the message names the file.
        ("MAX_ENTRIES", 3, "The predictions file y.csv has 4 entries (2 rows × 2 columns); at most 3 fit"),
    ],
)
def test_upload_limits(monkeypatch, limit, value, message):
    # The real limits (200 MB, 2·10⁷ entries) lowered so that a tiny file crosses them.
    monkeypatch.setattr(tables, limit, value)
    at = run(source="upload")
    at.file_uploader(key="upload_y").set_value(("y.csv", b"0.2,0.8\n0.6,0.4\n", "text/csv")).run()
    at.file_uploader(key="upload_t").set_value(("t.csv", b"1\n0\n", "text/csv")).run()
    assert not at.exception
    assert len(at.error) == 1 and message in plain(at.error[0].value)


def upload(y_file, t_file=None, *, label=None, lang="en"):
    """The batch page after uploading y_file (name, bytes), then t_file or choosing the label column."""
    at = run_in(lang, source="upload")
    at.file_uploader(key="upload_y").set_value((*y_file, "application/octet-stream")).run()
    if label is not None:
        at.selectbox(key="label_column").set_value(label).run()
    if t_file is not None:
        at.file_uploader(key="upload_t").set_value((*t_file, "application/octet-stream")).run()
    return at


def npz(**arrays):
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


# Files of every kind that broke or fooled the page: each gets one message, the page goes on.
HOSTILE_UPLOADS = [
    (("y.csv", bytes(range(256)) * 64), "is not a text file"),
    (("y.csv", b"0.5," * 12_500_000), "has a line longer than 4 MB"),
    (("y.npy", npz(y=np.eye(2))), "is an .npz archive"),
    (("y.npy", npy(np.zeros(3)).replace(b"(3,)", b"(1000000000000,)")), "has 1,000,000,000,000 entries"),
    (("y.npy", npy(np.zeros((100, 3)))[:-8]), "is cut short"),
    (("y.npy", npy(np.array([1 + 1j, 2j]))), "it holds complex128 data"),
    (("y.csv", b"0.2,0.8\nnan,0.4\n"), "row 2, column 1 is nan, not a finite number"),
]


@pytest.mark.parametrize(("y_file", "message"), HOSTILE_UPLOADS)
def test_hostile_uploads_get_one_message(y_file, message):
    at = upload(y_file, ("t.csv", b"1\n0\n"))
    assert not at.exception
    assert len(at.error) == 1 and message in plain(at.error[0].value)
    assert at.file_uploader(key="upload_y")  # the page is still there to try again


@pytest.mark.parametrize(
    ("y_file", "message"),
    [
        (("y.csv", b"p0,p1,label\n"), "has a header but no rows of numbers"),
        (("y.csv", b""), "is empty"),
        (("y.csv", b"0.5," * 1_200_000), "has a line longer than 4 MB"),  # one line of 4.8 MB
    ],
)
def test_a_refused_file_is_said_as_soon_as_it_arrives(y_file, message):
    at = upload(y_file)  # no targets yet, no label column chosen
    assert not at.exception
    assert len(at.error) == 1 and message in plain(at.error[0].value)
    assert at.file_uploader(key="upload_t")  # the other picker stays where it was


def test_an_upload_the_memory_budget_refused_is_said_as_soon_as_it_arrives(monkeypatch):
    # Streamlit's store kept it empty (lossviz.server.budget.Budget.admit_file): 49,000,000 bytes.
    monkeypatch.setattr(budget.BUDGET, "refused", lambda session_id, file_id: 49_000_000)
    at = upload(("y.csv", b"p0,p1,label\n0.2,0.8,1\n"))
    assert not at.exception and not at.selectbox  # no label column to choose
    # 49,000,000 / 1,048,576 = 46.73 MiB, Streamlit's "MB"
    assert len(at.error) == 1 and "y.csv (46.7 MB) does not fit in the server's memory now" in plain(
        at.error[0].value
    )


def test_a_read_with_no_memory_free_is_refused_and_can_be_tried_again(monkeypatch):
    monkeypatch.setattr(budget, "BUDGET", budget.Budget(limit=10, uploads=10))  # 10 bytes
    monkeypatch.setattr(budget, "READ_WAIT_SECONDS", 0.1)
    at = upload(("y.csv", b"p0,p1,label\n0.2,0.8,1\n"), label="label")
    assert not at.exception
    assert "has no memory free for y.csv now" in plain(at.error[0].value)
    monkeypatch.setattr(budget, "BUDGET", budget.Budget(limit=10**6, uploads=10**6))
    at.run()  # the same choice, once there is room: read, not the refusal remembered
    assert not at.error and metrics(at)["Samples × classes"] == "1 × 2"


def test_results_another_read_dropped_are_read_again(monkeypatch):
    monkeypatch.setattr(budget, "BUDGET", budget.Budget(limit=10**6, uploads=10**6))
    at = upload(("y.csv", b"p0,p1,label\n0.2,0.8,1\n0.6,0.4,0\n"), label="label")
    shown = metrics(at)
    (drop,) = budget.BUDGET.evictors.values()  # what another session's read calls for room
    drop()
    assert at.session_state["lv-batch-results"] == {}
    at.run()  # the file (under 8 MiB) kept its bytes: read again, the same numbers
    assert len(at.session_state["lv-batch-results"]) == 1
    assert not at.exception and not at.error and metrics(at) == shown


def test_big_endian_predictions_and_0_d_targets():
    at = upload(
        ("y.npy", npy(np.array([[0.1, 0.9], [0.8, 0.2]], dtype=">f8"))), ("t.npy", npy(np.array([1, 0])))
    )
    assert not at.exception and not at.error
    assert at.dataframe[0].value["p on the true class"].tolist() == [0.8, 0.9]  # worst first
    at.file_uploader(key="upload_t").set_value(("t.npy", npy(np.array(1)), "application/octet-stream")).run()
    assert not at.exception and "The targets must be N labels" in plain(at.error[0].value)


def test_what_was_read_is_said_and_nothing_is_lost():
    # A byte-order mark and quoted numbers used to make the first row a header (N − 1 rows).
    at = upload(("y.csv", b'\xef\xbb\xbf"0.2","0.8"\n"0.6","0.4"\n'), ("t.csv", b"1\n0\n"))
    assert metrics(at)["Samples × classes"] == "2 × 2"
    assert "y.csv: 2 rows × 2 columns read; no header, its first line is data." in [
        plain(c.value) for c in at.caption
    ]


def test_text_from_files_is_shown_as_text():
    name = "[zzinject](http://evil.example)*x*.csv"
    at = upload((name, b"$x$,**b**,label\n0.2,0.8,1\n"), label="label")
    assert not at.exception and not at.error
    caption = next(c.value for c in at.caption if "zzinject" in c.value)
    assert "\\[zzinject\\]\\(http" in caption and "\\$x\\$" in caption and "\\*\\*b\\*\\*" in caption
    assert (
        plain(caption) == f"{name}: 1 row × 3 columns read; its first line is the header ($x$, **b**, label)."
    )


def test_pasted_rows_whose_losses_differ_only_by_rounding():
    # Today np.histogram raised "Too many bins for data range" on such a batch.
    at = run(source="paste")
    at.text_area(key="batch_y").set_value("0.1, 0.9\n0.10000000000000002, 0.8999999999999999\n0.1, 0.9")
    at.text_area(key="batch_t").set_value("1, 1, 1").run()
    assert not at.exception and not at.error
    assert list(figures(at)) == ["hist-cee", "hist-sse", "disagree"]


def test_a_20_mb_paste_is_refused_with_a_message():
    at = run(source="paste")
    text = "\n".join([",".join(["1"] * 1000)] * 10_000)  # 20 MB
    box = at.text_area(key="batch_y")
    # A browser's box takes its first max_chars characters of a paste (600,000: 300 rows of 1,000
    # numbers, 2,000 characters each), which the reader is told to upload as a file.
    assert box.max_chars == 600_000
    box.set_value(text[: box.max_chars]).run()
    assert not at.exception
    assert "has 300 rows of 1,000 numbers; paste at most 50,000 numbers, or upload a file" in plain(
        at.error[0].value
    )


# --- in Chinese ---------------------------------------------------------------------


def run_in(lang, **params):
    at = AppTest.from_string(BATCH, default_timeout=60)
    at.session_state["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_chinese_page_shows_chinese_words_and_the_same_numbers():
    en, zh = run_in("en"), run_in("zh")
    assert not zh.exception and not zh.error
    assert zh.title[0].value == "批处理模式"
    assert list(metrics(zh)) == [
        "交叉熵误差，对 N 取平均",
        "均方误差，½Σ 对全部求和",
        "每个样本的均方误差",
        "样本数 × 类别数",
    ]
    assert list(metrics(zh).values()) == list(metrics(en).values())
    assert any("标签形式和独热编码形式得到相同的交叉熵误差" in c.value for c in zh.caption)
    assert figure_props(zh)["disagree"]["caption"].startswith("对独热编码的目标")
    assert list(zh.dataframe[0].value.columns)[:3] == ["行", "真实类别", "真实类别的概率 p"]
    # Identical numbers: the same rows, classes and losses under Chinese column names.
    np.testing.assert_array_equal(zh.dataframe[0].value.to_numpy(), en.dataframe[0].value.to_numpy())
    zh_charts = [json.loads(spec) for spec in figures(zh).values()]
    en_charts = [json.loads(spec) for spec in figures(en).values()]
    assert [c["layout"]["title"]["text"] for c in zh_charts] == [
        "每个样本的交叉熵误差",
        "每个样本的均方误差",
        "两种损失的分歧",
    ]
    assert [c["data"] for c in zh_charts] != [] and all(
        z["data"][0]["y"] == e["data"][0]["y"] for z, e in zip(zh_charts, en_charts, strict=True)
    )


def test_chinese_pasted_batch_has_the_numbers_of_the_english_one():
    en, zh = run_in("en", source="paste"), run_in("zh", source="粘贴")
    assert zh.text_area(key="batch_y").label == "预测：每个样本一行"
    assert list(metrics(zh).values()) == list(metrics(en).values())


def test_an_english_link_opens_the_same_source_on_a_chinese_page():
    # As app.py runs it: init_language() adopts a choice the link names in the other language.
    at = AppTest.from_string("from lossviz.ui.i18n import init_language\ninit_language()\n" + BATCH)
    at.query_params["lang"] = "zh"
    at.query_params["source"] = "upload"
    at.run(timeout=60)
    assert [i.value for i in at.info] == ["请先上传预测文件；也可以试试内置的示例。"]


@pytest.mark.parametrize(
    ("y_text", "t_text", "message"),
    [
        ("0.1, 0.9\n0.2", "1, 1", "y：第 2 行有 1 个数，但第 1 行有 2 个数。"),
        ("0.1, 0.9\n0.2, x", "1, 1", "y 第 2 行：'x'（第 2 个数）不是数。"),
        ("0.1, 0.9\n0.2, 0.8", "1, 1, 0", "预测有 2 行，但目标有 3 个标签：每个样本需要一个目标。"),
        ("", "1", "y 是空的。请每行粘贴一行数"),
    ],
)
def test_pasted_errors_in_chinese(y_text, t_text, message):
    at = run_in("zh", source="粘贴")
    at.text_area(key="batch_y").set_value(y_text)
    at.text_area(key="batch_t").set_value(t_text).run()
    assert not at.exception
    assert len(at.error) == 1 and message in plain(at.error[0].value)
    assert not english_left(visible_texts(at))


@pytest.mark.parametrize(
    ("y_file", "message"),
    [
        (("y.csv", b"0.2,0.8\n0.6,abc\n"), "预测文件 y.csv：第 2 行第 2 列的单元格是 'abc'，不是数。"),
        (("y.csv", b"p0,p1\n0.2,0.8\np0,p1\n"), "预测文件 y.csv：第 3 行第 1 列开始的是一行文字（'p0'）"),
        (("y.npy", b"garbage"), "预测文件 y.npy 不是有效的 .npy 文件。"),
    ],
)
def test_upload_errors_in_chinese_name_the_file_row_and_column(y_file, message):
    at = run_in("zh", source="上传")
    at.file_uploader(key="upload_y").set_value((*y_file, "text/csv")).run()
    at.file_uploader(key="upload_t").set_value(("t.csv", b"1\n1\n", "text/csv")).run()
    assert not at.exception
    assert len(at.error) == 1 and message in plain(at.error[0].value)


def test_label_column_in_chinese():
    at = run_in("zh", source="上传")
    csv = b"p0,p1,p2,label\n0.2,0.3,0.5,2\n0.6,0.3,0.1,1\n"
    at.file_uploader(key="upload_y").set_value(("preds.csv", csv, "text/csv")).run()
    labels = at.selectbox(key="label_column")
    assert labels.options[labels.index] == "label"  # the column headed `label` is found
    expected = -(math.log(0.5 + 1e-7) + math.log(0.3 + 1e-7)) / 2  # hand computation
    assert metrics(at)["交叉熵误差，对 N 取平均"] == f"{expected:.4f}"


@pytest.mark.parametrize("source", ["示例", "粘贴", "上传"])
def test_no_english_sentence_is_left_on_the_chinese_page(source):
    at = run_in("zh", source=source)
    if source == "上传":
        at.file_uploader(key="upload_y").set_value(("y.csv", b"p0,p1,label\n0.2,0.8,1\n", "text/csv")).run()
    texts = visible_texts(at)
    assert len(texts) > 8
    assert not english_left(texts), english_left(texts)


def test_the_english_check_finds_english():
    # The detector itself: the English page is full of runs it must find.
    assert len(english_left(visible_texts(run_in("en")))) > 10


@pytest.fixture
def chart_builds(monkeypatch):
    """How many times the batch charts were built (lossviz.charts.batch.loss_histograms calls),
    with the sample's shared chart cache emptied first."""
    import lossviz.charts.batch as batch_charts
    import lossviz.ui.batch as batch_ui

    batch_ui._sample_charts.cache_clear()
    calls = []
    build = batch_charts.loss_histograms

    def counted(r, **kwargs):
        calls.append(kwargs.get("lang"))
        return build(r, **kwargs)

    monkeypatch.setattr(batch_charts, "loss_histograms", counted)
    return calls


def test_the_samples_charts_are_built_once_for_every_session_and_language(chart_builds):
    """A room opening the page together builds the sample's charts once, per language; the cached
    charts are the ones built from the sample afresh (lossviz.charts.batch on sample_batch)."""
    from lossviz.charts.batch import disagreement_figure, loss_histograms
    from lossviz.charts.style import figure_json
    from lossviz.views.batch import sample_batch

    first, second = run(), run()
    assert chart_builds == ["en"]
    assert figures(first) == figures(second)
    second.slider(key="worst").set_value(20).run()  # a rerun that changes no chart
    assert chart_builds == ["en"] and len(second.dataframe[0].value) == 20
    r = sample_batch(10_000, 10, accuracy=0.8, confidence=3.0, seed=0)
    fresh = [figure_json(f) for f in (*loss_histograms(r, lang="en"), disagreement_figure(r, lang="en"))]
    assert list(figures(first).values()) == fresh
    zh = run_in("zh")
    assert chart_builds[-1] == "zh" and len(chart_builds) == 3  # the 3rd: `fresh` above
    assert json.loads(figures(zh)["hist-cee"])["layout"]["title"]["text"] == "每个样本的交叉熵误差"
    run(acc="0.5")
    assert chart_builds[-1] == "en" and len(chart_builds) == 4  # another sample: its own charts


def test_a_pasted_batchs_charts_are_built_once_per_input_and_language(chart_builds):
    at = run(source="paste")
    at.slider(key="worst").set_value(20).run()
    assert chart_builds == ["en"]
    before = figures(at)["hist-cee"]
    at.text_area(key="batch_t").set_value("0, 0, 0").run()  # new labels: new losses, new charts
    assert chart_builds == ["en", "en"] and figures(at)["hist-cee"] != before
    at.session_state["lang"] = "zh"
    at.run()
    assert chart_builds == ["en", "en", "zh"]


def test_a_link_with_a_pasted_batch_reopens_it():
    at = run(source="paste", batch_y="0.2, 0.8\n0.6, 0.4", batch_t="1\n0")
    assert not at.exception and not at.error
    assert (at.text_area(key="batch_y").value, at.text_area(key="batch_t").value) == (
        "0.2, 0.8\n0.6, 0.4",
        "1\n0",
    )
    # Hand computation: −(ln(0.8 + 1e-7) + ln(0.6 + 1e-7)) / 2 = 0.3670.
    expected = -(math.log(0.8 + 1e-7) + math.log(0.6 + 1e-7)) / 2
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}" == "0.3670"


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("1\x00\n0", "labels or rows of numbers, without control characters"),
        ("1\n" * 1_251, "at most 2,500 characters"),  # 2,502 characters: beyond the link's bound
    ],
)
def test_a_hostile_pasted_batch_in_the_link_falls_back_with_the_tables_notice(hostile, expected):
    at = run(source="paste", batch_t=hostile)
    assert not at.exception and not at.error
    assert at.text_area(key="batch_t").value == "1, 1, 0"  # the default paste
    notice = plain(next(c.value for c in at.caption if "Ignored in the link" in c.value))
    assert "batch_t=" in notice and expected in notice and "\x00" not in notice


def linked(at, name):
    """The query parameter the browser writes the box `name` into (AppTest itself writes none)."""
    return at.text_area(key=name).proto.query_param_key


def test_a_paste_beyond_the_links_bound_is_left_out_of_it_and_the_page_says_so():
    at = run(source="paste")
    at.text_area(key="batch_y").set_value("0.25, 0.75\n" * 228)  # 2,508 characters, beyond the link's 2,500
    at.text_area(key="batch_t").set_value("1\n" * 228).run()  # 456 characters
    assert not at.exception and not at.error
    assert (linked(at, "batch_y"), linked(at, "batch_t")) == ("", "")  # half a batch would not reopen
    assert [
        c
        for c in at.caption
        if "leaves out a pasted batch with a box longer than 2,500 characters" in c.value
    ]
    # Hand computation: every row puts 0.75 on label 1, −ln(0.75 + 1e-7) = 0.2877.
    assert metrics(at)["Cross-entropy, mean over N"] == "0.2877"
    at.text_area(key="batch_y").set_value("0.25, 0.75\n" * 227).run()  # 2,497 characters: linked again
    assert (linked(at, "batch_y"), linked(at, "batch_t")) == ("batch_y", "batch_t")
    assert not [c for c in at.caption if "leaves out a pasted batch" in c.value]
