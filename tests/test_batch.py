"""Tests for lossviz/views/batch.py: reading batches, every upload error, and the batch numbers."""

import io
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lossviz.views.batch as batch
from lossviz import InputError
from lossviz.views.batch import (
    Upload,
    analyse_batch,
    load_batch,
    parse_matrix,
    per_sample_csv,
    prepare_batch,
    read_csv_table,
    read_npy,
    simulate_classifier,
    worst_samples,
)

ARTICLE_Y = np.array([[0.1, 0.05, 0.05, 0.8], [0.1, 0.8, 0.05, 0.05]])


def npy_bytes(a, allow_pickle=False):
    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=allow_pickle)
    return buf.getvalue()


def test_batch_numbers_against_the_articles_formulas():
    r = analyse_batch(ARTICLE_Y, np.array([1, 1]))
    # The article's batch CEE: −(ln(0.05 + δ) + ln(0.8 + δ)) / 2; SSE ½Σ over all: 0.7775 + 0.0275.
    assert r.cee == pytest.approx(-(math.log(0.05 + 1e-7) + math.log(0.8 + 1e-7)) / 2, rel=1e-12)
    assert r.sse_total == pytest.approx(0.805, rel=1e-12)
    assert r.sse_mean == pytest.approx(0.4025, rel=1e-12)
    assert r.cee_one_hot == pytest.approx(r.cee, rel=1e-15)  # label form = one-hot form


def test_one_hot_targets_find_their_labels():
    r = analyse_batch(ARTICLE_Y, dense=np.eye(4)[[1, 1]])
    np.testing.assert_array_equal(r.labels, [1, 1])
    assert r.cee_one_hot == pytest.approx(r.cee, rel=1e-15)


def test_large_batch_against_the_straightforward_formula():
    y, labels = simulate_classifier(n=20_001, k=10, seed=5)
    r = analyse_batch(y, labels)
    t = np.eye(10)[labels]
    assert r.cee == pytest.approx(-np.sum(t * np.log(y + 1e-7)) / len(y), rel=1e-12)
    assert r.sse_total == pytest.approx(0.5 * np.sum((y - t) ** 2), rel=1e-12)


def test_sample_is_reproducible_and_follows_its_settings():
    a, la = simulate_classifier(n=2000, seed=7)
    b, lb = simulate_classifier(n=2000, seed=7)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    assert not np.array_equal(a, simulate_classifier(n=2000, seed=8)[0])
    y, labels = simulate_classifier(n=5000, accuracy=1.0, confidence=8.0)
    assert np.mean(np.argmax(y, axis=1) == labels) > 0.99
    y, labels = simulate_classifier(n=5000, accuracy=0.0)
    assert np.mean(np.argmax(y, axis=1) == labels) < 0.2
    with pytest.raises(InputError, match="Accuracy must lie between 0 and 1"):
        simulate_classifier(accuracy=1.5)


def test_worst_samples_and_download():
    y, labels = simulate_classifier(n=500, seed=2)
    r = analyse_batch(y, labels)
    table = worst_samples(r, 7)
    np.testing.assert_array_equal(table["row"], np.argsort(-r.cee_rows, kind="stable")[:7])
    np.testing.assert_allclose(table["p on the true class"], y[table["row"], labels[table["row"]]])
    back = pd.read_csv(io.BytesIO(per_sample_csv(r)))
    assert list(back.columns) == ["row", "true_class", "cross_entropy", "squared_error_half_sum"]
    np.testing.assert_allclose(back["cross_entropy"], r.cee_rows, rtol=1e-12)


def test_logits_toggle_applies_softmax():
    y, labels, _ = prepare_batch(np.array([[0.0, 0.0], [1000.0, 0.0]]), np.array([0, 1]), logits=True)
    np.testing.assert_allclose(y, [[0.5, 0.5], [1.0, 0.0]])


# --- reading ----------------------------------------------------------------------


def test_parse_matrix_rows():
    np.testing.assert_array_equal(parse_matrix("0.1, 0.9\n\n[0.5 0.5]\n"), [[0.1, 0.9], [0.5, 0.5]])
    with pytest.raises(InputError, match=r"y: row 2 has 3 numbers but row 1 has 2"):
        parse_matrix("0.1, 0.9\n0.1, 0.2, 0.7")
    with pytest.raises(InputError, match=r"y, row 2: 'x' \(entry 1\) is not a number"):
        parse_matrix("0.1, 0.9\nx, 0.2")
    with pytest.raises(InputError, match="y is empty"):
        parse_matrix("  \n ")


