"""Tests for lossviz/maths/conventions.py and conventions_table.py: each row against the real library.

What each library returned, or the error it raised, on the lab's inputs is recorded in
reference/libraries.json by reference/record.py, run where the libraries are installed; the file
names the versions (torch on CPU, Keras on JAX, optax, scikit-learn). These tests read it, so every
run checks the table against the libraries without installing them. test_live_libraries re-runs
the recording where they are installed.
"""

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

from lossviz.maths.conventions import (
    Refusal,
    keras_categorical_crossentropy,
    sklearn_log_loss,
    sklearn_log_loss_notes,
    torch_nll_of_log,
)
from lossviz.maths.conventions_table import ARTICLE, CONVENTIONS, NO_LOGITS, conventions_table
from lossviz.words.i18n import render

REFERENCE_DIR = Path(__file__).parent / "reference"
REFERENCE = json.loads((REFERENCE_DIR / "libraries.json").read_text(encoding="utf-8"))
RECORDED = REFERENCE["conventions"]  # {case: {"inputs": {y, t, z, T}, "calls": {call: result}}}

NLL_FLOAT_TARGET = "RuntimeError: expected target dtype to be Long or Byte, but got Float"
SUM_WARNING = "UserWarning: The y_prob values do not sum to one. Make sure to pass probabilities."
WITHOUT_LABELS = "metrics.log_loss([label], [y])"  # quoted in the note of the call with labels=
# Keras divides y by Σ y first; XLA divides by multiplying with the reciprocal, which can land one
# float32 ulp away from numpy's division when Σ y ≠ 1. One ulp in y_k moves −log y_k by at most
# ulp(y_k) / y_k ≤ 2⁻²³, so Σ t_k (−log y_k) moves by at most 2⁻²³; twice that allows for the log.
KERAS_ULP = 2 * 2**-23


def inputs(case, recorded=RECORDED):
    """(y, t, z, T) of a recorded case, as arrays (z None without logits)."""
    i = recorded[case]["inputs"]
    return np.array(i["y"]), np.array(i["t"]), None if i["z"] is None else np.array(i["z"]), i["T"]


def reported(case, recorded=RECORDED):
    """{call in English: Reported} for one case."""
    y, t, z, temperature = inputs(case, recorded)
    return {render(r.call): r for r in conventions_table(y, t, z, temperature=temperature)}


def check(row, result):
    """The row shows the library's recorded value, or no value and the library's error in its note."""
    if "raises" in result:
        assert row.value is None and any(result["raises"] in render(n) for n in row.notes), (
            render(row.call),
            row.notes,
        )
        return
    want = float(result["value"])  # written with repr: exact
    if math.isnan(want):
        assert math.isnan(row.value) and "returns NaN" in [render(n) for n in row.notes]
    elif not math.isfinite(want):
        assert row.value == want and f"returns {want}" in [render(n) for n in row.notes]
    elif render(row.call) == "keras.losses.CategoricalCrossentropy()":
        assert row.value == pytest.approx(want, abs=KERAS_ULP)
    else:
        precision = 1e-6 if result["dtype"] == "float32" else 1e-12
        assert row.value == pytest.approx(want, rel=precision, abs=0), render(row.call)


def check_case(case, recorded=RECORDED):
    rows = reported(case, recorded)
    k = len(recorded[case]["inputs"]["y"])
    for call, result in recorded[case]["calls"].items():
        if call == WITHOUT_LABELS:
            row = rows[f"metrics.log_loss([label], [y], labels=range({k}))"]
            assert f"without labels=range({k}) it raises `{result['raises']}`" in map(render, row.notes)
        else:
            check(rows[call], result)
        if call.startswith("metrics.log_loss") and call != WITHOUT_LABELS:
            assert (f"warns `{SUM_WARNING}`" in map(render, rows[call].notes)) == (
                SUM_WARNING in result["warns"]
            )


@pytest.mark.parametrize("case", RECORDED)
def test_each_row_shows_what_the_library_returns_raises_or_warns(case):
    check_case(case)


@pytest.mark.parametrize("case", RECORDED)
def test_every_library_row_is_checked(case):
    # Every row but the article's own two (checked by hand below) is recorded; logits rows
    # without logits are empty and say so.
    rows = reported(case)
    library_rows = {c for c, r in rows.items() if r.convention.library != ARTICLE}
    logits_rows = {c for c, r in rows.items() if r.convention.takes_logits}
    if RECORDED[case]["inputs"]["z"] is None:
        assert all(rows[c].value is None and rows[c].notes == (NO_LOGITS,) for c in logits_rows)
        library_rows -= logits_rows
    assert library_rows and library_rows <= set(RECORDED[case]["calls"])


