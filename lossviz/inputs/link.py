"""The link: one table of every query parameter of every page (TensorFlow Playground's state.ts).

Each `Param` says its name, the pages that read it, its kind, its default and what it accepts.
`read_link` turns a page's query parameters into checked values; anything it cannot use falls
back to the default and is named in one notice, so no link can break a page. Choices travel as
language-neutral keys (`view=surface`); links written with a label in either language (`view=Loss
surface`, `view=损失曲面`) still open the right option. The parameter list in docs/link.md
is `markdown_table()` of this same table (tests/test_link.py fails if the two drift).
"""

import math
import re
from dataclasses import dataclass

from lossviz.words.i18n import LANGUAGES, Message, msg, parse_language, strings

PAGES = ("explorer", "lab", "batch", "train")
MAX_TEXT = 64_000  # a typed vector is at most 1,000 entries of 64 characters (inputs.parsing)
# A pasted box of the batch page is in the link up to this many characters, beyond which the link
# leaves it out. URL-encoding writes a row's ", " and line break as "%2C+" and "%0A" (a row of
# short numbers grows about 1.5×), so both boxes at the bound keep a link under ~8 kB.
MAX_LINKED_PASTE = 2_500
_SHOWN = 40  # characters of a rejected value quoted back in the notice
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Param:
    """One query parameter: `?name=value` on the pages in `pages`.

    kind: "text", "int", "float", "bool", "choice" (one of `options`), "set" (a comma-separated
    subset of `options`) or "class" (a class of y: a whole number from lo to hi, of which the page
    offers only the K classes it has). `labels` is the strings-table prefix of a choice's option
    labels (f"{labels}.{key}"), for links that name an option by its label. lo, hi, step bound
    numbers; a widget may narrow them to what its data allows (check_slice, check_shown say when
    a link's value falls outside).
    """

    name: str
    pages: tuple
    kind: str
    default: object
    doc: str
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    options: tuple = ()
    labels: str = ""
    pattern: str = ""  # text: a regular expression the whole value must match (else link.expect.<name>)
    max_chars: int = MAX_TEXT  # text: its longest value
    secret: bool = False  # never quoted back in a notice


