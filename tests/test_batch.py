"""Tests for lossviz/views/batch.py: putting predictions and targets together, and the batch numbers."""

import io
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lossviz.inputs.tables as tables
from lossviz import InputError
from lossviz.inputs.uploads import Upload
from lossviz.maths.simulation import simulate_classifier
from lossviz.views.batch import (
    analyse_batch,
    load_batch,
    paste_batch,
    prepare_batch,
    sample_batch,
    upload_batch,
)

ARTICLE_Y = np.array([[0.1, 0.05, 0.05, 0.8], [0.1, 0.8, 0.05, 0.05]])


def npy_bytes(a):
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def test_batch_numbers_against_the_articles_formulas():
    r = analyse_batch(ARTICLE_Y, np.array([1, 1]))
    # The article's batch CEE: −(ln(0.05 + δ) + ln(0.8 + δ)) / 2; SSE ½Σ over all: 0.7775 + 0.0275.
    assert r.cee == pytest.approx(-(math.log(0.05 + 1e-7) + math.log(0.8 + 1e-7)) / 2, rel=1e-12)
    assert r.sse_total == pytest.approx(0.805, rel=1e-12)
    assert r.sse_mean == pytest.approx(0.4025, rel=1e-12)
    assert r.cee_one_hot == pytest.approx(r.cee, rel=1e-15)  # label form = one-hot form
    assert r.p_true.tolist() == [0.05, 0.8] and r.predicted.tolist() == [3, 1]
    assert (r.n, r.k) == (2, 4)


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
    assert r.cee_one_hot == pytest.approx(r.cee, rel=1e-12)


def test_a_result_keeps_per_sample_numbers_not_the_predictions():
    r = sample_batch(1000, 10, accuracy=0.8, confidence=3.0, seed=0)
    arrays = [v for v in vars(r).values() if isinstance(v, np.ndarray)]
    assert all(a.shape == (1000,) for a in arrays)


@pytest.mark.parametrize(
    ("y", "t"),
    [
        (np.full((5, 3), 1 / 3), np.zeros(5, int)),  # every loss equal
        (np.array([[0.2, 0.8]]), np.array([1])),  # a single row
        (np.zeros((4, 3)), np.array([0, 1, 2, 0])),  # all-zero rows: CEE at its cap −ln δ
        (np.array([[0.1, 0.9], [0.1 + 2**-56, 0.9 - 2**-56]]), np.array([1, 1])),  # equal up to rounding
    ],
)
def test_degenerate_but_valid_batches(y, t):
    r = analyse_batch(*prepare_batch(y, t))
    assert np.isfinite(r.cee_rows).all() and r.n == len(t)


def test_logits_become_probabilities_row_by_row():
    batch = prepare_batch(np.array([[0.0, 0.0], [1000.0, 0.0]]), np.array([0, 1]), logits=True)
    np.testing.assert_allclose(batch.y, [[0.5, 0.5], [1.0, 0.0]])
    z = np.array([[0.0, np.log(3.0)]])
    prepare_batch(z, [1], logits=True)
    assert z[0, 1] == np.log(3.0)  # the caller's array is left alone
    prepare_batch(z, [1], logits=True, overwrite=True)
    np.testing.assert_allclose(z, [[0.25, 0.75]])  # e^0 : e^ln3 = 1 : 3


def test_logits_from_a_read_only_npy_are_copied():
    batch = load_batch(Upload("z.npy", npy_bytes(np.zeros((2, 2)))), Upload("t.csv", b"0\n1\n"), logits=True)
    np.testing.assert_array_equal(batch.y, [[0.5, 0.5], [0.5, 0.5]])


# --- files --------------------------------------------------------------------------


def test_label_column_inside_the_predictions_csv():
    batch = load_batch(Upload("y.csv", b"p0,p1,label\n0.2,0.8,1\n0.6,0.4,0\n"), label_column=2)
    np.testing.assert_array_equal(batch.y, [[0.2, 0.8], [0.6, 0.4]])
    np.testing.assert_array_equal(batch.labels, [1, 0])
    assert [str(n) for n in batch.notes] == [
        "y.csv: 2 rows × 3 columns read; its first line is the header (p0, p1, label)."
    ]
    with pytest.raises(InputError, match="has no column 3 to take the labels from"):
        load_batch(Upload("y.npy", npy_bytes(ARTICLE_Y)), label_column=2)


def test_separate_targets_files():
    y_file = Upload("y.npy", npy_bytes(ARTICLE_Y))
    batch = load_batch(y_file, Upload("t.csv", b"1\n1\n"))
    np.testing.assert_array_equal(batch.labels, [1, 1])
    assert len(batch.notes) == 2
    batch = load_batch(y_file, Upload("t.npy", npy_bytes(np.eye(4)[[1, 1]])))
    assert batch.labels is None and batch.dense.shape == (2, 4)


def test_an_uploaded_batch_is_analysed():
    r = upload_batch(Upload("y.csv", b"0.1,0.9\n0.8,0.2\n"), Upload("t.csv", b"1\n0\n"))
    # −(ln(0.9 + δ) + ln(0.8 + δ)) / 2, by hand with math.log.
    assert r.cee == pytest.approx(-(math.log(0.9 + 1e-7) + math.log(0.8 + 1e-7)) / 2, rel=1e-12)


def test_pasted_labels_on_one_line():
    r = paste_batch("0.1, 0.9\n0.8, 0.2\n0.3, 0.7", "1, 0, 0")
    assert r.labels.tolist() == [1, 0, 0]


