"""Reading the vectors people type or paste, and writing them back as text.

Accepted notations: `0.1, 0.05, 0.05, 0.8`, `[0.1, 0.05, 0.05, 0.8]`,
`0.1 0.05 0.05 0.8`, `(0.1; 0.05; 0.05; 0.8)`, scientific notation (`5e-2`),
tabs and stray spaces, the full-width punctuation of Chinese input methods
(`，`, `；`) and the typographic minus `−`. Numbers are read with a strict
decimal pattern, never `eval`.
"""

import re

import numpy as np

from lossviz.arrays import plural
from lossviz.errors import InputError

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


def _shown(token):
    """A token quoted for a message, shortened if long."""
    return repr(token if len(token) <= 24 else token[:21] + "...")


def _strip_brackets(s, name):
    """Remove one pair of enclosing brackets; refuse an unclosed one."""
    if s and s[0] in _CLOSING:
        if s[-1] != _CLOSING[s[0]]:
            raise InputError(
                f"{name} starts with '{s[0]}' but does not end with '{_CLOSING[s[0]]}'. "
                f"Close the bracket or leave brackets out, e.g. {EXAMPLE}."
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
            after = f" after {_shown(tokens[-1])}" if tokens else " at the start"
            raise InputError(
                f"{name} has an empty entry{after} (two separators in a row). "
                "Remove the extra comma or type the missing number."
            )
        tokens.extend(field.split())
    return tokens


def _number(token, index, name):
    """float(token) for a strict decimal token; InputError naming the entry otherwise."""
    where = f"entry {index + 1}"
    if _NUMBER.fullmatch(token):
        value = float(token)
        if np.isinf(value):
            raise InputError(
                f"{name}: {_shown(token)} ({where}) is too large: it overflows to infinity. "
                "Type an ordinary number such as 0.25."
            )
        return value
    if _NON_FINITE.fullmatch(token):
        raise InputError(
            f"{name}: {_shown(token)} ({where}) is not a finite number. Type an ordinary number such as 0.25."
        )
    if _FRACTION.fullmatch(token):
        hint = "Fractions are not read: type 1/4 as 0.25."
    elif token.endswith("%") and _NUMBER.fullmatch(token[:-1]):
        hint = "Percentages are not read: type 50% as 0.5."
    elif _NUMBER.fullmatch(token.strip("[](){}")):
        hint = f"Type a single list of numbers with at most one pair of brackets around it, e.g. [{EXAMPLE}]."
    else:
        hint = f"Type numbers in decimal notation separated by commas or spaces, e.g. {EXAMPLE}."
    raise InputError(f"{name}: {_shown(token)} ({where}) is not a number. {hint}")


def parse_vector(text, *, name="The input", max_entries=MAX_TYPED_ENTRIES):
    """Read a vector typed in any of the module's notations; returns float64 (K,).

    Raises InputError, naming the entry and saying what to type, for empty
    text, empty entries, tokens that are not decimal numbers, NaN or ±inf
    (also by overflow, as in 1e999), and more than `max_entries` numbers.
    >>> parse_vector("[0.1, 0.05; 5e-2  0.8]")
    array([0.1 , 0.05, 0.05, 0.8 ])
    """
    if not isinstance(text, str):
        raise InputError(f"{name} must be text such as {EXAMPLE}.")
    if len(text) > max_entries * _MAX_CHARS_PER_ENTRY:
        raise InputError(
            f"{name} is too long ({len(text):,} characters). Type at most {max_entries:,} numbers."
        )
    s = _strip_brackets(text.translate(_NORMALISE).strip(), name)
    if s == "":
        raise InputError(f"{name} is empty. Type numbers separated by commas, e.g. {EXAMPLE}.")
    tokens = _tokens(s, name)
    if len(tokens) > max_entries:
        raise InputError(
            f"{name} has {plural(len(tokens), 'number')}; at most {max_entries:,} can be typed here."
        )
    return np.array([_number(tok, i, name) for i, tok in enumerate(tokens)], dtype=np.float64)


def format_vector(v, *, digits=10):
    """Text for a vector that parse_vector reads back, with up to `digits` significant digits.

    >>> format_vector([0.1, 0.05, 1/3])
    '0.1, 0.05, 0.3333333333'
    """
    return ", ".join(f"{float(x):.{digits}g}" for x in np.ravel(v))
