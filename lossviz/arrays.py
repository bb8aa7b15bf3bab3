"""Turning user data into checked float arrays (convert -> shape -> domain).

Each check raises InputError naming the argument (`y`, `t`, `z`) as the user
sees it, and saying what to type instead.
"""

import numpy as np

from lossviz.errors import InputError


def plural(count, noun):
    """'1 entry', '4 entries', '1,000 rows' — counts as a person writes them.

    >>> plural(1, "entry"), plural(4, "entry"), plural(1000, "row"), plural(3, "class")
    ('1 entry', '4 entries', '1,000 rows', '3 classes')
    """
    if count == 1:
        return f"1 {noun}"
    if noun.endswith("y"):
        noun = noun[:-1] + "ies"
    else:
        noun += "es" if noun.endswith("s") else "s"
    return f"{count:,} {noun}"


def describe_shape(a):
    """How a person would describe an array's size: '4 entries' or '3 rows × 10 columns'.

    >>> describe_shape(np.zeros(4)), describe_shape(np.zeros((3, 10)))
    ('4 entries', '3 rows × 10 columns')
    """
    if a.ndim == 0:
        return "a single number"
    if a.ndim == 1:
        return plural(a.shape[0], "entry")
    if a.ndim == 2:
        return f"{plural(a.shape[0], 'row')} × {plural(a.shape[1], 'column')}"
    return "shape " + " × ".join(str(n) for n in a.shape)


def as_float_array(x, name):
    """Convert array-like `x` to a float array, refusing text, complex and ragged data.

    float32 and float64 input keep their dtype; everything else becomes float64.
    >>> as_float_array([0, 1], "t")
    array([0., 1.])
    """
    try:
        a = np.asarray(x)
    except ValueError as exc:
        raise InputError(
            f"{name} is ragged: its rows have different lengths. Give every row the same number of entries."
        ) from exc
    if a.dtype == object or a.dtype.kind not in "biuf":
        raise InputError(f"{name} must contain numbers only; got {a.dtype.name} data.")
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
    lossviz.errors.InputError: y has a non-finite value (inf) at entry 2. Every entry must be an ordinary number such as 0.25.
    """
    finite = np.isfinite(a)
    if finite.all():
        return
    where = np.unravel_index(int(np.argmin(finite)), a.shape)
    raise InputError(
        f"{name} has a non-finite value ({a[where]}) at {position(where)}. "
        "Every entry must be an ordinary number such as 0.25."
    )


def position(index):
    """A 1-based, human description of an array index: 'entry 3' or 'row 2, column 5'.

    >>> position((2,)), position((1, 4))
    ('entry 3', 'row 2, column 5')
    """
    if len(index) == 1:
        return f"entry {index[0] + 1}"
    if len(index) == 2:
        return f"row {index[0] + 1}, column {index[1] + 1}"
    return "index " + ", ".join(str(i) for i in index)


def check_in_unit_interval(a, name, what):
    """Raise InputError unless every entry of `a` lies in [0, 1]; `what` names the values.

    >>> check_in_unit_interval(np.array([0.2, 1.5]), "y", "probabilities")
    Traceback (most recent call last):
    ...
    lossviz.errors.InputError: y must hold probabilities between 0 and 1, but entry 2 is 1.5. If these are raw scores (logits), turn them into probabilities with softmax first.
    """
    inside = (a >= 0) & (a <= 1)
    if inside.all():
        return
    where = np.unravel_index(int(np.argmin(inside)), a.shape)
    hint = (
        " If these are raw scores (logits), turn them into probabilities with softmax first."
        if what == "probabilities"
        else ""
    )
    raise InputError(f"{name} must hold {what} between 0 and 1, but {position(where)} is {a[where]:g}.{hint}")


def as_predictions(y, name="y"):
    """Check `y` as a (K,) vector or (N, K) matrix of finite numbers, and return it.

    >>> as_predictions([0.25, 0.75]).shape
    (2,)
    """
    a = as_float_array(y, name)
    if a.ndim not in (1, 2):
        raise InputError(
            f"{name} must be a vector of K numbers or a matrix with one row per sample; "
            f"got {describe_shape(a)}."
        )
    if a.size == 0:
        raise InputError(f"{name} is empty. Type at least one number, e.g. 0.1, 0.9.")
    check_finite(a, name)
    return a
