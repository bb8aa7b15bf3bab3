"""Everything the explorer shows about one (t, y) pair, computed in one place.

The UI draws what `compare` returns and never computes; every number here
comes from lossviz.maths.losses.
"""

from dataclasses import dataclass

import numpy as np

from lossviz.inputs.parsing import parse_vector
from lossviz.maths import losses
from lossviz.maths.checks import as_predictions, check_in_unit_interval
from lossviz.maths.distributions import sum_warning_checked
from lossviz.maths.targets import as_targets, one_hot
from lossviz.words import formatting
from lossviz.words.errors import InputError
from lossviz.words.i18n import Message, text


@dataclass(frozen=True)
class Comparison:
    """Both losses of one sample, with the pieces a reader needs.

    y, t: float64 (K,), t always as a distribution (a label becomes one-hot).
    target_class: the correct class (the largest t for soft targets).
    """

    y: np.ndarray
    t: np.ndarray
    label_given: bool
    one_hot: bool
    target_class: int
    sse: float
    mse: float
    cee: float
    sse_terms: np.ndarray
    cee_terms: np.ndarray
    sse_grad: np.ndarray
    cee_grad: np.ndarray
    y_warning: Message | None  # rows that do not sum to 1, for the UI to put into words
    t_warning: Message | None

    @property
    def k(self):
        return self.y.shape[0]

    @property
    def p_target(self):
        """The probability the model gave the correct class."""
        return float(self.y[self.target_class])


def read_vectors(t_text, y_text):
    """Parse the two text boxes; an error is attached to the box it concerns."""
    try:
        t = parse_vector(t_text, name="t")
    except InputError as exc:
        raise exc.at("t") from None
    try:
        y = parse_vector(y_text, name="y")
    except InputError as exc:
        raise exc.at("y") from None
    return t, y


def compare(t, y):
    """Build the Comparison of targets t (distribution or one label) and predictions y (K,).

    Raises InputError attached to field "y" (not probabilities) or "t" (wrong
    size, bad label, targets outside [0, 1]).
    >>> c = compare([1.0], [0.1, 0.05, 0.05, 0.8])
    >>> c.target_class, round(c.sse, 4), round(c.cee, 4)
    (1, 0.7775, 2.9957)
    """
    try:
        y = as_predictions(y)
        check_in_unit_interval(y, "y", "probabilities")
    except InputError as exc:
        raise exc.at("y") from None
    try:
        labels, dense = as_targets(t, y)
    except InputError as exc:
        raise exc.at("t") from None
    # Checked once above; from here on only the *_checked functions, which take it as given.
    y = y.astype(np.float64)
    label_given = labels is not None
    t = (one_hot(labels, y.shape[0]) if label_given else dense).reshape(y.shape).astype(np.float64)
    is_one_hot = bool(np.isin(t, (0.0, 1.0)).all() and t.sum() == 1.0)
    return Comparison(
        y=y,
        t=t,
        label_given=label_given,
        one_hot=is_one_hot,
        target_class=int(np.argmax(t)),
        sse=losses.sum_squared_error(y, t),  # the kernels: the one home of each sum
        mse=losses.mean_squared_error(y, t),
        cee=losses.cross_entropy_error(y, t),
        sse_terms=losses.squared_error_terms_checked(y, t),
        cee_terms=losses.cross_entropy_terms_checked(y, t),
        sse_grad=losses.sum_squared_error_grad_checked(y, t),
        cee_grad=losses.cross_entropy_error_grad_checked(y, t),
        y_warning=sum_warning_checked(y, "y"),
        t_warning=None if label_given else sum_warning_checked(t, "t"),
    )


def compare_texts(t_text, y_text):
    """compare() on the text of the two boxes."""
    t, y = read_vectors(t_text, y_text)
    return compare(t, y)


def breakdown_table(c, lang="en"):
    """Per-class table as columns {name: (K,) array}: class, whether it is the correct one, t, y,
    both terms and both slopes (as `pyarrow.table` or `pandas.DataFrame` take them).

    The first two column names are words in `lang`; the rest are symbols, the same in both.
    """
    return {
        text("explorer.table.class", lang): np.arange(c.k),
        text("explorer.table.correct", lang): np.arange(c.k) == c.target_class,
        "t": c.t,
        "y": c.y,
        "½(y−t)²": c.sse_terms,
        "−t·log(y+δ)": c.cee_terms,
        "∂SSE/∂y": c.sse_grad,
        "∂CEE/∂y": c.cee_grad,
    }


TERM_COLUMNS = ("½(y−t)²", "−t·log(y+δ)")


def bar_scales(table):
    """For each loss-term column of a breakdown table (its columns, or a DataFrame), the value a full
    bar stands for.

    One scale for both losses (the largest term of either), so a term of 3.0 draws six times as
    long as one of 0.45; 1 when every term is 0 (a bar needs a positive scale).
    >>> bar_scales({"½(y−t)²": np.array([0.1, 0.45]), "−t·log(y+δ)": np.array([0.0, 3.0])})
    {'½(y−t)²': 3.0, '−t·log(y+δ)': 3.0}
    >>> bar_scales({"½(y−t)²": np.array([0.0]), "−t·log(y+δ)": np.array([0.0])})
    {'½(y−t)²': 1.0, '−t·log(y+δ)': 1.0}
    """
    top = float(max(table[name].max() for name in TERM_COLUMNS))
    return dict.fromkeys(TERM_COLUMNS, top if top > 0 else 1.0)


def formulas_latex(c, lang="en"):
    """Both formulas of c with its numbers, as LaTeX: {"sse", "mse", "cee", "cee_shortcut"}.

    cee_shortcut is the one remaining term −log(y_c + δ) for one-hot t, None for soft targets.
    >>> print(formulas_latex(compare([1.0], [0.2, 0.8]))["sse"])
    \\begin{aligned} E &= \\tfrac{1}{2}\\sum_k (y_k - t_k)^2 \\\\ &= \\tfrac{1}{2}\\Big[(0.2 - 0)^2 + (0.8 - 1)^2\\Big] \\\\ &= 0.0400 \\end{aligned}
    """
    shortcut = formatting.cee_shortcut_latex(c.target_class, c.p_target, c.cee, losses.DELTA)
    return {
        "sse": formatting.sse_latex(c.y, c.t, c.target_class, c.sse, lang),
        "mse": formatting.mse_latex(c.k, c.mse),
        "cee": formatting.cee_latex(c.y, c.t, c.target_class, c.cee, losses.DELTA, lang),
        "cee_shortcut": shortcut if c.one_hot else None,
    }


def reading(c, lang="en"):
    """The one-sentence reading of c in `lang` (lossviz.words.formatting.reading).

    >>> print(reading(compare([1.0], [0.1, 0.05, 0.05, 0.8])))
    The correct class is 1 (counting from 0) and the model gave it p = 0.05; its top choice is class 3 (0.8).
    """
    return formatting.reading(c.y, c.t, c.target_class, c.one_hot, lang)


def headline(c, lang="en"):
    """The first screen's sentence about c in `lang` (lossviz.words.formatting.headline); squared
    error's bound of 1 is said only of a y that sums to 1 (no warning about its sum).

    >>> headline(compare([1.0], [0.5, 0.5, 0.5, 0.5])).endswith("as p → 0.")
    True
    """
    return formatting.headline(
        c.sse, c.cee, c.p_target, c.one_hot, losses.DELTA, lang, sums_to_one=c.y_warning is None
    )
