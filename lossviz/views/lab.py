"""Everything the numerics lab shows for one input, computed in one place.

The input is either logits z (turned into y = softmax(z / T)) or probabilities
y, with targets t as in the explorer (a distribution of y's shape or one label).
`analyse` is the entry point: it reads and checks the text boxes once; everything after it
(the δ and smoothing sections too) takes the checked arrays it keeps.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lossviz.inputs.parsing import parse_vector
from lossviz.maths.checks import check_in_unit_interval
from lossviz.maths.conventions_table import conventions_table
from lossviz.maths.losses import cross_entropy_error, sum_squared_error
from lossviz.maths.numerics import (
    DELTA_CHOICES,
    cross_entropy_clipped_checked,
    cross_entropy_of_naive_softmax_checked,
    naive_softmax_checked,
    safeguards,
)
from lossviz.maths.softmax import cross_entropy_from_logits_checked, scaled_logits, softmax_checked
from lossviz.maths.targets import as_targets, one_hot, smooth_labels
from lossviz.words.errors import InputError
from lossviz.words.formatting import format_loss
from lossviz.words.i18n import DEFAULT_LANGUAGE, msg, render, text

MODES = ("logits", "probabilities")


@dataclass(frozen=True)
class LabPreset:
    """An example input of the lab; its button label and note are in lossviz/words/strings/lab.toml.

    >>> LAB_PRESETS[0].label.text("zh")
    'z = [1000, 0]，标签 1'
    """

    key: str
    mode: str
    vector: str
    target: str

    @property
    def label(self):
        return msg(f"lab.preset.{self.key}.label")

    @property
    def note(self):
        return msg(f"lab.preset.{self.key}.note")


LAB_PRESETS = (
    LabPreset("overflow", "logits", "1000, 0", "1"),
    LabPreset("smoothing", "logits", "2, 1, 0.1", "0"),
    LabPreset("book-probabilities", "probabilities", "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0", "2"),
    LabPreset("zero", "probabilities", "1, 0", "1"),
    LabPreset("perfect", "probabilities", "0, 1", "1"),
)


@dataclass(frozen=True)
class LabResult:
    """One input seen through every numerical lens the lab shows."""

    mode: str
    z: np.ndarray | None  # logits, when given
    scaled: np.ndarray | None  # z / T, checked finite (float64), when z is given
    y: np.ndarray  # probabilities, (K,)
    t: np.ndarray  # targets as a distribution, (K,)
    temperature: float
    sse: float
    cee_article: float  # −log(y + δ) with the article's δ
    cee_stable: float | None  # log-softmax of z / T, when z is given
    naive_y: np.ndarray | None  # softmax without the max-shift, when z is given
    cee_naive: float | None
    conventions: list

    @property
    def cee_hard(self):
        """The cross-entropy the lab compares against: stable from logits when given, else the article's."""
        return self.cee_article if self.z is None else self.cee_stable


def _delta(key):
    for choice in DELTA_CHOICES:
        if choice.key == key:
            return choice
    raise InputError("lab.errors.unknown_delta", value=key, choices=", ".join(c.key for c in DELTA_CHOICES))


def analyse(mode, vector_text, target_text, *, temperature=1.0):
    """Build the LabResult; InputError is attached to field "vector" or "target".

    >>> r = analyse("logits", "1000, 0", "1")
    >>> round(r.cee_article, 3), r.cee_stable, r.cee_naive
    (16.118, 1000.0, nan)
    """
    if mode not in MODES:
        raise InputError("lab.errors.unknown_mode", mode=mode)
    name = "z" if mode == "logits" else "y"
    try:
        v = parse_vector(vector_text, name=name)
        if mode == "logits":
            s = scaled_logits(v, temperature)
            z, y = v, softmax_checked(s)
        else:
            check_in_unit_interval(v, "y", "probabilities")
            s, z, y = None, None, v
    except InputError as exc:
        raise exc.at("vector") from None
    try:
        labels, dense = as_targets(parse_vector(target_text, name="t"), y)
    except InputError as exc:
        raise exc.at("target") from None
    t = (one_hot(labels, y.shape[0]) if dense is None else dense).reshape(y.shape)
    naive_y = None if s is None else naive_softmax_checked(s)
    return LabResult(
        mode=mode,
        z=z,
        scaled=s,
        y=y,
        t=t,
        temperature=float(temperature),
        sse=sum_squared_error(y, t),
        cee_article=cross_entropy_error(y, t),
        cee_stable=None if s is None else cross_entropy_from_logits_checked(s, t),
        naive_y=naive_y,
        cee_naive=None if s is None else cross_entropy_of_naive_softmax_checked(naive_y, t),
        conventions=conventions_table(y, t, z, temperature=temperature),
    )


