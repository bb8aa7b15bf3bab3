"""Record what a float64 PyTorch re-implementation of lossviz's two-layer network returns.

CI never installs torch, so tests/test_network.py reads torch's answers from network.json, which
this script writes. Run it by hand where torch is installed (CPU):

    pip install torch==2.13.0
    python3 tests/reference/record_network.py

and commit network.json. Torch builds the network from its own parts (torch.sigmoid,
torch.softmax, the losses written as tensors) and differentiates it with autograd; from lossviz
it takes only the inputs: the digits, the initial weights (TwoLayerNet.initial) and the batches
(batches), drawn from the same seeded generator as lossviz.maths.network.train_on draws them.
"""

import json
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a clone: find lossviz

import numpy as np  # noqa: E402
import torch  # noqa: E402

from lossviz.data import load_digits  # noqa: E402
from lossviz.maths.network import CLASSES, Settings, TwoLayerNet, batches, inputs  # noqa: E402

OUT = Path(__file__).with_name("network.json")
DELTA = 1e-7  # the book's δ, written here as the book writes it
SATURATED_RATIO = 0.01

# Gradients of one batch: the first GRAD_ROWS training digits through a small network.
GRAD_ROWS, GRAD_HIDDEN, GRAD_SEED, GRAD_SCALE = 7, 6, 1, 1.0
# Trajectories: a tiny configuration (fast tier) and the page's default (slow tier).
RUNS = {
    "tiny": Settings(learning_rate=2.0, hidden=8, weight_scale=1.0, epochs=3, seed=3),
    "default": Settings(),
}


def losses(y, t):
    """{name: per-sample loss (N,)} of softmax outputs y against one-hot t."""
    return {
        "squared": 0.5 * ((y - t) ** 2).sum(dim=1),
        "cross-entropy": -(t * torch.log(y + DELTA)).sum(dim=1),
    }


def forward(params, x):
    """(logits z, softmax y) of the network on x."""
    hidden = torch.sigmoid(x @ params["W1"] + params["b1"])
    z = hidden @ params["W2"] + params["b2"]
    return z, torch.softmax(z, dim=1)


def tensors(net):
    return {
        name: torch.tensor(value, dtype=torch.float64, requires_grad=True)
        for name, value in net.params.items()
    }


def gradients():
    d = load_digits()
    x = torch.tensor(inputs(d.x_train[:GRAD_ROWS]), dtype=torch.float64)
    t = torch.nn.functional.one_hot(torch.tensor(d.t_train[:GRAD_ROWS], dtype=torch.int64), CLASSES).double()
    net = TwoLayerNet.initial(np.random.default_rng(GRAD_SEED), 64, GRAD_HIDDEN, CLASSES, GRAD_SCALE)
    out = {"rows": GRAD_ROWS, "hidden": GRAD_HIDDEN, "seed": GRAD_SEED, "weight_scale": GRAD_SCALE}
    for name in ("squared", "cross-entropy"):
        params = tensors(net)
        _, y = forward(params, x)
        loss = losses(y, t)[name].mean()
        loss.backward()
        out[name] = {"loss": loss.item(), **{k: v.grad.tolist() for k, v in params.items()}}
    return out


def measure(params, x, t, x_test, t_test, name):
    """The run's own loss, train and test accuracy, saturated share, and test predictions."""
    z, y = forward(params, x)
    z = z.detach().requires_grad_(True)
    y = torch.softmax(z, dim=1)
    per_sample = losses(y, t)
    # Each sample's loss depends on its own row of z only: the gradient of the sum is each row's.
    g = {k: torch.autograd.grad(v.sum(), z, retain_graph=True)[0] for k, v in per_sample.items()}
    wrong = y.argmax(dim=1) != t.argmax(dim=1)
    sat = wrong & (g["squared"].norm(dim=1) < SATURATED_RATIO * g["cross-entropy"].norm(dim=1))
    with torch.no_grad():
        _, y_test = forward(params, x_test)
    return {
        "loss": per_sample[name].mean().item(),
        "train_accuracy": (~wrong).double().mean().item(),
        "test_accuracy": (y_test.argmax(dim=1) == t_test.argmax(dim=1)).double().mean().item(),
        "saturated": sat.double().mean().item(),
        "predictions": y_test.tolist(),
    }


def trajectory(settings):
    d = load_digits()
    x, x_test = (torch.tensor(inputs(a), dtype=torch.float64) for a in (d.x_train, d.x_test))
    t, t_test = (
        torch.nn.functional.one_hot(torch.tensor(a, dtype=torch.int64), CLASSES).double()
        for a in (d.t_train, d.t_test)
    )
    rng = np.random.default_rng(settings.seed)
    start = TwoLayerNet.initial(rng, 64, settings.hidden, CLASSES, settings.weight_scale)
    order = batches(rng, x.shape[0], settings.batch_size, settings.epochs)
    runs = {}
    for name in ("squared", "cross-entropy"):
        params = tensors(start)
        rows = [measure(params, x, t, x_test, t_test, name)]
        for epoch in order:
            for b in epoch:
                index = torch.tensor(b, dtype=torch.int64)
                _, y = forward(params, x[index])
                loss = losses(y, t[index])[name].mean()
                grads = torch.autograd.grad(loss, list(params.values()))
                with torch.no_grad():
                    for p, g in zip(params.values(), grads, strict=True):
                        p -= settings.learning_rate * g
            rows.append(measure(params, x, t, x_test, t_test, name))
        runs[name] = {
            k: [r[k] for r in rows] for k in ("loss", "train_accuracy", "test_accuracy", "saturated")
        }
        runs[name]["predictions"] = rows[-1]["predictions"]
    return {"settings": settings.__dict__, "runs": runs}


def main():
    torch.set_default_dtype(torch.float64)
    record = {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "gradients": gradients(),
        "trajectories": {name: trajectory(s) for name, s in RUNS.items()},
    }
    OUT.write_text(json.dumps(record, indent=None, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {OUT.stat().st_size:,} bytes, torch {torch.__version__}")


if __name__ == "__main__":
    main()