def test_the_recording_names_the_versions_that_made_it():
    versions = REFERENCE["recorded_with"]
    assert versions["keras_backend"] == "jax"
    for name in ("torch", "keras", "jax", "jaxlib", "optax", "scikit-learn", "numpy", "python"):
        assert versions[name][0].isdigit(), name


def recorded(case, call):
    return float(RECORDED[case]["calls"][call]["value"])


def test_the_article_rows_by_hand():
    # The numerics-lab issue, row A: ½ Σ (y − t)² = 0.0975; −ln(0.6 + 1e-7) = 0.5108254905 (hand).
    rows = reported("book")
    assert rows["0.5 * np.sum((y - t)**2)"].value == pytest.approx(0.0975, rel=1e-12)
    assert rows["cross_entropy_error(y, t)"].value == pytest.approx(-math.log(0.6 + 1e-7), rel=1e-12)
    assert rows["cross_entropy_error(y, t)"].convention.dtype == "float64"


def test_each_row_names_the_dtype_its_library_computes_in():
    dtypes = {}  # {library: every dtype its results came back in, in the recording}
    for case in RECORDED.values():
        for result in case["calls"].values():
            if "dtype" in result:
                dtypes.setdefault(result["library"], set()).add(result["dtype"])
    assert set(dtypes) == {"PyTorch", "Keras", "optax", "scikit-learn"}
    for c in CONVENTIONS:
        assert {c.dtype} == dtypes.get(render(c.library), {"float64"}), c.call  # the article: float64


def test_a_perfect_prediction_costs_keras_its_float32_epsilon():
    # Keras reports 1.19e-07, not 1e-07: 1 − 1e-7 rounds to 0.99999988 = 1 − 2⁻²³ in float32, and
    # −ln(1 − 2⁻²³) = 1.1920929e-07 (by hand; the recording has Keras's own value).
    value = keras_categorical_crossentropy([0.0, 1.0], [0.0, 1.0])
    assert value == pytest.approx(recorded("perfect", "keras.losses.CategoricalCrossentropy()"), rel=1e-6)
    assert value == pytest.approx(-math.log(1 - 2**-23), rel=1e-6)
    assert round(-math.log(1 - 1e-7), 9) == 1.0e-07  # what a float64 clip would have said


def test_no_negative_zero_reaches_the_table():
    # optax returns −0.0 for z = [0, 1000], label 1 (recorded): the table holds +0.0, formatted "0".
    call = "optax.softmax_cross_entropy(z, t).mean()"
    assert math.copysign(1.0, recorded("perfect_logits", call)) == -1.0
    row = reported("perfect_logits")[call]
    assert row.value == 0.0 and math.copysign(1.0, row.value) == 1.0 and f"{row.value:.6g}" == "0"
    for case in RECORDED:
        for r in reported(case).values():
            assert r.value != 0.0 or math.copysign(1.0, r.value) == 1.0  # None and NaN are != 0.0


def test_jax_flushes_subnormal_float32_results_to_zero():
    # z = [50, 0]: y₁ = e⁻⁵⁰ ≈ 1.93e-22 and ½ y₁² ≈ 1.9e-44 is below float32's smallest normal
    # number. PyTorch keeps the subnormal; optax and Keras (on JAX, whose CPU backend flushes
    # subnormals) return 0.0 (both recorded).
    rows = reported("subnormal_squares")
    assert recorded("subnormal_squares", "nn.MSELoss()") == pytest.approx(1.93e-22**2 / 2, rel=0.05)
    assert rows["nn.MSELoss()"].value == recorded("subnormal_squares", "nn.MSELoss()")
    for call in (
        "optax.l2_loss(y, t).sum()",
        "optax.squared_error(y, t).mean()",
        "keras.losses.MeanSquaredError()",
    ):
        assert recorded("subnormal_squares", call) == 0.0
        assert rows[call].value == 0.0, call


