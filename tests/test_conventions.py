"""Tests for lossviz/maths/conventions.py and conventions_table.py: each row against the real library.

OBSERVED is what each call returned, or the error it raised, when run in the library itself on
the lab's inputs (torch.tensor of Python floats, Keras losses on lists, jnp.asarray, plain lists
for scikit-learn), with torch 2.13.0+cpu, keras 3.15.1 on the jax backend, jax/jaxlib 0.10.2,
optax 0.2.8 and scikit-learn 1.9.1 under Python 3.11 on this project's machine. The test_live_*
tests at the end run the same calls again where those libraries are installed (not in CI).
"""

import math
import os
import warnings

import numpy as np
import pytest

import lossviz as lv
from lossviz.maths.conventions import (
    Refusal,
    keras_categorical_crossentropy,
    sklearn_log_loss,
    sklearn_log_loss_notes,
    torch_nll_of_log,
)
from lossviz.maths.conventions_table import CONVENTIONS, NO_LOGITS, conventions_table
from lossviz.words.i18n import render

BOOK_Y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]

# The lab's inputs: probabilities y or logits z (y = softmax(z / T)), a label or soft targets t.
CASES = {
    "book": {"y": BOOK_Y, "label": 2},
    "zero": {"y": [1.0, 0.0], "label": 1},
    "perfect": {"y": [0.0, 1.0], "label": 1},
    "overflow": {"z": [1000.0, 0.0], "label": 1},
    "perfect_logits": {"z": [0.0, 1000.0], "label": 1},
    "soft_T2": {"z": [2.0, 1.0, 0.1], "t": [0.2, 0.5, 0.3], "T": 2.0},
    "sharp_T03": {"z": [2.0, 1.0, 0.1], "label": 0, "T": 0.3},
    "all_zero": {"y": [0.0, 0.0], "label": 0},
    "unnormalised": {"y": [0.2, 0.2], "label": 0},
    "soft_probabilities": {"y": [0.3, 0.7], "t": [0.5, 0.5]},
    "beyond_float32": {"z": [1e39, 0.0], "label": 1},
}

ONE_LABEL = (
    "ValueError: y_true contains only one label ({}). Please provide the list of all expected class "
    "labels explicitly through the labels argument."
)
NLL_FLOAT_TARGET = "RuntimeError: expected target dtype to be Long or Byte, but got Float"
MULTIOUTPUT = "ValueError: Multioutput target data is not supported with label binarization"
SUM_WARNING = "UserWarning: The y_prob values do not sum to one. Make sure to pass probabilities."
# Keras divides y by Σ y first; XLA divides by multiplying with the reciprocal, which can land one
# float32 ulp away from numpy's division when Σ y ≠ 1. One ulp in y_k moves −log y_k by at most
# ulp(y_k) / y_k ≤ 2⁻²³, so Σ t_k (−log y_k) moves by at most 2⁻²³; twice that allows for the log.
KERAS_ULP = 2 * 2**-23

