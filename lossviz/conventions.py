"""What each library would report for the same input, computed here in numpy.

Every function reimplements one library's documented default (reduction,
safeguard, expected input) so the page can show why the numbers differ. y:
probabilities (N, K) or (K,); t: a distribution of y's shape; z: logits.
"""

from dataclasses import dataclass

import numpy as np

from lossviz.losses import cross_entropy_error, sum_squared_error
from lossviz.softmax import cross_entropy_from_logits

KERAS_EPSILON = 1e-7  # keras.backend.epsilon()


def _rows(a):
    return np.atleast_2d(np.asarray(a, dtype=np.float64))


def squared_sum(y, t):
    """Σ (y − t)²: PyTorch MSELoss(reduction="sum"). Twice the article's half sum.

    >>> round(squared_sum([0.5, 0.5], [0.0, 1.0]), 12)
    0.5
    """
    return float(np.sum((_rows(y) - _rows(t)) ** 2))


def squared_mean(y, t):
    """Mean of (y − t)² over all N·K elements: PyTorch MSELoss(), scikit-learn mean_squared_error,
    and Keras MeanSquaredError (mean over classes, then over the batch: the same for equal rows).

    >>> squared_mean([0.5, 0.5], [0.0, 1.0])
    0.25
    """
    return float(np.mean(np.mean((_rows(y) - _rows(t)) ** 2, axis=-1)))


def nll_of_log(y, t):
    """PyTorch NLLLoss(log y, labels): −mean_n log y[n, label_n]; no δ, so y = 0 gives inf.

    Needs one-hot targets (NLLLoss takes class indices).
    >>> round(nll_of_log([0.5, 0.5], [0.0, 1.0]), 6)
    0.693147
    """
    y, t = _rows(y), _rows(t)
    labels = np.argmax(t, axis=-1)
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log(y[np.arange(y.shape[0]), labels])))


def keras_categorical_crossentropy(y, t, *, eps=KERAS_EPSILON):
    """Keras CategoricalCrossentropy(): renormalise each row of y, clip to [ε, 1 − ε], −Σ t log y, mean over N.

    >>> round(keras_categorical_crossentropy([1.0, 0.0], [0.0, 1.0]), 3)
    16.118
    """
    y, t = _rows(y), _rows(t)
    y = np.clip(y / y.sum(axis=-1, keepdims=True), eps, 1 - eps)
    return float(np.mean(-np.sum(t * np.log(y), axis=-1)))


def sklearn_log_loss(y, t):
    """scikit-learn log_loss: clip y to [eps, 1 − eps] with eps the dtype's machine epsilon, mean over N.

    float64's eps is 2.2e-16, so y = 0 on the true class costs −log(2.2e-16) ≈ 36.04.
    >>> round(sklearn_log_loss([1.0, 0.0], [0.0, 1.0]), 2)
    36.04
    """
    y, t = _rows(y), _rows(t)
    eps = np.finfo(y.dtype).eps
    y = np.clip(y, eps, 1 - eps)
    return float(np.mean(-np.sum(t * np.log(y), axis=-1)))


@dataclass(frozen=True)
class Convention:
    """One library's way of computing a loss, as a row of the conventions table."""

    source: str
    call: str
    loss: str  # "squared error" or "cross-entropy"
    fed: str  # what the call is given: "probabilities y", "logits z", …
    formula: str
    link: str


