""".npy uploads: the header is read and checked first, then the numbers are viewed where they lie.

numpy's format functions read the magic string and the header (shape, dtype, order) without
touching the body, so a header that promises 10¹² entries, an object or structured dtype, or a
body cut short is refused before any allocation. A native little-endian float64 or float32
array in C order is then a read-only view of the upload's bytes (no copy); anything else
(big-endian, Fortran order, integers, float16) becomes one native C-order copy. Nothing is
ever unpickled.
"""

import io

import numpy as np

from lossviz.inputs.tables import Table, check_finite, check_shape, check_size, entries
from lossviz.words.errors import InputError

_MAGIC = b"\x93NUMPY"
_ZIP = b"PK\x03\x04"  # an .npz archive renamed .npy
_READ_HEADER = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
_KEPT = (np.dtype(np.float64), np.dtype(np.float32))  # used as they lie; the kernels read both


def read_header(data, what):
    """(shape, fortran_order, dtype, body offset) from the start of .npy bytes; InputError if unusable.

    >>> buf = io.BytesIO(); np.save(buf, np.zeros((3, 2), ">f8")); read_header(buf.getvalue(), "y.npy")[:3]
    ((3, 2), False, dtype('>f8'))
    """
    if data.startswith(_ZIP):
        raise InputError("batch.errors.npz", what=what)
    if not data.startswith(_MAGIC):
        raise InputError("batch.errors.npy_invalid", what=what)
    fp = io.BytesIO(data)  # shares the bytes
    try:
        version = np.lib.format.read_magic(fp)
        if version not in _READ_HEADER:
            raise InputError("batch.errors.npy_invalid", what=what)
        shape, fortran_order, dtype = _READ_HEADER[version](fp)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # numpy's words for a bad header
        raise InputError("batch.errors.npy_invalid", what=what) from exc
    if any(n < 0 for n in shape):
        raise InputError("batch.errors.npy_invalid", what=what)
    if dtype.hasobject:
        raise InputError("batch.errors.npy_objects", what=what)
    if dtype.kind not in "biuf" or dtype.fields is not None or dtype.subdtype is not None:
        raise InputError("batch.errors.npy_not_numbers", what=what, dtype=str(dtype))
    return shape, fortran_order, dtype, fp.tell()


def inspect_npy(data, what):
    """(shape, fortran_order, dtype, body offset) of .npy bytes whose size, header, shape and length
    are all acceptable; InputError otherwise. Reads the header only.

    >>> buf = io.BytesIO(); np.save(buf, np.zeros((3, 2))); inspect_npy(buf.getvalue()[:-8], "y.npy")
    Traceback (most recent call last):
    ...
    lossviz.words.errors.InputError: y.npy is cut short: its header promises 6 numbers (48 bytes), but only 40 bytes follow. Upload the whole file.
    """
    check_size(len(data), what)
    shape, fortran_order, dtype, offset = read_header(data, what)
    count = entries(shape)
    check_shape(shape[0] if shape else 1, entries(shape[1:]), what)
    need, have = count * dtype.itemsize, len(data) - offset
    if have < need:
        raise InputError("batch.errors.npy_truncated", what=what, entries=count, need=need, have=have)
    return shape, fortran_order, dtype, offset


def copied(dtype, fortran_order):
    """Whether read_npy may copy an array of this dtype and order (else it is a view of the bytes)."""
    return not (dtype == dtype.newbyteorder("=") and dtype in _KEPT and not fortran_order)


def read_npy(data, what):
    """A Table holding the numeric array in .npy bytes, in native byte order; pickles are refused, not loaded.

    >>> buf = io.BytesIO(); np.save(buf, np.array([[0.2, 0.8]], ">f8")); read_npy(buf.getvalue(), "y.npy").values
    array([[0.2, 0.8]])
    """
    shape, fortran_order, dtype, offset = inspect_npy(data, what)
    a = np.frombuffer(data, dtype=dtype, count=entries(shape), offset=offset)
    a = a.reshape(shape, order="F" if fortran_order else "C")
    native = dtype.newbyteorder("=")
    if not (dtype == native and dtype in _KEPT and a.flags.c_contiguous):
        a = np.asarray(a, dtype=np.float64 if dtype.kind == "f" else native, order="C")
    if a.ndim in (1, 2):
        check_finite(a, what)
    return Table(a, kind="npy")