# {case: {call as shown in English: value returned, or the error raised}}; observed (see top).
OBSERVED = {
    "book": {
        "nn.MSELoss()": 0.019499998539686203,
        "nn.MSELoss(reduction='sum')": 0.19499999284744263,
        "keras.losses.MeanSquaredError()": 0.019500000402331352,
        "metrics.mean_squared_error(t, y)": 0.019500000000000007,
        "optax.l2_loss(y, t).sum()": 0.09749999642372131,
        "optax.squared_error(y, t).mean()": 0.019500000402331352,
        "nn.NLLLoss()(torch.log(y), label)": 0.5108255743980408,
        "nn.CrossEntropyLoss()(y, label)  ✗ mistake": 1.8194942474365234,
        "keras.losses.CategoricalCrossentropy()": 0.5108255743980408,
        "metrics.log_loss([label], [y], labels=range(10))": 0.5108256237659907,
        "metrics.log_loss([label], [y])": ONE_LABEL.format(2),
    },
    "zero": {
        "nn.MSELoss()": 1.0,
        "nn.MSELoss(reduction='sum')": 2.0,
        "keras.losses.MeanSquaredError()": 1.0,
        "metrics.mean_squared_error(t, y)": 1.0,
        "optax.l2_loss(y, t).sum()": 1.0,
        "optax.squared_error(y, t).mean()": 1.0,
        "nn.NLLLoss()(torch.log(y), label)": math.inf,
        "nn.CrossEntropyLoss()(y, label)  ✗ mistake": 1.31326162815094,
        "keras.losses.CategoricalCrossentropy()": 16.11809539794922,
        "metrics.log_loss([label], [y], labels=range(2))": 36.04365338911715,
        "metrics.log_loss([label], [y])": ONE_LABEL.format(1),
    },
    "perfect": {
        "nn.MSELoss()": 0.0,
        "nn.MSELoss(reduction='sum')": 0.0,
        "keras.losses.MeanSquaredError()": 0.0,
        "metrics.mean_squared_error(t, y)": 0.0,
        "optax.l2_loss(y, t).sum()": 0.0,
        "optax.squared_error(y, t).mean()": 0.0,
        "nn.NLLLoss()(torch.log(y), label)": 0.0,
        "nn.CrossEntropyLoss()(y, label)  ✗ mistake": 0.31326165795326233,
        "keras.losses.CategoricalCrossentropy()": 1.1920928955078125e-07,
        "metrics.log_loss([label], [y], labels=range(2))": 2.220446049250313e-16,
        "metrics.log_loss([label], [y])": ONE_LABEL.format(1),
    },
    "overflow": {
        "nn.MSELoss()": 1.0,
        "nn.MSELoss(reduction='sum')": 2.0,
        "keras.losses.MeanSquaredError()": 1.0,
        "metrics.mean_squared_error(t, y)": 1.0,
        "optax.l2_loss(y, t).sum()": 1.0,
        "optax.squared_error(y, t).mean()": 1.0,
        "nn.NLLLoss()(torch.log(y), label)": math.inf,
        "nn.CrossEntropyLoss()(y, label)  ✗ mistake": 1.31326162815094,
        "keras.losses.CategoricalCrossentropy()": 16.11809539794922,
        "metrics.log_loss([label], [y], labels=range(2))": 36.04365338911715,
        "metrics.log_loss([label], [y])": ONE_LABEL.format(1),
        "nn.CrossEntropyLoss()(z, label)": 1000.0,
        "optax.softmax_cross_entropy(z, t).mean()": 1000.0,
    },
    "perfect_logits": {
        "nn.MSELoss()": 0.0,
        "nn.MSELoss(reduction='sum')": 0.0,
        "keras.losses.MeanSquaredError()": 0.0,
        "metrics.mean_squared_error(t, y)": 0.0,
        "optax.l2_loss(y, t).sum()": 0.0,
        "optax.squared_error(y, t).mean()": 0.0,
        "nn.NLLLoss()(torch.log(y), label)": 0.0,
        "nn.CrossEntropyLoss()(y, label)  ✗ mistake": 0.31326165795326233,
        "keras.losses.CategoricalCrossentropy()": 1.1920928955078125e-07,
        "metrics.log_loss([label], [y], labels=range(2))": 2.220446049250313e-16,
        "metrics.log_loss([label], [y])": ONE_LABEL.format(1),
        "nn.CrossEntropyLoss()(z, label)": 0.0,
        "optax.softmax_cross_entropy(z, t).mean()": -0.0,  # the table shows it as 0.0
    },
    "soft_T2": {
        "nn.MSELoss()": 0.046849798411130905,
        "nn.MSELoss(reduction='sum')": 0.14054939150810242,
        "keras.losses.MeanSquaredError()": 0.046849798411130905,
        "metrics.mean_squared_error(t, y)": 0.0468497900719981,
        "optax.l2_loss(y, t).sum()": 0.07027469575405121,
        "optax.squared_error(y, t).mean()": 0.046849798411130905,
        "nn.NLLLoss()(torch.log(y), t)": NLL_FLOAT_TARGET,
        "nn.CrossEntropyLoss()(y, t)  ✗ mistake": 1.129452109336853,
        "keras.losses.CategoricalCrossentropy()": pytest.approx(1.224777340888977, abs=KERAS_ULP),
        "metrics.log_loss([t], [y])": MULTIOUTPUT,
        "nn.CrossEntropyLoss()(z / T, t)": 1.2247774600982666,
        "optax.softmax_cross_entropy(z / T, t).mean()": 1.2247774600982666,
    },
    "sharp_T03": {
        "nn.MSELoss()": 0.0008294754661619663,
        "nn.MSELoss(reduction='sum')": 0.002488426398485899,
        "keras.losses.MeanSquaredError()": 0.0008294754661619663,
        "metrics.mean_squared_error(t, y)": 0.0008294748598208532,
        "optax.l2_loss(y, t).sum()": 0.0012442131992429495,
        "optax.squared_error(y, t).mean()": 0.0008294754661619663,
        "nn.NLLLoss()(torch.log(y), label)": 0.03676589950919151,
        "nn.CrossEntropyLoss()(y, label)  ✗ mistake": 0.5748140811920166,
        "keras.losses.CategoricalCrossentropy()": pytest.approx(0.036765776574611664, abs=KERAS_ULP),
        "metrics.log_loss([label], [y], labels=range(3))": 0.03676587258565025,
        "metrics.log_loss([label], [y])": ONE_LABEL.format(0),
        "nn.CrossEntropyLoss()(z / T, label)": 0.03676585108041763,
        "optax.softmax_cross_entropy(z / T, t).mean()": 0.03676585480570793,
    },
    "all_zero": {
        "nn.MSELoss()": 0.5,
        "nn.MSELoss(reduction='sum')": 1.0,
        "keras.losses.MeanSquaredError()": 0.5,
        "metrics.mean_squared_error(t, y)": 0.5,
        "optax.l2_loss(y, t).sum()": 0.5,
        "optax.squared_error(y, t).mean()": 0.5,
        "nn.NLLLoss()(torch.log(y), label)": math.inf,
        "nn.CrossEntropyLoss()(y, label)  ✗ mistake": 0.6931471824645996,
        "keras.losses.CategoricalCrossentropy()": math.nan,  # 0 / 0 when it renormalises
        "metrics.log_loss([label], [y], labels=range(2))": 36.04365338911715,  # and warns
        "metrics.log_loss([label], [y])": ONE_LABEL.format(0),
    },
    "unnormalised": {
        "nn.MSELoss()": 0.3400000333786011,
        "nn.MSELoss(reduction='sum')": 0.6800000667572021,
        "keras.losses.MeanSquaredError()": 0.3400000333786011,
        "metrics.mean_squared_error(t, y)": 0.3400000000000001,
        "optax.l2_loss(y, t).sum()": 0.3400000333786011,
        "optax.squared_error(y, t).mean()": 0.3400000333786011,
        "nn.NLLLoss()(torch.log(y), label)": 1.6094379425048828,
        "nn.CrossEntropyLoss()(y, label)  ✗ mistake": 0.6931471824645996,
        "keras.losses.CategoricalCrossentropy()": 0.6931471824645996,
        "metrics.log_loss([label], [y], labels=range(2))": 1.6094379124341003,  # and warns
        "metrics.log_loss([label], [y])": ONE_LABEL.format(0),
    },
    "soft_probabilities": {
        "nn.MSELoss()": 0.03999999538064003,
        "nn.MSELoss(reduction='sum')": 0.07999999076128006,
        "keras.losses.MeanSquaredError()": 0.03999999538064003,
        "metrics.mean_squared_error(t, y)": 0.039999999999999994,
        "optax.l2_loss(y, t).sum()": 0.03999999538064003,
        "optax.squared_error(y, t).mean()": 0.03999999538064003,
        "nn.NLLLoss()(torch.log(y), t)": NLL_FLOAT_TARGET,
        "nn.CrossEntropyLoss()(y, t)  ✗ mistake": 0.7130152583122253,
        "keras.losses.CategoricalCrossentropy()": 0.78032386302948,
        "metrics.log_loss([t], [y])": MULTIOUTPUT,
    },
    "beyond_float32": {
        "nn.MSELoss()": 1.0,
        "nn.MSELoss(reduction='sum')": 2.0,
        "keras.losses.MeanSquaredError()": 1.0,
        "metrics.mean_squared_error(t, y)": 1.0,
        "optax.l2_loss(y, t).sum()": 1.0,
        "optax.squared_error(y, t).mean()": 1.0,
        "nn.NLLLoss()(torch.log(y), label)": math.inf,
        "nn.CrossEntropyLoss()(y, label)  ✗ mistake": 1.31326162815094,
        "keras.losses.CategoricalCrossentropy()": 16.11809539794922,
        "metrics.log_loss([label], [y], labels=range(2))": 36.04365338911715,
        "metrics.log_loss([label], [y])": ONE_LABEL.format(1),
        "nn.CrossEntropyLoss()(z, label)": math.nan,  # 1e39 is inf in float32
        "optax.softmax_cross_entropy(z, t).mean()": math.nan,
    },
}
# The dtype each library's result came back in, in the same runs (torch.float32, float32, Python float).
DTYPES = {"PyTorch": "float32", "Keras": "float32", "optax": "float32", "scikit-learn": "float64"}