def test_csv_with_and_without_header():
    assert read_csv_table(b"p0,p1\n0.2,0.8\n0.6,0.4\n", "f").to_numpy().tolist() == [[0.2, 0.8], [0.6, 0.4]]
    assert read_csv_table(b"0.2,0.8\n0.6,0.4\n", "f").shape == (2, 2)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (
            b"p0,p1\n0.2,0.8\np0,p1\n0.5,0.5\n",
            r"row 3, column 1 starts a row of text \('p0'\)\. A header may only be the first line",
        ),
        (b"0.2,0.8\n0.6,abc\n", r"the cell at row 2, column 2 is 'abc', not a number"),
        (b"p0,p1\n0.2,0.8\n0.6,\n", r"row 3, column 2 is empty"),
        (b"0.2,0.8\n0.6,0.3,0.1\n", r"Every row needs the same number of comma-separated cells"),
        (b"", r"is empty"),
        (b"p0,p1\n", r"has a header but no rows of numbers"),
    ],
)
def test_csv_errors_name_the_row_and_column(data, match):
    with pytest.raises(InputError, match=match):
        read_csv_table(data, "The predictions file y.csv")


def test_npy_files():
    np.testing.assert_array_equal(read_npy(npy_bytes(ARTICLE_Y), "f"), ARTICLE_Y)
    with pytest.raises(InputError, match="holds Python objects, which are never loaded"):
        read_npy(npy_bytes(np.array([{"a": 1}], dtype=object), allow_pickle=True), "f")
    with pytest.raises(InputError, match="is not a valid .npy file"):
        read_npy(b"not an npy file at all", "f")
    with pytest.raises(InputError, match="must hold numbers"):
        read_npy(npy_bytes(np.array(["a", "b"])), "f")


def test_label_column_inside_the_predictions_csv():
    y, labels, dense = load_batch(
        Upload("y.csv", b"p0,p1,label\n0.2,0.8,1\n0.6,0.4,0\n"), label_column="label"
    )
    np.testing.assert_array_equal(y, [[0.2, 0.8], [0.6, 0.4]])
    np.testing.assert_array_equal(labels, [1, 0])
    with pytest.raises(InputError, match="has no column named 'target'"):
        load_batch(Upload("y.csv", b"p0,p1,label\n0.2,0.8,1\n"), label_column="target")


def test_separate_targets_files():
    y_file = Upload("y.npy", npy_bytes(ARTICLE_Y))
    _, labels, _ = load_batch(y_file, Upload("t.csv", b"1\n1\n"))
    np.testing.assert_array_equal(labels, [1, 1])
    _, labels, dense = load_batch(y_file, Upload("t.npy", npy_bytes(np.eye(4)[[1, 1]])))
    assert labels is None and dense.shape == (2, 4)


@pytest.mark.parametrize(
    ("t", "match"),
    [
        (np.array([1, 1, 1]), r"The predictions have 2 rows but the targets have 3 labels"),
        (np.eye(3)[[1, 1]], r"The target matrix has 3 columns but the predictions have 4"),
    ],
)
def test_mismatched_targets(t, match):
    with pytest.raises(InputError, match=match):
        prepare_batch(ARTICLE_Y, t)


def test_labels_out_of_range_name_the_row():
    y, labels, dense = prepare_batch(ARTICLE_Y, np.array([1, 4]))
    with pytest.raises(
        InputError, match=r"the label in row 2 of t \(4\) is not a class label: y has 4 classes"
    ):
        analyse_batch(y, labels, dense)


def test_size_limits(monkeypatch):
    monkeypatch.setattr(batch, "MAX_UPLOAD_MB", 0.0001)
    with pytest.raises(InputError, match=r"files up to 0.0001 MB can be uploaded"):
        read_csv_table(b"0.1,0.9\n" * 100, "The predictions file y.csv")
    monkeypatch.setattr(batch, "MAX_ENTRIES", 5)
    with pytest.raises(
        InputError, match=r"The predictions has 8 entries \(2 rows × 4 columns\); at most 5 fit"
    ):
        prepare_batch(ARTICLE_Y, np.array([1, 1]))


def test_predictions_need_two_classes():
    with pytest.raises(InputError, match="at least 2 columns"):
        prepare_batch(np.array([[0.5], [0.5]]), np.array([0, 0]))


@given(st.text(max_size=80))
@settings(max_examples=200)
def test_any_pasted_text_parses_or_raises_input_error(text):
    try:
        m = parse_matrix(text)
    except InputError as exc:
        assert str(exc)
    else:
        assert m.ndim == 2 and np.isfinite(m).all()


