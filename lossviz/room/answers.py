"""A question of the room, and what it makes of an answer: checked, read as a number, named.

kind "number": the learner types a number (a loss, or a share in %); "choice": one of the
question's choice keys; "drag": the learner's y, either p on the correct class (a float in
[0, 1]) or a whole probability vector of `classes` entries, read as the cross-entropy it
reaches. Validation happens once, here, at the edge: anything else raises RoomError.
"""

import math
import numbers
from dataclasses import dataclass, field, replace

import numpy as np

import lossviz as lv
from lossviz.room.errors import RoomError
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import text

KINDS = ("number", "choice", "drag")
MAX_CLASSES = 64
SUM_TOLERANCE = 1e-3  # a dragged y may sum to 1 ± this (the browser rounds)


@dataclass(frozen=True)
class Question:
    """One step's question; every number in it computed from the step's own inputs.

    truth: number — the value; drag — the loss to reach; choice — the right choice key.
    slips: number/drag — {misconception key: the value (drag: the loss reached) it gives};
    choice — {choice key: misconception key}. lo/hi: the accepted range (drag: of p).
    classes/label/target: drag — K, the correct class, and the p that reaches `truth`.
    params: the prompt's formatted numbers.
    """

    step: int
    kind: str
    prompt: str
    truth: float | str
    tolerance: float = 0.0
    lo: float = 0.0
    hi: float = 0.0
    choices: tuple = ()
    slips: dict = field(default_factory=dict)
    unit: str = ""
    classes: int = 0
    label: int = 0
    target: float = 0.0
    params: dict = field(default_factory=dict)


def _real(value):
    """value as a float if it is a real number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except (OverflowError, ValueError):
        return None


def _in_range(value, lo, hi):
    v = _real(value)
    return v is not None and math.isfinite(v) and lo <= v <= hi


def check(question, value):
    """The answer `value` as stored: a float, a choice key, or a list of floats (a dragged y).

    Raises RoomError when it is not a finite number in [lo, hi], not one of the choices, or not
    a p in [0, 1] / a probability vector of `classes` entries.
    >>> q = Question(1, "number", "p", 0.5, 0.01, -10.0, 10.0)
    >>> check(q, 3), check(Question(2, "choice", "p", "a", choices=("a", "b")), "b")
    (3.0, 'b')
    """
    if question.kind == "number":
        if not _in_range(value, question.lo, question.hi):
            raise RoomError("room.answer.number", lo=f"{question.lo:g}", hi=f"{question.hi:g}")
        return float(value)
    if question.kind == "choice":
        if not isinstance(value, str) or value not in question.choices:
            raise RoomError("room.answer.choice")
        return value
    if _in_range(value, 0.0, 1.0):
        return float(value)
    if isinstance(value, (list, tuple)) and len(value) == question.classes:
        if all(_in_range(v, 0.0, 1.0) for v in value):
            y = [float(v) for v in value]
            if abs(math.fsum(y) - 1.0) <= SUM_TOLERANCE:
                return y
    raise RoomError("room.answer.drag", k=question.classes)


def reading(question, value):
    """What a checked answer says on the question's axis: the number, the choice key, or for a
    drag the cross-entropy −Σ t ln(y + δ) its y reaches (p alone: −ln(p + δ)).

    >>> round(reading(Question(1, "drag", "p", 1.0, classes=4, label=1), [0.1, 0.05, 0.05, 0.8]), 5)
    2.99573
    """
    if question.kind != "drag":
        return value
    if isinstance(value, list):
        return lv.cross_entropy_error(np.array(value), question.label)
    return lv.cross_entropy_error(np.array([value]), np.array([1.0]))


def named(question, value):
    """'right', the key of the misconception a checked answer matches, or None.

    A number (or the loss a drag reaches) matches a value when it lies within the question's
    tolerance of it; the truth wins over a misconception.
    """
    r = reading(question, value)
    if question.kind == "choice":
        return "right" if r == question.truth else question.slips.get(r)
    if abs(r - question.truth) <= question.tolerance:
        return "right"
    near = [(abs(r - v), key) for key, v in question.slips.items() if abs(r - v) <= question.tolerance]
    return min(near)[1] if near else None


def shown_answer(question, value, lang="en"):
    """An answer to `question` as a learner reads it: a choice by its label, a share in %, a loss
    as format_loss writes it, a dragged y (or p) by the cross-entropy it reaches.

    >>> shown_answer(Question(3, "choice", "p", "cee", choices=("sse", "cee")), "cee")
    'cross-entropy'
    >>> shown_answer(Question(12, "number", "p", 80.0, unit="%"), 81.26), shown_answer(Question(1, "number", "p", 0.7775), 0.5)
    ('81.3 %', '0.5000')
    >>> shown_answer(Question(6, "drag", "p", 1.0, classes=4, label=1), [0.1, 0.05, 0.05, 0.8])
    '2.9957'
    """
    if question.kind == "drag":
        value = reading(question, value)
    return shown_truth(
        replace(question, truth=value, kind="number" if question.kind == "drag" else question.kind), lang
    )


def shown_truth(question, lang="en"):
    """The truth of `question` as shown beside the answers (a drag's: the loss to reach).

    >>> shown_truth(Question(6, "drag", "p", 1.0, classes=4, label=1))
    '1.0000'
    """
    if question.kind == "choice":
        return text(f"room.choice.{question.truth}", lang)
    return f"{question.truth:.1f} %" if question.unit == "%" else format_loss(question.truth)
