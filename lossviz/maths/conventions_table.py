"""The numerics lab's conventions table as data: one row per library call, and what it returns here.

A row names the library, the call as code, the dtype the library computes in by default, what
the call is fed, the formula, its documentation and the numpy function in conventions.py that
reproduces it. Calls are written for one sample: `label` is its class index, t its target
distribution; "{z}" is the logits as given (z, or z / T) and "{k}" the number of classes.
Words are Messages, put into the reader's language by the page; code stays as written.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from lossviz.maths import conventions as lib
from lossviz.maths.losses import cross_entropy_error, sum_squared_error
from lossviz.words.i18n import Message, msg

ARTICLE = msg("lab.conv.source.article")
SQUARED = msg("lab.conv.loss.squared")
CROSS_ENTROPY = msg("lab.conv.loss.cross_entropy")
PROBABILITIES = msg("lab.conv.fed.probabilities")
LOGITS = msg("lab.conv.fed.logits")
NO_LOGITS = msg("lab.conv.note.no_logits")
FLOAT32_MAX = float(np.finfo(np.float32).max)

BOOK = "https://github.com/oreilly-japan/deep-learning-from-scratch/blob/master/common/functions.py"
TORCH = "https://pytorch.org/docs/stable/generated/torch.nn."
KERAS = "https://keras.io/api/losses/"
SKLEARN = "https://scikit-learn.org/stable/modules/generated/sklearn.metrics."
OPTAX = "https://optax.readthedocs.io/en/latest/api/losses.html#optax.losses."


@dataclass(frozen=True)
class Convention:
    """One library call that computes a loss: a row of the conventions table.

    call is code for one-hot targets; soft_call replaces it for soft targets where the call
    differs. compute(y or z, t) returns the value or raises conventions.Refusal; notes(y, t),
    when given, adds what the library says besides the value. A mistake row shows a misuse.
    """

    library: str | Message
    call: str
    dtype: str  # what the library computes in by default
    loss: Message  # squared error or cross-entropy
    fed: Message  # what the call is given: probabilities y, logits z, …
    formula: str | Message
    link: str
    compute: Callable[..., float]
    soft_call: str | None = None
    notes: Callable[..., tuple] | None = None
    mistake: bool = False

    @property
    def takes_logits(self):
        return self.fed == LOGITS


CONVENTIONS = (
    Convention(
        ARTICLE, "0.5 * np.sum((y - t)**2)", "float64", SQUARED, PROBABILITIES,
        "½ Σ (y − t)²", BOOK, sum_squared_error,
    ),
    Convention(
        "PyTorch", "nn.MSELoss()", "float32", SQUARED, PROBABILITIES,
        "(1/(N·K)) Σ (y − t)²  (reduction='mean')", TORCH + "MSELoss.html", lib.torch_mse,
    ),
    Convention(
        "PyTorch", "nn.MSELoss(reduction='sum')", "float32", SQUARED, PROBABILITIES,
        "Σ (y − t)²", TORCH + "MSELoss.html", partial(lib.torch_mse, reduction="sum"),
    ),
    Convention(
        "Keras", "keras.losses.MeanSquaredError()", "float32", SQUARED, PROBABILITIES,
        msg("lab.conv.keras_mse.formula"), KERAS + "regression_losses/#meansquarederror-class", lib.keras_mse,
    ),
    Convention(
        "scikit-learn", "metrics.mean_squared_error(t, y)", "float64", SQUARED, PROBABILITIES,
        msg("lab.conv.sklearn_mse.formula"), SKLEARN + "mean_squared_error.html", lib.sklearn_mse,
    ),
    Convention(
        "optax", "optax.l2_loss(y, t).sum()", "float32", SQUARED, PROBABILITIES,
        msg("lab.conv.optax_l2.formula"), OPTAX + "l2_loss", lib.optax_l2_loss_sum,
    ),
    Convention(
        "optax", "optax.squared_error(y, t).mean()", "float32", SQUARED, PROBABILITIES,
        msg("lab.conv.optax_se.formula"), OPTAX + "squared_error", lib.optax_squared_error_mean,
    ),
    Convention(
        ARTICLE, "cross_entropy_error(y, t)", "float64", CROSS_ENTROPY, PROBABILITIES,
        "−(1/N) Σ t log(y + 1e-7)", BOOK, cross_entropy_error,
    ),
    Convention(
        "PyTorch", "nn.NLLLoss()(torch.log(y), label)", "float32", CROSS_ENTROPY,
        msg("lab.conv.fed.log_probabilities"), msg("lab.conv.torch_nll.formula"), TORCH + "NLLLoss.html",
        lib.torch_nll_of_log, soft_call="nn.NLLLoss()(torch.log(y), t)",
    ),
    Convention(
        "PyTorch", "nn.CrossEntropyLoss()({z}, label)", "float32", CROSS_ENTROPY, LOGITS,
        "−(1/N) Σ t log_softmax(z)", TORCH + "CrossEntropyLoss.html", lib.torch_cross_entropy,
        soft_call="nn.CrossEntropyLoss()({z}, t)",
    ),
    Convention(
        "PyTorch", "nn.CrossEntropyLoss()(y, label)", "float32", CROSS_ENTROPY,
        msg("lab.conv.fed.probabilities_as_logits"), msg("lab.conv.torch_ce_probs.formula"),
        TORCH + "CrossEntropyLoss.html", lib.torch_cross_entropy,
        soft_call="nn.CrossEntropyLoss()(y, t)", mistake=True,
    ),
    Convention(
        "Keras", "keras.losses.CategoricalCrossentropy()", "float32", CROSS_ENTROPY, PROBABILITIES,
        msg("lab.conv.keras_cce.formula"), KERAS + "probabilistic_losses/#categoricalcrossentropy-class",
        lib.keras_categorical_crossentropy,
    ),
    Convention(
        "scikit-learn", "metrics.log_loss([label], [y], labels=range({k}))", "float64", CROSS_ENTROPY,
        PROBABILITIES, msg("lab.conv.sklearn_log_loss.formula"), SKLEARN + "log_loss.html",
        lib.sklearn_log_loss_all_labels, soft_call="metrics.log_loss([t], [y])",
        notes=lib.sklearn_log_loss_notes,
    ),
    Convention(
        "optax", "optax.softmax_cross_entropy({z}, t).mean()", "float32", CROSS_ENTROPY, LOGITS,
        "−(1/N) Σ t log_softmax(z)", OPTAX + "softmax_cross_entropy", lib.optax_softmax_cross_entropy_mean,
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Reported:
    """What one call reports for the input: the call as run, its value (None: none) and notes."""

    convention: Convention
    call: str | Message
    value: float | None
    notes: tuple[Message, ...]


def _overflows_float32(x):
    """True if some entry of x turns into ±inf in float32 (a value that rounds to its largest does not).

    >>> _overflows_float32([1e39]), _overflows_float32([float(np.nextafter(FLOAT32_MAX, np.inf))])
    (True, False)
    """
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore"):
        return bool((np.isinf(x.astype(np.float32)) & np.isfinite(x)).any())


def _outcome(c, y, t, z):
    """(value, notes) of convention c: the number it returns, or None and the reason there is none."""
    if c.takes_logits and z is None:
        return None, (NO_LOGITS,)
    x = z if c.takes_logits else y
    try:
        value = float(c.compute(x, t)) + 0.0  # + 0.0 turns −0.0 into 0.0: no "-0" in the table
    except lib.Refusal as refusal:
        return None, (refusal.note,)
    notes = c.notes(x, t) if c.notes else ()
    if c.dtype == "float32" and _overflows_float32(x):
        notes += (msg("lab.conv.note.beyond_float32", max=f"{FLOAT32_MAX:.3g}"),)
    if not np.isfinite(value):
        notes += (msg("lab.conv.note.returns", value=f"{value}".replace("nan", "NaN")),)
    return value, notes


def conventions_table(y, t, z=None, *, temperature=1.0):
    """One Reported per row of CONVENTIONS for probabilities y, targets t and optional logits z.

    y, t, z: one sample, checked arrays of shape (K,); t one-hot or soft. The logits rows are
    computed on z / T and, for T ≠ 1, say so; without z they have no value.
    >>> rows = conventions_table([0.0, 1.0], [0.0, 1.0])
    >>> [(r.call, f"{r.value:.3g}") for r in rows if r.convention.library == "Keras"]
    [('keras.losses.MeanSquaredError()', '0'), ('keras.losses.CategoricalCrossentropy()', '1.19e-07')]
    """
    y, t = np.asarray(y, dtype=np.float64), np.asarray(t, dtype=np.float64)
    scaled = None if z is None else np.asarray(z, dtype=np.float64) / temperature
    soft = lib.labels_of(t) is None
    logits_name = "z" if temperature == 1 else "z / T"
    rows = []
    for c in CONVENTIONS:
        call = (c.soft_call if soft and c.soft_call else c.call).format(z=logits_name, k=y.shape[-1])
        value, notes = _outcome(c, y, t, scaled)
        if c.takes_logits and z is not None and temperature != 1:
            notes = (msg("lab.conv.note.temperature", T=f"{temperature:g}"), *notes)
        rows.append(Reported(c, msg("lab.conv.mistake", call=call) if c.mistake else call, value, notes))
    return rows
