"""Tests for lossviz/words/formatting.py: digits, substituted formulas, the one-line reading."""

import pytest

from lossviz.views.comparison import compare_texts
from lossviz.words.formatting import (
    cee_latex,
    cee_shortcut_latex,
    format_entry,
    format_loss,
    mse_latex,
    reading,
    sse_latex,
)

BOOK_Y = "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.7775000000000001, "0.7775"),  # the article's SSE as numpy computes it
        (2.9957302735559908, "2.9957"),  # the article prints 2.9957302735559908
        (0.22314342631421757, "0.2231"),
        (-1.0000000494736474e-07, "-1.00e-07"),  # a perfect prediction with δ: not "-0.0000"
        (0.0, "0.0000"),
        (16.11809565095832, "16.1181"),
    ],
)
def test_format_loss(value, text):
    assert format_loss(value) == text


def test_format_entry_is_short():
    assert [format_entry(v) for v in (0.05, 1.0, 0.0, 1e-7)] == ["0.05", "1", "0", "1e-07"]


def test_sse_formula_substitutes_every_term_of_the_article_example():
    latex = sse_latex(compare_texts("0, 1, 0, 0", "0.1, 0.05, 0.05, 0.8"))
    for term in ("(0.1 - 0)^2", "(0.05 - 1)^2", "(0.05 - 0)^2", "(0.8 - 0)^2"):
        assert term in latex
    assert latex.endswith("= 0.7775 \\end{aligned}")


def test_long_formulas_keep_the_correct_class_and_count_what_they_leave_out():
    c = compare_texts("2", BOOK_Y)
    latex = sse_latex(c)
    assert "(0.6 - 1)^2" in latex and r"\text{4 zero terms}" in latex
    latex = cee_latex(c)
    assert r"1 \cdot \log(0.6 + 10^{-7})" in latex and r"\text{9 zero terms}" in latex
    # Eleven non-zero terms: six shown, the correct class among them, five counted.
    many = compare_texts("10", ", ".join(["0.09"] * 10 + ["0.1"]))
    latex = sse_latex(many)
    assert "(0.1 - 1)^2" in latex and r"\text{5 more terms}" in latex
    # The same formulas in Chinese: only the words inside \text{} change.
    assert sse_latex(many, "zh") == latex.replace("5 more terms", "另有 5 项")
    assert cee_latex(c, "zh") == cee_latex(c).replace("9 zero terms", "另有 9 项为零")


def test_mean_convention_formula():
    # PyTorch's MSELoss on the article's first example: 1.555 / 4 = 0.38875 (hand computation).
    assert mse_latex(compare_texts("1", "0.1, 0.05, 0.05, 0.8")).endswith("= 0.38875")


def test_shortcut_only_for_one_hot_targets():
    assert "-\\log(0.05 + 10^{-7}) = 2.9957" in cee_shortcut_latex(compare_texts("1", "0.1, 0.05, 0.05, 0.8"))
    assert cee_shortcut_latex(compare_texts("0.5, 0.5", "0.5, 0.5")) is None


def test_reading_names_the_class_the_probability_and_the_steeper_loss():
    text = reading(compare_texts("0, 1, 0, 0", "0.1, 0.8, 0.05, 0.05"))
    # Slopes on the correct class: −1/(0.8 + δ) ≈ −1.25 and 0.8 − 1 = −0.2 (hand computation).
    assert text.startswith(
        "The correct class is 1 (counting from 0) and the model gave it p = 0.8, its top choice."
    )
    assert "slope on the correct class is -1.25 against squared error's -0.2, 6.25× steeper" in text


def test_reading_when_squared_error_is_flat():
    text = reading(compare_texts("1", "0, 1"))
    assert (
        "Squared error is flat here (slope 0 on the correct class) while cross-entropy's slope is still -1."
        in text
    )


def test_reading_for_soft_targets():
    text = reading(compare_texts("0.1, 0.9", "0.9, 0.1"))
    assert text.startswith("t is a soft target; its largest share, 0.9, is on class 1")
    assert "its top choice is class 0 (0.9)" in text


def test_reading_in_chinese_has_the_same_numbers():
    c = compare_texts("0, 1, 0, 0", "0.1, 0.05, 0.05, 0.8")
    # Slopes on the correct class by hand: p − t = 0.05 − 1 = −0.95; −t/(p + δ) = −1/0.0500001 ≈ −20.
    assert reading(c, "zh") == (
        "正确类别是 1（从 0 开始数），模型给它的概率是 p = 0.05；模型的首选是类别 3（0.8）。"
        "交叉熵误差的反应更强：它在正确类别上的斜率是 -20，均方误差是 -0.95，陡 21.1 倍。"
    )
    soft = reading(compare_texts("0.1, 0.9", "0.9, 0.1"), "zh")
    assert soft.startswith("t 是软目标；它最大的一份 0.9 在类别 1 上")
