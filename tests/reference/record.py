"""Record what PyTorch, Keras, optax and scikit-learn return on the inputs lossviz's tests compare.

CI never installs these libraries, so the tests read their answers from libraries.json, which
this script writes (it imports them only when it records, so pytest can collect it anywhere). Run it by hand where they are installed (torch on CPU, Keras on JAX):

    pip install torch==2.13.0 scikit-learn jax jaxlib optax keras
    KERAS_BACKEND=jax python3 tests/reference/record.py

and commit libraries.json. Each result is the library's value written with repr (so that it reads
back exactly, inf, NaN and -0.0 included) and the dtype it came back in, or the error it raised as
'Type: message'; scikit-learn's log_loss also keeps the warnings it gave. The inputs are built as
the lab builds them (y = lossviz.softmax(z, T) from logits) and stored beside the results; the
torch snippets are the text lossviz generates, stored with what they printed when torch ran them.
"""

import json
import math
import os
import platform
import subprocess
import sys
import warnings
from functools import partial
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a clone: find lossviz

import numpy as np  # noqa: E402

import lossviz as lv  # noqa: E402
from lossviz.views.comparison import compare_texts  # noqa: E402
from lossviz.views.export import torch_snippet  # noqa: E402

OUT = Path(__file__).with_name("libraries.json")

BOOK_Y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
F32_MAX = float(np.finfo(np.float32).max)

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
    # Squares below float32's smallest normal number (1.2e-38): subnormal in numpy and PyTorch.
    "subnormal_squares": {"z": [50.0, 0.0], "label": 0},
    "subnormal_y": {"z": [100.0, 0.0], "label": 0},
    # Just above float32's largest value, but rounding to it: still finite in float32.
    "rounds_to_float32_max": {"z": [float(np.nextafter(F32_MAX, math.inf)), 0.0], "label": 1},
}

# scikit-learn's batches: (y, the class of each row, labels= or None).
LOG_LOSS_BATCHES = [
    ([[0.7, 0.3], [0.2, 0.8]], [0, 1], None),
    ([[0.7, 0.2, 0.1], [0.2, 0.5, 0.3]], [0, 1], 3),
    ([[0.7, 0.2, 0.1], [0.2, 0.5, 0.3]], [0, 0], None),
    ([[0.7, 0.2, 0.1], [0.2, 0.5, 0.3]], [0, 1], None),
    ([[1.0]], [0], 1),
    ([[0.5, 0.5]], [1], 1),
    # Sums off by 1.4e-8, 2.4e-8 and 2.6e-8: log_loss warns only beyond its tolerance.
    ([[0.5, 0.5 + 1.4e-8]], [0], 2),
    ([[0.5, 0.5 + 2.4e-8]], [0], 2),
    ([[0.5, 0.5 + 2.6e-8]], [0], 2),
    ([[0.5, 0.5 - 2.6e-8]], [0], 2),
    # One column: log_loss reads it as p of the second class, [1 − p, p], whatever it sums to.
    ([[0.3], [0.6]], [0, 1], None),
]

# The export tests' pages: (t box, y box).
SNIPPET_PAGES = [
    ("1", "0.1, 0.05, 0.05, 0.8"),  # the article's first example, label form
    ("0, 0, 1, 0, 0, 0, 0, 0, 0, 0", "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0"),  # the book's
    ("0.3, 0.7", "0.4, 0.6"),  # soft targets
    ("1", "1, 0"),  # zero probability on the true class: the δ cap
]


def inputs(case):
    """(y, t, z, T) as the lab builds them, as Python lists (z None without logits)."""
    c = CASES[case]
    z, temperature = c.get("z"), c.get("T", 1.0)
    y = lv.softmax(z, temperature=temperature).tolist() if z is not None else list(c["y"])
    t = np.eye(len(y))[c["label"]].tolist() if "label" in c else list(c["t"])
    return y, t, z, temperature


def outcome(thunk):
    """{"value": repr, "dtype": …} of what thunk returns, or {"raises": "Type: message"}."""
    try:
        got = thunk()
    except Exception as exc:  # the library's own refusal
        return {"raises": f"{type(exc).__name__}: {exc}"}
    dtype = str(getattr(got, "dtype", np.asarray(got).dtype)).removeprefix("torch.")
    return {"value": repr(float(got)), "dtype": dtype}


