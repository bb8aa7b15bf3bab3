"""What each library's loss call returns, reimplemented in numpy in that library's default dtype.

PyTorch (torch.tensor of Python floats), Keras 3 and JAX/optax compute in float32; scikit-learn
and the article in float64. Keras here runs on JAX, and XLA on a CPU flushes subnormal float32
numbers (below 1.2e-38) to zero, in inputs and results, where numpy and PyTorch keep them. Each
function follows one library's documented defaults (reduction, safeguard, accepted targets) and raises Refusal where the library raises, with its message.
y: probabilities, t: a target distribution of y's shape, z: logits; each (K,) or (N, K), checked.
The rows of the lab's table, which call which function, are in conventions_table.py.
"""

import numpy as np

from lossviz.words.i18n import msg

KERAS_EPSILON = np.float32(1e-7)  # keras.config.epsilon(), in Keras's float32
SKLEARN_EPSILON = np.finfo(np.float64).eps  # log_loss clips to the dtype's eps: 2.2e-16
# log_loss warns where a row's sum fails isclose(sum, 1, rtol=√eps, atol=1e-8): beyond ~2.5e-8.
SKLEARN_SUM_RTOL, SKLEARN_SUM_ATOL = np.sqrt(SKLEARN_EPSILON), 1e-8
FLOAT32_TINY = np.finfo(np.float32).tiny  # the smallest normal float32; XLA flushes below it
SKLEARN_SUM_WARNING = "UserWarning: The y_prob values do not sum to one. Make sure to pass probabilities."


class Refusal(Exception):
    """The library raises for this input; `error` is its own 'Type: message', `note` says it in words."""

    def __init__(self, error, key="lab.conv.refusal.raises"):
        super().__init__(error)
        self.error = error
        self.note = msg(key, error=error)


def _rows(a, dtype):
    with np.errstate(over="ignore"):  # z beyond float32's range becomes inf, as in the library
        return np.atleast_2d(np.asarray(a, dtype=dtype))


def _flushed(a):
    """a in float32 with its subnormal entries set to zero, as XLA on a CPU computes (see the top)."""
    a = np.array(a, dtype=np.float32)
    a[np.abs(a) < FLOAT32_TINY] = 0
    return a


def _xla_rows(a):
    return _flushed(_rows(a, np.float32))


def labels_of(t):
    """The class index of each row of t when every row is one-hot, else None.

    >>> labels_of([0.0, 1.0]), labels_of([0.5, 0.5])
    (array([1]), None)
    """
    t = np.atleast_2d(np.asarray(t, dtype=np.float64))
    if np.isin(t, (0.0, 1.0)).all() and (t.sum(axis=-1) == 1).all():
        return np.argmax(t, axis=-1)
    return None


def _log_softmax32(z):
    with np.errstate(invalid="ignore"):  # z = inf after the float32 cast gives NaN, as in the library
        shifted = z - z.max(axis=-1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def torch_mse(y, t, *, reduction="mean"):
    """nn.MSELoss(reduction)(y, t) in float32: mean (default) or sum of (y − t)² over all N·K elements.

    >>> torch_mse([0.5, 0.5], [0.0, 1.0]), torch_mse([0.5, 0.5], [0.0, 1.0], reduction="sum")
    (0.25, 0.5)
    """
    d = _rows(y, np.float32) - _rows(t, np.float32)
    return float(np.mean(d**2) if reduction == "mean" else np.sum(d**2))


def torch_nll_of_log(y, t):
    """nn.NLLLoss()(torch.log(y), label) in float32: −mean_n log y[n, label_n], no δ (y = 0 gives inf).

    NLLLoss takes class indices: soft targets raise the dtype error a float target gets.
    >>> round(torch_nll_of_log([0.5, 0.5], [0.0, 1.0]), 6)
    0.693147
    """
    labels = labels_of(t)
    if labels is None:
        raise Refusal(
            "RuntimeError: expected target dtype to be Long or Byte, but got Float",
            "lab.conv.refusal.soft_targets",
        )
    y = _rows(y, np.float32)
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log(y[np.arange(y.shape[0]), labels])))


def torch_cross_entropy(z, t):
    """nn.CrossEntropyLoss()(z, label or t) in float32: −mean_n Σ_k t log_softmax(z), from logits.

    Takes a class index or, since PyTorch 1.10, probabilities t. Given probabilities y as z, it
    applies softmax a second time: the common mistake.
    >>> torch_cross_entropy([1000.0, 0.0], [0.0, 1.0])
    1000.0
    """
    logp = _log_softmax32(_rows(z, np.float32))
    labels = labels_of(t)
    if labels is not None:
        return float(-np.mean(logp[np.arange(logp.shape[0]), labels]))
    return float(np.mean(-np.sum(_rows(t, np.float32) * logp, axis=-1)))


def keras_mse(y, t):
    """keras.losses.MeanSquaredError()(t, y) in float32: mean over classes, then over the batch.

    >>> keras_mse([0.5, 0.5], [0.0, 1.0])
    0.25
    """
    d = _xla_rows(y) - _xla_rows(t)
    return float(_flushed(np.mean(np.mean(_flushed(d**2), axis=-1))))


