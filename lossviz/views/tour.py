"""The guided tour: the article's argument in six staged steps, and what every page's steps are made of.

Each step shows only what the article has said so far (step 1 squared error alone, cross-entropy
from step 3 on). The texts live in lossviz/words/strings/tour.toml; every number in them is
computed by lossviz.maths.losses when the tour is built, never typed in, so both languages show
the same numbers. What a step puts on screen besides its text is lossviz.views.slides. The lab's
and the batch page's steps (lossviz.views.lab_slides, batch_slides) are built by `steps` too;
lossviz.views.decks names each page's.
"""

from dataclasses import dataclass
from functools import cache

import lossviz as lv
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import text

ONE_HOT = "0, 1, 0, 0"
FIRST = "0.1, 0.05, 0.05, 0.8"  # the article's example ①: the network is wrong
SECOND = "0.1, 0.8, 0.05, 0.05"  # example ②: right, with 0.8
ZERO = "0.2, 0, 0, 0.8"  # the correct class gets probability 0: log 0 without δ
LABEL = "1"  # example ①'s target as a class label
BATCH = ((FIRST, 1), (SECOND, 1))  # step 5's batch: (y row, label), the article's two examples


@dataclass(frozen=True)
class Step:
    """One stop of a page's tour: its words, and the inputs its page opens on when the tour ends here.

    opens: {link parameter: value} of the page's widgets (the explorer's t, y and chart tab `view`).
    """

    number: int
    short: str  # its name in the step pills
    title: str
    text: str
    ask: str  # the question shown while the numbers wait to be revealed
    opens: dict


def steps(prefix, opens, lang, **shown):
    """The steps whose words are f"{prefix}.step{n}.*" in the strings, filled in with `shown`.

    opens: one {parameter: value} per step, in order; shown: the formatted numbers the texts quote.
    """
    return tuple(
        Step(
            i,
            text(f"{prefix}.step{i}.short", lang),
            text(f"{prefix}.step{i}.title", lang),
            text(f"{prefix}.step{i}.text", lang, **shown),
            text(f"{prefix}.step{i}.ask", lang, **shown),
            dict(inputs),
        )
        for i, inputs in enumerate(opens, start=1)
    )


_STEPS = (  # t, y, chart tab for the explorer; the texts are tour.step{n}.* in strings/tour.toml
    (ONE_HOT, FIRST, "bars"),
    (ONE_HOT, SECOND, "bars"),
    (ONE_HOT, FIRST, "neglog"),
    (ONE_HOT, ZERO, "neglog"),
    (ONE_HOT, SECOND, "neglog"),
    (LABEL, FIRST, "bars"),
)
COUNT = len(_STEPS)


def _vector(text_):
    return [float(v) for v in text_.split(",")]


def batch_arrays():
    """Step 5's batch as arrays: y (N, K) and the N labels."""
    return [_vector(y) for y, _ in BATCH], [label for _, label in BATCH]


@cache
def numbers():
    """Every number the texts quote, as floats, computed by the core.

    Cached once per process (lossviz.ui.caching.CORE_CACHES).
    """
    y1, y2, t = _vector(FIRST), _vector(SECOND), _vector(ONE_HOT)
    return {
        "sse1": lv.sum_squared_error(y1, t),
        "sse2": lv.sum_squared_error(y2, t),
        "cee1": lv.cross_entropy_error(y1, t),
        "cee2": lv.cross_entropy_error(y2, t),
        "cap": lv.cross_entropy_error(_vector(ZERO), t),
        "batch": lv.cross_entropy_error(*batch_arrays()),
    }


@cache
def tour(lang="en"):
    """The six steps in `lang` ("en" or "zh"), their texts filled in with computed numbers.

    Cached once per process and language (lossviz.ui.caching.CORE_CACHES).
    """
    shown = {name: format_loss(value) for name, value in numbers().items()}
    return steps("tour", [{"t": t, "y": y, "view": view} for t, y, view in _STEPS], lang, **shown)


STEPS = tour()
