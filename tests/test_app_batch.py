"""AppTest: the batch page — the sample, pasting, uploading, and every upload error class."""

import io
import math
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import lossviz.batch as batch_module
from lossviz.batch import simulate_classifier

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
    assert len(at.get("plotly_chart")) == 3
    assert len(at.dataframe[0].value) == 10


def test_sample_settings_come_from_the_url():
    at = run(acc="0.5", seed="3")
    y, labels = simulate_classifier(10_000, 10, accuracy=0.5, confidence=3.0, seed=3)
    expected = -np.mean(np.log(y[np.arange(10_000), labels] + 1e-7))
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}"


def test_pasted_article_batch():
    at = run(source="paste")
    # The default paste: the article's two examples plus [0.7, 0.1, 0.1, 0.1] with label 0 (hand computation).
    expected = -(math.log(0.05 + 1e-7) + math.log(0.8 + 1e-7) + math.log(0.7 + 1e-7)) / 3
    assert metrics(at)["Cross-entropy, mean over N"] == f"{expected:.4f}"
    at.text_area(key="batch_t").set_value("0, 1, 0, 0\n0, 1, 0, 0\n1, 0, 0, 0").run()
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
    at.selectbox(key="label_column").set_value("label").run()
    assert not at.exception and not at.error
    expected = -(math.log(0.5 + 1e-7) + math.log(0.3 + 1e-7)) / 2  # hand computation
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
    (("y.csv", b"0.2,0.8\n0.6,0.3,0.1\n"), ("t.csv", b"1\n1\n"), "same number of comma-separated cells"),
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
        ("MAX_UPLOAD_MB", 1e-5, "files up to 1e-05 MB can be uploaded"),
        ("MAX_ENTRIES", 3, "The predictions has 4 entries (2 rows × 2 columns); at most 3 fit"),
    ],
)
def test_upload_limits(monkeypatch, limit, value, message):
    # The real limits (200 MB, 2·10⁷ entries) lowered so that a tiny file crosses them.
    monkeypatch.setattr(batch_module, limit, value)
    at = run(source="upload")
    at.file_uploader(key="upload_y").set_value(("y.csv", b"0.2,0.8\n0.6,0.4\n", "text/csv")).run()
    at.file_uploader(key="upload_t").set_value(("t.csv", b"1\n0\n", "text/csv")).run()
    assert not at.exception
    assert len(at.error) == 1 and message in plain(at.error[0].value)