def keras_categorical_crossentropy(y, t):
    """keras.losses.CategoricalCrossentropy()(t, y) in float32: y / Σ y, clip to [ε, 1 − ε], −Σ t log y.

    ε = 1e-7 and 1 − ε is float32's 0.99999988, so a perfect prediction costs 1.19e-07.
    >>> f"{keras_categorical_crossentropy([0.0, 1.0], [0.0, 1.0]):.3g}"
    '1.19e-07'
    """
    y, t = _xla_rows(y), _xla_rows(t)
    with np.errstate(invalid="ignore", divide="ignore"):  # y summing to 0 gives NaN, as in Keras
        y = np.clip(y / y.sum(axis=-1, keepdims=True), KERAS_EPSILON, np.float32(1) - KERAS_EPSILON)
    return float(np.mean(-np.sum(t * np.log(y), axis=-1)))


def sklearn_mse(y, t):
    """metrics.mean_squared_error(t, y) in float64: mean of (y − t)² per output, then over outputs.

    >>> sklearn_mse([0.5, 0.5], [0.0, 1.0])
    0.25
    """
    d = np.asarray(y, dtype=np.float64) - np.asarray(t, dtype=np.float64)
    return float(np.mean(np.mean(d**2, axis=0)))


def sklearn_log_loss(y, t, *, labels=None):
    """metrics.log_loss(labels of t, y, labels=labels) in float64, or Refusal where it raises.

    Wants class labels (soft t raise); the classes come from `labels`, else from those present,
    and must be at least two and match K. y is clipped to [eps, 1 − eps], eps = 2.2e-16, not
    renormalised; −mean_n Σ t log y.
    >>> round(sklearn_log_loss([[1.0, 0.0]], [[0.0, 1.0]], labels=range(2)), 2)
    36.04
    """
    y = _rows(y, np.float64)
    present = labels_of(t)
    if present is None:
        raise Refusal(
            "ValueError: Multioutput target data is not supported with label binarization",
            "lab.conv.refusal.soft_targets",
        )
    classes = np.unique(present if labels is None else list(labels))
    if labels is not None and not np.isin(present, classes).all():
        undeclared = {int(c) for c in present} - {int(c) for c in classes}
        raise Refusal(
            f"ValueError: y_true contains values {undeclared} not belonging to the passed labels {labels}."
        )
    if classes.size == 1:
        if labels is None:
            raise Refusal(
                f"ValueError: y_true contains only one label ({classes[0]}). Please provide the list "
                "of all expected class labels explicitly through the labels argument."
            )
        raise Refusal(f"ValueError: The labels array needs to contain at least two labels, got {classes}.")
    if classes.size != y.shape[-1]:
        if labels is None:
            raise Refusal(
                f"ValueError: y_true and y_prob contain different number of classes: {classes.size} vs "
                f"{y.shape[-1]}. Please provide the true labels explicitly through the labels argument. "
                f"Classes found in y_true: {classes}"
            )
        raise Refusal(
            "ValueError: The number of classes in labels is different from that in y_prob. "
            f"Classes found in labels: {classes}"
        )
    y = np.clip(y, SKLEARN_EPSILON, 1 - SKLEARN_EPSILON)
    return float(-np.mean(np.log(y[np.arange(y.shape[0]), present])))


def sklearn_log_loss_all_labels(y, t):
    """metrics.log_loss(labels, y, labels=range(K)): the call that works when a class is missing.

    >>> round(sklearn_log_loss_all_labels([0.5, 0.5], [0.0, 1.0]), 6)
    0.693147
    """
    return sklearn_log_loss(y, t, labels=range(np.shape(y)[-1]))


def sklearn_log_loss_notes(y, t):
    """What log_loss says besides its value: that labels=range(K) is needed, that y does not sum to one.

    >>> [m.key for m in sklearn_log_loss_notes([0.2, 0.2], [1.0, 0.0])]
    ['lab.conv.note.needs_labels', 'lab.conv.note.warns']
    """
    notes = []
    try:
        sklearn_log_loss(y, t)
    except Refusal as r:
        notes.append(msg("lab.conv.note.needs_labels", k=np.shape(y)[-1], error=r.error))
    y = _rows(y, np.float64)
    if y.shape[-1] == 1:  # one column is read as p of the second class, [1 − p, p]: always sums to one
        return tuple(notes)
    if not np.isclose(y.sum(axis=-1), 1.0, rtol=SKLEARN_SUM_RTOL, atol=SKLEARN_SUM_ATOL).all():
        notes.append(msg("lab.conv.note.warns", warning=SKLEARN_SUM_WARNING))
    return tuple(notes)


def optax_l2_loss_sum(y, t):
    """optax.l2_loss(y, t).sum() in float32: Σ ½ (y − t)², the article's half sum.

    >>> optax_l2_loss_sum([0.5, 0.5], [0.0, 1.0]), optax_l2_loss_sum([1.0, 1e-22], [1.0, 0.0])  # 5e-45: flushed
    (0.25, 0.0)
    """
    d = _xla_rows(y) - _xla_rows(t)
    return float(_flushed(np.sum(_flushed(np.float32(0.5) * d**2))))


def optax_squared_error_mean(y, t):
    """optax.squared_error(y, t).mean() in float32: the mean of (y − t)² over all elements.

    >>> optax_squared_error_mean([0.5, 0.5], [0.0, 1.0])
    0.25
    """
    d = _xla_rows(y) - _xla_rows(t)
    return float(_flushed(np.mean(_flushed(d**2))))


def optax_softmax_cross_entropy_mean(z, t):
    """optax.softmax_cross_entropy(z, t).mean() in float32: −Σ t log_softmax(z) per row, mean over N.

    >>> optax_softmax_cross_entropy_mean([1000.0, 0.0], [0.0, 1.0])
    1000.0
    """
    logp = _log_softmax32(_xla_rows(z))
    return float(_flushed(np.mean(-np.sum(_flushed(_xla_rows(t) * logp), axis=-1))))
