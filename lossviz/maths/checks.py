"""Checked float arrays from whatever the user gave (convert -> shape -> domain).

Each check raises InputError naming the argument (`y`, `t`, `z`) as the user
sees it, and saying what to type instead.
"""

import numpy as np

from lossviz.words.counts import describe_shape, position
from lossviz.words.errors import InputError
from lossviz.words.i18n import msg


def as_float_array(x, name):
    """Convert array-like `x` to a float array, refusing text, complex and ragged data.

    float32 and float64 input keep their dtype; everything else becomes float64.
    >>> as_float_array([0, 1], "t")
    array([0., 1.])
    """
    try:
        a = np.asarray(x)
    except ValueError as exc:
        raise InputError("errors.array.ragged", name=name) from exc
    if a.dtype == object or a.dtype.kind not in "biuf":
        raise InputError("errors.array.not_numbers", name=name, dtype=a.dtype.name)
    if a.dtype.kind != "f":
        a = a.astype(np.float64)
    elif a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float64)
    return a


def check_finite(a, name):
    """Raise InputError if `a` holds NaN or ±inf, saying where the first one is.

    >>> check_finite(np.array([0.5, np.inf]), "y")
    Traceback (most recent call last):
    ...
    lossviz.words.errors.InputError: y has a non-finite value (inf) at entry 2. Every entry must be an ordinary number such as 0.25.
    """
    finite = np.isfinite(a)
    if finite.all():
        return
    where = np.unravel_index(int(np.argmin(finite)), a.shape)
    raise InputError("errors.array.non_finite", name=name, value=a[where], where=position(where))


def check_in_unit_interval(a, name, what):
    """Raise InputError unless every entry of `a` lies in [0, 1]; `what` names the values.

    what: "probabilities" (y: the message suggests softmax for logits) or "targets".

    >>> check_in_unit_interval(np.array([0.2, 1.5]), "y", "probabilities")
    Traceback (most recent call last):
    ...
    lossviz.words.errors.InputError: y must hold probabilities between 0 and 1, but entry 2 is 1.5. If these are raw scores (logits), turn them into probabilities with softmax first.
    """
    inside = (a >= 0) & (a <= 1)
    if inside.all():
        return
    where = np.unravel_index(int(np.argmin(inside)), a.shape)
    key = "errors.array.outside_unit_logits" if what == "probabilities" else "errors.array.outside_unit"
    raise InputError(key, name=name, what=msg(f"what.{what}"), where=position(where), value=float(a[where]))


def as_predictions(y, name="y"):
    """Check `y` as a (K,) vector or (N, K) matrix of finite numbers, and return it.

    >>> as_predictions([0.25, 0.75]).shape
    (2,)
    """
    a = as_float_array(y, name)
    if a.ndim not in (1, 2):
        raise InputError("errors.array.not_vector_or_matrix", name=name, shape=describe_shape(a))
    if a.size == 0:
        raise InputError("errors.array.empty", name=name)
    check_finite(a, name)
    return a
