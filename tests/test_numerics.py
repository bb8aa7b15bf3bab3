"""Tests for lossviz/maths/numerics.py: δ added or clipped, and the softmax that overflows."""

import math

import numpy as np
import pytest

from lossviz import InputError
from lossviz.maths.numerics import (
    DELTA_CHOICES,
    cross_entropy_clipped,
    cross_entropy_of_naive_softmax,
    naive_softmax,
    safeguards,
)


def test_delta_choices_are_the_documented_constants():
    values = {c.key: c.value for c in DELTA_CHOICES}
    assert values["1e-7"] == 1e-7  # the article; keras.backend.epsilon()
    assert values["float32"] == 2.0**-23  # IEEE binary32 machine epsilon ≈ 1.1920929e-7
    assert values["float64"] == 2.0**-52  # IEEE binary64 machine epsilon ≈ 2.220446e-16


def test_caps_at_zero_probability():
    # −ln δ by hand: 16.118 (1e-7), 15.942 (2^-23), 36.044 (2^-52) — the numbers in the numerics-lab issue.
    rows = safeguards()
    assert [round(s.cap_added, 3) for s in rows] == [16.118, 15.942, 36.044]
    assert [round(s.cap_clipped, 3) for s in rows] == [16.118, 15.942, 36.044]
    assert rows[0].cap_added == pytest.approx(-math.log(1e-7), rel=1e-12)


def test_adding_delta_scores_a_perfect_prediction_below_zero_and_clipping_does_not():
    rows = safeguards()
    for s in rows:
        assert s.perfect_added == pytest.approx(-math.log1p(s.choice.value), rel=1e-9)
        assert s.perfect_clipped == pytest.approx(-math.log1p(-s.choice.value), rel=1e-9)
        assert s.perfect_added < 0 < s.perfect_clipped
    assert rows[0].perfect_added == pytest.approx(-1e-7, rel=1e-6)


def test_clipped_cross_entropy_on_the_article_example():
    # Clipping changes nothing away from 0 and 1: −ln 0.05 (hand computation).
    assert cross_entropy_clipped([0.1, 0.05, 0.05, 0.8], 1) == pytest.approx(-math.log(0.05), rel=1e-12)


def test_clipping_epsilon_must_be_sensible():
    with pytest.raises(InputError, match="clipping ε must lie between 0 and 0.5"):
        cross_entropy_clipped([0.5, 0.5], 0, eps=0.0)
    with pytest.raises(InputError, match="probabilities between 0 and 1"):
        cross_entropy_clipped([1.5, -0.5], 0)


def test_naive_softmax_overflows_to_nan_as_a_lesson():
    # exp(1000) = inf in float64 (max ≈ 1.8e308 = e^709.78), and inf / inf = NaN.
    y = naive_softmax([1000.0, 0.0])
    assert math.isnan(y[0]) and y[1] == 0.0
    assert math.isnan(cross_entropy_of_naive_softmax([1000.0, 0.0], 1))
    # Small logits are fine: it agrees with the definition.
    np.testing.assert_allclose(naive_softmax([0.0, math.log(3)]), [0.25, 0.75], rtol=1e-15)


def test_delta_choices_are_described_in_both_languages():
    en = [str(c.label) for c in DELTA_CHOICES]
    zh = [c.label.text("zh") for c in DELTA_CHOICES]
    assert en[0] == "1e-7: the article's δ (also Keras' epsilon)"
    assert zh == [
        "1e-7：文章中的 δ（也是 Keras 的 epsilon）",
        "float32 的机器精度 ≈ 1.19e-7",
        "float64 的机器精度 ≈ 2.2e-16（scikit-learn 的 log_loss）",
    ]
    # The same constants in both: 2^-23 ≈ 1.19e-7 and 2^-52 ≈ 2.2e-16.
    for e, z in zip(en, zh, strict=True):
        assert e.split()[0][:4] == z[:4]
