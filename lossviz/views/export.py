"""The explorer's take-it-home panel: code and data that reproduce one Comparison's numbers.

The texts are lossviz.words.export's; here a Comparison is put into them, with the δ of
lossviz.maths.losses that computed it.
"""

from lossviz.maths.losses import DELTA
from lossviz.words import export
from lossviz.words.export import share_url

__all__ = ["computation_json", "numpy_snippet", "share_url", "torch_snippet"]


def numpy_snippet(c):
    """A numpy script that prints the three numbers of c (a views.comparison.Comparison)."""
    return export.numpy_snippet(c.y, c.t, DELTA)


def torch_snippet(c):
    """The PyTorch script for c: NLL on the correct class when t is one-hot, the soft sum otherwise."""
    return export.torch_snippet(c.y, c.t, c.target_class if c.one_hot else None, DELTA)


def computation_json(c):
    """c's inputs and every number, as JSON text."""
    return export.computation_json(
        y=c.y,
        t=c.t,
        correct_class=c.target_class,
        sse=c.sse,
        mse=c.mse,
        cee=c.cee,
        sse_terms=c.sse_terms,
        cee_terms=c.cee_terms,
        delta=DELTA,
    )
