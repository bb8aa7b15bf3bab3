"""Tests for lossviz.maths.network: the two-layer network, its gradients, the training race, and
two published results (Nielsen's one neuron; a softmax logit that squared error cannot move)."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from lossviz.data import load_digits
from lossviz.maths import network as nw

REFERENCE = json.loads((Path(__file__).parent / "reference" / "network.json").read_text(encoding="utf-8"))
TINY = nw.Settings(**REFERENCE["trajectories"]["tiny"]["settings"])


def relative_error(a, b):
    """max |a − b| / max(|a| + |b|): the gradient check's measure (cs231n's, over the whole array)."""
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a) + np.abs(b)), 1e-300))


def small_case(seed=0, n=5, d=4, h=3, k=3):
    rng = np.random.default_rng(seed)
    net = nw.TwoLayerNet.initial(rng, d, h, k, 1.0)
    net.params["b1"] += rng.standard_normal(h)  # non-zero biases, so their gradients are tested too
    net.params["b2"] += rng.standard_normal(k)
    x = rng.standard_normal((n, d))
    t = nw.one_hot_rows(rng.integers(0, k, n), k)
    return net, x, t


# ---- the data ---------------------------------------------------------------------------------


def test_the_digits_are_the_uci_set_split_once():
    d = load_digits()
    # 1,797 images (UCI's test part, as scikit-learn ships it; lossviz/data/README.md). The class
    # counts are np.bincount(sklearn.datasets.load_digits().target); 20 % of each, rounded
    # (36 + 36 + 35 + 37 + 36 + 36 + 36 + 36 + 35 + 36), is the test split's 359.
    assert d.x_train.shape[0] + d.x_test.shape[0] == 1797
    assert d.x_test.shape == (359, 64) and d.x_train.dtype == np.uint8
    assert np.bincount(np.concatenate([d.t_train, d.t_test])).tolist() == [
        178, 182, 177, 183, 181, 182, 181, 179, 174, 180,
    ]  # fmt: skip
    assert d.x_train.max() == 16 and d.x_train.min() == 0
    with pytest.raises(ValueError):
        d.x_train[0, 0] = 1  # shared by every session: read-only


# ---- the pieces, by hand ----------------------------------------------------------------------


def test_loss_values_by_hand():
    y = np.array([[0.1, 0.9], [0.5, 0.5]])
    t = nw.one_hot_rows(np.array([1, 0]), 2)
    # squared: ½(0.01 + 0.01) = 0.01 and ½(0.25 + 0.25) = 0.25, mean 0.13 (by hand)
    assert nw.loss_value(y, t, "squared") == pytest.approx(0.13, abs=1e-15)
    # cross-entropy: (−ln(0.9 + δ) − ln(0.5 + δ)) / 2, written out with math.log
    assert nw.loss_value(y, t, "cross-entropy") == pytest.approx(
        -(math.log(0.9 + 1e-7) + math.log(0.5 + 1e-7)) / 2, rel=1e-14
    )


def test_softmax_backward_is_the_jacobian_product():
    y = np.array([0.2, 0.3, 0.5])
    dy = np.array([1.0, -2.0, 0.5])
    jacobian = np.diag(y) - np.outer(y, y)  # ∂y_i/∂z_j of the softmax, written out
    np.testing.assert_allclose(nw.softmax_backward(y, dy), jacobian.T @ dy, rtol=1e-14)


def test_saturated_needs_a_wrong_and_confident_answer():
    t = nw.one_hot_rows(np.array([0, 0, 0]), 3)
    y = np.array(
        [
            [0.001, 0.998, 0.001],  # confidently wrong: squared error's push is tiny
            [0.998, 0.001, 0.001],  # confidently right: both pushes are tiny, nothing to learn
            [0.3, 0.4, 0.3],  # wrong but unsure: squared error still pushes
        ]
    )
    assert nw.saturated(y, t).tolist() == [True, False, False]


# ---- gradients: backpropagation against numerical differentiation and against torch ----------


@pytest.mark.parametrize("loss", nw.LOSSES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backpropagation_matches_the_central_difference(loss, seed):
    net, x, t = small_case(seed)
    analytic = net.gradient(x, t, loss)
    numeric = net.numerical_gradient(x, t, loss)
    for name in net.params:
        # The book's central difference (h = 1e-4) has an error of order h² ≈ 1e-8 relative.
        assert relative_error(analytic[name], numeric[name]) < 1e-6, name


def test_numerical_gradient_leaves_the_weights_as_they_were():
    net, x, t = small_case()
    before = {k: v.copy() for k, v in net.params.items()}
    net.numerical_gradient(x, t, "squared")
    assert all(np.array_equal(before[k], net.params[k]) for k in before)


@pytest.mark.parametrize("loss", nw.LOSSES)
def test_backpropagation_matches_torch_autograd(loss):
    ref = REFERENCE["gradients"]
    d = load_digits()
    x = nw.inputs(d.x_train[: ref["rows"]])
    t = nw.one_hot_rows(d.t_train[: ref["rows"]])
    net = nw.TwoLayerNet.initial(
        np.random.default_rng(ref["seed"]), 64, ref["hidden"], 10, ref["weight_scale"]
    )
    got = net.gradient(x, t, loss)
    # torch 2.13 autograd in float64 (tests/reference/record_network.py)
    assert net.loss(x, t, loss) == pytest.approx(ref[loss]["loss"], rel=1e-12)
    for name, value in got.items():
        np.testing.assert_allclose(value, ref[loss][name], rtol=1e-9, atol=1e-15, err_msg=name)


# ---- the race ---------------------------------------------------------------------------------


def test_both_runs_start_from_the_same_weights_and_diverge_only_by_the_loss():
    d = load_digits()
    tr = nw.train_on(
        nw.Settings(hidden=4, epochs=1), nw.inputs(d.x_train), d.t_train, nw.inputs(d.x_test), d.t_test
    )
    sq, ce = tr.runs["squared"], tr.runs["cross-entropy"]
    # epoch 0 is the shared start: same accuracy and the same saturated samples under both runs
    assert sq.train_accuracy[0] == ce.train_accuracy[0] and sq.saturated[0] == ce.saturated[0]
    assert sq.test_accuracy[0] == ce.test_accuracy[0]
    assert not np.array_equal(sq.predictions, ce.predictions)


def check_run(got, want, atol):
    for field in ("loss", "train_accuracy", "test_accuracy", "saturated"):
        np.testing.assert_allclose(getattr(got, field), want[field], rtol=0, atol=atol, err_msg=field)
    np.testing.assert_allclose(got.predictions, want["predictions"], rtol=0, atol=atol)


def test_a_tiny_race_matches_torch():
    tr = nw.train(TINY)
    for loss in nw.LOSSES:
        # torch float64 autograd with the same weights and batches (tests/reference/record_network.py)
        check_run(tr.runs[loss], REFERENCE["trajectories"]["tiny"]["runs"][loss], atol=1e-9)


@pytest.mark.slow
def test_the_default_race_matches_torch():
    tr = nw.train(nw.Settings())
    assert nw.Settings().__dict__ == REFERENCE["trajectories"]["default"]["settings"]
    for loss in nw.LOSSES:
        check_run(tr.runs[loss], REFERENCE["trajectories"]["default"]["runs"][loss], atol=1e-9)


def test_the_recorded_torch_is_the_pinned_one():
    assert REFERENCE["torch"].startswith("2.13.0")  # the version record_network.py names


def test_a_saturating_start_is_escaped_by_cross_entropy_first():
    # A large initial weight scale saturates a share of the samples at epoch 0; after one epoch
    # cross-entropy has fewer saturated samples left than squared error (the point of the page).
    tr = nw.train(nw.Settings(weight_scale=3.0, epochs=1))
    sq, ce = tr.runs["squared"], tr.runs["cross-entropy"]
    assert sq.saturated[0] > 0.1
    assert ce.saturated[1] < sq.saturated[1]


# ---- two published results, recomputed independently ------------------------------------------


def nielsen_by_hand(loss, epochs):
    """Nielsen's neuron recomputed with plain floats (math.exp), one update per epoch."""
    w = b = 2.0
    for _ in range(epochs):
        a = 1 / (1 + math.exp(-(w * 1.0 + b)))
        delta = a * a * (1 - a) if loss == "squared" else a  # y = 0: (a − y) σ'(z), or a − y
        w, b = w - 0.15 * delta, b - 0.15 * delta
    return 1 / (1 + math.exp(-(w + b)))


