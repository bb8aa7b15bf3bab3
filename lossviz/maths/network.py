"""The book's two-layer network (ch. 4–5), trained on real digits under each loss, side by side.

affine → sigmoid → affine → softmax, float64 throughout. Both runs start from the same weights
and see the same mini-batches in the same order; only the loss differs:

- "squared":       E = (1/N) Σ_n ½ Σ_k (y_nk − t_nk)²        (the book's squared error, batch mean)
- "cross-entropy": E = −(1/N) Σ_n Σ_k t_nk log(y_nk + δ)       (the book's cross-entropy, δ = 1e-7)

Gradients by backpropagation, exact for each loss as written (δ included): dE/dy from
lossviz.maths.losses, then through the softmax's Jacobian (softmax_backward), the second affine,
the sigmoid and the first affine. `numerical_gradient` is the book's central difference.
"""

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from lossviz.data import PIXEL_MAX, load_digits
from lossviz.maths.losses import (
    cross_entropy_error_grad_checked,
    cross_entropy_terms_checked,
    squared_error_terms_checked,
    sum_squared_error_grad_checked,
)
from lossviz.maths.softmax import softmax_checked
from lossviz.maths.training import sigmoid

LOSSES = ("squared", "cross-entropy")
CLASSES = 10
SATURATED_RATIO = 0.01  # squared error's logit gradient under 1 % of cross-entropy's: saturated
H = 1e-4  # the book's step for the central difference


