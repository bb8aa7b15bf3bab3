"""Tests for lossviz/inputs/uploads.py, csv_files.py, npy_files.py and tables.py: reading uploaded files.

Expected numbers are the ones written into each file (by hand, or by numpy / pandas, whose writers
are independent of the reader under test); expected row and column numbers are counted by hand
in the literal files.
"""

import io
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lossviz.inputs.tables as tables
from lossviz import InputError
from lossviz.inputs.csv_files import read_csv, sniff
from lossviz.inputs.npy_files import read_npy
from lossviz.inputs.uploads import Inspection, Upload, describe, inspect_upload, read_upload

WHAT = "The predictions file y.csv"


def npy_bytes(a, allow_pickle=False):
    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=allow_pickle)
    return buf.getvalue()


def values(data, **kwargs):
    return read_csv(data, WHAT, **kwargs).values.tolist()


# --- CSV: what is read ---------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"p0,p1\n0.2,0.8\n0.6,0.4\n",  # a header
        b"0.2,0.8\n0.6,0.4\n",  # none
        b"\xef\xbb\xbf0.2,0.8\n0.6,0.4",  # a UTF-8 byte-order mark, no final line end
        b"\xef\xbb\xbfp0,p1\r\n0.2,0.8\r\n0.6,0.4\r\n",  # Excel's "CSV UTF-8": BOM, header, CRLF
        b'"0.2","0.8"\n"0.6","0.4"\n',  # quoted numbers
        b"0,2;0,8\n0,6;0,4\n",  # semicolons and decimal commas
        b"p0;p1\n0.2;0.8\n0.6;0.4\n",  # semicolons and decimal points
        b"0.2\t0.8\n0.6\t0.4\n",  # tabs
        b"0.2 0.8\n0.6 0.4\n",  # spaces, as np.savetxt writes
        b"0.2,0.8\r0.6,0.4\r",  # old Mac line ends
        b"\n\n0.2, 0.8\n\n\n 0.6 ,0.4\n\n",  # blank lines and spaces around cells
    ],
)
def test_every_common_way_of_writing_the_same_table(data):
    assert values(data) == [[0.2, 0.8], [0.6, 0.4]]


def test_a_first_row_longer_than_64_kb_is_data_not_a_header():
    # Today's bug: only the first 64 KB were looked at, so such a row was taken for a header.
    row = ",".join(["0.0001"] * 20_000).encode()  # 139,999 bytes
    assert len(read_csv(row + b"\n" + row + b"\n", WHAT).values) == 2


@pytest.mark.parametrize("header", [False, True])
@pytest.mark.parametrize("sep", [",", ";", "\t", " "])
def test_tables_written_by_pandas_and_numpy_read_back_exactly(header, sep):
    y = np.random.default_rng(1).dirichlet(np.ones(5), size=300)
    buf = io.StringIO()
    if sep == " ":
        np.savetxt(buf, y, header="a b c d e" if header else "", comments="")
    else:
        pd.DataFrame(y, columns=list("abcde")).to_csv(buf, sep=sep, index=False, header=header)
    table = read_csv(buf.getvalue().encode(), WHAT)
    np.testing.assert_array_equal(table.values, y)  # both writers write repr-exact digits
    assert table.header == (tuple("abcde") if header else None)


def test_label_column_is_set_aside_wherever_it_is():
    data = b"label,p0,p1\n1,0.2,0.8\n0,0.6,0.4\n"
    table = read_csv(data, WHAT, label_column=0)
    assert table.values.tolist() == [[0.2, 0.8], [0.6, 0.4]]
    assert table.labels.tolist() == [1.0, 0.0]
    assert table.values.flags.c_contiguous
    with pytest.raises(InputError, match="has no column 4 to take the labels from"):
        read_csv(data, WHAT, label_column=3)


def test_the_header_and_columns_come_from_the_first_lines_only():
    # 4 lines after the header, each of 3 cells of 8 bytes: 96 bytes of float64, counted by hand.
    junk = b"p0,p1,label\n" + b"junk that is never read\n" * 4
    assert inspect_upload(Upload("y.csv", junk), WHAT) == Inspection(4, 3, ("p0", "p1", "label"), 96, "csv")
    assert inspect_upload(Upload("y.csv", b"0.1,0.9\n"), WHAT).header is None


