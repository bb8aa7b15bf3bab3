"""Take the numbers home: runnable code and data that reproduce what the explorer shows.

Each snippet is self-contained (numpy only, or PyTorch only), carries the user's vectors
at full precision, and prints one `name = value` line per number.
"""

import json
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np

NUMPY_TEMPLATE = '''import numpy as np


def sum_squared_error(y, t):
    """The article's "MSE": E = 1/2 * sum((y - t)**2), no division by N."""
    return 0.5 * np.sum((y - t) ** 2)


def cross_entropy_error(y, t):
    """The article's cross-entropy with delta = {delta}, averaged over the batch."""
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    delta = {delta}
    return -np.sum(t * np.log(y + delta)) / y.shape[0]


y = np.array({y})
t = np.array({t})
print("sum_squared_error =", repr(float(sum_squared_error(y, t))))
print("mean_squared_error =", repr(float(np.mean((y - t) ** 2))))
print("cross_entropy_error =", repr(float(cross_entropy_error(y, t))))
'''

TORCH_TEMPLATE = """import torch
import torch.nn.functional as F

y = torch.tensor({y}, dtype=torch.float64)
t = torch.tensor({t}, dtype=torch.float64)
# The article's half sum, and PyTorch's MSELoss default (the mean).
print("sum_squared_error =", repr(float(F.mse_loss(y, t, reduction="sum") / 2)))
print("mean_squared_error =", repr(float(F.mse_loss(y, t))))
# The article's cross-entropy: log of the probabilities plus delta = {delta}. (CrossEntropyLoss would
# expect logits and apply softmax again.)
{cross_entropy}
"""

TORCH_NLL = """labels = torch.tensor([{label}])
print("cross_entropy_error =", repr(float(F.nll_loss(torch.log(y + {delta}).unsqueeze(0), labels))))"""
TORCH_SOFT = """print("cross_entropy_error =", repr(float(-(t * torch.log(y + {delta})).sum())))"""


def _literal(v):
    """A Python list literal with every float at full (repr) precision."""
    return "[" + ", ".join(repr(float(x)) for x in np.ravel(v)) + "]"


def numpy_snippet(y, t, delta):
    """A numpy script with the article's functions that prints the explorer's three numbers.

    y, t: (K,) arrays of the page; delta: the δ the page computed with.
    """
    return NUMPY_TEMPLATE.format(y=_literal(y), t=_literal(t), delta=repr(delta))


def torch_snippet(y, t, label, delta):
    """The PyTorch equivalent, with the reductions that match the article (sum/2, NLL on log(y + δ)).

    label: the correct class when t is one-hot (NLL takes it), None for soft targets.
    """
    if label is None:
        cross_entropy = TORCH_SOFT.format(delta=repr(delta))
    else:
        cross_entropy = TORCH_NLL.format(label=label, delta=repr(delta))
    return TORCH_TEMPLATE.format(y=_literal(y), t=_literal(t), cross_entropy=cross_entropy, delta=repr(delta))


def computation_json(*, y, t, correct_class, sse, mse, cee, sse_terms, cee_terms, delta):
    """The inputs and every number of a comparison, as JSON text (arrays as lists)."""
    return json.dumps(
        {
            "y": np.asarray(y).tolist(),
            "t": np.asarray(t).tolist(),
            "correct_class": int(correct_class),
            "sum_squared_error": float(sse),
            "mean_squared_error": float(mse),
            "cross_entropy_error": float(cee),
            "delta": float(delta),
            "per_class": {
                "squared_error_terms": np.asarray(sse_terms).tolist(),
                "cross_entropy_terms": np.asarray(cee_terms).tolist(),
            },
        },
        indent=2,
    )


def share_url(page_url, params):
    """page_url with its query replaced by params (a mapping of name to text), ready to share.

    Without a page URL (outside a browser) the link is relative: just the query.
    >>> share_url("http://localhost:8501/?x=1", {"t": "1", "y": "0.2,0.8"})
    'http://localhost:8501/?t=1&y=0.2%2C0.8'
    >>> share_url(None, {"t": "1"})
    '?t=1'
    """
    if not page_url:
        return "?" + urlencode(dict(params))
    scheme, netloc, path, _, _ = urlsplit(page_url)
    return urlunsplit((scheme, netloc, path, urlencode(dict(params)), ""))
