"""One question per step of the continuous deck: the explorer's 6, the lab's 4, the batch page's 3,
the training page's 1.

Steps are numbered 1 … COUNT across the four pages in lossviz.views.decks' order (deck_position /
global_step convert). Each
question's truth and misconceptions are computed from the inputs its step shows (the same
constants lossviz.views.tour, lab_slides, batch_slides and train_slides build the slides from), never typed
in. Prompts are room.prompt.<page><local step> in lossviz/words/strings/room.toml.
"""

import math
from functools import cache

import numpy as np

import lossviz as lv
from lossviz.maths.losses import DELTA
from lossviz.maths.numerics import naive_softmax
from lossviz.room import answers
from lossviz.room.answers import Question
from lossviz.room.errors import RoomError
from lossviz.room.misconceptions import distinct, drag_variants, loss_variants
from lossviz.room.tallies import tally
from lossviz.views import batch_slides, decks, lab_slides, tour, train_slides
from lossviz.words.formatting import format_loss

COUNT = decks.total()
DRAG_TARGET = 1.0  # "drag y until the cross-entropy is 1.0"
DRAG_TOLERANCE = 0.05  # a finger on a phone: about ±0.02 in p around e⁻¹
SHARE_TOLERANCE = 5.0  # percentage points: a share is a guess, not a computation

__all__ = ["COUNT", "Question", "check", "deck_position", "for_step", "global_step", "misconception", "tally"]


def _whole(number):
    return isinstance(number, int) and not isinstance(number, bool)


def deck_position(step):
    """(page, local step) of global step `step` (lossviz.views.decks.position), None for any other value.

    >>> deck_position(1), deck_position(7), deck_position(13), deck_position(15), deck_position("1")
    (('explorer', 1), ('lab', 1), ('batch', 3), None, None)
    """
    return decks.position(step) if _whole(step) else None


def global_step(page, local):
    """The global step of `page`'s step `local` (lossviz.views.decks.place), None if there is none.

    >>> global_step("explorer", 6), global_step("lab", 1), global_step("batch", 3), global_step("lab", 9)
    (6, 7, 13, None)
    """
    if page not in decks.ORDER or not _whole(local) or not 1 <= local <= decks.deck(page).count:
        return None
    return decks.place(page, local)


def _vector(text_):
    return np.array([float(v) for v in text_.split(",")])


def _tolerance(truth):
    """±2 % of the truth, at least ±0.005 (half a unit of the slides' 4th decimal place, ×10)."""
    return max(0.02 * abs(truth), 0.005)


def _bounds(values):
    """±10^(⌊log₁₀ max |v|⌋ + 2): two orders of magnitude around every finite value, at least ±100."""
    top = max([1.0, *(abs(v) for v in values if math.isfinite(v))])
    hi = 10.0 ** (math.floor(math.log10(top)) + 2)
    return -hi, hi


def _loss_question(step, loss, y, t, **params):
    truth, slips = loss_variants(y, t, loss)
    tolerance = _tolerance(truth)
    lo, hi = _bounds([truth, *slips.values()])
    kept = distinct(truth, slips, tolerance)
    return Question(step, "number", _prompt(step), truth, tolerance, lo, hi, slips=kept, params=params)


def _choice(step, choices, truth, slips=None, **params):
    return Question(step, "choice", _prompt(step), truth, choices=choices, slips=slips or {}, params=params)


def _prompt(step):
    page, local = deck_position(step)
    return f"room.prompt.{page}{local}"


def _explorer():
    one_hot = _vector(tour.ONE_HOT)
    first, second, zero = _vector(tour.FIRST), _vector(tour.SECOND), _vector(tour.ZERO)
    y_batch, labels = tour.batch_arrays()
    y_batch = np.array(y_batch)
    t_batch = lv.one_hot(np.array(labels), y_batch.shape[1])
    sse1, cee1 = lv.sum_squared_error(first, one_hot), lv.cross_entropy_error(first, one_hot)
    rows = lv.cross_entropy_per_sample(y_batch, t_batch)
    label = int(tour.LABEL)
    return (
        _loss_question(1, "sse", first, one_hot),
        _loss_question(2, "sse", second, one_hot, sse1=format_loss(sse1)),
        _choice(3, ("sse", "cee"), "cee" if cee1 > sse1 else "sse", sse1=format_loss(sse1)),
        _choice(
            4,
            ("infinity", "error", "number"),
            "number" if math.isfinite(lv.cross_entropy_error(zero, one_hot)) else "infinity",
            {}
            if math.isfinite(lv.cross_entropy_error(zero, one_hot, delta=0.0))
            else {"infinity": "no_delta"},
        ),
        _loss_question(5, "cee", y_batch, t_batch, row1=format_loss(rows[0]), row2=format_loss(rows[1])),
        _drag(6, first.size, label),
    )