def one_hot_rows(labels, k=CLASSES):
    """(N, k) float64 one-hot rows of integer labels (N,).

    >>> one_hot_rows(np.array([2, 0]), 3).tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    return np.eye(k)[labels]


def loss_value(y, t, loss):
    """The batch mean of `loss` ("squared" or "cross-entropy") for softmax outputs y against one-hot t.

    y, t: (N, K) float64, checked. Squared: (1/N) Σ ½ (y − t)²; cross-entropy: −(1/N) Σ t log(y + δ).
    >>> round(loss_value(np.array([[0.1, 0.9]]), np.array([[0.0, 1.0]]), "squared"), 12)
    0.01
    >>> round(loss_value(np.array([[0.1, 0.9]]), np.array([[0.0, 1.0]]), "cross-entropy"), 5)
    0.10536
    """
    if loss == "squared":
        return float(squared_error_terms_checked(y, t).sum() / y.shape[0])
    return float(cross_entropy_terms_checked(y, t).sum())  # the terms are already divided by N


def output_gradient(y, t, loss):
    """dE/dy of the batch mean of `loss`, (N, K): (y − t)/N, or −t/((y + δ) N) (0 where t = 0)."""
    if loss == "squared":
        return sum_squared_error_grad_checked(y, t) / y.shape[0]
    return cross_entropy_error_grad_checked(y, t)


def softmax_backward(y, dy):
    """dE/dz from dE/dy through y = softmax(z): Jᵀ dy with J = diag(y) − y yᵀ, row by row.

    = y ⊙ (dy − Σ_k y_k dy_k). y, dy: (..., K).
    >>> softmax_backward(np.array([0.5, 0.5]), np.array([0.0, -1.0])).tolist()
    [0.25, -0.25]
    """
    return y * (dy - np.sum(y * dy, axis=-1, keepdims=True))


def logit_gradients(y, t):
    """Each sample's own dE/dz (not divided by N) for both losses: {loss: (N, K)}.

    squared: J (y − t); cross-entropy: J (−t / (y + δ)) = y − t up to δ. y, t: (N, K).
    """
    n = y.shape[0]
    return {loss: softmax_backward(y, output_gradient(y, t, loss) * n) for loss in LOSSES}


def saturated(y, t):
    """(N,) bool: the samples that are wrong (argmax y ≠ argmax t) and on which squared error's
    logit gradient is under SATURATED_RATIO of cross-entropy's (in Euclidean norm).

    Such a sample barely moves a network trained with squared error: the softmax's slope has
    flattened its gradient, while cross-entropy's stays near y − t. y, t: (N, K).
    >>> saturated(np.array([[0.998, 0.001, 0.001], [0.2, 0.5, 0.3]]), one_hot_rows(np.array([1, 0]), 3)).tolist()
    [True, False]
    """
    g = logit_gradients(y, t)
    sq, ce = (np.linalg.norm(g[loss], axis=1) for loss in LOSSES)
    return (y.argmax(axis=1) != t.argmax(axis=1)) & (sq < SATURATED_RATIO * ce)


def numerical_gradient(f, x):
    """The book's central difference: ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h, h = 1e-4.

    f: a function of nothing that reads x; x: a float64 array, changed in place one entry at a
    time and restored. Returns an array shaped like x.
    >>> x = np.array([3.0, 4.0])
    >>> numerical_gradient(lambda: float(np.sum(x**2)), x).round(6).tolist()
    [6.0, 8.0]
    """
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        kept = x[i]
        x[i] = kept + H
        above = f()
        x[i] = kept - H
        below = f()
        x[i] = kept
        grad[i] = (above - below) / (2 * H)
    return grad


class TwoLayerNet:
    """affine → sigmoid → affine → softmax: y = softmax(σ(x W1 + b1) W2 + b2).

    params: {"W1": (D, H), "b1": (H,), "W2": (H, K), "b2": (K,)}, float64, updated in place by step.
    x: (N, D) float64; t: (N, K) one-hot float64; y: (N, K).
    """

    def __init__(self, params):
        self.params = {name: np.array(value, dtype=np.float64) for name, value in params.items()}

    @classmethod
    def initial(cls, rng, input_size, hidden_size, output_size, weight_scale):
        """The book's start: weights weight_scale · N(0, 1) (W1 drawn first, then W2), biases 0."""
        return cls(
            {
                "W1": weight_scale * rng.standard_normal((input_size, hidden_size)),
                "b1": np.zeros(hidden_size),
                "W2": weight_scale * rng.standard_normal((hidden_size, output_size)),
                "b2": np.zeros(output_size),
            }
        )

    def copy(self):
        return TwoLayerNet(self.params)

    def forward(self, x):
        """(hidden activations σ(x W1 + b1): (N, H), softmax outputs y: (N, K))."""
        p = self.params
        hidden = sigmoid(x @ p["W1"] + p["b1"])
        return hidden, softmax_checked(hidden @ p["W2"] + p["b2"])

    def predict(self, x):
        """The softmax outputs y: (N, K)."""
        return self.forward(x)[1]

    def loss(self, x, t, loss):
        """The batch mean of `loss` on (x, t): see loss_value."""
        return loss_value(self.predict(x), t, loss)

    def gradient(self, x, t, loss):
        """∂E/∂param for every parameter, by backpropagation: {name: array shaped like it}.

        dz2 = Jᵀ dE/dy; dW2 = hᵀ dz2, db2 = Σ_n dz2; dh = dz2 W2ᵀ; da1 = dh ⊙ h (1 − h);
        dW1 = xᵀ da1, db1 = Σ_n da1.
        """
        hidden, y = self.forward(x)
        dz2 = softmax_backward(y, output_gradient(y, t, loss))
        da1 = (dz2 @ self.params["W2"].T) * hidden * (1 - hidden)
        return {"W1": x.T @ da1, "b1": da1.sum(axis=0), "W2": hidden.T @ dz2, "b2": dz2.sum(axis=0)}

    def numerical_gradient(self, x, t, loss):
        """∂E/∂param for every parameter by the central difference (slow: two passes per weight)."""
        return {
            name: numerical_gradient(lambda: self.loss(x, t, loss), value)
            for name, value in self.params.items()
        }

    def step(self, x, t, loss, learning_rate):
        """One step of SGD on the batch (x, t): param ← param − η ∂E/∂param."""
        for name, g in self.gradient(x, t, loss).items():
            self.params[name] -= learning_rate * g


@dataclass(frozen=True)
class Settings:
    """What a training run takes: η, hidden units, initial weight scale, epochs, seed, batch size."""

    learning_rate: float = 2.0
    hidden: int = 30
    weight_scale: float = 1.0
    epochs: int = 20
    seed: int = 0
    batch_size: int = 100


@dataclass(frozen=True)
class Run:
    """One loss's run, per epoch 0 … E (epoch 0: the initial weights), on the fixed split.

    loss: (E+1,) the run's own loss on the training split; train_accuracy, test_accuracy: (E+1,)
    shares 0 … 1; saturated: (E+1,) share of training samples saturated (see `saturated`);
    predictions: (N_test, K) the final network's y on the test split.
    """

    loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    saturated: np.ndarray
    predictions: np.ndarray


@dataclass(frozen=True)
class Trajectory:
    """Both runs of one Settings: {loss name: Run} for each of LOSSES (read-only), and the settings."""

    settings: Settings
    runs: dict


