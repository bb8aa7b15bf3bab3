"""A simulated classifier: reproducible batches of predictions with a chosen accuracy and confidence."""

import numpy as np

from lossviz.maths.softmax import softmax
from lossviz.words.errors import InputError


def simulate_classifier(n=10_000, k=10, *, accuracy=0.8, confidence=3.0, seed=0):
    """A reproducible fake classifier: (softmax probabilities (n, k), true labels (n,)).

    Each sample's top class is the true label with probability `accuracy`, else a random
    other class; that class gets logit `confidence` above the rest (plus unit Gaussian noise),
    so a larger confidence means sharper — over-confident when accuracy is low.
    >>> y, t = simulate_classifier(n=5, k=3, seed=1); y.shape, t.tolist() == simulate_classifier(n=5, k=3, seed=1)[1].tolist()
    ((5, 3), True)
    """
    if not 0 <= accuracy <= 1:
        raise InputError("batch.errors.accuracy", value=accuracy)
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, k, n)
    wrong = (labels + rng.integers(1, k, n)) % k
    top = np.where(rng.random(n) < accuracy, labels, wrong)
    logits = rng.normal(size=(n, k))
    logits[np.arange(n), top] += confidence
    return softmax(logits), labels
