"""Take the numbers home: runnable code and data that reproduce what the explorer shows.

Each snippet is self-contained (numpy only, or PyTorch only), carries the user's vectors
at full precision, and prints one `name = value` line per number.
"""

import json
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np

from lossviz.maths.losses import DELTA

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


def numpy_snippet(c):
    """A numpy script with the article's functions that prints the explorer's three numbers for c."""
    return NUMPY_TEMPLATE.format(y=_literal(c.y), t=_literal(c.t), delta=repr(DELTA))


def torch_snippet(c):
    """The PyTorch equivalent, with the reductions that match the article (sum/2, NLL on log(y + δ))."""
    cross_entropy = (TORCH_NLL if c.one_hot else TORCH_SOFT).format(label=c.target_class, delta=repr(DELTA))
    return TORCH_TEMPLATE.format(
        y=_literal(c.y), t=_literal(c.t), cross_entropy=cross_entropy, delta=repr(DELTA)
    )


def computation_json(c):
    """The inputs and every number of the comparison, as JSON text."""
    return json.dumps(
        {
            "y": c.y.tolist(),
            "t": c.t.tolist(),
            "correct_class": c.target_class,
            "sum_squared_error": c.sse,
            "mean_squared_error": c.mse,
            "cross_entropy_error": c.cee,
            "delta": DELTA,
            "per_class": {
                "squared_error_terms": c.sse_terms.tolist(),
                "cross_entropy_terms": c.cee_terms.tolist(),
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