def test_nielsens_neuron_after_50_epochs():
    # Nielsen, Neural Networks and Deep Learning, ch. 3: x = 1, y = 0, w = b = 2, η = 0.15. The
    # start is σ(4) = 0.98201 (by hand). "Near 0.976 / 0.099 after 50 epochs" needs η = 0.15 under
    # both costs (his cross-entropy figure uses η = 0.005, which leaves 0.971 at epoch 50) and
    # counts 50 updates: the outputs after them are 0.97590 (quadratic) and 0.09853 (cross-entropy),
    # recomputed below with plain floats; after 49 updates cross-entropy is still at 0.1012.
    a = nw.sigmoid_neuron(2.0, 2.0, x=1.0, y=0.0, learning_rate=0.15, epochs=50)
    assert a["squared"][0] == pytest.approx(1 / (1 + math.exp(-4)), abs=1e-15)
    assert a["squared"][-1] == pytest.approx(nielsen_by_hand("squared", 50), abs=1e-12)
    assert a["cross-entropy"][-1] == pytest.approx(nielsen_by_hand("cross-entropy", 50), abs=1e-12)
    assert round(a["squared"][-1], 3) == 0.976 and round(a["cross-entropy"][-1], 3) == 0.099


def test_nielsens_first_step_by_hand():
    # σ(4) = 0.9820138; quadratic δ = a·a(1 − a) = 0.9820138² · 0.0179862 = 0.0173450, so w + b
    # falls by 2 · 0.15 · 0.0173450 = 0.0052035 and a becomes σ(3.9947965) = 0.9819216 (by hand,
    # with a calculator).
    a = nw.sigmoid_neuron(2.0, 2.0, x=1.0, y=0.0, learning_rate=0.15, epochs=1)
    assert a["squared"][1] == pytest.approx(0.9819216, abs=1e-7)


