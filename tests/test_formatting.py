"""Tests for lossviz/words/formatting.py: digits, substituted formulas, the one-line reading.

The formulas and sentences take plain values; the tests take them from lossviz.views.comparison's
compare_texts (as the page does) through the helpers below.
"""

import pytest

from lossviz.views.comparison import compare_texts, formulas_latex
from lossviz.words.formatting import (
    cee_latex,
    cee_shortcut_latex,
    format_entry,
    format_loss,
    headline,
    mse_latex,
    reading,
    sse_latex,
)

BOOK_Y = "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0"
DELTA = 1e-7  # the article's δ


def sse_of(c, lang="en"):
    return sse_latex(c.y, c.t, c.target_class, c.sse, lang)


def cee_of(c, lang="en"):
    return cee_latex(c.y, c.t, c.target_class, c.cee, DELTA, lang)


def shortcut_of(c):
    return cee_shortcut_latex(c.target_class, c.p_target, c.cee, DELTA)


def reading_of(c, lang="en"):
    return reading(c.y, c.t, c.target_class, c.one_hot, lang)


def headline_of(c, lang="en"):
    return headline(c.sse, c.cee, c.p_target, c.one_hot, DELTA, lang)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.7775000000000001, "0.7775"),  # the article's SSE as numpy computes it
        (2.9957302735559908, "2.9957"),  # the article prints 2.9957302735559908
        (0.22314342631421757, "0.2231"),
        (-1.0000000494736474e-07, "−1.0×10⁻⁷"),  # a perfect prediction with δ: not "-0.0000" nor "-1.00e-07"
        (0.0, "0.0000"),
        (16.11809565095832, "16.1181"),
    ],
)
def test_format_loss(value, text):
    assert format_loss(value) == text


def test_format_entry_is_short():
    assert [format_entry(v) for v in (0.05, 1.0, 0.0, 1e-7)] == ["0.05", "1", "0", "1e-07"]


def test_sse_formula_substitutes_every_term_of_the_article_example():
    latex = sse_of(compare_texts("0, 1, 0, 0", "0.1, 0.05, 0.05, 0.8"))
    for term in ("(0.1 - 0)^2", "(0.05 - 1)^2", "(0.05 - 0)^2", "(0.8 - 0)^2"):
        assert term in latex
    assert latex.endswith("= 0.7775 \\end{aligned}")


def test_long_formulas_keep_the_correct_class_and_count_what_they_leave_out():
    c = compare_texts("2", BOOK_Y)
    latex = sse_of(c)
    assert "(0.6 - 1)^2" in latex and r"\text{4 zero terms}" in latex
    latex = cee_of(c)
    assert r"1 \cdot \log(0.6 + 10^{-7})" in latex and r"\text{9 zero terms}" in latex
    # Eleven non-zero terms: six shown, the correct class among them, five counted.
    many = compare_texts("10", ", ".join(["0.09"] * 10 + ["0.1"]))
    latex = sse_of(many)
    assert "(0.1 - 1)^2" in latex and r"\text{5 more terms}" in latex
    # The same formulas in Chinese: only the words inside \text{} change.
    assert sse_of(many, "zh") == latex.replace("5 more terms", "另有 5 项")
    assert cee_of(c, "zh") == cee_of(c).replace("9 zero terms", "另有 9 项为零")


def test_mean_convention_formula():
    # PyTorch's MSELoss on the article's first example: 1.555 / 4 = 0.38875 (hand computation).
    assert mse_latex(4, compare_texts("1", "0.1, 0.05, 0.05, 0.8").mse).endswith("= 0.38875")


def test_shortcut_only_for_one_hot_targets():
    assert "-\\log(0.05 + 10^{-7}) = 2.9957" in shortcut_of(compare_texts("1", "0.1, 0.05, 0.05, 0.8"))
    assert formulas_latex(compare_texts("0.5, 0.5", "0.5, 0.5"))["cee_shortcut"] is None


