"""Each page's tour: its steps (words, and the inputs the page opens on at the end) and its slides.

The explorer's is the article in six steps (lossviz.views.tour, slides), the lab's four numerical
lessons (lab_slides), the batch page's three on a simulated batch (batch_slides), the training
page's one on the race of both losses (train_slides). The UI
(lossviz.ui.tour, slides) draws any of them the same way; the link's ?step= names a step of the
page it opens. Played one after another they are one continuous deck of 14 steps (explorer 1–6,
lab 7–10, batch 11–13, training 14): next on a page's last step opens the next page's first, and a room's
presenter names a step by its place in that deck (`position`, `place`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from lossviz.views import batch_slides, lab_slides, train_slides
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
    "train": Deck("train", "train_tour", train_slides.train_tour, train_slides.train_slides),
}


def deck(page):
    """The tour of `page` ("explorer", "lab", "batch" or "train").

    >>> [deck(page).count for page in ("explorer", "lab", "batch", "train")]
    [6, 4, 3, 1]
    """
    return DECKS[page]


ORDER = ("explorer", "lab", "batch", "train")  # the continuous deck plays the pages' tours in this order


def total():
    """The number of steps in the continuous deck.

    >>> total()
    14
    """
    return sum(deck(page).count for page in ORDER)


def place(page, number):
    """Step `number` of `page` as its place in the continuous deck (1 … total()).

    >>> place("explorer", 6), place("lab", 1), place("batch", 3)
    (6, 7, 13)
    """
    before = ORDER[: ORDER.index(page)]
    return sum(deck(p).count for p in before) + number


def position(step):
    """(page, number): where place `step` (1 … total()) of the continuous deck is; None outside it.

    >>> position(6), position(7), position(13), position(14), position(15)
    (('explorer', 6), ('lab', 1), ('batch', 3), ('train', 1), None)
    """
    for page in ORDER:
        if 1 <= step <= deck(page).count:
            return page, step
        step -= deck(page).count
    return None


def following(page, number):
    """(page, number) of the step after `number` of `page` in the continuous deck; None after the last.

    >>> following("explorer", 5), following("explorer", 6), following("batch", 3), following("train", 1)
    (('explorer', 6), ('lab', 1), ('train', 1), None)
    """
    return position(place(page, number) + 1)


def preceding(page, number):
    """(page, number) of the step before `number` of `page` in the continuous deck; None before the first.

    >>> preceding("lab", 1), preceding("explorer", 1)
    (('explorer', 6), None)
    """
    step = place(page, number) - 1
    return position(step) if step >= 1 else None
