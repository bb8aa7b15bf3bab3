"""Uploaded files: read by their extension as .npy or CSV, with what the page says about how they were read.

Every problem is an InputError that names the file, and the row and column where it lies.
See lossviz.inputs.csv_files and lossviz.inputs.npy_files for how each format is read.
"""

from dataclasses import dataclass

from lossviz.inputs.csv_files import inspect_csv, read_csv, shown
from lossviz.inputs.npy_files import copied, inspect_npy, read_npy
from lossviz.inputs.tables import entries
from lossviz.words.counts import plural
from lossviz.words.i18n import msg

_SHOWN_HEADER_CELLS = 6
# What lossviz.views.batch.BatchResult keeps per sample: both losses and p_true (float64), the
# predicted class and the label (int32).
RESULT_BYTES_PER_SAMPLE = 32


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


@dataclass(frozen=True)
class Inspection:
    """What an upload's first lines (CSV) or header (.npy) say, before any number is read.

    rows: samples (for a CSV, its line ends: an upper bound when blank lines are among them);
    columns: numbers per row (a CSV's cells, the label column among them); header: a CSV's header
    cells or None; table_bytes: the memory reading it allocates for its numbers (a .npy of
    native float64 or float32 is read where it lies: 0).
    """

    rows: int
    columns: int
    header: tuple[str, ...] | None
    table_bytes: int
    kind: str  # "csv" or "npy"


def inspect_upload(upload, what):
    """The Inspection of an Upload, or the InputError that reading it would raise without parsing a
    number: size, empty or binary file, a bad .npy header, a line too long, too many rows or entries.

    >>> inspect_upload(Upload("y.csv", b"p0,p1,label\\n0.2,0.8,1\\n"), "y.csv")
    Inspection(rows=1, columns=3, header=('p0', 'p1', 'label'), table_bytes=24, kind='csv')
    """
    if upload.is_npy:
        shape, fortran_order, dtype, _ = inspect_npy(upload.data, what)
        rows, count = (shape[0] if shape else 1), entries(shape)
        room = count * 8 if copied(dtype, fortran_order) else 0
        return Inspection(rows, entries(shape[1:]), None, room, "npy")
    layout, rows, _ = inspect_csv(upload.data, what)  # numpy commits pages only for the rows filled
    return Inspection(rows, layout.columns, layout.header, rows * layout.columns * 8, "csv")


def results_bytes(samples):
    """The memory a batch's per-sample results take.

    >>> results_bytes(1_000_000)
    32000000
    """
    return samples * RESULT_BYTES_PER_SAMPLE


def read_bytes(*inspections):
    """The memory reading these files allocates: each one's numbers and the per-sample results of
    the first (the predictions). None stands for a file not given.

    >>> read_bytes(Inspection(10, 3, None, 240, "csv"), None)
    560
    """
    given = [i for i in inspections if i is not None]
    return sum(i.table_bytes for i in given) + results_bytes(given[0].rows)


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