def test_only_a_logit_that_overflows_float32_is_said_to_become_inf():
    # float32's largest number is 3.4028234663852886e38 (numpy's finfo); the next float64 above it
    # rounds down to it, and PyTorch and optax return it as the loss (recorded); 1e39 becomes inf.
    beyond = "the input exceeds float32's largest number, 3.4e+38, and becomes inf"
    for call in ("nn.CrossEntropyLoss()(z, label)", "optax.softmax_cross_entropy(z, t).mean()"):
        row = reported("rounds_to_float32_max")[call]
        assert row.value == recorded("rounds_to_float32_max", call) == 3.4028234663852886e38
        assert beyond not in map(render, row.notes)
        assert beyond in map(render, reported("beyond_float32")[call].notes)


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
    assert (
        RECORDED["soft_probabilities"]["calls"]["nn.NLLLoss()(torch.log(y), t)"]["raises"] == NLL_FLOAT_TARGET
    )
    assert render(nll.notes[0]) == f"takes class labels, not soft targets: raises `{NLL_FLOAT_TARGET}`"
    assert render(nll.notes[0], "zh") == f"只接受类别标签，不接受软目标：报错 `{NLL_FLOAT_TARGET}`"
    with pytest.raises(Refusal, match="Long or Byte"):
        torch_nll_of_log([0.3, 0.7], [0.5, 0.5])


def test_scikit_learn_needs_labels_for_one_sample_and_warns_when_y_does_not_sum_to_one():
    calls = RECORDED["unnormalised"]["calls"]
    notes = [
        render(n) for n in reported("unnormalised")["metrics.log_loss([label], [y], labels=range(2))"].notes
    ]
    assert notes == [
        f"without labels=range(2) it raises `{calls[WITHOUT_LABELS]['raises']}`",
        f"warns `{SUM_WARNING}`",
    ]
    assert calls["metrics.log_loss([label], [y], labels=range(2))"]["warns"] == [SUM_WARNING]
    assert sklearn_log_loss_notes([0.5, 0.5], [[0.0, 1.0]])[-1].key == "lab.conv.note.needs_labels"


BATCHES = REFERENCE["log_loss_batches"]  # {y, classes, labels (K of range(K)) or None, result}
ONE_HOT_BATCHES = [b for b in BATCHES if max(b["classes"]) < len(b["y"][0])]  # t one-hot of y's width


@pytest.mark.parametrize("batch", ONE_HOT_BATCHES, ids=str)
def test_scikit_learn_log_loss_on_batches(batch):
    y = batch["y"]
    t = np.eye(len(y[0]))[batch["classes"]]
    labels = None if batch["labels"] is None else range(batch["labels"])
    if "raises" in batch:
        with pytest.raises(Refusal) as info:
            sklearn_log_loss(y, t, labels=labels)
        assert info.value.error == batch["raises"]
    else:
        assert sklearn_log_loss(y, t, labels=labels) == pytest.approx(float(batch["value"]), rel=1e-12)
    warns = "lab.conv.note.warns" in [n.key for n in sklearn_log_loss_notes(y, t)]
    assert warns == (SUM_WARNING in batch["warns"]), "log_loss warns only beyond its own tolerance"


def test_scikit_learn_never_warns_of_the_sum_of_a_single_column():
    # log_loss reads one column as [1 − p, p], which sums to one (recorded: no warning for 0.3, 0.6).
    (single,) = [b for b in BATCHES if b not in ONE_HOT_BATCHES]
    assert single["warns"] == []
    assert "lab.conv.note.warns" not in [n.key for n in sklearn_log_loss_notes(single["y"], [[1.0], [1.0]])]
    assert "lab.conv.note.warns" in [n.key for n in sklearn_log_loss_notes([[0.3, 0.3]], [[1.0, 0.0]])]


def test_every_row_reads_in_both_languages():
    for case in ("book", "soft_T2", "all_zero"):
        y, t, z, temperature = inputs(case)
        for r in conventions_table(y, t, z, temperature=temperature):
            c = r.convention
            for part in (c.library, r.call, c.loss, c.fed, c.formula, *r.notes):
                assert render(part, "en") and render(part, "zh")
            assert c.link.startswith("https://")
            assert render(c.loss, "zh") in ("均方误差", "交叉熵误差")
    rows = reported("book")
    mistake = rows["nn.CrossEntropyLoss()(y, label)  ✗ mistake"]
    assert render(mistake.call, "zh") == "nn.CrossEntropyLoss()(y, label)  ✗ 错误用法"
    assert render(mistake.convention.formula, "zh") == "−(1/N) Σ t log_softmax(y)：softmax 被用了两次"
    # Pure formulas and code stay plain strings, the same in both languages.
    assert rows["nn.MSELoss()"].convention.formula == "(1/(N·K)) Σ (y − t)²  (reduction='mean')"


@pytest.mark.slow
def test_live_libraries(monkeypatch):
    """Where the libraries are installed: record afresh and check the table against that (not in CI)."""
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    for name in ("torch", "jax", "keras", "optax", "sklearn"):
        pytest.importorskip(name)
    spec = importlib.util.spec_from_file_location("record", REFERENCE_DIR / "record.py")
    record = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(record)
    live = record.record_conventions()
    for case in live:
        check_case(case, live)
