"""The room's answers to one question, counted: a histogram on the true value's axis, or bars.

For a number (or the loss a drag reaches) the bins are 2 × tolerance wide and one of them is
centred on the truth, so "right" is one bar; at most MAX_BINS bins, wider when the answers
spread far. Each named misconception is a Mark at its value with how many answers matched it.
"""

import math
from dataclasses import dataclass

import numpy as np

from lossviz.room import answers
from lossviz.room.errors import RoomError

MAX_BINS = 60


@dataclass(frozen=True)
class Mark:
    """A misconception on the axis: its key, its value, and how many answers it names."""

    key: str
    position: float
    count: int


@dataclass(frozen=True)
class Tally:
    """The room's answers to `question`, counted.

    kind "number" (numbers and drags): edges (B + 1,) and counts (B,) of the histogram of
    readings; marks, the named misconceptions. kind "choice": counts (C,) in the order of
    `choices`. right: how many were right; total: how many answers were counted.
    """

    kind: str
    truth: float | str
    total: int
    right: int
    counts: tuple
    edges: tuple = ()
    choices: tuple = ()
    marks: tuple = ()
    unit: str = ""


def _checked(question, values):
    """The values that pass the question's check (a stored answer always does)."""
    kept = []
    for value in values:
        try:
            kept.append(answers.check(question, value))
        except RoomError:
            continue
    return kept


def bin_edges(truth, width, points):
    """Edges of bins `width` wide, one centred on `truth`, covering every point (≤ MAX_BINS bins).

    >>> bin_edges(1.0, 0.5, [0.1, 2.0]).tolist()
    [-0.25, 0.25, 0.75, 1.25, 1.75, 2.25]
    """
    lo, hi = min(points), max(points)
    while True:
        first, last = round((lo - truth) / width), round((hi - truth) / width)
        if last - first + 1 <= MAX_BINS:
            return truth + width * (np.arange(first, last + 2) - 0.5)
        width *= math.ceil((last - first + 1) / MAX_BINS)


def tally(question, values):
    """The Tally of `values` (stored answers) to `question`; values it would refuse are skipped.

    >>> from lossviz.room.questions import for_step
    >>> t = tally(for_step(3), ["cee", "cee", "sse"])
    >>> t.choices, t.counts, t.right
    (('sse', 'cee'), (1, 2), 2)
    """
    kept = _checked(question, values)
    names = [answers.named(question, v) for v in kept]
    right = names.count("right")
    if question.kind == "choice":
        counts = tuple(kept.count(c) for c in question.choices)
        return Tally("choice", question.truth, len(kept), right, counts, choices=question.choices)
    readings = [answers.reading(question, v) for v in kept]
    points = [question.truth, *question.slips.values(), *readings]
    edges = bin_edges(question.truth, 2 * question.tolerance, points)
    counts = np.histogram(readings, bins=edges)[0] if readings else np.zeros(len(edges) - 1, dtype=int)
    marks = tuple(Mark(key, value, names.count(key)) for key, value in question.slips.items())
    return Tally(
        "number", question.truth, len(kept), right, tuple(int(c) for c in counts),
        edges=tuple(float(e) for e in edges), marks=marks, unit=question.unit,
    )  # fmt: skip
