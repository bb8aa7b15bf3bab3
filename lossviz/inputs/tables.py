"""What reading an uploaded file gives, and the limits every reader checks before parsing a file whole.

The limits keep three sessions that upload the largest accepted file at once under 2 GB of
server memory; docs/deploy.md, "How much to provision", says how they were chosen. Row and column numbers in
messages count from 1, the header (if any) being row 1, blank lines not counted.
"""

import math
from dataclasses import dataclass

import numpy as np

from lossviz.words.counts import plural, position
from lossviz.words.errors import InputError

# server.maxUploadSize in .streamlit/config.toml. Streamlit reads it as MiB (2²⁰ bytes) and writes it
# "MB" beside the file picker; the messages here say the same number, and the exact bytes.
MAX_UPLOAD_MB = 200
MAX_ENTRIES = 20_000_000  # numbers in one file: 160 MB as float64
MAX_ROWS = 2_000_000  # samples: each keeps 32 bytes of per-sample results in its session
MAX_COLUMNS = 100_000  # classes (ImageNet-21k has 21,841)
CHECK_ROWS = 1 << 16  # rows per block when a whole array is checked: bounded temporaries


@dataclass(frozen=True)
class Table:
    """The numbers of one uploaded file and how they were read.

    values: a CSV's numbers as float64 (N, K) without its label column; a .npy's array as saved,
    in native byte order. labels: the chosen label column of a CSV, (N,), else None.
    header: the CSV's header cells, or None when its first line is data (and for .npy).
    """

    values: np.ndarray
    labels: np.ndarray | None = None
    header: tuple[str, ...] | None = None
    kind: str = "csv"  # "csv" or "npy"


def max_upload_bytes():
    """The largest file accepted, in bytes: MAX_UPLOAD_MB MiB, as Streamlit's uploader counts.

    >>> max_upload_bytes()
    209715200
    """
    return int(MAX_UPLOAD_MB * 2**20)


def check_size(nbytes, what):
    """Refuse a file of more than max_upload_bytes(); the message gives both sizes in bytes.

    >>> check_size(209_715_201, "y.csv")
    Traceback (most recent call last):
    ...
    lossviz.words.errors.InputError: y.csv is 209,715,201 bytes; files up to 200 MB (209,715,200 bytes) can be uploaded.
    """
    if nbytes > max_upload_bytes():
        raise InputError(
            "batch.errors.too_large", what=what, size=nbytes, max=MAX_UPLOAD_MB, max_bytes=max_upload_bytes()
        )


def check_shape(rows, columns, what):
    """Refuse more than MAX_ROWS rows, MAX_COLUMNS columns or MAX_ENTRIES numbers, before they are read."""
    if columns > MAX_COLUMNS:
        raise InputError("batch.errors.too_many_columns", what=what, columns=columns, max=MAX_COLUMNS)
    if rows * columns > MAX_ENTRIES:
        raise InputError(
            "batch.errors.too_many_entries",
            what=what,
            entries=rows * columns,
            rows=plural(rows, "row"),
            columns=plural(columns, "column"),
            max=MAX_ENTRIES,
        )
    if rows > MAX_ROWS:
        raise InputError("batch.errors.too_many_rows", what=what, rows=rows, max=MAX_ROWS)


def rows_allowed(columns):
    """The most rows a table of `columns` columns may have."""
    return min(MAX_ROWS, MAX_ENTRIES // max(columns, 1))


def check_finite(a, what, *, first_row=0):
    """Raise InputError at the first NaN or ±inf of a 1-D or 2-D array `a`, checked in blocks of rows.

    first_row: how many rows of the file come before a[0] (a header, earlier blocks).
    >>> check_finite(np.array([[0.5, 0.5], [0.2, np.nan]]), "y.csv", first_row=1)
    Traceback (most recent call last):
    ...
    lossviz.words.errors.InputError: y.csv: row 3, column 2 is nan, not a finite number. Every cell must be an ordinary number such as 0.25.
    """
    if a.dtype.kind != "f":
        return
    for r0 in range(0, a.shape[0], CHECK_ROWS):
        block = a[r0 : r0 + CHECK_ROWS]
        finite = np.isfinite(block)
        if finite.all():
            continue
        where = np.unravel_index(int(np.argmin(finite)), block.shape)
        index = (where[0] + r0 + first_row, *where[1:])
        raise InputError("batch.errors.not_finite", what=what, where=position(index), value=str(block[where]))


def entries(shape):
    """The number of entries of an array of `shape`, as an exact Python int (no overflow)."""
    return math.prod(int(n) for n in shape)
