"""Matrices typed or pasted into a text box: one row per line, each in parse_vector's notations.

The size is checked before the numbers are read (the characters, the rows, then rows × the
first row's numbers), so any text is accepted or refused within a fraction of a second. Rows of
plain ASCII numbers and separators are checked by one regular expression each and converted by
numpy all at once; any other row goes through parse_vector, which reads it, or says what is
wrong with it, exactly as a single vector. More data belongs in an upload.
"""

import re

import numpy as np

from lossviz.inputs.parsing import parse_vector
from lossviz.words.counts import plural
from lossviz.words.errors import InputError
from lossviz.words.i18n import msg

# A pasted batch is sent in one websocket message with every widget of the page: both boxes at
# their limit, in 3-byte characters, take 3.6 MB, within server.maxWidgetStateSize (5 MB, sized
# so that no anonymous message costs the server more than a few MB). More data belongs in an upload.
MAX_PASTED_ROWS = 10_000
MAX_PASTED_NUMBERS = 50_000
MAX_PASTED_CHARS = 600_000  # per box: 12 characters a number ("0.123456789,")
# A token as parse_vector splits a line: between separators, white space and brackets.
_TOKEN = re.compile(r"[^\s,;，；、\[\]()（）［］{}]+")
# A row parse_vector reads as it stands: parsing._NUMBER's numbers between commas, semicolons or
# spaces, one trailing separator allowed. Possessive and atomic, so that matching is linear.
_NUMBER = r"(?>[+-]?(?:\d++(?:\.\d*+)?+|\.\d++)(?:[eE][+-]?\d++)?+)"
_SEPARATOR = r"(?:\s*+[,;]\s*+|\s++)"
_PLAIN_ROW = re.compile(rf"{_NUMBER}(?:{_SEPARATOR}{_NUMBER})*+(?:\s*+[,;])?+", re.ASCII)
_SPLIT = re.compile(_SEPARATOR, re.ASCII)
_CLOSING = {"[": "]", "(": ")", "{": "}"}


def _plain_tokens(line):
    """The number tokens of a row of plain numbers (in at most one pair of brackets), or None."""
    if not line.isascii():
        return None
    if line[0] in _CLOSING:
        if line[-1] != _CLOSING[line[0]]:
            return None
        line = line[1:-1].strip()
    if not _PLAIN_ROW.fullmatch(line):
        return None
    tokens = _SPLIT.split(line)
    return tokens[:-1] if tokens[-1] == "" else tokens


def _row(line, i, name, max_entries):
    """parse_vector of one line, its messages naming the row."""
    return parse_vector(line, name=msg("name.row_of", name=name, row=i), max_entries=max_entries)


def parse_matrix(text, *, name="y"):
    """Rows typed or pasted one per line, each in parse_vector's notations; float64 (N, K).

    >>> parse_matrix("0.1, 0.9\\n[0.5 0.5]\\n（0.2；0.8）").tolist()
    [[0.1, 0.9], [0.5, 0.5], [0.2, 0.8]]
    """
    if len(text) > MAX_PASTED_CHARS:
        raise InputError("batch.errors.paste_too_long", name=name, chars=len(text), max=MAX_PASTED_CHARS)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError("batch.errors.paste_empty", name=name)
    if len(lines) > MAX_PASTED_ROWS:
        raise InputError("batch.errors.paste_too_many", name=name, rows=len(lines), max=MAX_PASTED_ROWS)
    count = len(_TOKEN.findall(lines[0]))
    if len(lines) * count > MAX_PASTED_NUMBERS:
        raise InputError(
            "batch.errors.paste_too_many_numbers",
            name=name,
            rows=len(lines),
            columns=count,
            max=MAX_PASTED_NUMBERS,
        )
    first = _plain_tokens(lines[0]) or _row(lines[0], 1, name, MAX_PASTED_NUMBERS)
    rows, k = [first], len(first)  # per line: its number tokens (a plain row), or parse_vector's array
    for i, line in enumerate(lines[1:], start=2):
        count = len(_TOKEN.findall(line))  # a long row is refused before its numbers are read
        row = None if count > k else _plain_tokens(line) or _row(line, i, name, k)
        if row is None or len(row) != k:
            raise InputError(
                "batch.errors.paste_ragged",
                name=name,
                row=i,
                count=plural(count if row is None else len(row), "number"),
                first=k,
            )
        rows.append(row)
    return _to_matrix(rows, lines, name)


def _to_matrix(rows, lines, name):
    """The float64 (N, K) matrix of the rows; plain rows are converted by numpy in one call."""
    out = np.empty((len(rows), len(rows[0])))
    plain = [i for i, row in enumerate(rows) if isinstance(row, list)]
    if plain:
        out[plain] = np.array([t for i in plain for t in rows[i]], dtype=np.float64).reshape(len(plain), -1)
        for i in np.flatnonzero(~np.isfinite(out).all(axis=1)):  # 1e999 overflows to inf:
            _row(lines[i], i + 1, name, MAX_PASTED_NUMBERS)  # parse_vector names the entry
    for i, row in enumerate(rows):
        if not isinstance(row, list):
            out[i] = row
    return out
