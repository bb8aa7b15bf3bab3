"""Targets in the article's two forms: a distribution shaped like y, or class labels.

The form is decided by shape alone, never guessed from values:
- `t` with exactly the shape of `y` is a target distribution per row (one-hot or
  soft), used as given;
- otherwise `t` holds integer class labels: a single label (scalar or length 1)
  for a 1-D `y` of K classes, or N labels, shape (N,) or (N, 1), for an (N, K) `y`.
"""

import numpy as np

from lossviz.maths.checks import as_float_array, as_predictions, check_finite, check_in_unit_interval
from lossviz.words.counts import describe_shape, plural
from lossviz.words.errors import InputError


def as_targets(t, y, *, probabilities=True, name="t", y_name="y"):
    """Check targets `t` against checked predictions `y`; return (labels, dense).

    Exactly one of the two is an array: `labels`, int (N,), for label input;
    `dense`, float (N, K), for a distribution of y's shape. A 1-D `y` counts as
    one row (N = 1). `probabilities` requires dense targets to lie in [0, 1].
    `name` and `y_name` are how messages call t and y.
    >>> as_targets(1, np.array([0.1, 0.9]))
    (array([1]), None)
    >>> as_targets([0, 1], np.array([0.1, 0.9]))
    (None, array([[0., 1.]]))
    """
    a = as_float_array(t, name)
    if a.shape == y.shape:
        check_finite(a, name)
        if probabilities:
            check_in_unit_interval(a, name, "targets")
        return None, a.reshape(-1, y.shape[-1])
    return _labels(a, y, name, y_name), None


def check_label_shape(a, y, name="t", y_name="y"):
    """Raise InputError unless `a`, not shaped like y, is shaped as labels for y: see module docstring."""
    k = y.shape[-1]
    if y.ndim == 1:
        if a.size != 1 or a.ndim > 1:
            raise InputError(
                "errors.targets.vector_shape",
                name=name,
                y_name=y_name,
                shape=describe_shape(a),
                count=plural(k, "entry"),
                k=k,
                last=k - 1,
            )
    else:
        n = y.shape[0]
        if a.shape not in ((n,), (n, 1)):
            raise InputError(
                "errors.targets.matrix_shape",
                name=name,
                y_name=y_name,
                y_shape=describe_shape(y),
                shape=describe_shape(a),
                count=plural(n, "label"),
            )


def check_label_values(labels, k, *, single, name="t", y_name="y", row_offset=0):
    """Raise InputError unless every label is a whole number in [0, k); `single` for one label.

    row_offset: the row number of labels[0] in the whole batch, for the message.
    """
    check_finite(labels, name)
    whole = labels == np.floor(labels)
    in_range = whole & (labels >= 0) & (labels < k)
    if not in_range.all():
        i = int(np.argmin(in_range))
        about = {"name": name, "y_name": y_name, "value": float(labels[i]), "count": plural(k, "class")}
        if single:
            raise InputError("errors.targets.bad_label", k=k, last=k - 1, **about)
        raise InputError("errors.targets.bad_label_row", row=i + row_offset + 1, last=k - 1, **about)


def _labels(a, y, name, y_name):
    """Validate `a` as class labels for `y` and return them as int (N,)."""
    check_label_shape(a, y, name, y_name)
    labels = a.reshape(-1)
    check_label_values(labels, y.shape[-1], single=y.ndim == 1, name=name, y_name=y_name)
    return labels.astype(np.intp)


def one_hot(labels, num_classes):
    """One-hot rows for integer labels: out[n, labels[n]] = 1, zeros elsewhere.

    labels: int (N,) in [0, num_classes). Returns float64 (N, num_classes).
    >>> one_hot(np.array([1, 0]), 3)
    array([[0., 1., 0.],
           [1., 0., 0.]])
    """
    out = np.zeros((labels.shape[0], num_classes))
    out[np.arange(labels.shape[0]), labels] = 1.0
    return out


def target_distribution(y, t, *, probabilities=True):
    """The targets as a distribution of y's shape: labels become one-hot rows.

    y: (K,) or (N, K); t: either form (see module docstring).
    >>> target_distribution([0.1, 0.8, 0.1], 1)
    array([0., 1., 0.])
    """
    y = as_predictions(y)
    labels, dense = as_targets(t, y, probabilities=probabilities)
    if dense is None:
        dense = one_hot(labels, y.shape[-1])
    return dense.reshape(y.shape)


def smooth_labels(t, num_classes, epsilon):
    """Label smoothing: (1 − ε) t + ε / K, for a distribution t with K = num_classes per row.

    The targets PyTorch's CrossEntropyLoss(label_smoothing=ε), Keras and optax use.
    >>> smooth_labels(np.array([1.0, 0.0, 0.0]), 3, 0.3).round(3).tolist()
    [0.8, 0.1, 0.1]
    """
    eps = float(epsilon)
    if not 0 <= eps <= 1:
        raise InputError("errors.targets.smoothing", value=epsilon)
    return (1 - eps) * np.asarray(t, dtype=np.float64) + eps / num_classes
