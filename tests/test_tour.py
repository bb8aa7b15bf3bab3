"""Tests for the tour's core: lossviz/views/tour.py (steps and texts), lossviz/views/slides.py (what
each step shows), lossviz/charts/slides.py (its charts) and lossviz/views/join.py (the room's link,
and what a room's slide shows).

Expected numbers are hand computations with math (δ = 1e-7), independent of lossviz.
"""

import math
import re

import numpy as np
import pytest
import segno
import zxingcpp

from lossviz.inputs.link import PARAM
from lossviz.room.answers import shown_answer, shown_truth
from lossviz.room.questions import for_step
from lossviz.views.comparison import compare_texts
from lossviz.views.join import (
    clock,
    is_local,
    join_link,
    numbers_hidden,
    qr_svg,
    room_link,
    short_form,
)
from lossviz.views.slides import slides
from lossviz.views.tour import COUNT, STEPS, tour
from lossviz.words.i18n import LANGUAGES

D = 1e-7
Y1, Y2 = [0.1, 0.05, 0.05, 0.8], [0.1, 0.8, 0.05, 0.05]  # the article's examples ① and ②, correct class 1
SSE1 = 0.5 * (0.1**2 + 0.95**2 + 0.05**2 + 0.8**2)  # 0.7775, the article's number
SSE2 = 0.5 * (0.1**2 + 0.2**2 + 0.05**2 + 0.05**2)  # 0.0275
CEE1, CEE2 = -math.log(0.05 + D), -math.log(0.8 + D)  # 2.9957…, 0.2231…
CAP = -math.log(0 + D)  # step 4: the correct class at probability 0 → −ln δ ≈ 16.1181