def batches(rng, n, batch_size, epochs):
    """The mini-batches of every epoch: for each, a permutation of 0 … n−1 cut into batch_size
    pieces (the last may be shorter). One list of index arrays per epoch, drawn in order from rng.

    >>> [epoch] = batches(np.random.default_rng(0), 5, 2, 1)
    >>> [len(b) for b in epoch], sorted(np.concatenate(epoch).tolist())
    ([2, 2, 1], [0, 1, 2, 3, 4])
    """
    return [np.array_split(rng.permutation(n), range(batch_size, n, batch_size)) for _ in range(epochs)]


def _measure(net, x_train, t_train, x_test, t_test, loss):
    y_train, y_test = net.predict(x_train), net.predict(x_test)
    return (
        loss_value(y_train, t_train, loss),
        float(np.mean(y_train.argmax(axis=1) == t_train.argmax(axis=1))),
        float(np.mean(y_test.argmax(axis=1) == t_test.argmax(axis=1))),
        float(np.mean(saturated(y_train, t_train))),
        y_test,
    )


def train_on(settings, x_train, labels_train, x_test, labels_test):
    """Train one network under each loss from the same start on the same batches; a Trajectory.

    x_*: (N, D) float64 inputs; labels_*: (N,) integer labels 0 … K−1. The seed draws the initial
    weights (TwoLayerNet.initial) from default_rng(seed), then every epoch's batches from the same
    generator; both runs use those weights and those batches.
    """
    t_train, t_test = one_hot_rows(labels_train), one_hot_rows(labels_test)
    rng = np.random.default_rng(settings.seed)
    start = TwoLayerNet.initial(rng, x_train.shape[1], settings.hidden, CLASSES, settings.weight_scale)
    order = batches(rng, x_train.shape[0], settings.batch_size, settings.epochs)
    data = (x_train, t_train, x_test, t_test)
    runs = {}
    for loss in LOSSES:
        net = start.copy()
        rows = [_measure(net, *data, loss)]
        for epoch in order:
            for b in epoch:
                net.step(x_train[b], t_train[b], loss, settings.learning_rate)
            rows.append(_measure(net, *data, loss))
        columns = [np.array(c) for c in zip(*(r[:4] for r in rows), strict=True)] + [rows[-1][4]]
        for column in columns:
            column.flags.writeable = False  # a trajectory is cached and shared by every session
        runs[loss] = Run(*columns)
    return Trajectory(settings, MappingProxyType(runs))


def inputs(pixels):
    """Pixels 0 … 16 as the network's float64 inputs, scaled to 0 … 1: (N, 64)."""
    return pixels / PIXEL_MAX


def train(settings):
    """Both runs of `settings` on the shipped digits' fixed split (lossviz.data): a Trajectory."""
    d = load_digits()
    return train_on(settings, inputs(d.x_train), d.t_train, inputs(d.x_test), d.t_test)


def sigmoid_neuron(w, b, *, x, y, learning_rate, epochs):
    """One sigmoid neuron a = σ(w x + b) trained on one example (x, y) under both losses.

    Nielsen, *Neural Networks and Deep Learning*, ch. 3: quadratic C = (y − a)²/2, whose
    ∂C/∂w = (a − y) σ'(z) x, ∂C/∂b = (a − y) σ'(z); cross-entropy C = −[y ln a + (1 − y) ln(1 − a)],
    whose ∂C/∂w = x (a − y), ∂C/∂b = a − y. One gradient step per epoch.
    Returns {"squared": a, "cross-entropy": a}, each (epochs + 1,): the output before each epoch
    and after the last.
    >>> a = sigmoid_neuron(2.0, 2.0, x=1.0, y=0.0, learning_rate=0.15, epochs=50)
    >>> round(float(a["squared"][-1]), 3), round(float(a["cross-entropy"][-1]), 3)
    (0.976, 0.099)
    """
    out = {}
    for loss in LOSSES:
        wb, a = np.array([w, b], dtype=np.float64), np.empty(epochs + 1)
        for i in range(epochs + 1):
            a[i] = sigmoid(wb[0] * x + wb[1])
            error = a[i] - y
            delta = error * a[i] * (1 - a[i]) if loss == "squared" else error
            wb -= learning_rate * delta * np.array([x, 1.0])
        out[loss] = a
    return out