@pytest.mark.parametrize(
    ("data", "room"),
    [
        (npy_bytes(np.zeros((5, 3))), 0),  # native float64: read where it lies
        (npy_bytes(np.zeros((5, 3), ">f8")), 5 * 3 * 8),  # big-endian: one native float64 copy
        (npy_bytes(np.zeros((5, 3), np.int8)), 5 * 3 * 8),  # integers: at most 8 bytes a number
    ],
)
def test_an_npy_header_says_what_reading_it_takes(data, room):
    assert inspect_upload(Upload("y.npy", data), WHAT) == Inspection(5, 3, None, room, "npy")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\n\n  \n", "is empty"),
        (b"p0,p1,label\n", "has a header but no rows of numbers"),
        (b"0.5," * 1_200_000, "has a line longer than 4 MB"),  # one line of 4.8 MB
        (b"\x00\x01,\x02\n", "is not a text file"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_before_any_choice(data, message):
    # Refused from the first lines alone, so the page says so as soon as the file arrives.
    with pytest.raises(InputError, match=message):
        inspect_upload(Upload("y.csv", data), WHAT)


def test_progress_is_reported_until_done():
    seen = []
    read_csv(b"0.2,0.8\n" * 300_000, WHAT, progress=seen.append)  # 2.4 MB: several blocks
    assert len(seen) > 1 and seen == sorted(seen) and seen[-1] == 1.0


def test_what_was_read_is_said():
    table = read_csv(b"p0,p1,label\n0.2,0.8,1\n0.6,0.4,0\n", WHAT, label_column=2)
    assert str(describe(table, "y.csv")) == (
        "y.csv: 2 rows × 3 columns read; its first line is the header (p0, p1, label)."
    )
    assert describe(table, "y.csv").text("zh") == "y.csv：读入 2 行 × 3 列；第一行是表头（p0, p1, label）。"
    plain = read_csv(b"0.2,0.8\n", WHAT)
    assert (
        str(describe(plain, "y.csv")) == "y.csv: 1 row × 2 columns read; no header, its first line is data."
    )
    array = read_npy(npy_bytes(np.zeros((4, 3), np.float32)), WHAT)
    assert str(describe(array, "y.npy")) == "y.npy: an array of shape (4, 3) (float32) read."


# --- CSV: what is refused, and where ---------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"p0,p1\n0.2,0.8\np0,p1\n0.5,0.5\n", r"row 3, column 1 starts a row of text \('p0'\)"),
        (b"0.2,0.8\n0.6,abc\n", r"the cell at row 2, column 2 is 'abc', not a number"),
        (b"p0,p1\n0.2,0.8\n0.6,\n", r"row 3, column 2 is empty"),
        (
            b"p0,p1\n0.2,0.8\n\n0.6,0.4,0.1\n",
            r"row 3 has 3 columns but row 1 has 2",
        ),  # blank lines not counted
        (b"0.2,0.8\n0.6\n", r"row 2 has 1 column but row 1 has 2"),
        (b"0.2,0.8\nnan,0.4\n", r"row 2, column 1 is nan, not a finite number"),
        (b"0.2,0.8\n0.6,-inf\n", r"row 2, column 2 is -inf, not a finite number"),
        (b"0.2,0.8\n0.6,1e999\n", r"row 2, column 2 is inf, not a finite number"),  # overflow
        (b"0.2,0.8\nNA,0.4\n", r"the cell at row 2, column 1 is 'NA', not a number"),
        (b"", r"is empty"),
        (b"\n \r\n\t\n", r"is empty"),
        (b"p0,p1\n", r"has a header but no rows of numbers"),
        (b"p0,p1\n\n\n", r"has a header but no rows of numbers"),
        (bytes(range(256)) * 8, r"is not a text file"),  # binary junk named .csv
        ("0.2,0.8\n".encode("utf-16"), r"is not a text file"),
        # Bytes that are not UTF-8 show as �, control characters as escapes, never raw.
        (b"0.2,0.8\n0.6,\x8f\x00\n", r"the cell at row 2, column 2 is '\ufffd\\x00', not a number"),
    ],
)
def test_csv_errors_name_the_row_and_column(data, message):
    with pytest.raises(InputError, match=message):
        read_csv(data, WHAT)


def test_a_single_line_of_50_mb_is_refused_before_it_is_parsed():
    with pytest.raises(InputError, match="has a line longer than 4 MB"):
        read_csv(b"0.5," * 12_500_000, WHAT)


def test_a_row_far_longer_than_the_first_is_refused():
    with pytest.raises(InputError, match=r"has a row longer than 1,024 KB"):
        read_csv(b"0.2,0.8\n" + b"1" * 3_000_000 + b",1\n" + b"0.2,0.8\n", WHAT)
    with pytest.raises(InputError, match=r"row 2 has 400,001 columns but row 1 has 2"):
        read_csv(b"0.2,0.8\n" + b"0.1," * 400_000 + b"0.1\n", WHAT)


