"""Reading the vectors people type or paste, and writing them back as text.

Accepted notations: `0.1, 0.05, 0.05, 0.8`, `[0.1, 0.05, 0.05, 0.8]`,
`0.1 0.05 0.05 0.8`, `(0.1; 0.05; 0.05; 0.8)`, scientific notation (`5e-2`),
tabs and stray spaces, the full-width punctuation of Chinese input methods
(`，`, `；`) and the typographic minus `−`. Numbers are read with a strict
decimal pattern, never `eval`.
"""

import re

import numpy as np

from lossviz.maths.distributions import largest_remainder
from lossviz.words.counts import plural
from lossviz.words.errors import InputError
from lossviz.words.i18n import msg

MAX_TYPED_ENTRIES = 1000  # a typed vector longer than this belongs in batch mode
_MAX_CHARS_PER_ENTRY = 64

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FRACTION = re.compile(r"[+-]?[\d.]+/[\d.]+")
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_FIELD_SEPARATOR = re.compile(r"[,;]")
_CLOSING = {"[": "]", "(": ")", "{": "}"}
_NORMALISE = str.maketrans(
    {
        "，": ",",
        "；": ";",
        "、": ",",
        "−": "-",
        "–": "-",
        "［": "[",
        "］": "]",
        "（": "(",
        "）": ")",
        "\u3000": " ",
        "\u00a0": " ",
    }
)
EXAMPLE = "0.1, 0.05, 0.05, 0.8"
INPUT = msg("name.input")  # what messages call a vector that has no name of its own


def _shown(token):
    """A token quoted for a message, shortened if long."""
    return repr(token if len(token) <= 24 else token[:21] + "...")


def _strip_brackets(s, name):
    """Remove one pair of enclosing brackets; refuse an unclosed one."""
    if s and s[0] in _CLOSING:
        if s[-1] != _CLOSING[s[0]]:
            raise InputError(
                "errors.parse.unclosed", name=name, open=s[0], close=_CLOSING[s[0]], example=EXAMPLE
            )
        s = s[1:-1].strip()
    return s


def _tokens(s, name):
    """Split on commas/semicolons, then on white space; refuse empty entries."""
    fields = [f.strip() for f in _FIELD_SEPARATOR.split(s)]
    if len(fields) > 1 and fields[-1] == "":
        fields.pop()  # one trailing comma, as Python allows
    tokens = []
    for field in fields:
        if field == "":
            if tokens:
                raise InputError("errors.parse.empty_entry_after", name=name, token=_shown(tokens[-1]))
            raise InputError("errors.parse.empty_entry_start", name=name)
        tokens.extend(field.split())
    return tokens


def _number(token, index, name):
    """float(token) for a strict decimal token; InputError naming the entry otherwise."""
    where = msg("position.entry", i=index + 1)
    about = {"name": name, "token": _shown(token), "where": where}
    if _NUMBER.fullmatch(token):
        value = float(token)
        if np.isinf(value):
            raise InputError("errors.parse.overflow", **about)
        return value
    if _NON_FINITE.fullmatch(token):
        raise InputError("errors.parse.non_finite", **about)
    if _FRACTION.fullmatch(token):
        raise InputError("errors.parse.fraction", **about)
    if token.endswith("%") and _NUMBER.fullmatch(token[:-1]):
        raise InputError("errors.parse.percent", **about)
    kind = "nested" if _NUMBER.fullmatch(token.strip("[](){}")) else "not_number"
    raise InputError(f"errors.parse.{kind}", example=EXAMPLE, **about)


def parse_vector(text, *, name=INPUT, max_entries=MAX_TYPED_ENTRIES):
    """Read a vector typed in any of the module's notations; returns float64 (K,).

    Raises InputError, naming the entry and saying what to type, for empty
    text, empty entries, tokens that are not decimal numbers, NaN or ±inf
    (also by overflow, as in 1e999), and more than `max_entries` numbers.
    >>> parse_vector("[0.1, 0.05; 5e-2  0.8]")
    array([0.1 , 0.05, 0.05, 0.8 ])
    """
    if not isinstance(text, str):
        raise InputError("errors.parse.not_text", name=name, example=EXAMPLE)
    if len(text) > max_entries * _MAX_CHARS_PER_ENTRY:
        raise InputError("errors.parse.too_long", name=name, chars=len(text), max=max_entries)
    s = _strip_brackets(text.translate(_NORMALISE).strip(), name)
    if s == "":
        raise InputError("errors.parse.empty", name=name, example=EXAMPLE)
    tokens = _tokens(s, name)
    if len(tokens) > max_entries:
        raise InputError(
            "errors.parse.too_many", name=name, count=plural(len(tokens), "number"), max=max_entries
        )
    return np.array([_number(tok, i, name) for i, tok in enumerate(tokens)], dtype=np.float64)


def format_vector(v, *, digits=10):
    """Text for a vector that parse_vector reads back, with up to `digits` significant digits.

    >>> format_vector([0.1, 0.05, 1/3])
    '0.1, 0.05, 0.3333333333'
    """
    return ", ".join(f"{float(x):.{digits}g}" for x in np.ravel(v))


def format_rounded(v, *, decimals=4):
    """Text for a vector with at most `decimals` decimals, rounded so that the texts keep v's sum
    (largest-remainder rounding, lossviz.maths.distributions.largest_remainder): a y that sums
    to 1 is written as numbers whose decimals sum to exactly 1.

    >>> format_rounded([0.08599999999, 0.183, 0.04300000001, 0.6879999999])
    '0.086, 0.183, 0.043, 0.688'
    """
    scale = 10**decimals
    texts = (
        f"{u // scale}.{u % scale:0{decimals}d}".rstrip("0").rstrip(".")
        for u in largest_remainder(v, decimals)
    )
    return ", ".join(texts)
