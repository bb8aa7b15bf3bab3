"""Counts, sizes and places in an array, as a person says them in either language."""

from lossviz.words.i18n import msg


def plural(count, noun):
    """'1 entry', '4 entries', '1,000 rows' — a count as a person writes it, in either language.

    noun: one of entry, row, column, class, label, number (the keys under count. in the strings).
    >>> str(plural(1, "entry")), str(plural(4, "entry")), str(plural(1000, "row")), plural(3, "class").text("zh")
    ('1 entry', '4 entries', '1,000 rows', '3 个类别')
    """
    return msg(f"count.{noun}", n=count)


def describe_shape(a):
    """How a person would describe an array's size: '4 entries' or '3 rows × 10 columns'.

    >>> import numpy as np
    >>> str(describe_shape(np.zeros(4))), str(describe_shape(np.zeros((3, 10))))
    ('4 entries', '3 rows × 10 columns')
    """
    if a.ndim == 0:
        return msg("shape.scalar")
    if a.ndim == 1:
        return plural(a.shape[0], "entry")
    if a.ndim == 2:
        return msg("shape.matrix", rows=plural(a.shape[0], "row"), columns=plural(a.shape[1], "column"))
    return msg("shape.other", dims=" × ".join(str(n) for n in a.shape))


def position(index):
    """A 1-based, human description of an array index: 'entry 3' or 'row 2, column 5'.

    >>> str(position((2,))), str(position((1, 4))), position((1, 4)).text("zh")
    ('entry 3', 'row 2, column 5', '第 2 行第 5 列')
    """
    if len(index) == 1:
        return msg("position.entry", i=index[0] + 1)
    if len(index) == 2:
        return msg("position.cell", row=index[0] + 1, column=index[1] + 1)
    return msg("position.index", index=", ".join(str(i) for i in index))