def test_a_long_header_cell_is_judged_without_backtracking():
    # 131,000 digits and a letter: a backtracking number pattern took ~10 minutes to say "header".
    assert sniff(b"1" * 131_000 + b"x,p1\n0.2,0.8\n", WHAT).header is not None


def test_a_quoted_cell_running_over_lines_is_quoted_as_text():
    with pytest.raises(InputError, match=r"is '0.9\\n0.1,0.2\\n', not a number"):
        read_csv(b'0.1,"0.9\n0.1,0.2\n', WHAT)


# --- the limits, checked before parsing ----------------------------------------------


def test_limits_are_checked_from_the_line_count_before_parsing(monkeypatch):
    monkeypatch.setattr(tables, "MAX_ENTRIES", 5)
    with pytest.raises(InputError, match=r"has 6 entries \(3 rows × 2 columns\); at most 5 fit"):
        read_csv(b"p0,p1\n0.1,0.9\n0.1,0.9\nx,y\n", WHAT)  # row 4 is never parsed: no 'x' error
    monkeypatch.setattr(tables, "MAX_ENTRIES", 20_000_000)
    monkeypatch.setattr(tables, "MAX_ROWS", 2)
    with pytest.raises(InputError, match=r"has 3 rows; at most 2 samples fit"):
        read_csv(b"0.1,0.9\n" * 3, WHAT)
    monkeypatch.setattr(tables, "MAX_COLUMNS", 3)
    with pytest.raises(InputError, match=r"has 4 columns; at most 3 fit"):
        read_csv(b"1,2,3,4\n", WHAT)


def test_blank_lines_do_not_count_against_the_limit(monkeypatch):
    monkeypatch.setattr(tables, "MAX_ENTRIES", 4)
    assert values(b"0.1,0.9\n\n\n\n0.2,0.8\n\n") == [[0.1, 0.9], [0.2, 0.8]]
    # Blank lines leave the count in doubt, so the rows are counted again as they are read.
    with pytest.raises(InputError, match=r"has 6 entries \(3 rows × 2 columns\); at most 4 fit"):
        read_csv(b"0.1,0.9\n\n0.1,0.9\n\n0.1,0.9\n", WHAT)


def test_file_size_limit(monkeypatch):
    monkeypatch.setattr(tables, "MAX_UPLOAD_MB", 0.0001)  # 104.8576 bytes: 104 whole bytes
    message = r"is 800 bytes; files up to 0.0001 MB \(104 bytes\) can be uploaded"
    with pytest.raises(InputError, match=message):
        read_csv(b"0.1,0.9\n" * 100, WHAT)  # 8 bytes × 100
    with pytest.raises(InputError, match=r"files up to 0.0001 MB \(104 bytes\) can be uploaded"):
        read_npy(npy_bytes(np.zeros(100)), WHAT)


# --- .npy -----------------------------------------------------------------------------

ARTICLE_Y = np.array([[0.1, 0.05, 0.05, 0.8], [0.1, 0.8, 0.05, 0.05]])


@pytest.mark.parametrize(
    "a",
    [
        ARTICLE_Y,
        ARTICLE_Y.astype(">f8"),  # big-endian: today a crash in the worst-samples table
        np.asfortranarray(ARTICLE_Y),
        ARTICLE_Y.astype(np.float32).astype(">f4"),
    ],
)
def test_npy_arrays_come_back_native_and_in_c_order(a):
    table = read_npy(npy_bytes(a), WHAT)
    np.testing.assert_array_equal(table.values, a)
    assert table.values.dtype.isnative and table.values.flags.c_contiguous


def test_a_native_float_array_is_a_view_of_the_upload_not_a_copy():
    data = npy_bytes(ARTICLE_Y)
    a = read_npy(data, WHAT).values
    assert not a.flags.owndata and not a.flags.writeable


