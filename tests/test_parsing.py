"""Tests for lossviz/inputs/parsing.py."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lossviz import MAX_TYPED_ENTRIES, InputError, format_vector, parse_vector
from lossviz.inputs.parsing import format_rounded

ARTICLE_Y = [0.1, 0.05, 0.05, 0.8]


@pytest.mark.parametrize(
    "text",
    [
        "0.1, 0.05, 0.05, 0.8",
        "[0.1, 0.05, 0.05, 0.8]",
        "0.1 0.05 0.05 0.8",
        "(0.1; 0.05; 0.05; 0.8)",
        "1e-1, 5e-2, 5E-2, 8.0e-1",
        "  0.1,\t0.05 ,0.05 ,   0.8  ",
        "0.1\t0.05\t0.05\t0.8",  # a row copied from a spreadsheet
        "0.1\n0.05\n0.05\n0.8",  # a column copied from a spreadsheet
        "{0.1, 0.05, 0.05, 0.8}",
        "[0.1, 0.05, 0.05, 0.8,]",  # Python allows one trailing comma
        "0.1，0.05，0.05，0.8",  # full-width commas from a Chinese input method
        "［0.1； 0.05； 0.05； 0.8］",
        ".1, .05, .05, .8",
        "+0.1, 0.05, 0.05, 0.80",
    ],
)
def test_accepted_notations_give_the_article_vector(text):
    np.testing.assert_array_equal(parse_vector(text), ARTICLE_Y)


def test_typographic_minus_is_read_as_minus():
    np.testing.assert_array_equal(parse_vector("−1.5, 2"), [-1.5, 2.0])


def test_a_single_number_is_a_length_one_vector():
    np.testing.assert_array_equal(parse_vector("1"), [1.0])


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", r"y is empty\. Type numbers separated by commas"),
        ("   \t ", r"y is empty"),
        ("[]", r"y is empty"),
        ("0.1, abc, 0.2", r"y: 'abc' \(entry 2\) is not a number\. Type numbers in decimal notation"),
        ("0x1F", r"'0x1F' \(entry 1\) is not a number"),
        ("__import__('os')", r"is not a number"),
        ("1_000", r"'1_000' \(entry 1\) is not a number"),
        ("0.1,,0.2", r"empty entry after '0.1' \(two separators in a row\)"),
        (",0.1", r"empty entry at the start"),
        ("0.1, nan", r"'nan' \(entry 2\) is not a finite number"),
        ("inf, 0", r"'inf' \(entry 1\) is not a finite number"),
        ("-Infinity", r"is not a finite number"),
        ("1e999", r"'1e999' \(entry 1\) is too large: it overflows to infinity"),
        ("1/3, 2/3", r"Fractions are not read: type 1/4 as 0.25"),
        ("50%, 50%", r"Percentages are not read: type 50% as 0.5"),
        ("[0.1, 0.9", r"starts with '\[' but does not end with '\]'"),
        (
            "[[0.1, 0.9]]",
            r"'\[0\.1' \(entry 1\) is not a number\. Type a single list of numbers with at most one pair",
        ),
        (
            "<script>alert(1)</script>",
            r"'<script>alert\(1\)</scr\.\.\.' \(entry 1\) is not a number\.",
        ),
    ],
)
def test_bad_text_raises_a_specific_input_error(text, match):
    with pytest.raises(InputError, match=match):
        parse_vector(text, name="y")


def test_too_many_entries_are_refused_with_the_limit():
    text = ", ".join(["0.001"] * 20_000)
    with pytest.raises(InputError, match=r"too long \(139,998 characters\)\. Type at most 1,000 numbers"):
        parse_vector(text, name="y")
    text = " ".join(["1"] * (MAX_TYPED_ENTRIES + 1))
    with pytest.raises(InputError, match=r"y has 1,001 numbers; at most 1,000 can be typed here"):
        parse_vector(text, name="y")
    assert parse_vector(" ".join(["1"] * MAX_TYPED_ENTRIES)).shape == (MAX_TYPED_ENTRIES,)


@pytest.mark.parametrize("value", [None, 0.5, ["0.1"]])
def test_non_text_is_refused(value):
    with pytest.raises(InputError, match="must be text"):
        parse_vector(value)


def test_format_vector_is_read_back_exactly_for_short_decimals():
    assert format_vector(ARTICLE_Y) == "0.1, 0.05, 0.05, 0.8"
    np.testing.assert_array_equal(parse_vector(format_vector(ARTICLE_Y)), ARTICLE_Y)


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=50))
def test_format_then_parse_round_trips_to_ten_digits(values):
    np.testing.assert_allclose(parse_vector(format_vector(values)), values, rtol=1e-9, atol=0)


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_input_error(text):
    try:
        v = parse_vector(text)
    except InputError as exc:
        assert str(exc)
    else:
        assert v.dtype == np.float64 and v.ndim == 1 and v.size >= 1 and np.isfinite(v).all()


@pytest.mark.parametrize(
    ("y", "text"),
    [
        # A drag's y with float noise (issue 26) is written as the 3-decimal numbers it stands for.
        ([0.08599999999, 0.183, 0.04300000001, 0.6879999999], "0.086, 0.183, 0.043, 0.688"),
        # Thirds: 0.3334 + 0.3333 + 0.3333 = 1 exactly (hand computation); 1 and 0 without decimals.
        ([1 / 3, 1 / 3, 1 / 3], "0.3334, 0.3333, 0.3333"),
        ([1.0, 0.0], "1, 0"),
    ],
)
def test_format_rounded_writes_4_decimals_that_keep_the_sum(y, text):
    assert format_rounded(y) == text


@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=20).filter(lambda v: sum(v) > 0))
def test_a_rounded_distribution_reads_back_as_decimals_summing_to_exactly_one(v):
    from decimal import Decimal

    text = format_rounded(np.asarray(v) / np.sum(v))
    assert sum(Decimal(s) for s in text.split(", ")) == 1
    assert all(len(s.partition(".")[2]) <= 4 for s in text.split(", "))
    assert parse_vector(text).shape == (len(v),)
