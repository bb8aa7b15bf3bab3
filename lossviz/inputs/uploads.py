"""Uploaded files: read by their extension as .npy or CSV, with what the page says about how they were read.

Every problem is an InputError that names the file, and the row and column where it lies.
See lossviz.inputs.csv_files and lossviz.inputs.npy_files for how each format is read.
"""

from dataclasses import dataclass

from lossviz.inputs.csv_files import read_csv, shown, sniff
from lossviz.inputs.npy_files import read_npy
from lossviz.words.counts import plural
from lossviz.words.errors import InputError
from lossviz.words.i18n import msg

_SHOWN_HEADER_CELLS = 6


@dataclass(frozen=True)
class Upload:
    """An uploaded file: its name and bytes."""

    name: str
    data: bytes

    @property
    def is_npy(self):
        return self.name.lower().endswith(".npy")


def read_upload(upload, what, *, label_column=None, progress=None):
    """The Table in an Upload: .npy by its name, anything else as CSV.

    label_column (CSV only): index of the column that holds the labels. progress: see read_csv.
    """
    if upload.is_npy:
        return read_npy(upload.data, what)
    return read_csv(upload.data, what, label_column=label_column, progress=progress)


def csv_header(upload):
    """(number of columns, header cells or None) of a CSV upload, from its first lines only.

    None for a .npy file or one whose first lines cannot be read (reading it says why).
    >>> csv_header(Upload("y.csv", b"p0,p1,label\\n0.2,0.8,1\\n"))
    (3, ('p0', 'p1', 'label'))
    """
    if upload.is_npy:
        return None
    try:
        layout = sniff(upload.data, upload.name)
    except InputError:
        return None
    return layout.columns, layout.header


def describe(table, name):
    """A Message saying how a file was read: its size, and whether its first line was a header.

    >>> from lossviz.inputs.tables import Table; import numpy as np
    >>> str(describe(Table(np.zeros((2, 3)), None, ("a", "b", "c")), "y.csv"))
    'y.csv: 2 rows × 3 columns read; its first line is the header (a, b, c).'
    """
    columns = table.values.shape[1] if table.values.ndim == 2 else 1
    size = {"rows": plural(table.values.shape[0] if table.values.ndim else 1, "row")}
    size["columns"] = plural(columns + (table.labels is not None), "column")
    if table.kind == "npy":
        return msg("batch.read.npy", name=name, shape=str(table.values.shape), dtype=str(table.values.dtype))
    if table.header is None:
        return msg("batch.read.csv_no_header", name=name, **size)
    cells = ", ".join(shown(c, 24) for c in table.header[:_SHOWN_HEADER_CELLS])
    if len(table.header) > _SHOWN_HEADER_CELLS:
        cells += ", …"
    return msg("batch.read.csv_header", name=name, cells=cells, **size)
