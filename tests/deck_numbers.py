"""The numbers the lab's and the batch page's slides must show, computed here without lossviz's losses.

Lab: hand computations with math (δ = 1e-7, the article's). Batch: the page's simulated batch
(lossviz.maths.simulation makes the data) judged with plain numpy and statistics formulas:
−ln(y_label + δ) per sample, ½Σ(y − one-hot)², argmax for the predicted class.
"""

import math
import statistics

import numpy as np

from lossviz.maths.simulation import simulate_classifier

D = 1e-7


def _softmax(z, T=1.0):
    e = [math.exp(v / T) for v in z]
    return [v / sum(e) for v in e]


Z = [2.0, 1.0, 0.1]  # the lab's smoothing example, correct class 0
LAB = {
    "cap": -math.log(0 + D),  # y = [1, 0], label 1: −ln(δ) = 16.1181
    "perfect": -math.log(1 + D),  # y = [0, 1]: −ln(1 + δ) ≈ −1.0e-7
    "clipped": -math.log(1 - D),  # y clipped to 1 − δ: ≈ +1.0e-7
    "stable": 1000.0 + math.log1p(math.exp(-1000.0)),  # −log_softmax([1000, 0])[1] = 1000 + ln(1 + e⁻¹⁰⁰⁰)
    "article": -math.log(math.exp(-1000.0) + D),  # softmax(...)[1] = e⁻¹⁰⁰⁰ underflows to 0 → −ln δ
    **{f"t{i}": -math.log(_softmax(Z, T)[0]) for i, T in enumerate((0.5, 1.0, 2.0))},
    "hard": -math.log(_softmax(Z)[0]),
    # ε = 0.1, K = 3: t = [0.9 + 0.1/3, 0.1/3, 0.1/3]; −Σ t ln softmax(z)
    "smoothed": -sum(
        t * math.log(p) for t, p in zip([0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3], _softmax(Z), strict=True)
    ),
}
SMOOTHED_T = [0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]


def _batch():
    y, labels = simulate_classifier(10_000, 10, accuracy=0.8, confidence=3.0, seed=0)
    rows = np.arange(len(labels))
    cee = -np.log(y[rows, labels] + D)
    one_hot = np.zeros_like(y)
    one_hot[rows, labels] = 1
    sse = 0.5 * ((y - one_hot) ** 2).sum(axis=1)
    wrong = y.argmax(axis=1) != labels
    near = sse > 0.9
    return {
        "mean": statistics.fmean(cee),
        "median": statistics.median(cee.tolist()),
        "wrong": int(wrong.sum()),
        "wrong_share": wrong.sum() / len(labels),
        "cee_share": cee[wrong].sum() / cee.sum(),
        "sse_share": sse[wrong].sum() / sse.sum(),
        "near": int(near.sum()),
        "near_low": float(cee[near].min()),
        "near_high": float(cee[near].max()),
        "cee_rows": cee,
        "sse_rows": sse,
    }


BATCH = _batch()


def four(x):
    """A loss as a slide writes it: 4 decimals, or the power of ten of ±1.0e-7."""
    if abs(x) < 5e-5:
        return ("−" if x < 0 else "") + "1.0×10⁻⁷"
    return f"{x:.4f}"


def percent(x):
    return f"{100 * x:.1f} %"


SHOWN = {  # what each step's metrics read, in order
    "lab": {
        1: [four(LAB["cap"]), four(LAB["perfect"])],
        2: ["NaN", four(LAB["stable"]), four(LAB["article"])],
        3: [four(LAB["t0"]), four(LAB["t1"]), four(LAB["t2"])],
        4: [four(LAB["hard"]), four(LAB["smoothed"])],
    },
    "batch": {
        1: [four(BATCH["mean"]), four(BATCH["median"])],
        2: [percent(BATCH["cee_share"]), percent(BATCH["sse_share"])],
        3: [four(BATCH["near_low"]), four(BATCH["near_high"])],
    },
}