def test_integer_labels_stay_integers():
    table = read_npy(npy_bytes(np.array([1, 0, 3], dtype=">i4")), WHAT)
    assert table.values.tolist() == [1, 0, 3] and table.values.dtype == np.int32


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (npy_bytes(np.array([{"a": 1}], dtype=object), allow_pickle=True), "holds Python objects"),
        (npy_bytes(np.zeros(2, dtype=[("a", "f8"), ("b", "i4")])), r"must hold numbers; it holds \[\('a'"),
        (npy_bytes(np.array([1 + 2j])), "must hold numbers; it holds complex128 data"),
        (npy_bytes(np.array(["a", "b"])), "must hold numbers; it holds <U1 data"),
        (npy_bytes(np.array([[0.5, np.nan]])), r"row 1, column 2 is nan, not a finite number"),
        (npy_bytes(np.array([0.5, np.inf])), r"entry 2 is inf, not a finite number"),
        (b"not an npy file at all", "is not a valid .npy file"),
        (b"\x93NUMPY\x01\x00\xff\xff{'descr': '<f8'", "is not a valid .npy file"),  # header cut short
        (b"\x93NUMPY\x09\x00", "is not a valid .npy file"),  # a format version that does not exist
        (
            npy_bytes(np.zeros((100, 3)))[:-8],
            r"is cut short: its header promises 300 numbers \(2,400 bytes\)",
        ),
    ],
)
def test_npy_errors(data, message):
    with pytest.raises(InputError, match=message):
        read_npy(data, WHAT)


def test_a_header_claiming_a_trillion_entries_is_refused_before_reading():
    data = npy_bytes(np.zeros(3)).replace(b"(3,)", b"(1000000000000,)")
    with pytest.raises(InputError, match=r"has 1,000,000,000,000 entries"):
        read_npy(data, WHAT)


def test_an_npz_archive_renamed_npy_is_named_as_such():
    buf = io.BytesIO()
    np.savez(buf, y=ARTICLE_Y)
    with pytest.raises(InputError, match=r"is an .npz archive, which holds several arrays"):
        read_upload(Upload("y.npy", buf.getvalue()), WHAT)


def test_a_0_d_array_is_read_as_it_is():
    assert read_npy(npy_bytes(np.array(3)), WHAT).values.shape == ()  # the batch refuses it as targets


# --- any bytes at all -------------------------------------------------------------------

CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-3, 12).map(str),
    st.sampled_from(["", " ", "p0", "label", '"0.5"', '"', "nan", "1e999", "0,5", "\x00", "é", "１"]),
)
ROWS = st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=0, max_size=8)


def csv_text(rows, sep, end, bom):
    return ("\ufeff" if bom else "") + end.join(sep.join(r) for r in rows)


@given(st.binary(max_size=400), st.sampled_from(["y.csv", "y.npy"]))
@settings(max_examples=300, deadline=None)
def test_any_uploaded_bytes_read_or_raise_input_error(data, name):
    try:
        table = read_upload(Upload(name, data), WHAT)
    except InputError as exc:
        assert str(exc) and exc.text("zh")
    else:
        assert table.values.dtype.isnative


@given(
    ROWS, st.sampled_from([",", ";", "\t", " "]), st.sampled_from(["\n", "\r\n", "\r", "\n\n"]), st.booleans()
)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_csv_like_text_reads_or_raises_input_error(rows, sep, end, bom):
    data = csv_text(rows, sep, end, bom).encode()
    try:
        table = read_csv(data, WHAT)
    except InputError as exc:
        assert str(exc) and exc.text("zh")
    else:
        # Nothing is lost: every non-blank row after the header is read, each one whole.
        layout = sniff(data, WHAT)
        written = [r for r in rows if sep.join(r).strip()]
        assert table.values.shape == (len(written) - (layout.header is not None), layout.columns)
        assert np.isfinite(table.values).all()


@given(
    st.lists(
        st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=3, max_size=3), min_size=1, max_size=30
    ),
    st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_numbers_written_by_pandas_read_back_exactly(rows, header):
    buf = io.StringIO()
    pd.DataFrame(rows, columns=["a", "b", "c"]).to_csv(buf, index=False, header=header)
    np.testing.assert_array_equal(read_csv(buf.getvalue().encode(), WHAT).values, rows)


def test_the_limit_is_the_servers():
    config = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == tables.MAX_UPLOAD_MB
    # Streamlit refuses a PUT of more than maxUploadSize × 1024 × 1024 bytes
    # (streamlit/web/server/starlette/starlette_routes.py, _upload_put): 200 × 1,048,576.
    assert tables.max_upload_bytes() == 209_715_200
    tables.check_size(209_715_200, WHAT)  # the largest file Streamlit accepts is accepted
    with pytest.raises(InputError) as refused:
        tables.check_size(209_715_201, WHAT)
    # One number, as the file picker writes it ("200MB"), and the exact bytes: never "200 MB; up to 200 MB".
    assert str(refused.value).endswith(
        "is 209,715,201 bytes; files up to 200 MB (209,715,200 bytes) can be uploaded."
    )
    assert refused.value.text("zh").endswith(
        "有 209,715,201 字节；只能上传不超过 200 MB（209,715,200 字节）的文件。"
    )