ALL = PAGES
_PASTED = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*"  # pasted rows: text, tabs and line breaks, no control character
# The explorer's parts an embed may hide: the page's own, and the header row (header: all of it;
# language, present: one switch of it).
HIDEABLE = (
    "presets",
    "tour",
    "inputs",
    "reading",
    "formulas",
    "table",
    "charts",
    "export",
    "header",
    "language",
    "present",
)
PARAMS = (
    Param("lang", ALL, "choice", "", "language; unset follows the browser", options=LANGUAGES),
    Param("present", ALL, "bool", False, "presentation mode for a projector"),
    Param("hide", ("explorer",), "set", (), "parts to hide, for slides and iframes", options=HIDEABLE),
    Param(
        "step",
        ALL,
        "int",
        None,
        "guided tour step (explorer 1–6, lab 1–4, batch 1–3); unset: no tour",
        lo=1,
        hi=6,
        step=1,
    ),
    Param("ask", ALL, "bool", False, "tour: each step hides its numbers until revealed"),
    Param("room", ALL, "text", "", "a workshop room's code: join it", pattern=r"(?i)[2-9A-HJKMNP-Z]{5}"),
    Param(
        "key",
        ALL,
        "text",
        "",
        "the presenter's key of the room (only in the presenter's own link)",
        pattern=r"[A-Za-z0-9_-]{16,128}",
        secret=True,
    ),
    Param(
        "me",
        ALL,
        "text",
        "",
        "a learner's own seat in the room (only in that learner's link): a page reopened, or moved to another replica, is the same learner",
        pattern=r"[A-Za-z0-9_-]{16}",
        secret=True,
    ),
    Param(
        "nick",
        ALL,
        "text",
        "",
        "a learner's nickname in the room",
        pattern=r"[^\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]{1,24}",
    ),
    Param("t", ("explorer",), "text", "0, 1, 0, 0", "target: one-hot/soft row, or a class label"),
    Param("y", ("explorer",), "text", "0.1, 0.05, 0.05, 0.8", "predicted probabilities"),
    Param(
        "view",
        ("explorer",),
        "choice",
        "gradients",
        "chart below the formulas",
        options=("neglog", "surface", "gradients", "bars"),
        labels="explorer.tab",
    ),
    Param("log", ("explorer",), "bool", False, "log-scale p axis on the −log chart"),
    Param("shared", ("explorer",), "bool", False, "one colour scale for both loss surfaces"),
    Param(
        "slice_a", ("explorer",), "class", None, "first class of the 2-D slice (K ≠ 3)", lo=0, hi=999, step=1
    ),
    Param("slice_b", ("explorer",), "class", None, "second class of the 2-D slice", lo=0, hi=999, step=1),
    Param(
        "input",
        ("lab",),
        "choice",
        "logits",
        "what the lab reads",
        options=("logits", "probabilities"),
        labels="lab.mode",
    ),
    Param("z", ("lab",), "text", "1000, 0", "logits"),
    Param("p", ("lab",), "text", "0.1, 0.05, 0.05, 0.8", "probabilities"),
    Param("target", ("lab",), "text", "1", "target: a label or a distribution"),
    Param("T", ("lab",), "float", 1.0, "softmax temperature", lo=0.1, hi=10.0, step=0.1),
    Param(
        "delta",
        ("lab",),
        "choice",
        "1e-7",
        "the δ compared",
        options=("1e-7", "float32", "float64"),
        labels="lab.delta.option",
    ),
    Param("z0", ("lab",), "float", -10.0, "gradient descent: starting logit", lo=-15.0, hi=0.0, step=0.5),
    Param("lr", ("lab",), "float", 1.0, "gradient descent: learning rate", lo=0.1, hi=5.0, step=0.1),
    Param("steps", ("lab",), "int", 30, "gradient descent: steps", lo=5, hi=100, step=1),
    Param("shown", ("lab",), "int", 10, "gradient descent: step shown (at most steps)", lo=0, hi=100, step=1),
    Param("eps", ("lab",), "float", 0.1, "label smoothing ε", lo=0.0, hi=0.5, step=0.01),
    Param(
        "source",
        ("batch",),
        "choice",
        "sample",
        "where the batch comes from",
        options=("sample", "paste", "upload", "digits"),
        labels="batch.source",
    ),
    Param(
        "batch_y",
        ("batch",),
        "text",
        "0.1, 0.05, 0.05, 0.8\n0.1, 0.8, 0.05, 0.05\n0.7, 0.1, 0.1, 0.1",
        "pasted batch: predictions, one row per line (a longer paste is left out of the link)",
        pattern=_PASTED,
        max_chars=MAX_LINKED_PASTE,
    ),
    Param(
        "batch_t",
        ("batch",),
        "text",
        "1, 1, 0",
        "pasted batch: targets, labels or one row per line (a longer paste is left out of the link)",
        pattern=_PASTED,
        max_chars=MAX_LINKED_PASTE,
    ),
    Param("logits", ("batch",), "bool", False, "apply softmax to the rows first"),
    Param("acc", ("batch",), "float", 0.8, "simulated accuracy", lo=0.0, hi=1.0, step=0.05),
    Param("conf", ("batch",), "float", 3.0, "simulated over-confidence", lo=0.0, hi=10.0, step=0.5),
    Param(
        "seed",
        ("batch", "train"),
        "int",
        0,
        "simulation seed (batch); initial weights and batch order (train)",
        lo=0,
        hi=10_000,
        step=1,
    ),
    Param("worst", ("batch",), "int", 10, "worst samples listed", lo=5, hi=100, step=5),
    Param("eta", ("train",), "float", 2.0, "training: learning rate η", lo=0.1, hi=5.0, step=0.1),
    Param("hidden", ("train",), "int", 30, "training: hidden units", lo=5, hi=50, step=5),
    Param("scale", ("train",), "float", 1.0, "training: initial weight scale", lo=0.1, hi=5.0, step=0.1),
    Param("epochs", ("train",), "int", 20, "training: epochs", lo=1, hi=30, step=1),
)
PARAM = {p.name: p for p in PARAMS}
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


class LinkValueError(ValueError):
    """A link value this parameter cannot use; `expected` says what it takes (a Message)."""

    def __init__(self, expected):
        super().__init__(str(expected))
        self.expected = expected


