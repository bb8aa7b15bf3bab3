"""The guided tour: the article's argument in six steps, each loading its inputs.

The texts live in lossviz/words/strings/tour.toml; every number in them is computed by
lossviz.maths.losses when the tour is built, never typed in, so both languages show the same numbers.
"""

from dataclasses import dataclass
from functools import cache

from lossviz.maths.losses import cross_entropy_error, sum_squared_error
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import text

FIRST = "0.1, 0.05, 0.05, 0.8"
SECOND = "0.1, 0.8, 0.05, 0.05"
ONE_HOT = "0, 1, 0, 0"


@dataclass(frozen=True)
class Step:
    """One stop of the tour: what to load (t, y, chart tab key) and what to read."""

    number: int
    title: str
    t: str
    y: str
    view: str
    text: str


def _numbers():
    y1, y2, t = [0.1, 0.05, 0.05, 0.8], [0.1, 0.8, 0.05, 0.05], [0, 1, 0, 0]
    return {
        "sse1": format_loss(sum_squared_error(y1, t)),
        "sse2": format_loss(sum_squared_error(y2, t)),
        "cee1": format_loss(cross_entropy_error(y1, t)),
        "cee2": format_loss(cross_entropy_error(y2, t)),
        "cap": format_loss(cross_entropy_error([1.0, 0.0, 0.0, 0.0], 1)),
        "batch": format_loss(cross_entropy_error([y1, y2], [1, 1])),
    }


_STEPS = (  # t, y, chart tab (an option key of the explorer's "view" tabs); texts in strings/tour.toml
    (ONE_HOT, FIRST, "neglog"),
    (ONE_HOT, SECOND, "neglog"),
    (ONE_HOT, FIRST, "gradients"),
    (ONE_HOT, "0.2, 0, 0, 0.8", "neglog"),
    (ONE_HOT, SECOND, "surface"),
    ("1", FIRST, "neglog"),
)


@cache
def tour(lang="en"):
    """The six steps in `lang` ("en" or "zh"), their texts filled in with computed numbers."""
    numbers = _numbers()
    return tuple(
        Step(
            i,
            text(f"tour.step{i}.title", lang),
            t,
            y,
            view,
            text(f"tour.step{i}.text", lang, **numbers),
        )
        for i, (t, y, view) in enumerate(_STEPS, start=1)
    )


STEPS = tour()