def delta_losses(r, delta_key):
    """(δ added, y clipped) cross-entropy of r's input with the δ named delta_key.

    >>> [round(v, 3) for v in delta_losses(analyse("probabilities", "1, 0", "1"), "float64")]
    [36.044, 36.044]
    """
    choice = _delta(delta_key)
    return cross_entropy_error(r.y, r.t, delta=choice.value), cross_entropy_clipped_checked(
        r.y, r.t, choice.value
    )


def smoothed(r, epsilon):
    """(smoothed targets, their cross-entropy) for label smoothing ε, from logits when given.

    >>> round(smoothed(analyse("logits", "2, 1, 0.1", "0"), 0.1)[1], 7)
    0.5136967
    """
    t = smooth_labels(r.t, r.y.shape[0], epsilon)
    if r.scaled is None:
        return t, cross_entropy_error(r.y, t)
    return t, cross_entropy_from_logits_checked(r.scaled, t)


def softmax_table(r, *, lang=DEFAULT_LANGUAGE):
    """Per class: the logit, z / T, softmax (max-shifted) and the naive softmax (None without logits).

    Headers in `lang`; the naive softmax is text (its NaN spelled out), in the column
    text("lab.softmax.col.naive", lang).
    >>> table = softmax_table(analyse("logits", "1000, 0", "1"), lang="zh")
    >>> list(table.columns), list(table["朴素 softmax"])
    (['类别', 't', 'z', 'z / T', 'softmax(z / T)', '朴素 softmax'], ['NaN', '0'])
    """
    table = {text("lab.softmax.col.class", lang): np.arange(r.y.shape[0]), "t": r.t}
    if r.z is not None:
        naive = [format_loss(v) if not np.isfinite(v) else f"{v:.6g}" for v in r.naive_y]
        table.update({"z": r.z, "z / T": r.z / r.temperature, "softmax(z / T)": r.y})
        table[text("lab.softmax.col.naive", lang)] = naive
    else:
        table["y"] = r.y
    return pd.DataFrame(table)


def safeguard_table(*, lang=DEFAULT_LANGUAGE):
    """For each δ: the cap at y = 0 and a perfect prediction's score, δ added or y clipped.

    >>> list(safeguard_table(lang="zh").columns)[1:3]
    ['y = 0 时的上限，加上 δ', 'y = 0 时的上限，截断']
    """
    columns = {
        key: text(f"lab.safeguard.col.{key}", lang)
        for key in ("delta", "cap_added", "cap_clipped", "perfect_added", "perfect_clipped")
    }
    return pd.DataFrame(
        [
            {
                columns["delta"]: s.choice.label.text(lang),
                columns["cap_added"]: s.cap_added,
                columns["cap_clipped"]: s.cap_clipped,
                columns["perfect_added"]: s.perfect_added,
                columns["perfect_clipped"]: s.perfect_clipped,
            }
            for s in safeguards()
        ]
    )


CONVENTION_COLUMNS = ("library", "call", "dtype", "value", "note", "loss", "given", "formula", "docs")


def conventions_frame(r, *, lang=DEFAULT_LANGUAGE):
    """The conventions table of r as rows a person reads: library, call, dtype, value or why none, formula, docs.

    Headers and words in `lang`, each header text(f"lab.conv.col.{name}", lang) for a name of
    CONVENTION_COLUMNS; code, dtypes, formulas and values are the same in both languages. value is
    NaN where the call returns no number (it raises, or needs logits); the note says why.
    >>> frame = conventions_frame(analyse("probabilities", "0, 1", "1"), lang="zh")
    >>> frame.iloc[0, [0, 1, 2, 5, 6]].tolist()
    ['文章 / 原书', '0.5 * np.sum((y - t)**2)', 'float64', '均方误差', '概率 y']
    """
    header = {name: text(f"lab.conv.col.{name}", lang) for name in CONVENTION_COLUMNS}
    join = text("lab.conv.note.join", lang)
    return pd.DataFrame(
        [
            {
                header["library"]: render(row.convention.library, lang),
                header["call"]: render(row.call, lang),
                header["dtype"]: row.convention.dtype,
                header["value"]: np.nan if row.value is None else row.value,
                header["note"]: join.join(render(n, lang) for n in row.notes),
                header["loss"]: render(row.convention.loss, lang),
                header["given"]: render(row.convention.fed, lang),
                header["formula"]: render(row.convention.formula, lang),
                header["docs"]: row.convention.link,
            }
            for row in r.conventions
        ]
    )
