"""Matrices typed or pasted into a text box: one row per line, each in parse_vector's notations.

The size is checked before the numbers are read (the characters, the rows, then rows × the
first row's numbers), so any text is accepted or refused within a fraction of a second; more
data belongs in an upload.
"""

import re

import numpy as np

import lossviz as lv
from lossviz.inputs.arrays import plural
from lossviz.words.i18n import msg

MAX_PASTED_ROWS = 10_000
MAX_PASTED_NUMBERS = 100_000  # parse_vector reads ~3 µs per number: 0.3 s
MAX_PASTED_CHARS = 64 * MAX_PASTED_NUMBERS  # parse_vector's allowance per number
# A token as parse_vector splits a line: between separators, white space and brackets.
_TOKEN = re.compile(r"[^\s,;，；、\[\]()（）［］{}]+")


def parse_matrix(text, *, name="y"):
    """Rows typed or pasted one per line, each in parse_vector's notations; float64 (N, K).

    >>> parse_matrix("0.1, 0.9\\n0.5 0.5").tolist()
    [[0.1, 0.9], [0.5, 0.5]]
    """
    if len(text) > MAX_PASTED_CHARS:
        raise lv.InputError("batch.errors.paste_too_long", name=name, chars=len(text), max=MAX_PASTED_CHARS)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise lv.InputError("batch.errors.paste_empty", name=name)
    if len(lines) > MAX_PASTED_ROWS:
        raise lv.InputError("batch.errors.paste_too_many", name=name, rows=len(lines), max=MAX_PASTED_ROWS)
    first = _row(lines[0], 1, name, MAX_PASTED_NUMBERS)
    k = first.size
    if len(lines) * k > MAX_PASTED_NUMBERS:
        raise lv.InputError(
            "batch.errors.paste_too_many_numbers",
            name=name,
            rows=len(lines),
            columns=k,
            max=MAX_PASTED_NUMBERS,
        )
    out = np.empty((len(lines), k))
    out[0] = first
    for i, line in enumerate(lines[1:], start=2):
        count = len(_TOKEN.findall(line))  # a long row is refused before its numbers are read
        row = _row(line, i, name, k) if count <= k else None
        if row is None or row.size != k:
            count = count if row is None else row.size
            raise lv.InputError(
                "batch.errors.paste_ragged", name=name, row=i, count=plural(count, "number"), first=k
            )
        out[i - 1] = row
    return out


def _row(line, i, name, max_entries):
    """parse_vector of one line, its messages naming the row."""
    return lv.parse_vector(line, name=msg("name.row_of", name=name, row=i), max_entries=max_entries)
