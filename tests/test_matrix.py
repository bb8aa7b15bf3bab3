"""Tests for lossviz/inputs/matrix.py: matrices pasted into a text box, one row per line."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lossviz as lv
import lossviz.inputs.matrix as matrix
from lossviz import InputError
from lossviz.inputs.matrix import MAX_PASTED_CHARS, MAX_PASTED_NUMBERS, parse_matrix


def test_rows_in_any_of_parse_vectors_notations():
    np.testing.assert_array_equal(
        parse_matrix("0.1, 0.9\n\n[0.5 0.5]\n（0.2；0.8）\n"), [[0.1, 0.9], [0.5, 0.5], [0.2, 0.8]]
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.1, 0.9\n0.1, 0.2, 0.7", r"y: row 2 has 3 numbers but row 1 has 2"),
        ("0.1, 0.9\n0.1", r"y: row 2 has 1 number but row 1 has 2"),
        ("0.1, 0.9\nx, 0.2", r"y, row 2: 'x' \(entry 1\) is not a number"),
        ("0.1, 0.9\n0.1, nan", r"y, row 2: 'nan' \(entry 2\) is not a finite number"),
        ("0.1, 0.9\n0.1, 1e999", r"y, row 2: '1e999' \(entry 2\) is too large"),
        ("1" * 400, r"y, row 1: '1{21}\.\.\.' \(entry 1\) is too large"),  # quoted shortened
        ("  \n ", r"y is empty"),
    ],
)
def test_errors_name_the_row(text, message):
    with pytest.raises(InputError, match=message):
        parse_matrix(text)


def test_a_20_mb_paste_is_refused_by_its_length():
    # Today's 37-second case: 10,000 rows × 1,000 numbers.
    text = "\n".join([",".join(["1"] * 1000)] * 10_000)  # 20 MB
    with pytest.raises(
        InputError, match=rf"y has {len(text):,} characters; paste at most {MAX_PASTED_CHARS:,}"
    ):
        parse_matrix(text)


def test_size_limits_are_checked_before_the_numbers_are_read(monkeypatch):
    with pytest.raises(InputError, match=r"y has 10,001 rows; paste at most 10,000"):
        parse_matrix("1\n" * 10_001)
    with pytest.raises(
        InputError, match=rf"y has 200 rows of 1,000 numbers; paste at most {MAX_PASTED_NUMBERS:,}"
    ):
        parse_matrix("\n".join([",".join(["1"] * 1000)] * 200))
    # A ragged row is refused from its token count: its 200,000 numbers are never converted.
    read, plain_tokens, parse_vector = [], matrix._plain_tokens, lv.parse_vector
    monkeypatch.setattr(matrix, "_plain_tokens", lambda line: read.append(line) or plain_tokens(line))
    monkeypatch.setattr(
        matrix, "parse_vector", lambda line, **k: read.append(line) or parse_vector(line, **k)
    )
    with pytest.raises(InputError, match=r"y: row 2 has 200,000 numbers but row 1 has 2"):
        parse_matrix("0.1, 0.9\n" + "0," * 199_999 + "0")
    assert read == ["0.1, 0.9"]


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_pasted_text_parses_or_raises_input_error(text):
    try:
        m = parse_matrix(text)
    except InputError as exc:
        assert str(exc) and exc.text("zh")
    else:
        assert m.ndim == 2 and np.isfinite(m).all()


NOTATIONS = st.sampled_from(["{}", "[{}]", "({})", "{{{}}}", "  {}  ", "{},"])
SEPARATORS = st.sampled_from([", ", ",", "; ", " ", "\t", " , ", "，", "；"])
NUMBERS = st.one_of(
    st.floats(-1e9, 1e9).map(repr),
    st.integers(-1000, 1000).map(str),
    st.sampled_from(["1e999", "-0", ".5", "5.", "+3", "1e-5", "nan", "x", "1/3", "", "0x10"]),
)


@given(
    st.lists(
        st.tuples(st.lists(NUMBERS, min_size=1, max_size=4), NOTATIONS, SEPARATORS), min_size=1, max_size=6
    )
)
@settings(max_examples=400, deadline=None)
def test_each_row_reads_as_parse_vector_reads_its_line(rows):
    # The fast path for plain rows must agree with parse_vector, which reads every other row.
    lines = [notation.format(sep.join(cells)) for cells, notation, sep in rows]
    expected, error = [], None
    for line in filter(str.strip, lines):
        try:
            expected.append(lv.parse_vector(line.strip()))
        except InputError as exc:
            error = exc
            break
    ragged = len({len(r) for r in expected}) > 1
    try:
        m = parse_matrix("\n".join(lines))
    except InputError:
        assert error is not None or ragged or not expected
    else:
        assert error is None and not ragged, error
        np.testing.assert_array_equal(m, np.array(expected))


@given(st.lists(st.lists(st.floats(-1e9, 1e9), min_size=1, max_size=4), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_each_row_is_what_parse_vector_reads_from_its_line(rows):
    text = "\n".join(", ".join(repr(v) for v in row) for row in rows)
    try:
        m = parse_matrix(text)
    except InputError as exc:
        assert "row" in str(exc)
        assert len({len(r) for r in rows}) > 1  # only ragged input is refused
    else:
        expected = np.array([lv.parse_vector(line) for line in text.splitlines()])
        np.testing.assert_array_equal(m, expected)
        np.testing.assert_array_equal(m, rows)  # repr round-trips floats exactly


@pytest.mark.parametrize(
    ("text", "en", "zh"),
    [
        (
            "0.1, 0.9\n0.1, 0.2, 0.7",
            "y: row 2 has 3 numbers but row 1 has 2. Every row needs the same number of entries, one per class.",
            "y：第 2 行有 3 个数，但第 1 行有 2 个数。每一行的数的个数必须相同，每个类别一个。",
        ),
        (
            "0.1, 0.9\nx, 0.2",
            "y, row 2: 'x' (entry 1) is not a number.",
            "y 第 2 行：'x'（第 1 个数）不是数。",
        ),
        (
            "1\n" * 10_001,
            "y has 10,001 rows; paste at most 10,000, or upload a file.",
            "y 有 10,001 行；最多只能粘贴 10,000 行，更多的请上传文件。",
        ),
    ],
)
def test_errors_in_both_languages(text, en, zh):
    with pytest.raises(InputError) as info:
        parse_matrix(text)
    assert en in str(info.value)
    assert zh in info.value.text("zh")