def test_a_wrong_logit_that_squared_error_cannot_move():
    # 3 classes, true class 0, z = [−4, 3, 0]. By hand: y0 = e^−4 / (e^−4 + e^3 + 1), and
    # cross-entropy's ∂E/∂z0 = y0 − 1 (≈ −0.999); squared error's, through the softmax Jacobian,
    # ∂E/∂z0 = Σ_k (y_k − t_k) ∂y_k/∂z0 = y0 [(y0 − 1) − Σ_k y_k (y_k − t_k)] (≈ −0.0017).
    e = [math.exp(-4), math.exp(3), math.exp(0)]
    y = [v / sum(e) for v in e]
    t = [1.0, 0.0, 0.0]
    ce = y[0] - 1
    se = y[0] * ((y[0] - 1) - sum(yk * (yk - tk) for yk, tk in zip(y, t, strict=True)))
    assert round(ce, 3) == -0.999 and round(se, 4) == -0.0017  # the published figures
    g = nw.logit_gradients(np.array([y]), np.array([t]))
    # lossviz's cross-entropy keeps δ: y0 (y0 − 1) / (y0 + δ), a relative 1e-4 from y0 − 1 here
    assert g["cross-entropy"][0, 0] == pytest.approx(y[0] * (y[0] - 1) / (y[0] + 1e-7), rel=1e-12)
    assert g["cross-entropy"][0, 0] == pytest.approx(ce, rel=2e-4)
    assert g["squared"][0, 0] == pytest.approx(se, rel=1e-12)


def test_a_trajectory_is_read_only():
    tr = nw.train(nw.Settings(hidden=5, epochs=1))  # cached and shared by every session
    with pytest.raises(ValueError):
        tr.runs["squared"].test_accuracy[0] = 1.0
    with pytest.raises(TypeError):
        tr.runs["squared"] = None
