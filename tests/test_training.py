"""Tests for lossviz/maths/training.py: why cross-entropy trains where squared error stalls."""

import math

import numpy as np
import pytest

from lossviz import InputError, cross_entropy_error, softmax, sum_squared_error
from lossviz.maths.training import descend, gradient_table, sigmoid, sigmoid_gradients, softmax_gradients


def _sigma(z):
    return 1 / (1 + math.exp(-z))


@pytest.mark.parametrize(
    ("z", "squared", "cross_entropy"),
    [
        # The numerics-lab issue: at z = −10 MSE's gradient is ≈ −4.5e-5, CEE's ≈ −1.0;
        # at z = −5, −6.6e-3 against −0.99. Recomputed with math.exp: (σ − 1)σ(1 − σ) and σ − 1.
        (-10.0, (_sigma(-10) - 1) * _sigma(-10) * (1 - _sigma(-10)), _sigma(-10) - 1),
        (-5.0, (_sigma(-5) - 1) * _sigma(-5) * (1 - _sigma(-5)), _sigma(-5) - 1),
    ],
)
def test_sigmoid_gradients_at_the_issue_logits(z, squared, cross_entropy):
    g = sigmoid_gradients(np.array(z))
    assert float(g["squared"]) == pytest.approx(squared, rel=1e-12)
    assert float(g["cross-entropy"]) == pytest.approx(cross_entropy, rel=1e-12)


def test_issue_numbers_to_their_printed_digits():
    g10, g5 = sigmoid_gradients(np.array(-10.0)), sigmoid_gradients(np.array(-5.0))
    assert f"{float(g10['squared']):.1e}" == "-4.5e-05" and round(float(g10["cross-entropy"]), 1) == -1.0
    assert f"{float(g5['squared']):.1e}" == "-6.6e-03" and round(float(g5["cross-entropy"]), 2) == -0.99


def test_sigmoid_is_finite_and_symmetric():
    z = np.array([-1000.0, -3.0, 0.0, 3.0, 1000.0])
    s = sigmoid(z)
    assert np.isfinite(s).all()
    np.testing.assert_allclose(s + sigmoid(-z), 1.0, rtol=1e-15)


def test_softmax_gradients_agree_with_finite_differences():
    z = np.array([0.3, -1.2, 2.0])
    t = np.array([0.0, 1.0, 0.0])
    losses = {
        "squared": lambda v: sum_squared_error(softmax(v), t),
        "cross-entropy": lambda v: cross_entropy_error(softmax(v), t, delta=0),
    }
    g = softmax_gradients(z, t)
    for name, f in losses.items():
        numeric = [(f(z + e) - f(z - e)) / 2e-6 for e in np.eye(3) * 1e-6]
        np.testing.assert_allclose(g[name], numeric, rtol=1e-6, atol=1e-10)


def test_descent_from_a_confidently_wrong_start():
    runs = descend(-10.0, learning_rate=1.0, steps=30)
    # Cross-entropy crosses p = 0.5 within a dozen steps; squared error has hardly moved
    # (each step adds ≈ 4.5e-5 to z, so σ(z) stays ≈ 4.54e-5).
    assert int(np.argmax(runs["cross-entropy"] > 0.5)) <= 12
    assert runs["cross-entropy"][-1] > 0.9
    assert runs["squared"][-1] < 5e-5
    assert runs["squared"][0] == runs["cross-entropy"][0] == pytest.approx(_sigma(-10), rel=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"learning_rate": 0}, "learning rate must be a number above 0"),
        ({"steps": -1}, "number of steps"),
        ({"steps": 2.5}, "number of steps"),
    ],
)
def test_descent_refuses_bad_settings(kwargs, match):
    with pytest.raises(InputError, match=match):
        descend(-10.0, **kwargs)


def test_gradient_table_rows():
    table = gradient_table()
    assert list(table["logit z"]) == [-10.0, -5.0, 0.0]
    assert table["cross-entropy dE/dz"].iloc[2] == -0.5  # σ(0) − 1


def test_descent_errors_in_both_languages():
    with pytest.raises(InputError) as rate:
        descend(-10.0, learning_rate=0)
    assert str(rate.value) == "The learning rate must be a number above 0, such as 1; got 0."
    assert rate.value.text("zh") == "学习率必须是大于 0 的数，例如 1；收到的是 0。"
    with pytest.raises(InputError) as steps:
        descend(-10.0, steps=20_000)
    assert str(steps.value) == "The number of steps must be a whole number from 0 to 10,000; got 20000."
    assert steps.value.text("zh") == "步数必须是 0 到 10,000 之间的整数；收到的是 20000。"
    with pytest.raises(InputError) as start:
        descend(float("nan"))
    assert str(start.value).startswith("the starting logit has a non-finite value")
    assert start.value.text("zh").startswith("起始 logit 在")


def test_gradient_table_headers_in_both_languages():
    en, zh = gradient_table(), gradient_table(lang="zh")
    assert list(zh.columns) == ["logit z", "p = σ(z)", "均方误差 dE/dz", "交叉熵误差 dE/dz"]
    np.testing.assert_array_equal(en.to_numpy(), zh.to_numpy())
