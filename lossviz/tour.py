"""The guided tour: the article's argument in six steps, each loading its inputs.

All texts live here; every number in them is computed by lossviz.losses when the
tour is built, never typed in.
"""

from dataclasses import dataclass

from lossviz.formatting import format_loss
from lossviz.losses import cross_entropy_error, sum_squared_error

FIRST = "0.1, 0.05, 0.05, 0.8"
SECOND = "0.1, 0.8, 0.05, 0.05"
ONE_HOT = "0, 1, 0, 0"


@dataclass(frozen=True)
class Step:
    """One stop of the tour: what to load (t, y, chart tab) and what to read."""

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


_STEPS = (
    (
        "Squared error on the article's first example",
        ONE_HOT,
        FIRST,
        "The −log curve",
        "The correct class is 1 (t is one-hot), but the network gives it only 0.05 and puts 0.8 on "
        "class 3. Squared error adds up every class's miss: E = ½Σ(y − t)² = {sse1}. The ½ is there so "
        "that the derivative is simply y − t.",
    ),
    (
        "The second example: what changed",
        ONE_HOT,
        SECOND,
        "The −log curve",
        "Now the network puts 0.8 on the correct class, and squared error falls from {sse1} to {sse2}: "
        "the smaller the loss, the better the output fits the label.",
    ),
    (
        "Cross-entropy on both examples",
        ONE_HOT,
        FIRST,
        "Gradients",
        "With a one-hot t only the correct class's term survives: E = −log(y₁ + δ). On the first "
        "example that is {cee1}; switch to the second (Article ②) and it is {cee2}. Cross-entropy "
        "looks only at the probability of the right answer.",
    ),
    (
        "The −log curve and δ",
        ONE_HOT,
        "0.2, 0, 0, 0.8",
        "The −log curve",
        "Here the correct class gets probability 0: log 0 would be −∞. The article adds δ = 10⁻⁷ "
        "inside the log, which caps the loss at −log(10⁻⁷) = {cap}. Turn on the log scale to see "
        "where the curve flattens.",
    ),
    (
        "Averaging over a batch",
        ONE_HOT,
        SECOND,
        "Loss surface",
        "For N samples the article divides the summed cross-entropy by N: both examples together give "
        "({cee1} + {cee2}) / 2 = {batch}, a number that does not grow with the batch size. The Batch "
        "page does this for thousands of samples.",
    ),
    (
        "Labels instead of one-hot",
        "1",
        FIRST,
        "The −log curve",
        "t = 1 is the label of the correct class: the code picks y[np.arange(N), t] instead of "
        "multiplying by a one-hot vector. The numbers are exactly those of step 1: {sse1} and {cee1}.",
    ),
)


def tour():
    """The six steps, their texts filled in with computed numbers."""
    numbers = _numbers()
    return tuple(
        Step(i, title, t, y, view, text.format(**numbers))
        for i, (title, t, y, view, text) in enumerate(_STEPS, start=1)
    )


STEPS = tour()