def test_reading_names_the_class_the_probability_and_calls_a_tie_a_tie():
    text = reading_of(compare_texts("0, 1, 0, 0", "0.1, 0.8, 0.05, 0.05"))
    assert text == "The correct class is 1 (counting from 0) and the model gave it p = 0.8, its top choice."
    tie = reading_of(compare_texts("1", "0.4, 0.4, 0.2"))
    assert "top choice" not in tie and tie.endswith("class 0 got as much, a tie for the top.")


@pytest.mark.parametrize(
    ("t", "y", "expected"),
    [
        # The article's examples by hand: −ln(0.05 + 1e-7) = 2.99573, ½Σ(y−t)² = 0.7775, ratio 3.853;
        # −ln(0.8 + 1e-7) = 0.223144, ½(0.01 + 0.04 + 0.0025 + 0.0025) = 0.0275, ratio 8.114;
        # the cap −ln(1e-7) = 16.118.
        (
            "1",
            "0.1, 0.05, 0.05, 0.8",
            "Cross-entropy 2.996, squared error 0.7775: with p = 0.05 on the correct class, cross-entropy "
            "is 3.9× larger and keeps growing toward 16.1 as p → 0; squared error never exceeds 1.",
        ),
        (
            "1",
            "0.1, 0.8, 0.05, 0.05",
            "Cross-entropy 0.2231, squared error 0.0275: with p = 0.8 on the correct",
        ),
        # y = 0.001 on the correct class: −ln(0.0010001) = 6.9077, ½(0.999² + 0.999²) = 0.998; ratio 6.9.
        (
            "0",
            "0.001, 0.999",
            "Cross-entropy 6.908, squared error 0.998: with p = 0.001 on the correct class, cross-entropy is 6.9× larger",
        ),
        ("1", "0, 1", "A perfect prediction: squared error is 0 and cross-entropy −1.0×10⁻⁷, below 0"),
    ],
)
def test_the_headline_compares_both_losses_in_plain_words(t, y, expected):
    assert headline_of(compare_texts(t, y)).startswith(expected)


def test_the_headline_says_a_large_ratio_in_plain_digits():
    # p = 1e-6: −ln(1e-6 + 1e-7) = 13.72, ½((1 − 1e-6)² + (1 − 1e-6)²) ≈ 1.0; ratio ≈ 14, never "1e+01".
    assert "is 14× larger" in headline_of(compare_texts("0", "0.000001, 0.999999"))


def test_the_headline_in_chinese_has_the_same_numbers():
    zh = headline_of(compare_texts("1", "0.1, 0.05, 0.05, 0.8"), "zh")
    assert zh.startswith(
        "交叉熵误差 2.996，均方误差 0.7775：正确类别上的 p = 0.05 时，交叉熵误差是均方误差的 3.9 倍"
    )
    assert "16.1" in zh


def test_reading_for_soft_targets():
    text = reading_of(compare_texts("0.1, 0.9", "0.9, 0.1"))
    assert text.startswith("t is a soft target; its largest share, 0.9, is on class 1")
    assert "its top choice is class 0 (0.9)" in text


def test_reading_in_chinese_has_the_same_numbers():
    c = compare_texts("0, 1, 0, 0", "0.1, 0.05, 0.05, 0.8")
    assert (
        reading_of(c, "zh")
        == "正确类别是 1（从 0 开始数），模型给它的概率是 p = 0.05；模型的首选是类别 3（0.8）。"
    )
    soft = reading_of(compare_texts("0.1, 0.9", "0.9, 0.1"), "zh")
    assert soft.startswith("t 是软目标；它最大的一份 0.9 在类别 1 上")


def test_a_perfect_prediction_counts_its_terms_right_and_writes_minus_delta_as_a_power_of_ten():
    c = compare_texts("0, 1, 0, 0", "0, 1, 0, 0")
    # Four classes: the one written 0 and 3 more zero terms (not "0 + 4 zero terms").
    assert r"\Big[0 \\ &\qquad + \text{3 zero terms}\Big]" in sse_of(c)
    # −log(1 + 1e-7) = −1.0×10⁻⁷ to two digits (hand computation), in LaTeX's own notation.
    assert cee_of(c).endswith(r"&= -1.0 \times 10^{-7} \end{aligned}")
    assert "e-07" not in shortcut_of(c) and "*e*" not in cee_of(c)