@pytest.mark.parametrize(
    ("t", "message"),
    [
        (np.array([1, 1, 1]), r"The predictions have 2 rows but the targets have 3 labels"),
        (np.eye(3)[[1, 1]], r"The target matrix has 3 columns but the predictions have 4"),
        (np.array(1), r"The targets must be N labels or an N×K matrix; got shape \(\)"),
        (np.zeros((2, 4, 1)), r"got shape \(2, 4, 1\)"),
    ],
)
def test_mismatched_targets(t, message):
    with pytest.raises(InputError, match=message):
        prepare_batch(ARTICLE_Y, t)


def test_a_0_d_targets_file_is_refused():
    with pytest.raises(InputError, match=r"The targets must be N labels"):
        load_batch(Upload("y.npy", npy_bytes(ARTICLE_Y)), Upload("t.npy", npy_bytes(np.array(1))))


def test_labels_out_of_range_name_the_row():
    batch = prepare_batch(ARTICLE_Y, np.array([1, 4]))
    with pytest.raises(
        InputError, match=r"the label in row 2 of t \(4\) is not a class label: y has 4 classes"
    ):
        analyse_batch(*batch)


def test_size_limits(monkeypatch):
    monkeypatch.setattr(tables, "MAX_ENTRIES", 5)
    with pytest.raises(
        InputError, match=r"The predictions has 8 entries \(2 rows × 4 columns\); at most 5 fit"
    ):
        prepare_batch(ARTICLE_Y, np.array([1, 1]))


@pytest.mark.parametrize("y", [np.array([[0.5], [0.5]]), np.zeros((0, 3)), np.array([0.5, 0.5])])
def test_predictions_need_rows_and_two_classes(y):
    with pytest.raises(InputError, match="at least 2 columns"):
        prepare_batch(y, np.zeros(len(y), int))


def test_targets_are_needed():
    with pytest.raises(InputError, match="Give the targets"):
        load_batch(Upload("y.csv", b"junk that is never read"))


@given(st.binary(max_size=200), st.binary(max_size=60), st.sampled_from(["csv", "npy"]))
@settings(max_examples=200, deadline=None)
def test_any_uploaded_bytes_compute_or_raise_input_error(y_data, t_data, ext):
    for targets in (Upload(f"t.{ext}", t_data), Upload("t.csv", b"0\n")):
        try:
            r = upload_batch(Upload(f"y.{ext}", y_data), targets)
        except InputError as exc:
            assert str(exc) and exc.text("zh")
        else:
            assert np.isfinite(r.cee_rows).all()


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
            lambda: load_batch(Upload("y.csv", b"0.2,0.8\n0.6,abc\n"), Upload("t.csv", b"1\n1\n")),
            "The predictions file y.csv: the cell at row 2, column 2 is 'abc', not a number.",
            "预测文件 y.csv：第 2 行第 2 列的单元格是 'abc'，不是数。",
        ),
        (
            lambda: load_batch(Upload("y.csv", b"p0,p1\n0.2,0.8\n0.6,\n"), Upload("t.csv", b"1\n1\n")),
            "The predictions file y.csv: row 3, column 2 is empty. Every row needs the same number of cells.",
            "预测文件 y.csv：第 3 行第 2 列是空的。每一行的单元格个数必须相同。",
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
    ],
)
def test_errors_in_both_languages(call, en, zh):
    with pytest.raises(InputError) as info:
        call()
    assert en in str(info.value)
    assert zh in info.value.text("zh")


def test_size_limits_in_chinese(monkeypatch):
    monkeypatch.setattr(tables, "MAX_ENTRIES", 5)
    with pytest.raises(InputError) as info:
        prepare_batch(ARTICLE_Y, np.array([1, 1]))
    # 2 × 4 = 8 entries, as in test_size_limits; the numbers are the same in both languages.
    assert info.value.text("zh") == "预测有 8 个数（2 行 × 4 列）；最多容纳 5 个。请减少行数。"


def test_rows_that_do_not_sum_to_1_are_computed_as_given_and_said():
    """As in the explorer: the losses of the rows as typed, and one warning naming the count and the
    first such row with its sum (hand computation: 0.2 + 0.2 = 0.4; 0.5 + 0.4 = 0.9)."""
    r = paste_batch("0.5, 0.5\n0.2, 0.2\n0.3, 0.3", "1\n0\n1")
    assert [w.text("en") for w in r.warnings] == [
        "2 rows of y do not sum to 1 (row 2 sums to 0.4). The losses are computed as given; "
        "normalise y to rescale each row so it sums to 1."
    ]
    assert r.cee == pytest.approx(-(math.log(0.5 + 1e-7) + math.log(0.2 + 1e-7) + math.log(0.3 + 1e-7)) / 3)
    soft = paste_batch("0.5, 0.5\n0.2, 0.8", "0.5, 0.4\n1, 0")
    assert [w.text("en") for w in soft.warnings] == [
        "1 row of t does not sum to 1 (row 1 sums to 0.9). The losses are computed as given; "
        "normalise t to rescale each row so it sums to 1."
    ]
    assert paste_batch("0.5, 0.5\n0.2, 0.8", "1, 0").warnings == ()
    assert paste_batch("3, 1\n0, 0", "1, 0", logits=True).warnings == ()  # softmax rows sum to 1
    assert sample_batch(1000, 10, accuracy=0.8, confidence=3.0, seed=0).warnings == ()