def test_six_steps_in_the_articles_order_with_names():
    assert [s.number for s in STEPS] == list(range(1, 7)) and COUNT == 6 == PARAM["step"].hi
    assert [s.short for s in STEPS] == [
        "Squared error",
        "Second example",
        "Cross-entropy",
        "−log and δ",
        "A batch",
        "Labels",
    ]
    assert [s.short for s in tour("zh")] == [
        "均方误差",
        "第二个例子",
        "交叉熵误差",
        "−log 与 δ",
        "一批数据",
        "标签",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("number", range(1, 7))
def test_every_step_has_its_words_and_inputs_that_compute_without_warnings(number, lang):
    step = tour(lang)[number - 1]
    assert step.title and step.text and step.ask and step.short
    c = compare_texts(step.opens["t"], step.opens["y"])
    assert c.y_warning is None and c.t_warning is None
    assert (
        step.opens["view"] in PARAM["view"].options
    )  # the chart tab the explorer opens when the tour ends here


def test_the_texts_carry_hand_computed_numbers():
    text = [s.text for s in STEPS]
    assert f"= {SSE1:.4f}" in text[0] and "0.7775" in text[0]
    assert f"from {SSE1:.4f} to {SSE2:.4f}" in text[1]
    assert f"{CEE1:.4f} for example ①" in text[2] and f"{CEE2:.4f} for ②" in text[2]
    assert f"= {CAP:.4f}" in text[3]
    assert f"({CEE1:.4f} + {CEE2:.4f}) / 2 = {(CEE1 + CEE2) / 2:.4f}" in text[4]
    assert f"{SSE1:.4f} and {CEE1:.4f}" in text[5]
    for en_step, zh_step in zip(STEPS, tour("zh"), strict=True):  # the same numbers in both languages
        assert re.findall(r"\d+\.\d{4}", en_step.text) == re.findall(r"\d+\.\d{4}", zh_step.text)


def test_questions_do_not_give_away_the_step_answer():
    ask = [s.ask for s in STEPS]
    assert f"{SSE1:.4f}" not in ask[0]
    assert f"{SSE2:.4f}" not in ask[1]
    assert f"{CEE1:.4f}" not in ask[2]
    assert f"{CAP:.4f}" not in ask[3]
    assert f"{(CEE1 + CEE2) / 2:.4f}" not in ask[4]


def _numbers(slide):
    return [(n.kind, round(n.value, 12)) for n in slide.numbers]


def test_step_1_is_squared_error_alone():
    s = slides()[0]
    assert _numbers(s) == [("sse", round(SSE1, 12))]  # no cross-entropy number
    assert [(c.name, c.value) for c in s.chips] == [("t", "[0, 1, 0, 0]"), ("y", "[0.1, 0.05, 0.05, 0.8]")]
    (bars,) = s.figure.data
    # ½(y_k − t_k)² by hand for y = ①, t = [0, 1, 0, 0].
    assert np.allclose(bars.y, [0.5 * 0.1**2, 0.5 * 0.95**2, 0.5 * 0.05**2, 0.5 * 0.8**2], rtol=0, atol=1e-15)
    assert "log" not in s.figure.layout.title.text  # the chart is squared error's


def test_steps_2_and_3_compare_the_two_examples_one_loss_at_a_time():
    two, three = slides()[1], slides()[2]
    assert _numbers(two) == [("sse", round(SSE1, 12)), ("sse", round(SSE2, 12))]
    assert [t.name for t in two.figure.data] == ["example ①", "example ②"]
    assert _numbers(three) == [("cee", round(CEE1, 12)), ("cee", round(CEE2, 12))]
    points = {t.name: (t.x[0], t.y[0]) for t in three.figure.data if t.mode == "markers+text"}
    assert points == pytest.approx({"①": (0.05, CEE1), "②": (0.8, CEE2)}, rel=1e-12)


def test_step_4_is_the_delta_cap():
    s = slides()[3]
    assert _numbers(s) == [("cee", round(CAP, 12))]
    assert s.chart == "drag"  # the place the drag component takes


def test_step_5_is_a_real_batch_its_rows_and_their_mean():
    s = slides()[4]
    assert [(r.n, r.y, r.t) for r in s.rows] == [
        (1, "[0.1, 0.05, 0.05, 0.8]", 1),
        (2, "[0.1, 0.8, 0.05, 0.05]", 1),
    ]
    assert [r.loss for r in s.rows] == pytest.approx([CEE1, CEE2], rel=1e-12)
    (mean,) = s.numbers
    assert (mean.kind, mean.label) == ("mean", "Batch mean, N = 2")
    assert mean.value == pytest.approx((CEE1 + CEE2) / 2, rel=1e-12)  # Σ over rows / N, by hand
    assert r"\frac{1}{N}" in s.formula
    bars = s.figure.data[0]
    assert list(bars.y) == pytest.approx([CEE1, CEE2], rel=1e-12)
    assert s.figure.layout.shapes[0].y0 == pytest.approx((CEE1 + CEE2) / 2, rel=1e-12)


def test_step_6_labels_give_the_numbers_of_one_hot():
    s = slides()[5]
    assert [(c.name, c.value) for c in s.chips][0] == ("t", "1")
    assert _numbers(s) == [("sse", round(SSE1, 12)), ("cee", round(CEE1, 12))]


def test_slides_in_chinese_have_the_same_numbers():
    for en, zh in zip(slides("en"), slides("zh"), strict=True):
        assert _numbers(en) == _numbers(zh) and en.rows == zh.rows
    assert slides("zh")[4].numbers[0].label == "批平均，N = 2"


def test_the_join_link_has_the_step_not_the_language_nor_presentation():
    link = join_link("http://10.1.2.3:8501/?step=2&lang=zh&present=1&t=1", 4)
    assert link == "http://10.1.2.3:8501/?step=4"
    assert join_link("http://10.1.2.3:8501", 3, ask=True) == "http://10.1.2.3:8501/?step=3&ask=1"
    assert short_form("https://a.example/?step=1") == "a.example/?step=1"
    assert is_local("http://localhost:8501/?step=1") and not is_local(link)


def test_the_qr_code_is_scalable_svg_of_the_link():
    link = "http://10.1.2.3:8501/?step=4&ask=1"
    svg = qr_svg(link)
    assert svg.startswith("<svg") and "viewBox" in svg and " width=" not in svg.split(">")[0]
    # The same code rasterised by hand from segno's module matrix decodes to the link (zxing-cpp).
    code = segno.make(link, error="m", micro=False)
    modules = np.pad(np.array(code.matrix, dtype=np.uint8), 4)  # 4 modules of quiet zone
    image = np.kron(np.where(modules == 1, 0, 255).astype(np.uint8), np.ones((6, 6), dtype=np.uint8))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [link]
    assert f'viewBox="0 0 {modules.shape[0]} {modules.shape[0]}"' in svg  # the SVG draws that matrix


def test_the_room_link_names_the_room_alone_and_its_qr_code_decodes_to_it():
    link = room_link(
        "http://10.1.2.3:8501/lab?step=2&present=1&room=K7QXM&key=Zq3_x-9Zq3_x-9Zq3_x-9", "K7QXM"
    )
    assert link == "http://10.1.2.3:8501/?room=K7QXM"  # the root: the phone follows the presenter's page
    code = segno.make(link, error="m", micro=False)
    modules = np.pad(np.array(code.matrix, dtype=np.uint8), 4)
    image = np.kron(np.where(modules == 1, 0, 255).astype(np.uint8), np.ones((6, 6), dtype=np.uint8))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [link]


def test_a_room_hides_the_numbers_of_a_question_until_it_is_revealed_and_shows_those_it_passed():
    # (asks, step, room's step, phase) → hidden, as the room's rules say
    assert numbers_hidden(True, 5, 5, "open") and numbers_hidden(True, 5, 5, "locked")
    assert not numbers_hidden(True, 5, 5, "revealed")
    assert numbers_hidden(True, 6, 5, "revealed")  # looking ahead of the room
    assert not numbers_hidden(True, 4, 5, "open") and not numbers_hidden(False, 6, 5, "open")


def test_the_presenters_timer_and_the_answers_as_a_learner_reads_them():
    assert [clock(s) for s in (0, 59.99, 61, 600, 3599, 3600, 36000 + 61)] == [
        "0:00", "0:59", "1:01", "10:00", "59:59", "1:00:00", "10:01:01",
    ]  # fmt: skip
    drag = for_step(6)
    assert drag.kind == "drag"
    # a dragged y = example ①: −ln(y₁ + δ) = −ln(0.05 + 1e-7) ≈ 2.9957 (CEE1, by hand)
    assert shown_answer(drag, [0.1, 0.05, 0.05, 0.8]) == f"{CEE1:.4f}"
    assert shown_answer(for_step(3), "cee", "zh") == "交叉熵误差"
    assert shown_truth(for_step(1)) == f"{SSE1:.4f}"  # the article's 0.7775