def inputs(case):
    """(y, t, z, T) as the lab builds them: y = lv.softmax(z, T) from logits."""
    c = CASES[case]
    z, temperature = c.get("z"), c.get("T", 1.0)
    y = lv.softmax(z, temperature=temperature) if z is not None else np.array(c["y"])
    t = np.eye(len(y))[c["label"]] if "label" in c else np.array(c["t"])
    return y, t, None if z is None else np.array(z), temperature


def reported(case):
    """{call in English: Reported} for one case."""
    y, t, z, temperature = inputs(case)
    return {render(r.call): r for r in conventions_table(y, t, z, temperature=temperature)}


def expected_value(want, dtype):
    if isinstance(want, float) and math.isfinite(want):
        return pytest.approx(want, rel=1e-6 if dtype == "float32" else 1e-12)
    return want


def check(row, want):
    """The row shows the library's value, or no value and the library's error in its note."""
    if isinstance(want, str):
        assert row.value is None and any(want in render(n) for n in row.notes), (render(row.call), row.notes)
    elif isinstance(want, float) and math.isnan(want):
        assert math.isnan(row.value) and "returns NaN" in [render(n) for n in row.notes]
    else:
        assert row.value == expected_value(want, row.convention.dtype), render(row.call)


@pytest.mark.parametrize("case", OBSERVED)
def test_each_row_shows_what_the_library_returns_or_raises(case):
    rows = reported(case)
    for call, want in OBSERVED[case].items():
        if call == "metrics.log_loss([label], [y])":  # the call without labels=: quoted in the note
            row = next(r for c, r in rows.items() if c.startswith("metrics.log_loss"))
            assert f"without labels=range({len(inputs(case)[0])}) it raises `{want}`" in map(
                render, row.notes
            )
        else:
            check(rows[call], want)