def conventions_table(y, t, z=None):
    """Rows of (Convention, value) for probabilities y, targets t (y's shape) and optional logits z.

    value is None where the call does not apply (NLLLoss with soft targets; logits rows without z).
    """
    one_hot = bool(np.isin(t, (0.0, 1.0)).all() and np.all(np.sum(_rows(t), axis=-1) == 1))
    torch = "https://pytorch.org/docs/stable/generated/torch.nn."
    keras = "https://keras.io/api/losses/"
    rows = [
        (
            Convention(
                "the article / the book",
                "0.5 * np.sum((y - t)**2)",
                "squared error",
                "probabilities y",
                "½ Σ (y − t)²",
                "https://github.com/oreilly-japan/deep-learning-from-scratch/blob/master/common/functions.py",
            ),
            sum_squared_error(y, t),
        ),
        (
            Convention(
                "PyTorch",
                "nn.MSELoss()",
                "squared error",
                "probabilities y",
                "(1/(N·K)) Σ (y − t)²  (reduction='mean')",
                torch + "MSELoss.html",
            ),
            squared_mean(y, t),
        ),
        (
            Convention(
                "PyTorch",
                "nn.MSELoss(reduction='sum')",
                "squared error",
                "probabilities y",
                "Σ (y − t)²",
                torch + "MSELoss.html",
            ),
            squared_sum(y, t),
        ),
        (
            Convention(
                "Keras",
                "keras.losses.MeanSquaredError()",
                "squared error",
                "probabilities y",
                "mean over classes, then over the batch",
                keras + "regression_losses/#meansquarederror-class",
            ),
            squared_mean(y, t),
        ),
        (
            Convention(
                "scikit-learn",
                "metrics.mean_squared_error(t, y)",
                "squared error",
                "probabilities y",
                "mean of (y − t)² over all outputs",
                "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.mean_squared_error.html",
            ),
            squared_mean(y, t),
        ),
        (
            Convention(
                "optax",
                "optax.l2_loss(y, t).sum()",
                "squared error",
                "probabilities y",
                "Σ ½ (y − t)²  (l2_loss is elementwise ½ (y − t)²)",
                "https://optax.readthedocs.io/en/latest/api/losses.html#optax.losses.l2_loss",
            ),
            sum_squared_error(y, t),
        ),
        (
            Convention(
                "optax",
                "optax.squared_error(y, t).mean()",
                "squared error",
                "probabilities y",
                "mean of (y − t)²",
                "https://optax.readthedocs.io/en/latest/api/losses.html#optax.losses.squared_error",
            ),
            squared_mean(y, t),
        ),
        (
            Convention(
                "the article / the book",
                "cross_entropy_error(y, t)",
                "cross-entropy",
                "probabilities y",
                "−(1/N) Σ t log(y + 1e-7)",
                "https://github.com/oreilly-japan/deep-learning-from-scratch/blob/master/common/functions.py",
            ),
            cross_entropy_error(y, t),
        ),
        (
            Convention(
                "PyTorch",
                "nn.NLLLoss()(torch.log(y), labels)",
                "cross-entropy",
                "log-probabilities log y",
                "−(1/N) Σ log y[label]  (no δ: y = 0 gives inf)",
                torch + "NLLLoss.html",
            ),
            nll_of_log(y, t) if one_hot else None,
        ),
        (
            Convention(
                "PyTorch",
                "nn.CrossEntropyLoss()(z, labels)",
                "cross-entropy",
                "logits z",
                "−(1/N) Σ t log_softmax(z)",
                torch + "CrossEntropyLoss.html",
            ),
            None if z is None else cross_entropy_from_logits(z, t),
        ),
        (
            Convention(
                "PyTorch",
                "nn.CrossEntropyLoss()(y, labels)  ✗ mistake",
                "cross-entropy",
                "probabilities y, as if logits",
                "−(1/N) Σ t log_softmax(y): softmax applied twice",
                torch + "CrossEntropyLoss.html",
            ),
            cross_entropy_from_logits(y, t),
        ),
        (
            Convention(
                "Keras",
                "keras.losses.CategoricalCrossentropy()",
                "cross-entropy",
                "probabilities y",
                "renormalise y, clip to [1e-7, 1 − 1e-7], −(1/N) Σ t log y",
                keras + "probabilistic_losses/#categoricalcrossentropy-class",
            ),
            keras_categorical_crossentropy(y, t),
        ),
        (
            Convention(
                "scikit-learn",
                "metrics.log_loss(labels, y)",
                "cross-entropy",
                "probabilities y",
                "clip y to [eps, 1 − eps], eps = float64's 2.2e-16; −(1/N) Σ t log y",
                "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.log_loss.html",
            ),
            sklearn_log_loss(y, t),
        ),
        (
            Convention(
                "optax",
                "optax.softmax_cross_entropy(z, t).mean()",
                "cross-entropy",
                "logits z",
                "−(1/N) Σ t log_softmax(z)",
                "https://optax.readthedocs.io/en/latest/api/losses.html#optax.losses.softmax_cross_entropy",
            ),
            None if z is None else cross_entropy_from_logits(z, t),
        ),
    ]
    return rows