def _drag(step, classes, label):
    target_p = math.exp(-DRAG_TARGET) - DELTA  # −ln(p + δ) = 1
    reached = {key: -math.log(p + DELTA) for key, p in drag_variants(DRAG_TARGET, classes).items()}
    slips = distinct(DRAG_TARGET, reached, DRAG_TOLERANCE)
    return Question(
        step, "drag", _prompt(step), DRAG_TARGET, DRAG_TOLERANCE, 0.0, 1.0, slips=slips,
        classes=classes, label=label, target=target_p, params={"target": f"{DRAG_TARGET:g}", "label": label},
    )  # fmt: skip


def _naive_result(z):
    """What exp(z) / Σ exp(z) computed directly gives: "nan", "infinity" or "exact"."""
    y = naive_softmax(z)
    if np.isnan(y).any():
        return "nan"
    return "infinity" if np.isinf(y).any() else "exact"


def _direction(before, after):
    """'more', 'less' or 'same' for a change from `before` to `after`."""
    if after > before:
        return "more"
    return "less" if after < before else "same"


def _lab():
    n, first = lab_slides.numbers(), global_step("lab", 1)
    wrong, label = _vector(lab_slides.WRONG), int(lab_slides.LABEL)
    t = lv.one_hot(np.array([label]), wrong.size)[0]
    temperatures = [n[f"t{i}"] for i in range(len(lab_slides.TEMPERATURES))]
    steps = np.sign(np.diff(temperatures))
    rises = "more" if (steps > 0).all() else "less" if (steps < 0).all() else "same"
    return (
        _loss_question(first, "cee", wrong, t),
        _choice(first + 1, ("nan", "infinity", "exact"), _naive_result(_vector(lab_slides.OVERFLOW))),
        _choice(first + 2, ("more", "less", "same"), rises),
        _choice(
            first + 3, ("more", "less", "same"), _direction(n["hard"], n["smoothed"]), eps=lab_slides.EPSILON
        ),
    )


def _batch():
    n, first = batch_slides.numbers(), global_step("batch", 1)
    truth = 100.0 * n["cee_share"]
    slips = {"count_share": 100.0 * n["wrong_share"], "squared_error": 100.0 * n["sse_share"]}
    share = Question(
        first + 1, "number", _prompt(first + 1), truth, SHARE_TOLERANCE, 0.0, 100.0,
        slips=distinct(truth, slips, SHARE_TOLERANCE), unit="%",
        params={"wrong_share": f"{100 * n['wrong_share']:.1f} %"},
    )  # fmt: skip
    spread = n["near_high"] - n["near_low"]
    return (
        _choice(
            first,
            ("above", "below"),
            "above" if n["mean"] > n["median"] else "below",
            median=format_loss(n["median"]),
        ),
        share,
        _choice(first + 2, ("close", "far"), "far" if spread > 1.0 else "close", near=f"{n['near']:,}"),
    )


def _train():
    first = global_step("train", 1)
    return (_choice(first, ("sse", "cee"), train_slides.first_to_target(), target=train_slides.TARGET_TEXT),)


@cache
def _all():
    return _explorer() + _lab() + _batch() + _train()


def for_step(step):
    """The question of global step `step` (1 … COUNT), None for anything else."""
    return _all()[step - 1] if deck_position(step) else None


def check(step, value):
    """The answer `value` to step `step`'s question, checked (see lossviz.room.answers.check)."""
    question = for_step(step)
    if question is None:
        raise RoomError("room.bad_step", count=COUNT)
    return answers.check(question, value)


def misconception(step, value):
    """'right', the misconception `value` matches ('log10', 'no_minus' …), or None.

    >>> misconception(1, 0.7775), misconception(1, 2.9957), misconception(1, 0.5)
    ('right', 'cross_entropy', None)
    """
    return answers.named(for_step(step), check(step, value))