@pytest.mark.parametrize("case", OBSERVED)
def test_every_library_row_is_checked(case):
    # Every row but the article's own two (checked by hand below) is in OBSERVED; logits rows
    # without logits are empty and say so.
    rows = reported(case)
    library_rows = {c for c, r in rows.items() if r.convention.library in DTYPES}
    logits_rows = {c for c, r in rows.items() if r.convention.takes_logits}
    if CASES[case].get("z") is None:
        assert all(rows[c].value is None and rows[c].notes == (NO_LOGITS,) for c in logits_rows)
        library_rows -= logits_rows
    assert library_rows <= set(OBSERVED[case])


def test_the_article_rows_by_hand():
    # The numerics-lab issue, row A: ½ Σ (y − t)² = 0.0975; −ln(0.6 + 1e-7) = 0.5108254905 (hand).
    rows = reported("book")
    assert rows["0.5 * np.sum((y - t)**2)"].value == pytest.approx(0.0975, rel=1e-12)
    assert rows["cross_entropy_error(y, t)"].value == pytest.approx(-math.log(0.6 + 1e-7), rel=1e-12)
    assert rows["cross_entropy_error(y, t)"].convention.dtype == "float64"


def test_each_row_names_the_dtype_its_library_computes_in():
    for c in CONVENTIONS:
        assert c.dtype == DTYPES.get(render(c.library), "float64"), c.call


