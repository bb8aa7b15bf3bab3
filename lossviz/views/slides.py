"""What each tour step puts on screen: its inputs, the numbers it is about, and its one chart.

Staged like the article: step 1 shows squared error and nothing else, cross-entropy comes in at
step 3, step 5 is a real batch of two rows and their mean. Every number comes from
lossviz.maths.losses (via lossviz.views.tour.numbers and the comparison); the UI only draws.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np

import lossviz as lv
from lossviz.charts import explorer as explorer_charts
from lossviz.charts.slides import class_terms_figure, neglog_points_figure, per_sample_figure
from lossviz.maths import grids
from lossviz.views.comparison import compare_texts
from lossviz.views.tour import BATCH, FIRST, LABEL, ONE_HOT, SECOND, ZERO, batch_arrays, tour
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import text

EXAMPLES = ("①", "②")
BATCH_FORMULA = r"E = -\frac{1}{N}\sum_{n}\sum_{k} t_{nk}\,\log(y_{nk} + \delta)"


@dataclass(frozen=True)
class Chip:
    """One input, shown read-only: its name ("t", "y ①", "δ") and its value as written."""

    name: str
    value: str


@dataclass(frozen=True)
class Number:
    """One number a step is about: its kind, its label and value.

    kind picks its colour: "sse" (blue), "cee" or "mean" (orange), anything else the text's.
    shown: the value as written when format_loss's four decimals do not fit it (a count, a share).
    """

    kind: str
    label: str
    value: float
    shown: str = ""

    @property
    def text(self):
        return self.shown or format_loss(self.value)


@dataclass(frozen=True)
class Row:
    """One sample of step 5's batch: its number n (from 1), y, its label and its cross-entropy."""

    n: int
    y: str
    t: int
    loss: float


@dataclass(frozen=True)
class Slide:
    """Everything one step shows. chart names the figure ("terms", "neglog", "drag", "batch", "bars"; the
    lab's and the batch page's steps name theirs too)."""

    number: int
    chips: tuple
    numbers: tuple
    chart: str
    figure: object
    rows: tuple = ()
    formula: str = ""


def _listed(vector_text):
    return "[" + vector_text + "]"


def _number(kind, value, lang, **params):
    return Number(kind, text(f"slides.number.{kind}", lang, **params).strip(), float(value))


def _first_steps(number, lang):
    """Steps 1–3: the article's two examples, squared error first, then cross-entropy."""
    one, two = compare_texts(ONE_HOT, FIRST), compare_texts(ONE_HOT, SECOND)
    t, y1, y2 = (
        Chip("t", _listed(ONE_HOT)),
        Chip(f"y {EXAMPLES[0]}", _listed(FIRST)),
        Chip(f"y {EXAMPLES[1]}", _listed(SECOND)),
    )
    if number == 1:
        figure = class_terms_figure(one.sse_terms, EXAMPLES[:1], one.target_class, lang=lang)
        return Slide(
            1, (t, Chip("y", _listed(FIRST))), (_number("sse", one.sse, lang, example=""),), "terms", figure
        )
    pair = (one, two)
    if number == 2:
        figure = class_terms_figure(
            np.stack([c.sse_terms for c in pair]), EXAMPLES, one.target_class, lang=lang
        )
        shown = tuple(_number("sse", c.sse, lang, example=e) for c, e in zip(pair, EXAMPLES, strict=True))
        return Slide(2, (t, y1, y2), shown, "terms", figure)
    p = grids.probability_axis()
    points = tuple((e, c.p_target, c.cee) for c, e in zip(pair, EXAMPLES, strict=True))
    figure = neglog_points_figure(p, grids.neglog_curves(p)["delta"], points, lang=lang)
    shown = tuple(_number("cee", c.cee, lang, example=e) for c, e in zip(pair, EXAMPLES, strict=True))
    return Slide(3, (t, y1, y2), shown, "neglog", figure)


def _batch_step(lang):
    """Step 5: the two examples as one batch, each row's cross-entropy and their mean."""
    y, labels = batch_arrays()
    losses = lv.cross_entropy_per_sample(y, labels)
    mean = lv.cross_entropy_error(y, labels)
    rows = tuple(
        Row(i, _listed(row), label, float(loss))
        for i, ((row, label), loss) in enumerate(zip(BATCH, losses, strict=True), start=1)
    )
    figure = per_sample_figure(losses, mean, lang=lang)
    return Slide(5, (), (_number("mean", mean, lang, n=len(rows)),), "batch", figure, rows, BATCH_FORMULA)


def _step(number, lang):
    if number <= 3:
        return _first_steps(number, lang)
    if number == 4:
        c = compare_texts(ONE_HOT, ZERO)
        chips = (Chip("t", _listed(ONE_HOT)), Chip("y", _listed(ZERO)), Chip("δ", "10⁻⁷"))
        # The explorer's −log chart, until the drag component (lossviz.ui.drag) takes this place.
        return Slide(
            4,
            chips,
            (_number("cee", c.cee, lang, example=""),),
            "drag",
            explorer_charts.neglog(c, lang=lang),
        )
    if number == 5:
        return _batch_step(lang)
    c = compare_texts(LABEL, FIRST)
    shown = (_number("sse", c.sse, lang, example=""), _number("cee", c.cee, lang, example=""))
    return Slide(
        6,
        (Chip("t", LABEL), Chip("y", _listed(FIRST))),
        shown,
        "bars",
        explorer_charts.bars(c, lang=lang),
    )


@cache
def slides(lang="en"):
    """The tour's six slides in `lang`, in order (slide i belongs to tour(lang)[i - 1]).

    Cached once per process and language (lossviz.ui.caching.CORE_CACHES).
    """
    return tuple(_step(step.number, lang) for step in tour(lang))