@given(st.binary(max_size=200))
@settings(max_examples=200)
def test_any_uploaded_bytes_read_or_raise_input_error(data):
    for name in ("y.csv", "y.npy"):
        try:
            load_batch(Upload(name, data), Upload("t.csv", b"0\n"))
        except InputError as exc:
            assert str(exc)


# --- both languages -----------------------------------------------------------------


def test_every_batch_string_has_both_languages_with_the_same_parameters():
    from lossviz.words.i18n import placeholders, strings

    batch_strings = {k: v for k, v in strings().items() if k.startswith("batch.")}
    assert len(batch_strings) > 70
    for key, entry in batch_strings.items():
        assert entry["en"] and entry["zh"], key
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


@pytest.mark.parametrize(
    ("call", "en", "zh"),
    [
        (
            lambda: parse_matrix("0.1, 0.9\n0.1, 0.2, 0.7"),
            "y: row 2 has 3 numbers but row 1 has 2. Every row needs the same number of entries, one per class.",
            "y：第 2 行有 3 个数，但第 1 行有 2 个数。每一行的数的个数必须相同，每个类别一个。",
        ),
        (
            lambda: parse_matrix("0.1, 0.9\nx, 0.2"),
            "y, row 2: 'x' (entry 1) is not a number.",
            "y 第 2 行：'x'（第 1 个数）不是数。",
        ),
        (
            lambda: read_csv_table(b"p0,p1\n0.2,0.8\n0.6,\n", "f.csv"),
            "f.csv: row 3, column 2 is empty. Every row needs the same number of cells.",
            "f.csv：第 3 行第 2 列是空的。每一行的单元格个数必须相同。",
        ),
        (
            lambda: load_batch(Upload("y.csv", b"0.2,0.8\n0.6,abc\n"), Upload("t.csv", b"1\n1\n")),
            "The predictions file y.csv: the cell at row 2, column 2 is 'abc', not a number.",
            "预测文件 y.csv：第 2 行第 2 列的单元格是 'abc'，不是数。",
        ),
        (
            lambda: load_batch(Upload("y.npy", npy_bytes(ARTICLE_Y)), Upload("t.npy", b"junk")),
            "The targets file t.npy is not a valid .npy file.",
            "目标文件 t.npy 不是有效的 .npy 文件。",
        ),
        (
            lambda: prepare_batch(ARTICLE_Y, np.array([1, 1, 1])),
            "The predictions have 2 rows but the targets have 3 labels: give one target per sample.",
            "预测有 2 行，但目标有 3 个标签：每个样本需要一个目标。",
        ),
        (
            lambda: prepare_batch(ARTICLE_Y[:, :1], np.array([0, 0])),
            "at least 2 columns (classes); got shape (2, 1).",
            "至少有 2 列（类别）；收到的形状是 (2, 1)。",
        ),
        (
            lambda: load_batch(Upload("y.npy", npy_bytes(ARTICLE_Y))),
            "Give the targets: upload a file of labels, or choose the label column.",
            "请给出目标：上传标签文件，或选择标签所在的列。",
        ),
        (
            lambda: simulate_classifier(accuracy=1.5),
            "Accuracy must lie between 0 and 1; got 1.5.",
            "准确率必须在 0 到 1 之间；收到的是 1.5。",
        ),
    ],
)
def test_errors_in_both_languages(call, en, zh):
    with pytest.raises(InputError) as info:
        call()
    assert en in str(info.value)
    assert zh in info.value.text("zh")


def test_size_limits_in_chinese(monkeypatch):
    monkeypatch.setattr(batch, "MAX_ENTRIES", 5)
    with pytest.raises(InputError) as info:
        prepare_batch(ARTICLE_Y, np.array([1, 1]))
    # 2 × 4 = 8 entries, as in test_size_limits; the numbers are the same in both languages.
    assert info.value.text("zh") == "预测 有 8 个数（2 行 × 4 列）；最多容纳 5 个。请减少行数。"


def test_worst_samples_headed_in_chinese_hold_the_same_numbers():
    y, labels = simulate_classifier(n=300, seed=3)
    r = analyse_batch(y, labels)
    en, zh = worst_samples(r, 5), worst_samples(r, 5, lang="zh")
    assert list(en.columns) == [
        "row",
        "true class",
        "p on the true class",
        "predicted class",
        "cross-entropy",
        "squared error ½Σ(y−t)²",
    ]
    assert list(zh.columns) == [
        "行",
        "真实类别",
        "真实类别的概率 p",
        "预测类别",
        "交叉熵误差",
        "均方误差 ½Σ(y−t)²",
    ]
    np.testing.assert_array_equal(en.to_numpy(), zh.to_numpy())