def _number(p, raw):
    """A number within [lo, hi] on p's step grid (snapped, as its slider would)."""
    expected = msg(f"link.expect.{p.kind}", lo=_plain(p.lo), hi=_plain(p.hi))
    if len(raw) > 32:  # a 100-digit seed is out of range; a float() of it is not worth the time
        raise LinkValueError(expected)
    try:
        value = float(raw)
    except ValueError:
        raise LinkValueError(expected) from None
    whole = p.kind in ("int", "class")
    if not math.isfinite(value) or not p.lo <= value <= p.hi or (whole and value != int(value)):
        raise LinkValueError(expected)
    steps = round((value - p.lo) / p.step)
    value = p.lo + steps * p.step
    return int(value) if whole else round(value, 10) + 0.0  # + 0.0: no "-0.0"


def _plain(x):
    """A bound as a person writes it: 10000 → "10,000", 0.1 → "0.1"."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def option_key(p, raw):
    """The option key `raw` names: the key itself (any case) or its label in any language; else None.

    >>> option_key(PARAM["view"], "Loss surface"), option_key(PARAM["view"], "损失曲面"), option_key(PARAM["view"], "x")
    ('surface', 'surface', None)
    """
    wanted = raw.strip()
    for key in p.options:
        if wanted.lower() == key.lower():
            return key
        if p.labels and wanted in strings().get(f"{p.labels}.{key}", {}).values():
            return key
    return None


def parse_value(p, raw):
    """The value `raw` (a query-string value) sets parameter `p` to; LinkValueError if none.

    >>> parse_value(PARAM["seed"], "3"), parse_value(PARAM["acc"], "0.56"), parse_value(PARAM["log"], "TRUE")
    (3, 0.55, True)
    >>> parse_value(PARAM["hide"], "tour, presets")
    ('presets', 'tour')
    >>> parse_value(PARAM["seed"], "inf")
    Traceback (most recent call last):
    ...
    lossviz.inputs.link.LinkValueError: a whole number from 0 to 10,000
    """
    if p.kind == "text":
        if len(raw) > p.max_chars:
            raise LinkValueError(msg("link.expect.text", max=f"{p.max_chars:,}"))
        if p.pattern and not re.fullmatch(p.pattern, raw):
            raise LinkValueError(msg(f"link.expect.{p.name}"))
        return raw
    if p.kind in ("int", "float", "class"):
        return _number(p, raw.strip())
    if p.kind == "bool":
        word = raw.strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise LinkValueError(msg("link.expect.bool"))
    expected = msg("link.expect.choice", options=", ".join(p.options))
    if p.kind == "choice":
        key = parse_language(raw) if p.name == "lang" else option_key(p, raw)  # lang=zh-CN is zh
        if key is None:
            raise LinkValueError(expected)
        return key
    names = [n for n in raw.split(",") if n.strip()]
    keys = [option_key(p, n) for n in names]
    if None in keys:
        raise LinkValueError(expected)
    return tuple(sorted(set(keys)))


@dataclass(frozen=True)
class Ignored:
    """A link value that was not used: the parameter, what it said, and what it takes."""

    name: str
    raw: str
    expected: Message

    @property
    def shown(self):
        if PARAM[self.name].secret:
            return "…"
        raw = _CONTROL.sub("\ufffd", self.raw)  # a line break or a NUL is not written into the page
        return raw if len(raw) <= _SHOWN else raw[: _SHOWN - 1] + "…"


def read_link(query, page):
    """(values, ignored) for `page` from `query` ({name: raw string}).

    values holds every parameter of the page that the link sets to a usable value; ignored lists
    the ones it could not use (each falls back to its default). Names the table does not know,
    or that belong to other pages, are left alone (a link may carry a tracker's parameters).
    >>> read_link({"seed": "inf", "acc": "0.5", "view": "surface"}, "batch")
    ({'acc': 0.5}, [Ignored(name='seed', raw='inf', expected=Message(key='link.expect.int', params={'lo': '0', 'hi': '10,000'}))])
    """
    values, ignored = {}, []
    for name, raw in query.items():
        p = PARAM.get(name)
        if p is None or page not in p.pages:
            continue
        try:
            values[name] = parse_value(p, raw)
        except LinkValueError as exc:
            ignored.append(Ignored(name, raw, exc.expected))
    return values, ignored


def check_slice(query, k, target):
    """[Ignored] for the classes of the loss surface's 2-D slice that y's K classes do not have.

    ?slice_a= names a class of y (0 … K−1; its default is the correct class, `target`) and
    ?slice_b= another one. Their boxes keep only one of their options and drop anything else
    without a word; this says which values go, and what they should have been. (A value that is
    not a whole number 0–999 is read_link's to report.)
    >>> [(i.name, i.raw) for i in check_slice({"slice_a": "7", "slice_b": "1"}, 4, 1)]
    [('slice_a', '7'), ('slice_b', '1')]
    >>> check_slice({"slice_a": "3", "slice_b": "1"}, 4, 1)
    []
    """
    ignored, a = [], target
    for name in ("slice_a", "slice_b"):
        raw = query.get(name)
        if raw is None:
            continue
        try:
            value = parse_value(PARAM[name], raw)
        except LinkValueError:
            continue
        if name == "slice_a" and value < k:
            a = value
        elif name == "slice_a":
            ignored.append(Ignored(name, raw, msg("link.expect.class", hi=k - 1)))
        elif value >= k or value == a:
            ignored.append(Ignored(name, raw, msg("link.expect.other_class", hi=k - 1, a=a)))
    return ignored


def check_shown(query, steps):
    """[Ignored] for a step of the descent (?shown=) beyond the `steps` it takes.

    The step slider runs from 0 to the steps taken; a later step falls back to its default.
    >>> [(i.name, i.expected.params) for i in check_shown({"shown": "40"}, 30)]
    [('shown', {'lo': '0', 'hi': '30'})]
    >>> check_shown({"shown": "30"}, 30), check_shown({"shown": "x"}, 30)
    ([], [])
    """
    raw = query.get("shown")
    if raw is None:
        return []
    try:
        value = parse_value(PARAM["shown"], raw)
    except LinkValueError:
        return []  # not a step at all: read_link's to report
    if value <= steps:
        return []
    return [Ignored("shown", raw, msg("link.expect.int", lo=_plain(PARAM["shown"].lo), hi=_plain(steps)))]


def write_value(p, value):
    """The query-string form of `value` for `p`, or None when it is the default (kept out of links).

    >>> write_value(PARAM["hide"], ("tour", "presets")), write_value(PARAM["acc"], 0.8), write_value(PARAM["log"], True)
    ('tour,presets', None, '1')
    """
    if value == p.default or value is None:
        return None
    if p.kind == "bool":
        return "1" if value else "0"
    if p.kind == "set":
        return ",".join(value) or None
    if p.kind == "float":
        return f"{value:g}"
    return str(value)


def _shown_default(p):
    if p.default in (None, "", ()):
        return "—"
    if p.kind == "bool":
        return "`1`" if p.default else "`0`"
    if p.kind == "float":
        return f"`{p.default:g}`"
    return "`" + str(p.default).replace("\n", "` ⏎ `") + "`"  # a pasted default's rows, on one line


def markdown_table():
    """The parameter list of docs/link.md: one row per parameter, from the table itself."""
    rows = ["| parameter | pages | takes | default | what |", "|---|---|---|---|---|"]
    for p in PARAMS:
        if p.kind == "class":
            takes = f"a class of y, {_plain(p.lo)} … {_plain(p.hi)}"
        elif p.kind in ("int", "float"):
            takes = f"{_plain(p.lo)} … {_plain(p.hi)}" + (f" (step {p.step:g})" if p.step != 1 else "")
        elif p.kind in ("choice", "set"):
            takes = ("one of " if p.kind == "choice" else "any of ") + ", ".join(f"`{o}`" for o in p.options)
        else:
            takes = {"bool": "`1` or `0`", "text": "text"}[p.kind]
            if p.kind == "text" and p.max_chars != MAX_TEXT:
                takes += f", at most {p.max_chars:,} characters"
        pages = "all" if p.pages == ALL else ", ".join(p.pages)
        rows.append(f"| `{p.name}` | {pages} | {takes} | {_shown_default(p)} | {p.doc} |")
    return "\n".join(rows)