def test_a_perfect_prediction_costs_keras_its_float32_epsilon():
    # The issue: Keras reports 1.19e-07, not 1e-07: 1 − 1e-7 rounds to 0.99999988 = 1 − 2⁻²³ in
    # float32, and −ln(1 − 2⁻²³) = 1.1920929e-07 (observed 1.1920928955078125e-07 in Keras 3.15.1).
    value = keras_categorical_crossentropy([0.0, 1.0], [0.0, 1.0])
    assert value == pytest.approx(1.1920928955078125e-07, rel=1e-6)
    assert round(-math.log(1 - 1e-7), 9) == 1.0e-07  # what a float64 clip would have said


def test_no_negative_zero_reaches_the_table():
    # optax returns −0.0 for z = [0, 1000], label 1 (OBSERVED): the table holds +0.0, formatted "0".
    row = reported("perfect_logits")["optax.softmax_cross_entropy(z, t).mean()"]
    assert row.value == 0.0 and math.copysign(1.0, row.value) == 1.0 and f"{row.value:.6g}" == "0"
    for case in CASES:
        for r in reported(case).values():
            assert r.value != 0.0 or math.copysign(1.0, r.value) == 1.0  # None and NaN are != 0.0


def test_temperature_rows_show_the_call_on_z_over_t():
    rows = reported("soft_T2")
    for call in ("nn.CrossEntropyLoss()(z / T, t)", "optax.softmax_cross_entropy(z / T, t).mean()"):
        assert [render(n) for n in rows[call].notes] == ["called on z / T, with T = 2"]
        assert [render(n, "zh") for n in rows[call].notes] == ["以 z / T 调用，T = 2"]
    assert "nn.CrossEntropyLoss()(z, label)" in reported("overflow")  # T = 1: plain z, no note
    assert reported("overflow")["nn.CrossEntropyLoss()(z, label)"].notes == ()


def test_refusals_quote_the_library_in_both_languages():
    rows = reported("soft_probabilities")
    nll = rows["nn.NLLLoss()(torch.log(y), t)"]
    assert render(nll.notes[0]) == f"takes class labels, not soft targets: raises `{NLL_FLOAT_TARGET}`"
    assert render(nll.notes[0], "zh") == f"只接受类别标签，不接受软目标：报错 `{NLL_FLOAT_TARGET}`"
    with pytest.raises(Refusal, match="Long or Byte"):
        torch_nll_of_log([0.3, 0.7], [0.5, 0.5])


def test_scikit_learn_needs_labels_for_one_sample_and_warns_when_y_does_not_sum_to_one():
    notes = [
        render(n) for n in reported("unnormalised")["metrics.log_loss([label], [y], labels=range(2))"].notes
    ]
    assert notes == [f"without labels=range(2) it raises `{ONE_LABEL.format(0)}`", f"warns `{SUM_WARNING}`"]
    assert sklearn_log_loss_notes([0.5, 0.5], [[0.0, 1.0]])[-1].key == "lab.conv.note.needs_labels"