def warned(thunk):
    """What thunk returns or raises, and the messages of the warnings it gives."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = outcome(thunk)
    return {**result, "warns": [f"{w.category.__name__}: {w.message}" for w in caught]}


def library_calls(case):
    """{call as the lab's table writes it: (library, thunk)} for one case."""
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import jax.numpy as jnp
    import keras
    import optax
    import torch
    from sklearn import metrics

    nn = torch.nn
    y, t, z, temperature = inputs(case)
    one_hot = "label" in CASES[case]
    label = CASES[case].get("label")
    name = "label" if one_hot else "t"
    ty, tt = torch.tensor(y), torch.tensor(t)
    target = torch.tensor(label) if one_hot else tt
    k = len(y)
    calls = {
        "nn.MSELoss()": ("PyTorch", lambda: nn.MSELoss()(ty, tt)),
        "nn.MSELoss(reduction='sum')": ("PyTorch", lambda: nn.MSELoss(reduction="sum")(ty, tt)),
        f"nn.NLLLoss()(torch.log(y), {name})": ("PyTorch", lambda: nn.NLLLoss()(torch.log(ty), target)),
        f"nn.CrossEntropyLoss()(y, {name})  ✗ mistake": (
            "PyTorch",
            lambda: nn.CrossEntropyLoss()(ty, target),
        ),
        "keras.losses.MeanSquaredError()": ("Keras", lambda: keras.losses.MeanSquaredError()(t, y)),
        "keras.losses.CategoricalCrossentropy()": (
            "Keras",
            lambda: keras.losses.CategoricalCrossentropy()(t, y),
        ),
        "metrics.mean_squared_error(t, y)": ("scikit-learn", lambda: metrics.mean_squared_error(t, y)),
        "optax.l2_loss(y, t).sum()": ("optax", lambda: optax.l2_loss(jnp.asarray(y), jnp.asarray(t)).sum()),
        "optax.squared_error(y, t).mean()": (
            "optax",
            lambda: optax.squared_error(jnp.asarray(y), jnp.asarray(t)).mean(),
        ),
    }
    if one_hot:
        calls[f"metrics.log_loss([label], [y], labels=range({k}))"] = (
            "scikit-learn",
            lambda: metrics.log_loss([label], [y], labels=range(k)),
        )
        calls["metrics.log_loss([label], [y])"] = ("scikit-learn", lambda: metrics.log_loss([label], [y]))
    else:
        calls["metrics.log_loss([t], [y])"] = ("scikit-learn", lambda: metrics.log_loss([t], [y]))
    if z is not None:
        scaled = (np.asarray(z) / temperature).tolist()
        zname = "z" if temperature == 1 else "z / T"
        tz = torch.tensor(scaled)
        calls[f"nn.CrossEntropyLoss()({zname}, {name})"] = (
            "PyTorch",
            lambda: nn.CrossEntropyLoss()(tz, target),
        )
        calls[f"optax.softmax_cross_entropy({zname}, t).mean()"] = (
            "optax",
            lambda: optax.softmax_cross_entropy(jnp.asarray(scaled), jnp.asarray(t)).mean(),
        )
    return calls


def record_conventions():
    out = {}
    for case in CASES:
        y, t, z, temperature = inputs(case)
        calls = {}
        for call, (library, thunk) in library_calls(case).items():
            result = warned(thunk) if call.startswith("metrics.log_loss") else outcome(thunk)
            calls[call] = {"library": library, **result}
        out[case] = {"inputs": {"y": y, "t": t, "z": z, "T": temperature}, "calls": calls}
    return out


def record_log_loss_batches():
    from sklearn import metrics

    out = []
    for y, classes, labels in LOG_LOSS_BATCHES:
        kwargs = {} if labels is None else {"labels": range(labels)}
        result = warned(partial(metrics.log_loss, classes, y, **kwargs))
        out.append({"y": y, "classes": classes, "labels": labels, **result})
    return out


def record_torch_snippets():
    out = []
    for t_box, y_box in SNIPPET_PAGES:
        code = torch_snippet(compare_texts(t_box, y_box))
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
        )
        printed = {
            name.strip(): value.strip()
            for name, value in (line.split("=") for line in run.stdout.splitlines())
        }
        out.append({"t": t_box, "y": y_box, "snippet": code, "printed": printed})
    return out


def main():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    names = ("torch", "keras", "jax", "jaxlib", "optax", "scikit-learn", "numpy")
    data = {
        "recorded_with": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "keras_backend": keras.backend.backend(),
            **{n: version(n) for n in names},
        },
        "conventions": record_conventions(),
        "log_loss_batches": record_log_loss_batches(),
        "torch_snippets": record_torch_snippets(),
    }
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} with {data['recorded_with']}")


if __name__ == "__main__":
    main()
