"""The numerics lab's tour: four steps an instructor teaches from the lab's sections.

(1) δ: why log 0 needs it, and what δ = 10⁻⁷ costs a perfect prediction; (2) logits → softmax
and the overflow the max-shifted form avoids; (3) temperature; (4) label smoothing. The words
are lab_tour.* in lossviz/words/strings/decks.toml; every number comes from lossviz.maths and
lossviz.views.lab, computed when the steps are built. Each step opens the lab on its inputs
when the tour ends there.
"""

from functools import cache

from lossviz.charts.lab import safeguard_chart
from lossviz.charts.slides import class_series_figure, three_ways_figure
from lossviz.maths.losses import DELTA
from lossviz.maths.numerics import safeguards
from lossviz.maths.softmax import cross_entropy_from_logits, softmax
from lossviz.views.lab import analyse, smoothed
from lossviz.views.slides import Chip, Number, Slide
from lossviz.views.tour import steps
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import text

WRONG, PERFECT = "1, 0", "0, 1"  # step 1: the correct class (1) at probability 0, then at 1
OVERFLOW = "1000, 0"  # step 2: exp(1000) is inf in float64
LOGITS = "2, 1, 0.1"  # steps 3 and 4: the lab's smoothing example, correct class 0
LABEL = "1"
SMOOTH_LABEL = "0"
TEMPERATURES = (0.5, 1.0, 2.0)
EPSILON = 0.1
_OPENS = (  # the lab's inputs (link parameters) when the tour ends at each step
    {"input": "probabilities", "p": WRONG, "target": LABEL, "delta": "1e-7"},
    {"input": "logits", "z": OVERFLOW, "target": LABEL, "T": 1.0},
    {"input": "logits", "z": LOGITS, "target": SMOOTH_LABEL, "T": TEMPERATURES[-1]},
    {"input": "logits", "z": LOGITS, "target": SMOOTH_LABEL, "T": 1.0, "eps": EPSILON},
)
COUNT = len(_OPENS)


def _listed(vector_text):
    return "[" + vector_text + "]"


@cache
def numbers():
    """Every number the lab's steps quote, as floats, computed by the core.

    Cached once per process (lossviz.ui.caching.CORE_CACHES).
    """
    article = safeguards()[0]  # δ = 10⁻⁷
    overflow = analyse("logits", OVERFLOW, LABEL)
    smooth = analyse("logits", LOGITS, SMOOTH_LABEL)
    return {
        "cap": article.cap_added,
        "perfect": article.perfect_added,
        "clipped": article.perfect_clipped,
        "naive": overflow.cee_naive,
        "stable": overflow.cee_stable,
        "article": overflow.cee_article,
        **{
            f"t{i}": cross_entropy_from_logits(_vector(LOGITS), int(SMOOTH_LABEL), temperature=T)
            for i, T in enumerate(TEMPERATURES)
        },
        "hard": smooth.cee_hard,
        "smoothed": smoothed(smooth, EPSILON)[1],
    }


def _vector(vector_text):
    return [float(v) for v in vector_text.split(",")]


@cache
def lab_tour(lang="en"):
    """The lab's four steps in `lang`, their texts filled in with computed numbers.

    Cached once per process and language (lossviz.ui.caching.CORE_CACHES).
    """
    shown = {name: format_loss(value) for name, value in numbers().items()}
    return steps("lab_tour", _OPENS, lang, eps=EPSILON, **shown)


def _number(kind, key, value, lang, **params):
    return Number(kind, text(f"lab_tour.number.{key}", lang, **params), float(value))


def _delta_step(lang):
    n = numbers()
    chips = (
        Chip("t", LABEL),
        Chip("y ①", _listed(WRONG)),
        Chip("y ②", _listed(PERFECT)),
        Chip("δ", "10⁻⁷"),
    )
    shown = (_number("cee", "cap", n["cap"], lang), _number("cee", "perfect", n["perfect"], lang))
    figure = safeguard_chart(DELTA, lang=lang)
    for trace, name in zip(figure.data, ("exact", "added", "clipped"), strict=True):
        trace.name = text(f"lab_tour.chart.{name}", lang)  # short: the legend sits inside the plot
    figure.update_annotations(yanchor="top")  # the cap's label under its line, clear of the legend
    return Slide(1, chips, shown, "safeguard", figure)


def _overflow_step(lang):
    n = numbers()
    ways = ("naive", "stable", "article")
    figure = three_ways_figure(
        [text(f"lab_tour.number.{w}", lang) for w in ways],
        [n[w] for w in ways],
        title=text("lab_tour.chart.overflow_title", lang),
        lang=lang,
    )
    shown = (
        _number("plain", "naive", n["naive"], lang),
        _number("cee", "stable", n["stable"], lang),
        _number("cee", "article", n["article"], lang),
    )
    return Slide(2, (Chip("z", _listed(OVERFLOW)), Chip("t", LABEL)), shown, "overflow", figure)


def _temperature_step(lang):
    n, z = numbers(), _vector(LOGITS)
    names = [text("lab_tour.chart.temperature", lang, T=f"{T:g}") for T in TEMPERATURES]
    figure = class_series_figure(
        dict(zip(names, (softmax(z, temperature=T) for T in TEMPERATURES), strict=True)),
        title=text("lab_tour.chart.temperature_title", lang),
        y_title="softmax(z / T)",
        target_class=int(SMOOTH_LABEL),
        lang=lang,
    )
    shown = tuple(
        _number("cee", "temperature", n[f"t{i}"], lang, T=f"{T:g}") for i, T in enumerate(TEMPERATURES)
    )
    chips = (
        Chip("z", _listed(LOGITS)),
        Chip("t", SMOOTH_LABEL),
        Chip("T", ", ".join(f"{T:g}" for T in TEMPERATURES)),
    )
    return Slide(3, chips, shown, "temperature", figure)


def _smoothing_step(lang):
    n = numbers()
    r = analyse("logits", LOGITS, SMOOTH_LABEL)
    t_smooth, _ = smoothed(r, EPSILON)
    series = {
        text("lab_tour.chart.one_hot", lang): r.t,
        text("lab_tour.chart.smoothed", lang, eps=f"{EPSILON:g}"): t_smooth,
        "softmax(z)": r.y,
    }
    figure = class_series_figure(
        series,
        title=text("lab_tour.chart.smoothing_title", lang),
        y_title=text("lab_tour.chart.smoothing_axis", lang),
        target_class=int(SMOOTH_LABEL),
        lang=lang,
    )
    shown = (
        _number("cee", "hard", n["hard"], lang),
        _number("cee", "smoothed", n["smoothed"], lang, eps=f"{EPSILON:g}"),
    )
    chips = (Chip("z", _listed(LOGITS)), Chip("t", SMOOTH_LABEL), Chip("ε", f"{EPSILON:g}"))
    return Slide(4, chips, shown, "smoothing", figure)


@cache
def lab_slides(lang="en"):
    """The lab's four slides in `lang`, in order (slide i belongs to lab_tour(lang)[i - 1]).

    Cached once per process and language (lossviz.ui.caching.CORE_CACHES).
    """
    return tuple(build(lang) for build in (_delta_step, _overflow_step, _temperature_step, _smoothing_step))
