"""Each page's tour: its steps (words, and the inputs the page opens on at the end) and its slides.

The explorer's is the article in six steps (lossviz.views.tour, slides), the lab's four numerical
lessons (lab_slides), the batch page's three on a simulated batch (batch_slides). The UI
(lossviz.ui.tour, slides) draws any of them the same way; the link's ?step= names a step of the
page it opens.
"""

from collections.abc import Callable
from dataclasses import dataclass

from lossviz.views import batch_slides, lab_slides
from lossviz.views.slides import slides
from lossviz.views.tour import tour


@dataclass(frozen=True)
class Deck:
    """A page's tour: steps(lang) and slides(lang), tuples of `count` in order.

    words: the strings' prefix of its pills' label and help and of the way out's help.
    """

    page: str
    words: str
    steps: Callable
    slides: Callable

    @property
    def count(self):
        return len(self.steps())


DECKS = {
    "explorer": Deck("explorer", "tour", tour, slides),
    "lab": Deck("lab", "lab_tour", lab_slides.lab_tour, lab_slides.lab_slides),
    "batch": Deck("batch", "batch_tour", batch_slides.batch_tour, batch_slides.batch_slides),
}


def deck(page):
    """The tour of `page` ("explorer", "lab" or "batch").

    >>> [deck(page).count for page in ("explorer", "lab", "batch")]
    [6, 4, 3]
    """
    return DECKS[page]