@pytest.mark.parametrize(
    ("y", "labels_in_t", "labels", "want"),
    [
        # Observed in scikit-learn 1.9.1: log_loss([0, 1], [[.7, .3], [.2, .8]]) = 0.2899092476264711.
        ([[0.7, 0.3], [0.2, 0.8]], [0, 1], None, 0.2899092476264711),
        # log_loss([0, 1], [[.7, .2, .1], [.2, .5, .3]], labels=range(3)) = 0.5249110622493389.
        ([[0.7, 0.2, 0.1], [0.2, 0.5, 0.3]], [0, 1], range(3), 0.5249110622493389),
        ([[0.7, 0.2, 0.1], [0.2, 0.5, 0.3]], [0, 0], None, ONE_LABEL.format(0)),
        (
            [[0.7, 0.2, 0.1], [0.2, 0.5, 0.3]],
            [0, 1],
            None,
            "ValueError: y_true and y_prob contain different number of classes: 2 vs 3. Please provide "
            "the true labels explicitly through the labels argument. Classes found in y_true: [0 1]",
        ),
        (
            [[1.0]],
            [0],
            range(1),
            "ValueError: The labels array needs to contain at least two labels, got [0].",
        ),
        (
            [[0.5, 0.5]],
            [1],
            range(1),
            "ValueError: y_true contains values {1} not belonging to the passed labels range(0, 1).",
        ),
    ],
)
def test_scikit_learn_log_loss_on_batches(y, labels_in_t, labels, want):
    t = np.eye(np.shape(y)[-1])[labels_in_t]
    if isinstance(want, str):
        with pytest.raises(Refusal) as info:
            sklearn_log_loss(y, t, labels=labels)
        assert info.value.error == want
    else:
        assert sklearn_log_loss(y, t, labels=labels) == pytest.approx(want, rel=1e-12)


def test_every_row_reads_in_both_languages():
    for case in ("book", "soft_T2", "all_zero"):
        y, t, z, temperature = inputs(case)
        for r in conventions_table(y, t, z, temperature=temperature):
            c = r.convention
            for part in (c.library, r.call, c.loss, c.fed, c.formula, *r.notes):
                assert render(part, "en") and render(part, "zh")
            assert c.link.startswith("https://")
            assert render(c.loss, "zh") in ("均方误差", "交叉熵误差")
    rows = {render(r.call): r for r in conventions_table(np.array(BOOK_Y), np.eye(10)[2])}
    mistake = rows["nn.CrossEntropyLoss()(y, label)  ✗ mistake"]
    assert render(mistake.call, "zh") == "nn.CrossEntropyLoss()(y, label)  ✗ 错误用法"
    assert render(mistake.convention.formula, "zh") == "−(1/N) Σ t log_softmax(y)：softmax 被用了两次"
    # Pure formulas and code stay plain strings, the same in both languages.
    assert rows["nn.MSELoss()"].convention.formula == "(1/(N·K)) Σ (y − t)²  (reduction='mean')"


# ---- live: the same calls in the libraries themselves, where they are installed ----


def live_cases():
    return [(case, *inputs(case)) for case in OBSERVED]


def compare_live(case, calls, *, within_ulp=()):
    """Each {call: thunk} against the table: the value, or the refusal quoting the library's error.

    Calls in within_ulp are compared to KERAS_ULP (see there) instead of to float32's precision.
    """
    rows = reported(case)
    for call, thunk in calls.items():
        try:
            got = float(thunk())
        except Exception as exc:  # the library's own refusal
            check(rows[call], f"{type(exc).__name__}: {exc}")
            continue
        loose = call in within_ulp and math.isfinite(got)
        check(rows[call], pytest.approx(got, abs=KERAS_ULP) if loose else got)


