"""Tests for lossviz/views/batch_report.py: the worst-samples table and the per-sample CSV."""

import io

import numpy as np
import pandas as pd

from lossviz.maths.simulation import simulate_classifier
from lossviz.views.batch import analyse_batch
from lossviz.views.batch_report import per_sample_csv, worst_samples


def test_worst_samples_and_download():
    y, labels = simulate_classifier(n=500, seed=2)
    r = analyse_batch(y, labels)
    table = worst_samples(r, 7)
    # −ln(p on the true class + δ) with numpy, independently of the kernels.
    cee = -np.log(y[np.arange(500), labels] + 1e-7)
    np.testing.assert_array_equal(table["row"], np.argsort(-cee, kind="stable")[:7])
    np.testing.assert_allclose(table["p on the true class"], y[table["row"], labels[table["row"]]])
    np.testing.assert_array_equal(table["predicted class"], np.argmax(y[table["row"]], axis=1))
    back = pd.read_csv(io.BytesIO(per_sample_csv(r)))
    assert list(back.columns) == ["row", "true_class", "cross_entropy", "squared_error_half_sum"]
    np.testing.assert_allclose(back["cross_entropy"], cee, rtol=1e-12)


def test_soft_targets_have_no_true_class_column():
    y = np.array([[0.2, 0.8], [0.6, 0.4]])
    r = analyse_batch(y, dense=np.array([[0.5, 0.5], [0.3, 0.7]]))
    assert list(worst_samples(r, 5).columns) == [
        "row",
        "predicted class",
        "cross-entropy",
        "squared error ½Σ(y−t)²",
    ]
    assert list(pd.read_csv(io.BytesIO(per_sample_csv(r))).columns) == [
        "row",
        "cross_entropy",
        "squared_error_half_sum",
    ]


def test_big_endian_predictions_make_a_table():
    # Today a crash: the table handed big-endian columns to Arrow.
    y = np.array([[0.9, 0.1], [0.2, 0.8]], dtype=">f8")
    table = worst_samples(analyse_batch(y, np.array([0, 0])), 2)
    assert table["p on the true class"].tolist() == [0.2, 0.9]


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
