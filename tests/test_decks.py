"""Tests for every page's tour: lossviz/views/decks.py, lab_slides.py, batch_slides.py and their charts.

Expected numbers come from tests/deck_numbers.py: hand computations with math for the lab, plain
numpy/statistics formulas over the page's simulated batch for the batch page.
"""

import math
import re

import numpy as np
import pytest
from deck_numbers import BATCH, LAB, SHOWN, SMOOTHED_T, D, percent

from lossviz.inputs.link import PARAM, parse_value, write_value
from lossviz.views import batch_slides, lab_slides
from lossviz.views.decks import DECKS, deck, following, place, position, preceding, total
from lossviz.views.presentation import projected
from lossviz.words.i18n import LANGUAGES

PAGES = ("explorer", "lab", "batch")


def test_every_page_has_its_steps_and_the_link_reaches_them():
    assert [deck(p).count for p in PAGES] == [6, 4, 3]
    assert set(PAGES) <= set(PARAM["step"].pages) and set(PAGES) <= set(PARAM["ask"].pages)
    assert PARAM["step"].hi == max(d.count for d in DECKS.values())  # the link takes every page's last step
    for d in DECKS.values():
        for lang in LANGUAGES:
            assert [s.number for s in d.steps(lang)] == list(range(1, d.count + 1))
            assert [s.number for s in d.slides(lang)] == list(range(1, d.count + 1))


def test_the_four_tours_are_one_deck_of_fourteen_steps():
    # explorer 6 + lab 4 + batch 3 + training 1, counted from the pages' tours above
    assert total() == 14
    order = [("explorer", n) for n in range(1, 7)] + [("lab", n) for n in range(1, 5)]
    order += [("batch", n) for n in range(1, 4)] + [("train", 1)]
    assert [position(step) for step in range(1, 15)] == order
    assert [place(*where) for where in order] == list(range(1, 15))
    assert position(0) is None and position(15) is None
    assert [following(*where) for where in order] == order[1:] + [None]
    assert [preceding(*where) for where in order] == [None] + order[:-1]


def test_the_lab_and_batch_steps_have_names():
    assert [s.short for s in deck("lab").steps()] == [
        "δ and log 0",
        "Softmax overflow",
        "Temperature",
        "Label smoothing",
    ]
    assert [s.short for s in deck("lab").steps("zh")] == ["δ 与 log 0", "softmax 溢出", "温度", "标签平滑"]
    assert [s.short for s in deck("batch").steps()] == [
        "The batch mean",
        "Who dominates",
        "Where they disagree",
    ]
    assert [s.short for s in deck("batch").steps("zh")] == ["批平均", "谁占主导", "两者的分歧"]


