"""What each library would report for the same input, computed here in numpy.

Every function reimplements one library's documented default (reduction,
safeguard, expected input) so the page can show why the numbers differ. y:
probabilities (N, K) or (K,); t: a distribution of y's shape; z: logits.
The words of the table (sources, losses, inputs, formulas in prose) are
Messages, put into the reader's language by the page; code stays as written.
"""

from dataclasses import dataclass

import numpy as np

from lossviz.maths.losses import cross_entropy_error, sum_squared_error
from lossviz.maths.softmax import cross_entropy_from_logits
from lossviz.words.i18n import Message, msg

KERAS_EPSILON = 1e-7  # keras.backend.epsilon()

ARTICLE = msg("lab.conv.source.article")
SQUARED = msg("lab.conv.loss.squared")
CROSS_ENTROPY = msg("lab.conv.loss.cross_entropy")
PROBABILITIES = msg("lab.conv.fed.probabilities")
LOGITS = msg("lab.conv.fed.logits")


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
    """One library's way of computing a loss, as a row of the conventions table.

    source, call and formula are plain strings where they are names or code, Messages where
    they are words; loss and fed are always Messages.
    """

    source: str | Message
    call: str | Message
    loss: Message  # squared error or cross-entropy
    fed: Message  # what the call is given: probabilities y, logits z, …
    formula: str | Message
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
                ARTICLE,
                "0.5 * np.sum((y - t)**2)",
                SQUARED,
                PROBABILITIES,
                "½ Σ (y − t)²",
                "https://github.com/oreilly-japan/deep-learning-from-scratch/blob/master/common/functions.py",
            ),
            sum_squared_error(y, t),
        ),
        (
            Convention(
                "PyTorch",
                "nn.MSELoss()",
                SQUARED,
                PROBABILITIES,
                "(1/(N·K)) Σ (y − t)²  (reduction='mean')",
                torch + "MSELoss.html",
            ),
            squared_mean(y, t),
        ),
        (
            Convention(
                "PyTorch",
                "nn.MSELoss(reduction='sum')",
                SQUARED,
                PROBABILITIES,
                "Σ (y − t)²",
                torch + "MSELoss.html",
            ),
            squared_sum(y, t),
        ),
        (
            Convention(
                "Keras",
                "keras.losses.MeanSquaredError()",
                SQUARED,
                PROBABILITIES,
                msg("lab.conv.keras_mse.formula"),
                keras + "regression_losses/#meansquarederror-class",
            ),
            squared_mean(y, t),
        ),
        (
            Convention(
                "scikit-learn",
                "metrics.mean_squared_error(t, y)",
                SQUARED,
                PROBABILITIES,
                msg("lab.conv.sklearn_mse.formula"),
                "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.mean_squared_error.html",
            ),
            squared_mean(y, t),
        ),
        (
            Convention(
                "optax",
                "optax.l2_loss(y, t).sum()",
                SQUARED,
                PROBABILITIES,
                msg("lab.conv.optax_l2.formula"),
                "https://optax.readthedocs.io/en/latest/api/losses.html#optax.losses.l2_loss",
            ),
            sum_squared_error(y, t),
        ),
        (
            Convention(
                "optax",
                "optax.squared_error(y, t).mean()",
                SQUARED,
                PROBABILITIES,
                msg("lab.conv.optax_se.formula"),
                "https://optax.readthedocs.io/en/latest/api/losses.html#optax.losses.squared_error",
            ),
            squared_mean(y, t),
        ),
        (
            Convention(
                ARTICLE,
                "cross_entropy_error(y, t)",
                CROSS_ENTROPY,
                PROBABILITIES,
                "−(1/N) Σ t log(y + 1e-7)",
                "https://github.com/oreilly-japan/deep-learning-from-scratch/blob/master/common/functions.py",
            ),
            cross_entropy_error(y, t),
        ),
        (
            Convention(
                "PyTorch",
                "nn.NLLLoss()(torch.log(y), labels)",
                CROSS_ENTROPY,
                msg("lab.conv.fed.log_probabilities"),
                msg("lab.conv.torch_nll.formula"),
                torch + "NLLLoss.html",
            ),
            nll_of_log(y, t) if one_hot else None,
        ),
        (
            Convention(
                "PyTorch",
                "nn.CrossEntropyLoss()(z, labels)",
                CROSS_ENTROPY,
                LOGITS,
                "−(1/N) Σ t log_softmax(z)",
                torch + "CrossEntropyLoss.html",
            ),
            None if z is None else cross_entropy_from_logits(z, t),
        ),
        (
            Convention(
                "PyTorch",
                msg("lab.conv.torch_ce_probs.call"),
                CROSS_ENTROPY,
                msg("lab.conv.fed.probabilities_as_logits"),
                msg("lab.conv.torch_ce_probs.formula"),
                torch + "CrossEntropyLoss.html",
            ),
            cross_entropy_from_logits(y, t),
        ),
        (
            Convention(
                "Keras",
                "keras.losses.CategoricalCrossentropy()",
                CROSS_ENTROPY,
                PROBABILITIES,
                msg("lab.conv.keras_cce.formula"),
                keras + "probabilistic_losses/#categoricalcrossentropy-class",
            ),
            keras_categorical_crossentropy(y, t),
        ),
        (
            Convention(
                "scikit-learn",
                "metrics.log_loss(labels, y)",
                CROSS_ENTROPY,
                PROBABILITIES,
                msg("lab.conv.sklearn_log_loss.formula"),
                "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.log_loss.html",
            ),
            sklearn_log_loss(y, t),
        ),
        (
            Convention(
                "optax",
                "optax.softmax_cross_entropy(z, t).mean()",
                CROSS_ENTROPY,
                LOGITS,
                "−(1/N) Σ t log_softmax(z)",
                "https://optax.readthedocs.io/en/latest/api/losses.html#optax.losses.softmax_cross_entropy",
            ),
            None if z is None else cross_entropy_from_logits(z, t),
        ),
    ]
    return rows
