"""Why classifiers train with cross-entropy: gradients with respect to the logit, and a tiny descent.

Squared error on a sigmoid or softmax output multiplies its error by the
output's slope, which vanishes when the output saturates; cross-entropy's
gradient is just (output − target), so a confident wrong answer still gets a
full-size push.
"""

import numpy as np
import pandas as pd

from lossviz.maths.checks import as_float_array, check_finite
from lossviz.maths.softmax import softmax
from lossviz.words.errors import InputError
from lossviz.words.i18n import DEFAULT_LANGUAGE, msg, text

MAX_STEPS = 10_000  # keeps one call cheap; the page's slider stops at 100


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed without overflow for any finite z.

    >>> sigmoid(np.array([0.0, -1000.0, 1000.0])).tolist()
    [0.5, 0.0, 1.0]
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_gradients(z, t=1.0):
    """dE/dz for a sigmoid output p = σ(z) and target t, for both losses; each shaped like z.

    "squared": E = ½ (p − t)², dE/dz = (p − t) · p (1 − p) — vanishes as p saturates;
    "cross-entropy": E = −t log p − (1 − t) log(1 − p), dE/dz = p − t.
    >>> {k: float(v.round(6)) for k, v in sigmoid_gradients(np.array(-5.0)).items()}
    {'squared': -0.006604, 'cross-entropy': -0.993307}
    """
    p = sigmoid(z)
    return {"squared": (p - t) * p * (1 - p), "cross-entropy": p - t}


def softmax_gradients(z, t):
    """dE/dz for softmax outputs p = softmax(z), one sample per row, for both losses.

    "squared": E = ½ Σ (p − t)², dE/dz = J (p − t) with the softmax Jacobian
    J = diag(p) − p pᵀ, i.e. p ⊙ (g − Σ_k p_k g_k) for g = p − t;
    "cross-entropy": E = −Σ t log p, dE/dz = p − t. z, t: (K,) or (M, K).
    >>> {k: v.round(4).tolist() for k, v in softmax_gradients(np.array([0.0, 0.0]), np.array([0.0, 1.0])).items()}
    {'squared': [0.25, -0.25], 'cross-entropy': [0.5, -0.5]}
    """
    p = softmax(z)
    g = p - t
    return {"squared": p * (g - np.sum(p * g, axis=-1, keepdims=True)), "cross-entropy": g}


def descend(z0, *, t=1.0, learning_rate=1.0, steps=30):
    """Plain gradient descent on one sigmoid logit, z ← z − η dE/dz, for both losses.

    Returns {"squared": p, "cross-entropy": p}, each the output σ(z) after 0..steps steps.
    >>> p = descend(-10.0, steps=10)
    >>> round(float(p["squared"][-1]), 6), round(float(p["cross-entropy"][-1]), 3)
    (4.5e-05, 0.397)
    """
    name = msg("lab.name.start_logit")
    z0 = float(as_float_array(z0, name))
    check_finite(np.array([z0]), name)
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise InputError("lab.errors.learning_rate", value=learning_rate)
    if not (isinstance(steps, int) and 0 <= steps <= MAX_STEPS):
        raise InputError("lab.errors.steps", value=steps, max=MAX_STEPS)
    out = {}
    for loss in ("squared", "cross-entropy"):
        z = np.empty(steps + 1)
        z[0] = z0
        for i in range(steps):
            z[i + 1] = z[i] - learning_rate * sigmoid_gradients(z[i], t)[loss]
        out[loss] = sigmoid(z)
    return out


def gradient_table(z_values=(-10.0, -5.0, 0.0), *, lang=DEFAULT_LANGUAGE):
    """dE/dz of both losses for a sigmoid output and target 1 at a few logits, as a table.

    Column headers in `lang` ("en" or "zh"); the numbers are the same in both.
    >>> gradient_table((-10.0,))["squared error dE/dz"].round(7).tolist()
    [-4.54e-05]
    >>> list(gradient_table(lang="zh").columns)
    ['logit z', 'p = σ(z)', '均方误差 dE/dz', '交叉熵误差 dE/dz']
    """
    z = np.asarray(z_values, dtype=np.float64)
    g = sigmoid_gradients(z)
    return pd.DataFrame(
        {
            text("lab.training.col.logit", lang): z,
            "p = σ(z)": sigmoid(z),
            text("lab.training.col.squared", lang): g["squared"],
            text("lab.training.col.cross_entropy", lang): g["cross-entropy"],
        }
    )
