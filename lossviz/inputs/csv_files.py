"""Reading CSV uploads: look at the first line, count the lines, then stream the rows once through pyarrow.

Before anything is parsed, the first non-empty line (at most MAX_LINE_BYTES) decides the
separator (semicolon, comma, tab or space, tried in that order; with semicolons the numbers may
have decimal commas), whether it is a header (a cell that is neither a number nor empty), and
the number of columns. Counting the line ends then refuses an oversized table before a number
is converted. pyarrow's CSV reader streams blocks of rows, on one thread, into one preallocated
float64 array: the file is parsed once, and its numbers exist once.
"""

import csv
import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from lossviz.inputs.tables import Table, check_shape, check_size, rows_allowed
from lossviz.words.counts import plural, position
from lossviz.words.errors import InputError

MAX_LINE_BYTES = 4 << 20  # the first line: 100,000 columns of up to 40 characters
MIN_BLOCK_BYTES = 1 << 20  # pyarrow's read block; every row must fit in one
SCAN_BYTES = 8 << 20  # bytes per scan of the raw file: each holds the GIL for milliseconds only
_BOM = b"\xef\xbb\xbf"
_BLANK = re.compile(rb"[ \t\r\n]*")
_LINE_END = re.compile(rb"[\r\n]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Numbers as a cell of a header line can hold them; possessive, so that a long cell is judged in linear time.
_NUMBER = re.compile(
    r"[+-]?+(?:(?:\d++(?:\.\d*+)?+|\.\d++)(?:[eE][+-]?+\d++)?+|inf|infinity|nan)", re.IGNORECASE
)
_DECIMAL_COMMA = re.compile(r"[+-]?+\d*+,\d++(?:[eE][+-]?+\d++)?+")
# pyarrow's messages for a cell that is not a number and a row of the wrong length (rows counted
# from the first data row, blank lines skipped); any other message is quoted as it comes.
_NOT_NUMBER = re.compile(
    r"In CSV column #(\d+): Row #(\d+): CSV conversion error to double: invalid value '(.*)'$", re.DOTALL
)
_RAGGED = re.compile(r"CSV parse error: Row #(\d+): Expected (\d+) columns, got (\d+)")


@dataclass(frozen=True)
class Layout:
    """How a CSV file is written, as its first lines tell."""

    delimiter: str
    decimal: str  # "." or ","
    header: tuple[str, ...] | None  # the header's cells, or None when the first line is data
    columns: int
    start: int  # the byte where the first data row begins
    line_bytes: int  # the length of the first line


def _count(data, pattern, start):
    """data.count(pattern, start), a window at a time so that other sessions' threads run in between.

    A pattern of two or more bytes across two windows may be counted twice.
    """
    overlap = len(pattern) - 1
    return sum(data.count(pattern, w, w + SCAN_BYTES + overlap) for w in range(start, len(data), SCAN_BYTES))


def _skip_blank(data, pos):
    """The first byte at or after pos that is not white space, a window at a time."""
    while (end := _BLANK.match(data, pos, pos + SCAN_BYTES).end()) == pos + SCAN_BYTES:
        pos = end
    return end


def _line(data, pos, what):
    """(start, end, next) of the first non-blank line at or after byte pos, or None if there is none."""
    start = _skip_blank(data, pos)
    if start >= len(data):
        return None
    m = _LINE_END.search(data, start, start + MAX_LINE_BYTES + 1)
    if m is None and len(data) - start > MAX_LINE_BYTES:
        raise InputError("batch.errors.line_too_long", what=what, max_mb=MAX_LINE_BYTES >> 20)
    end = len(data) if m is None else m.start()
    return start, end, end + (2 if data[end : end + 2] == b"\r\n" else 1)


def _cells(data, line, delimiter, what):
    """The cells of one line, unquoted and stripped."""
    text = data[line[0] : line[1]].decode("utf-8", errors="replace")
    if _CONTROL.search(text):
        raise InputError("batch.errors.csv_binary", what=what)
    try:
        return [c.strip() for c in next(csv.reader([text], delimiter=delimiter))]
    except csv.Error as exc:  # e.g. one cell longer than csv's field limit
        raise InputError("batch.errors.csv_unreadable", what=what, detail=shown(str(exc))) from exc


def sniff(data, what):
    """The Layout of CSV bytes, from their first two non-blank lines only.

    >>> layout = sniff(b"p0;p1\\n0,2;0,8\\n", "f.csv")
    >>> layout.delimiter, layout.decimal, layout.header, layout.columns
    (';', ',', ('p0', 'p1'), 2)
    """
    first = _line(data, len(_BOM) if data.startswith(_BOM) else 0, what)
    if first is None:
        raise InputError("batch.errors.csv_empty", what=what)
    text = data[first[0] : first[1]]
    delimiter = next((d for d in ";,\t" if d.encode() in text), " " if b" " in text else ",")
    cells = _cells(data, first, delimiter, what)
    header = any(c and not (_NUMBER.fullmatch(c) or _DECIMAL_COMMA.fullmatch(c)) for c in cells)
    data_line = _line(data, first[2], what) if header else first
    decimal = "."
    if delimiter == ";" and data_line is not None:
        if any(_DECIMAL_COMMA.fullmatch(c) for c in _cells(data, data_line, delimiter, what)):
            decimal = ","
    start = len(data) if data_line is None else data_line[0]
    return Layout(
        delimiter, decimal, tuple(cells) if header else None, len(cells), start, first[1] - first[0]
    )


def _blank_lines(data, start):
    """How many lines after byte `start` hold nothing: line ends right after another (LF, CRLF or CR).

    Counted with numpy a window at a time: no copy of the data, and the GIL is released.
    >>> _blank_lines(b"a\\n\\nb\\r\\n\\r\\n\\r\\nc\\r\\rd\\n", 0)
    4
    """
    blank = 0
    for w in range(start, len(data), SCAN_BYTES):
        starts = min(SCAN_BYTES, len(data) - w)  # matches are counted where they begin
        a = np.frombuffer(data, np.uint8, count=min(starts + 2, len(data) - w), offset=w)
        lf, cr = a == 10, a == 13
        blank += int(np.count_nonzero((lf[:-1] & lf[1:])[:starts]))  # LF LF
        blank += int(np.count_nonzero((cr[:-1] & cr[1:])[:starts]))  # CR CR
        blank += int(np.count_nonzero((lf[:-2] & cr[1:-1] & lf[2:])[:starts]))  # LF, then CR LF
    return blank


def _rows(data, layout, what):
    """(rows expected, rows to make room for) after the header; refuses a table too large, unparsed.

    Line ends are counted, not parsed: max(LF, CR) lines (exact for LF, CRLF and CR files). Only
    when that is over a limit are blank lines taken off: rows are then the separators over the
    separators per row (exact for a well-formed table), or for one column the lines that are not
    blank. Room is made for LF + CR rows (an upper bound) within the limits: numpy commits memory
    only for the rows filled, and the rows are counted again as they are read.
    """
    start, columns = layout.start, layout.columns
    lf, cr = _count(data, b"\n", start), _count(data, b"\r", start)
    lines = max(lf, cr) + (0 if data.endswith((b"\n", b"\r")) else 1)
    try:
        check_shape(lines, columns, what)
    except InputError:
        if columns > 1:
            lines = min(lines, _count(data, layout.delimiter.encode(), start) // (columns - 1))
        else:
            lines -= _blank_lines(data, start)
        check_shape(lines, columns, what)
    return lines, min(lf + cr + 1, rows_allowed(columns))


def shown(text, limit=40):
    """User text quoted in a message: shortened, with control characters written as escapes."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text if text.isprintable() else repr(text)[1:-1]


class _Reader:
    """pyarrow's streaming CSV reader over bytes; its failures become InputErrors naming row and column."""

    def __init__(self, data, layout, what):
        self.layout, self.what = layout, what
        self.block = MIN_BLOCK_BYTES + 2 * layout.line_bytes
        self.offset = 1 if layout.header else 0  # the header is row 1 of the messages
        source = pa.BufferReader(pa.py_buffer(data).slice(layout.start))
        options = {
            "read_options": pa_csv.ReadOptions(
                column_names=[str(j) for j in range(layout.columns)],
                block_size=self.block,
                use_threads=False,  # one core per upload, and rows numbered in pyarrow's messages
            ),
            "parse_options": pa_csv.ParseOptions(delimiter=layout.delimiter),
            "convert_options": pa_csv.ConvertOptions(
                default_column_type=pa.float64(), null_values=[""], decimal_point=layout.decimal
            ),
        }
        # The system allocator's pages go back to the system once freed (lossviz.server.janitor
        # runs malloc_trim); pyarrow's default pool (mimalloc) keeps them for the process.
        pool = pa.system_memory_pool()
        self.stream = self._call(lambda: pa_csv.open_csv(source, **options, memory_pool=pool))

    def __iter__(self):
        while True:
            try:
                yield self._call(self.stream.read_next_batch)
            except StopIteration:
                return

    def _call(self, step):
        try:
            return step()
        except pa.ArrowInvalid as exc:
            raise self._explain(str(exc)) from None

    def _explain(self, detail):
        what = self.what
        if m := _RAGGED.match(detail):
            count = plural(int(m[3]), "column")
            return InputError(
                "batch.errors.ragged", what=what, row=int(m[1]) + self.offset, count=count, first=int(m[2])
            )
        if m := _NOT_NUMBER.match(detail):
            column, cell = int(m[1]), m[3]
            where = position((int(m[2]) - 1 + self.offset, column))
            if self.layout.header and cell.strip() == self.layout.header[column]:
                return InputError("batch.errors.text_row", what=what, where=where, cell=shown(cell))
            return InputError("batch.errors.not_number_cell", what=what, where=where, cell=shown(cell))
        if "straddling" in detail:
            return InputError("batch.errors.row_too_long", what=what, kb=self.block >> 10)
        return InputError("batch.errors.csv_unreadable", what=what, detail=shown(detail.splitlines()[0], 200))


def _bad_cell(batch, first_row, what):
    """The InputError for the first cell of a record batch (row-major) that is empty, NaN or ±inf."""
    bad = []
    for j, column in enumerate(batch.columns):
        finite = np.isfinite(column.to_numpy(zero_copy_only=False))
        if not finite.all():
            i = int(np.argmin(finite))
            bad.append((i, j, column[i].as_py()))
    i, j, value = min(bad)
    where = position((first_row + i, j))
    if value is None:
        return InputError("batch.errors.cell_empty", what=what, where=where)
    return InputError("batch.errors.not_finite", what=what, where=where, value=str(value))


def inspect_csv(data, what):
    """(Layout, rows expected, rows to make room for) of CSV bytes; every refusal that needs no
    number parsed (size, empty or binary file, a header alone, a line too long, too many rows or
    entries) is raised here, in a fraction of a second for the largest file accepted.

    >>> layout, rows, room = inspect_csv(b"p0,p1\\n0.2,0.8\\n0.6,0.4\\n", "y.csv")
    >>> layout.header, layout.columns, rows
    (('p0', 'p1'), 2, 2)
    """
    check_size(len(data), what)
    layout = sniff(data, what)
    if layout.start >= len(data):
        raise InputError("batch.errors.header_only", what=what)
    return (layout, *_rows(data, layout, what))


def read_csv(data, what, *, label_column=None, progress=None):
    """A Table of float64 numbers from CSV bytes, with or without a header; label_column set aside.

    label_column: index of a column to return as Table.labels. progress: called with the fraction
    read after each block (a Streamlit page uses it to stay responsive and stoppable).
    >>> read_csv(b"p0,p1,label\\n0.2,0.8,1\\n", "y.csv", label_column=2).labels.tolist()
    [1.0]
    """
    layout, expected, capacity = inspect_csv(data, what)
    k = layout.columns
    if label_column is not None and not 0 <= label_column < k:
        raise InputError("batch.errors.no_column", column=label_column + 1)
    keep = [j for j in range(k) if j != label_column]
    y = np.empty((capacity, len(keep)))  # pages are committed only as rows arrive
    labels = None if label_column is None else np.empty(capacity)
    reader, filled = _Reader(data, layout, what), 0
    for batch in reader:
        m = batch.num_rows
        check_shape(filled + m, k, what)  # exact, where blank lines left the count in doubt
        for jj, j in enumerate(keep):  # an empty cell arrives as NaN
            y[filled : filled + m, jj] = batch.column(j).to_numpy(zero_copy_only=False)
        finite = np.isfinite(y[filled : filled + m]).all()
        if labels is not None:
            labels[filled : filled + m] = batch.column(label_column).to_numpy(zero_copy_only=False)
            finite = finite and np.isfinite(labels[filled : filled + m]).all()
        if not finite:
            raise _bad_cell(batch, filled + reader.offset, what)
        filled += m
        if progress is not None:
            progress(min(filled / expected, 1.0))
    if filled == 0:  # only blank lines after the header
        raise InputError("batch.errors.header_only", what=what)
    return Table(y[:filled], None if labels is None else labels[:filled], layout.header, "csv")