@pytest.mark.parametrize("page", ["lab", "batch"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_step_has_words_chips_numbers_and_one_chart(page, lang):
    for step, slide in zip(deck(page).steps(lang), deck(page).slides(lang), strict=True):
        assert step.title and step.text and step.ask and step.short
        assert slide.chips and 1 <= len(slide.numbers) <= 3 and slide.figure.data
        assert len(re.findall(r"[.。!?！？](?:\s|$)", step.text)) <= 3  # one or two sentences (and a formula)


@pytest.mark.parametrize("page", ["lab", "batch"])
def test_the_page_opens_on_inputs_its_link_takes_when_the_tour_ends(page):
    for step in deck(page).steps():
        for name, value in step.opens.items():
            p = PARAM[name]
            assert page in p.pages, name
            raw = write_value(p, value)
            assert raw is None or parse_value(p, raw) == value  # a value the table writes and reads back


@pytest.mark.parametrize("page", ["lab", "batch"])
def test_the_numbers_on_each_slide_are_the_hand_computed_ones(page):
    for slide in deck(page).slides():
        assert [n.text for n in slide.numbers] == SHOWN[page][slide.number], slide.number


def test_lab_numbers_to_twelve_digits():
    n = lab_slides.numbers()
    for name in ("cap", "perfect", "clipped", "stable", "article", "t0", "t1", "t2", "hard", "smoothed"):
        assert n[name] == pytest.approx(LAB[name], rel=1e-9, abs=1e-15), name
    assert math.isnan(n["naive"])  # exp(1000) = inf, inf / inf = NaN
    assert n["t0"] < n["t1"] < n["t2"]  # the correct class is the largest logit: a higher T costs more
    assert n["smoothed"] > n["hard"]


def test_lab_step_1_is_delta_and_its_price():
    s = lab_slides.lab_slides()[0]
    assert [(c.name, c.value) for c in s.chips] == [
        ("t", "1"),
        ("y ①", "[1, 0]"),
        ("y ②", "[0, 1]"),
        ("δ", "10⁻⁷"),
    ]
    assert [t.name for t in s.figure.data] == ["−log p, no δ", "δ added", "y clipped"]
    assert s.figure.layout.shapes[0].y0 == pytest.approx(-math.log(D), rel=1e-12)  # the cap line at −ln δ


def test_lab_step_2_three_ways_with_nan_written_out():
    (bars,) = lab_slides.lab_slides()[1].figure.data
    assert list(bars.text) == ["NaN", "1000.0000", "16.1181"]
    assert list(bars.y) == pytest.approx([0.0, LAB["stable"], LAB["article"]], rel=1e-12)


def test_lab_step_3_bars_are_softmax_at_each_temperature():
    s = lab_slides.lab_slides()[2]
    assert [t.name for t in s.figure.data] == ["T = 0.5", "T = 1", "T = 2"]
    for trace, T in zip(s.figure.data, (0.5, 1.0, 2.0), strict=True):
        e = [math.exp(v / T) for v in (2.0, 1.0, 0.1)]  # softmax(z / T) by hand
        assert list(trace.y) == pytest.approx([v / sum(e) for v in e], rel=1e-12)


def test_lab_step_4_shows_the_smoothed_targets():
    s = lab_slides.lab_slides()[3]
    one_hot, smooth, _ = s.figure.data
    assert list(one_hot.y) == [1.0, 0.0, 0.0]
    assert list(smooth.y) == pytest.approx(SMOOTHED_T, rel=1e-12)  # (1 − ε) t + ε / K, ε = 0.1, K = 3


def test_batch_numbers_match_independent_formulas():
    n = batch_slides.numbers()
    for name in ("mean", "median", "wrong_share", "cee_share", "sse_share", "near_low", "near_high"):
        assert n[name] == pytest.approx(BATCH[name], rel=1e-9), name
    assert (n["wrong"], n["near"]) == (BATCH["wrong"], BATCH["near"])
    assert n["mean"] > n["median"]  # the step's point: a long tail pulls the mean up


def test_batch_share_curve_is_the_sorted_cumulative_share():
    fraction, share = batch_slides.loss_share(BATCH["cee_rows"])
    worst = np.sort(BATCH["cee_rows"])[::-1]
    k = 1000  # the worst 10 %: fraction 0.1 is point 20 of 201
    assert fraction[20] == pytest.approx(0.1)
    assert share[20] == pytest.approx(worst[:k].sum() / worst.sum(), rel=1e-12)
    assert share[0] == 0 and share[-1] == pytest.approx(1.0)
    assert np.all(np.diff(share) >= 0)


def test_batch_loss_share_by_hand():
    fraction, share = batch_slides.loss_share(np.array([0.0, 3.0, 1.0, 0.0]), 5)
    # Worst first 3, 1, 0, 0 of a total 4: a quarter of the samples carries 3/4, half carries all.
    assert fraction.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0] and share.tolist() == [0.0, 0.75, 1.0, 1.0, 1.0]


def test_batch_slides_charts():
    mean, share, disagree = batch_slides.batch_slides()
    lines = {t.name: t.x[0] for t in mean.figure.data if t.type == "scatter"}
    assert lines == pytest.approx({"mean 1.2440": BATCH["mean"], "median 0.6758": BATCH["median"]}, rel=1e-12)
    assert mean.formula and r"\frac{1}{N}" in mean.formula
    assert [t.name for t in share.figure.data] == ["cross-entropy", "squared error"]
    assert share.figure.layout.shapes[0].x0 == pytest.approx(BATCH["wrong_share"], rel=1e-12)
    assert disagree.figure.layout.shapes[0].x0 == 0.9


@pytest.mark.parametrize("page", ["lab", "batch"])
def test_texts_carry_the_numbers_in_both_languages_and_questions_do_not_give_them_away(page):
    for en, zh in zip(deck(page).steps("en"), deck(page).steps("zh"), strict=True):
        numbers = re.findall(r"\d+\.\d{4}|\d+\.\d %", en.text)
        assert numbers and numbers == re.findall(r"\d+\.\d{4}|\d+\.\d %", zh.text)
    slides = deck(page).slides()
    for step, slide in zip(deck(page).steps(), slides, strict=True):
        for n in slide.numbers:
            if n.kind != "plain":  # the answer the question asks for
                assert n.text not in step.ask, (step.number, n.text)
    assert percent(BATCH["cee_share"]) in deck("batch").steps()[1].text


@pytest.mark.parametrize("page", ["lab", "batch"])
def test_projected_charts_have_large_type(page):
    for slide in deck(page).slides():
        fig = projected(slide.figure)
        assert fig.layout.font.size >= 18 and fig.layout.title.font.size >= 24
        assert fig.layout.xaxis.tickfont.size >= 18 and fig.layout.yaxis.tickfont.size >= 18
