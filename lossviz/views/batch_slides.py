"""The batch page's tour: three steps on the page's own simulated batch of 10,000 predictions.

(1) the batch's loss is the mean of the per-sample losses (and the mean sits above the median);
(2) which samples dominate: the misclassified ones carry most of either loss; (3) where squared
error and cross-entropy disagree: samples squared error can hardly tell apart, cross-entropy ranks
far apart. The words are batch_tour.* in lossviz/words/strings/decks.toml; every number comes from
lossviz.views.batch (the page's BatchResult) and the functions here.
"""

from functools import cache

import numpy as np

from lossviz.charts.batch import disagreement_figure
from lossviz.charts.slides import mean_histogram_figure, share_figure
from lossviz.charts.style import MARK_COLOR
from lossviz.inputs.link import PARAM
from lossviz.views.batch import sample_batch
from lossviz.views.slides import Chip, Number, Slide
from lossviz.views.tour import steps
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import text

N, K = 10_000, 10  # the batch page's simulated sample (lossviz.ui.batch.SAMPLE_SIZE, 10 classes)
SETTINGS = {name: PARAM[name].default for name in ("acc", "conf", "seed")}  # the page's defaults
NEAR_MAX_SSE = 0.9  # ½Σ(y − t)² ≤ 1 for a one-hot t: above 0.9 is "about as wrong as it gets"
SHARE_POINTS = 201  # points of the share curve (not 10,000)
_OPENS = ({"source": "sample", "logits": False, **SETTINGS},) * 3
COUNT = len(_OPENS)


@cache
def batch():
    """The page's simulated batch with its default settings (a BatchResult).

    Cached once per process (lossviz.ui.caching.CORE_CACHES).
    """
    return sample_batch(N, K, accuracy=SETTINGS["acc"], confidence=SETTINGS["conf"], seed=SETTINGS["seed"])


def loss_share(rows, points=SHARE_POINTS):
    """(fraction, share): the share of Σ rows carried by the worst `fraction` of the samples.

    rows: (N,) per-sample losses ≥ 0, not all 0; both results (points,), from 0 to 1.
    >>> [round(float(v), 2) for v in loss_share(np.array([3.0, 1.0, 0.0, 0.0]), 5)[1]]
    [0.0, 0.75, 1.0, 1.0, 1.0]
    """
    worst_first = np.sort(rows)[::-1]
    carried = np.concatenate([[0.0], np.cumsum(worst_first)]) / worst_first.sum()
    fraction = np.linspace(0.0, 1.0, points)
    return fraction, np.interp(fraction * rows.shape[0], np.arange(rows.shape[0] + 1), carried)


@cache
def numbers():
    """Every number the batch steps quote: floats, and the sample counts as ints.

    Cached once per process (lossviz.ui.caching.CORE_CACHES).
    """
    r = batch()
    wrong = r.predicted != r.labels
    near = r.sse_rows > NEAR_MAX_SSE
    return {
        "mean": r.cee,
        "median": float(np.median(r.cee_rows)),
        "wrong": int(wrong.sum()),
        "wrong_share": float(wrong.mean()),
        "cee_share": float(r.cee_rows[wrong].sum() / r.cee_rows.sum()),
        "sse_share": float(r.sse_rows[wrong].sum() / r.sse_rows.sum()),
        "near": int(near.sum()),
        "near_low": float(r.cee_rows[near].min()),
        "near_high": float(r.cee_rows[near].max()),
    }


def _percent(share):
    """A share as a percentage with one decimal.

    >>> _percent(0.68661)
    '68.7 %'
    """
    return f"{100 * share:.1f} %"


def _shown():
    """The numbers as the texts write them: losses to 4 decimals, counts with commas, shares in %."""
    n = numbers()
    return {
        **{k: format_loss(n[k]) for k in ("mean", "median", "near_low", "near_high")},
        **{k: f"{n[k]:,}" for k in ("wrong", "near")},
        **{k: _percent(n[k]) for k in ("wrong_share", "cee_share", "sse_share")},
        "n": f"{N:,}",
        "limit": f"{NEAR_MAX_SSE:g}",
    }


@cache
def batch_tour(lang="en"):
    """The batch page's three steps in `lang`, their texts filled in with computed numbers.

    Cached once per process and language (lossviz.ui.caching.CORE_CACHES).
    """
    return steps("batch_tour", _OPENS, lang, **_shown())


def _chips(lang):
    return (
        Chip("N", f"{N:,}"),
        Chip("K", str(K)),
        Chip(text("batch_tour.chip.acc", lang), f"{SETTINGS['acc']:g}"),
        Chip(text("batch_tour.chip.conf", lang), f"{SETTINGS['conf']:g}"),
        Chip(text("batch_tour.chip.seed", lang), str(SETTINGS["seed"])),
    )


def _number(kind, key, lang, value, shown=""):
    label = text(f"batch_tour.number.{key}", lang, near=f"{numbers()['near']:,}")
    return Number(kind, label, float(value), shown)


def _mean_step(lang):
    n, s = numbers(), _shown()
    figure = mean_histogram_figure(
        batch().cee_rows,
        {
            text("batch_tour.chart.mean", lang, value=s["mean"]): n["mean"],
            text("batch_tour.chart.median", lang, value=s["median"]): n["median"],
        },
        title=text("batch_tour.chart.mean_title", lang, n=s["n"]),
        x_title="−Σ t log(y + δ)",
        lang=lang,
    )
    shown = (_number("mean", "mean", lang, n["mean"]), _number("plain", "median", lang, n["median"]))
    return Slide(1, _chips(lang), shown, "mean", figure, formula=r"E = \frac{1}{N}\sum_{n} E_n")


def _share_step(lang):
    n, s, r = numbers(), _shown(), batch()
    fraction, cee = loss_share(r.cee_rows)
    _, sse = loss_share(r.sse_rows)
    figure = share_figure(
        fraction,
        {"cee": cee, "sse": sse},
        marked=n["wrong_share"],
        marked_label=text("batch_tour.chart.wrong", lang, share=s["wrong_share"]),
        lang=lang,
    )
    shown = (
        _number("cee", "cee_share", lang, n["cee_share"], s["cee_share"]),
        _number("sse", "sse_share", lang, n["sse_share"], s["sse_share"]),
    )
    return Slide(2, _chips(lang), shown, "share", figure)


def _disagree_step(lang):
    n = numbers()
    figure = disagreement_figure(batch(), lang=lang)
    figure.update_layout(title_text=text("batch_tour.chart.disagree_title", lang))  # the page's is long
    figure.add_vline(
        x=NEAR_MAX_SSE,
        line={"color": MARK_COLOR, "dash": "dot", "width": 3},
        annotation_text=f"{NEAR_MAX_SSE:g}",
        annotation_position="top left",
    )
    shown = (
        _number("cee", "near_low", lang, n["near_low"]),
        _number("cee", "near_high", lang, n["near_high"]),
    )
    return Slide(3, _chips(lang), shown, "disagree", figure)


@cache
def batch_slides(lang="en"):
    """The batch page's three slides in `lang`, in order (slide i belongs to batch_tour(lang)[i - 1]).

    Cached once per process and language (lossviz.ui.caching.CORE_CACHES).
    """
    return tuple(build(lang) for build in (_mean_step, _share_step, _disagree_step))
