"""Tests for lossviz/maths/conventions.py: each library's number, from its documented behaviour."""

import math

import numpy as np
import pytest

from lossviz.maths.conventions import (
    conventions_table,
    keras_categorical_crossentropy,
    nll_of_log,
    sklearn_log_loss,
    squared_mean,
    squared_sum,
)
from lossviz.maths.targets import one_hot
from lossviz.words.i18n import render

BOOK_Y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
BOOK_T = one_hot(np.array([2]), 10)[0]


def values(y, t, z=None):
    """{(source, call) in English: value}; source and call are Messages where they are words."""
    return {(str(c.source), str(c.call)): v for c, v in conventions_table(y, t, z)}


def test_book_example_squared_error_rows():
    # The numerics-lab issue, row A: ½Σ 0.0975, torch mean 0.0195, torch sum 0.195.
    v = values(BOOK_Y, BOOK_T)
    assert v[("the article / the book", "0.5 * np.sum((y - t)**2)")] == pytest.approx(0.0975, rel=1e-12)
    assert v[("PyTorch", "nn.MSELoss()")] == pytest.approx(0.0195, rel=1e-12)
    assert v[("PyTorch", "nn.MSELoss(reduction='sum')")] == pytest.approx(0.195, rel=1e-12)
    assert v[("Keras", "keras.losses.MeanSquaredError()")] == pytest.approx(0.0195, rel=1e-12)
    assert v[("optax", "optax.l2_loss(y, t).sum()")] == pytest.approx(0.0975, rel=1e-12)


def test_book_example_cross_entropy_rows():
    v = values(BOOK_Y, BOOK_T)
    assert v[("the article / the book", "cross_entropy_error(y, t)")] == pytest.approx(
        0.510825457099338, rel=1e-12
    )
    # NLLLoss(log y) = −ln 0.6 exactly (no δ); Keras and scikit-learn clip nothing here: −ln 0.6 too.
    assert v[("PyTorch", "nn.NLLLoss()(torch.log(y), labels)")] == pytest.approx(-math.log(0.6), rel=1e-12)
    assert v[("Keras", "keras.losses.CategoricalCrossentropy()")] == pytest.approx(-math.log(0.6), rel=1e-12)
    assert v[("scikit-learn", "metrics.log_loss(labels, y)")] == pytest.approx(-math.log(0.6), rel=1e-12)
    # The common mistake: probabilities handed to CrossEntropyLoss as logits gives 1.8195, not 0.5108.
    mistake = v[("PyTorch", "nn.CrossEntropyLoss()(y, labels)  ✗ mistake")]
    assert round(mistake, 4) == 1.8195
    assert v[("PyTorch", "nn.CrossEntropyLoss()(z, labels)")] is None  # no logits given


def test_zero_probability_on_the_true_class():
    y, t = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    assert math.isinf(nll_of_log(y, t))  # log 0 with no safeguard
    assert round(keras_categorical_crossentropy(y, t), 3) == 16.118  # clip at 1e-7
    assert round(sklearn_log_loss(y, t), 2) == 36.04  # clip at float64 eps 2.2e-16 (numerics-lab issue)


def test_keras_renormalises_rows():
    # Keras divides y by its sum first: [0.2, 0.2] becomes [0.5, 0.5], so −ln 0.5 (hand computation).
    assert keras_categorical_crossentropy([0.2, 0.2], [1.0, 0.0]) == pytest.approx(math.log(2), rel=1e-12)


def test_squared_conventions_by_hand():
    y, t = [0.5, 0.5], [0.0, 1.0]
    assert squared_sum(y, t) == 0.5 and squared_mean(y, t) == 0.25


def test_logits_rows_use_the_stable_form():
    v = values(np.array([1.0, 0.0]), np.array([0.0, 1.0]), z=np.array([1000.0, 0.0]))
    assert v[("PyTorch", "nn.CrossEntropyLoss()(z, labels)")] == 1000.0
    assert v[("optax", "optax.softmax_cross_entropy(z, t).mean()")] == 1000.0


def test_soft_targets_leave_nll_empty():
    v = values(np.array([0.3, 0.7]), np.array([0.5, 0.5]))
    assert v[("PyTorch", "nn.NLLLoss()(torch.log(y), labels)")] is None


def test_every_row_names_its_source_and_links_its_formula():
    for c, _ in conventions_table(BOOK_Y, BOOK_T):
        assert c.source and c.call and c.formula and c.link.startswith("https://")


def test_every_row_reads_in_both_languages():
    for c, _ in conventions_table(BOOK_Y, BOOK_T, z=np.log(BOOK_Y + 1e-3)):
        for part in (c.source, c.call, c.loss, c.fed, c.formula):
            assert render(part, "en") and render(part, "zh")
        assert render(c.loss, "zh") in ("均方误差", "交叉熵误差")
    rows = {str(c.call): c for c, _ in conventions_table(BOOK_Y, BOOK_T)}
    mistake = rows["nn.CrossEntropyLoss()(y, labels)  ✗ mistake"]
    assert render(mistake.call, "zh") == "nn.CrossEntropyLoss()(y, labels)  ✗ 错误用法"
    assert render(mistake.formula, "zh") == "−(1/N) Σ t log_softmax(y)：softmax 被用了两次"
    # Pure formulas and code stay plain strings, the same in both languages.
    assert rows["nn.MSELoss()"].formula == "(1/(N·K)) Σ (y − t)²  (reduction='mean')"
