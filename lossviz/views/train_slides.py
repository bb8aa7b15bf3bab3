"""The training page's tour: one step, "why train with cross-entropy", on the race at the page's
default settings. The room is asked which loss reaches TARGET_ACCURACY test accuracy first.

The words are train_tour.* in lossviz/words/strings/train.toml; every number comes from the race
(lossviz.maths.network.train at the link table's defaults) and lossviz.views.train.
"""

from functools import cache

from lossviz.charts.train import accuracy_race_figure
from lossviz.inputs.link import PARAM
from lossviz.maths.network import train
from lossviz.views.slides import Chip, Number, Slide
from lossviz.views.tour import steps
from lossviz.views.train import CONTROLS, TARGET_ACCURACY, TARGET_TEXT, finishes, percent, settings
from lossviz.words.i18n import text

DEFAULTS = {name: PARAM[name].default for name in CONTROLS}
_OPENS = (DEFAULTS,)
COUNT = len(_OPENS)


@cache
def race():
    """The race at the page's default settings. Cached once per process (lossviz.ui.caching.CORE_CACHES)."""
    return train(settings(*DEFAULTS.values()))


def first_to_target():
    """ "sse" or "cee": the loss whose run first reaches TARGET_ACCURACY test accuracy (a run that
    never does comes last; at the defaults, cross-entropy's run gets there and squared error's
    does not)."""
    done = finishes(race())
    epochs = {key: done[loss].reached for key, loss in (("sse", "squared"), ("cee", "cross-entropy"))}
    never = float("inf")
    return min(epochs, key=lambda key: (never if epochs[key] is None else epochs[key], key == "sse"))


def _shown(lang):
    done = finishes(race())
    reached = {
        loss: text("train_tour.never", lang) if f.reached is None else str(f.reached)
        for loss, f in done.items()
    }
    return {
        "target": TARGET_TEXT,
        "epochs": DEFAULTS["epochs"],
        "sq_epoch": reached["squared"],
        "ce_epoch": reached["cross-entropy"],
        "sq_acc": percent(done["squared"].test_accuracy),
        "ce_acc": percent(done["cross-entropy"].test_accuracy),
    }


@cache
def train_tour(lang="en"):
    """The training page's step in `lang`. Cached once per process and language (CORE_CACHES)."""
    return steps("train_tour", _OPENS, lang, **_shown(lang))


@cache
def train_slides(lang="en"):
    """The training page's slide in `lang`. Cached once per process and language (CORE_CACHES)."""
    done, shown = finishes(race()), _shown(lang)
    chips = (
        Chip("η", f"{DEFAULTS['eta']:g}"),
        Chip(text("train_tour.chip.hidden", lang), str(DEFAULTS["hidden"])),
        Chip(text("train_tour.chip.epochs", lang), str(DEFAULTS["epochs"])),
    )
    numbers = (
        Number(
            "sse", text("train_tour.number.squared", lang), done["squared"].test_accuracy, shown["sq_acc"]
        ),
        Number(
            "cee",
            text("train_tour.number.cross_entropy", lang),
            done["cross-entropy"].test_accuracy,
            shown["ce_acc"],
        ),
    )
    figure = accuracy_race_figure(race(), TARGET_ACCURACY, lang)
    return (Slide(1, chips, numbers, "race", figure),)
