"""Tests for lossviz/maths/simulation.py: the simulated classifier of the batch page."""

import numpy as np
import pytest

from lossviz import InputError
from lossviz.maths.simulation import simulate_classifier


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


def test_rows_are_probabilities():
    y, labels = simulate_classifier(n=300, k=4, seed=2)
    assert y.shape == (300, 4) and labels.shape == (300,)
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-12)
    assert ((labels >= 0) & (labels < 4)).all()