@pytest.mark.parametrize(("case", "y", "t", "z", "temperature"), live_cases())
def test_live_pytorch(case, y, t, z, temperature):
    torch = pytest.importorskip("torch")
    nn = torch.nn
    label = int(np.argmax(t)) if "label" in CASES[case] else None
    y_, t_ = torch.tensor(y.tolist()), torch.tensor(t.tolist())
    target, name = (torch.tensor(label), "label") if label is not None else (t_, "t")
    calls = {
        "nn.MSELoss()": lambda: nn.MSELoss()(y_, t_),
        "nn.MSELoss(reduction='sum')": lambda: nn.MSELoss(reduction="sum")(y_, t_),
        f"nn.NLLLoss()(torch.log(y), {name})": lambda: nn.NLLLoss()(torch.log(y_), target),
        f"nn.CrossEntropyLoss()(y, {name})  ✗ mistake": lambda: nn.CrossEntropyLoss()(y_, target),
    }
    if z is not None:
        z_ = torch.tensor((z / temperature).tolist())
        calls[f"nn.CrossEntropyLoss()({'z' if temperature == 1 else 'z / T'}, {name})"] = lambda: (
            nn.CrossEntropyLoss()(z_, target)
        )
    compare_live(case, calls)


@pytest.mark.parametrize(("case", "y", "t", "z", "temperature"), live_cases())
def test_live_keras_and_optax(case, y, t, z, temperature):
    pytest.importorskip("jax")
    os.environ.setdefault("KERAS_BACKEND", "jax")
    keras = pytest.importorskip("keras")
    optax = pytest.importorskip("optax")
    jnp = pytest.importorskip("jax.numpy")
    yl, tl = y.tolist(), t.tolist()
    calls = {
        "keras.losses.MeanSquaredError()": lambda: keras.losses.MeanSquaredError()(tl, yl),
        "optax.l2_loss(y, t).sum()": lambda: optax.l2_loss(jnp.asarray(yl), jnp.asarray(tl)).sum(),
        "optax.squared_error(y, t).mean()": lambda: optax.squared_error(
            jnp.asarray(yl), jnp.asarray(tl)
        ).mean(),
        "keras.losses.CategoricalCrossentropy()": lambda: keras.losses.CategoricalCrossentropy()(tl, yl),
    }
    if z is not None:
        zl = (z / temperature).tolist()
        call = f"optax.softmax_cross_entropy({'z' if temperature == 1 else 'z / T'}, t).mean()"
        calls[call] = lambda: optax.softmax_cross_entropy(jnp.asarray(zl), jnp.asarray(tl)).mean()
    compare_live(case, calls, within_ulp={"keras.losses.CategoricalCrossentropy()"})


@pytest.mark.parametrize(("case", "y", "t", "z", "temperature"), live_cases())
def test_live_scikit_learn(case, y, t, z, temperature):
    metrics = pytest.importorskip("sklearn.metrics")
    yl, tl, k = y.tolist(), t.tolist(), len(y)
    calls = {"metrics.mean_squared_error(t, y)": lambda: metrics.mean_squared_error(tl, yl)}
    if "label" in CASES[case]:
        label = int(np.argmax(t))
        calls[f"metrics.log_loss([label], [y], labels=range({k}))"] = lambda: metrics.log_loss(
            [label], [yl], labels=range(k)
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            metrics.log_loss([label], [yl], labels=range(k))
        warned = any(str(w.message) in SUM_WARNING for w in caught)
        notes = reported(case)[f"metrics.log_loss([label], [y], labels=range({k}))"].notes
        assert warned == (f"warns `{SUM_WARNING}`" in map(render, notes))
    else:
        calls["metrics.log_loss([t], [y])"] = lambda: metrics.log_loss([tl], [yl])
    compare_live(case, calls)
