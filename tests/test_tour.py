"""Tests for lossviz/views/tour.py: six steps along the article, every number computed."""

import math

import pytest

from lossviz.views.comparison import compare_texts
from lossviz.views.tour import STEPS


def test_six_steps_in_the_articles_order():
    assert [s.number for s in STEPS] == [1, 2, 3, 4, 5, 6]
    assert [s.title for s in STEPS][0] == "Squared error on the article's first example"


@pytest.mark.parametrize("step", STEPS, ids=[str(s.number) for s in STEPS])
def test_every_step_loads_inputs_that_compute_without_warnings(step):
    c = compare_texts(step.t, step.y)
    assert c.y_warning is None and c.t_warning is None
    assert step.view in ("neglog", "surface", "gradients")  # option keys of the chart tabs


def test_the_texts_carry_the_articles_numbers():
    # The article: 0.7775, 0.0275, 2.9957, 0.2231; the δ cap −ln(1e-7); the batch mean by hand.
    batch = (-math.log(0.05 + 1e-7) - math.log(0.8 + 1e-7)) / 2
    assert "= 0.7775" in STEPS[0].text
    assert "from 0.7775 to 0.0275" in STEPS[1].text
    assert "2.9957" in STEPS[2].text and "0.2231" in STEPS[2].text
    assert f"{-math.log(1e-7):.4f}" in STEPS[3].text
    assert f"= {batch:.4f}" in STEPS[4].text
    assert "0.7775 and 2.9957" in STEPS[5].text
