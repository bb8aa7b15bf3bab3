"""Tests for lossviz/charts/lab.py: the lab's charts in English and 简体中文, the same curves in both."""

import numpy as np
import pytest
from visible import english_left

from lossviz.charts.lab import (
    descent_chart,
    loss_name,
    safeguard_chart,
    sigmoid_gradient_chart,
    softmax_gradient_chart,
)

BUILDERS = {
    "safeguard": lambda lang: safeguard_chart(1e-7, lang=lang),
    "sigmoid": lambda lang: sigmoid_gradient_chart(lang=lang),
    "softmax": lambda lang: softmax_gradient_chart(lang=lang),
    "descent": lambda lang: descent_chart(-10.0, 1.0, 30, 10, lang=lang)[0],
}


def words(fig):
    """Every text of a figure a reader sees: title, axis titles, annotations, legend names, hover texts."""
    layout = fig.layout
    texts = [layout.title.text, layout.xaxis.title.text, layout.yaxis.title.text]
    texts += [a.text for a in layout.annotations]
    texts += [t for trace in fig.data for t in (trace.name, trace.hovertemplate)]
    return [t for t in texts if t]


@pytest.mark.parametrize("name", BUILDERS)
def test_both_languages_draw_the_same_curves(name):
    en, zh = BUILDERS[name]("en"), BUILDERS[name]("zh")
    assert len(en.data) == len(zh.data)
    for a, b in zip(en.data, zh.data, strict=True):
        np.testing.assert_array_equal(a.x, b.x)
        np.testing.assert_array_equal(a.y, b.y)


@pytest.mark.parametrize("name", BUILDERS)
def test_chinese_charts_have_no_english_sentence(name):
    texts = words(BUILDERS[name]("zh"))
    assert texts and not {t: english_left([t]) for t in texts if english_left([t])}
    assert BUILDERS[name]("zh").layout.title.text != BUILDERS[name]("en").layout.title.text


def test_safeguard_chart_words():
    en, zh = safeguard_chart(1e-7), safeguard_chart(1e-7, lang="zh")
    assert en.layout.title.text == "The safeguard near log 0, δ = 1e-07"
    assert zh.layout.title.text == "log 0 附近的保护措施，δ = 1e-07"
    assert [t.name for t in en.data] == [
        "−log p: no safeguard",
        "−log(p + δ): δ added (the article)",
        "−log clip(p, δ, 1 − δ): clipped (Keras, scikit-learn)",
    ]
    # The cap at p = 0 is −ln(1e-7) = 16.118 in both languages.
    assert en.layout.annotations[0].text == "cap at p = 0: 16.118"
    assert zh.layout.annotations[0].text == "p = 0 处的上限：16.118"
    assert zh.data[0].hovertemplate == "p = %{x:.3g}<br>损失 = %{y:.6f}<extra></extra>"


def test_gradient_charts_name_the_losses_in_each_language():
    assert [t.name for t in sigmoid_gradient_chart().data[:2]] == ["squared", "cross-entropy"]
    assert [t.name for t in sigmoid_gradient_chart(lang="zh").data[:2]] == ["均方误差", "交叉熵误差"]
    assert softmax_gradient_chart(lang="zh").layout.title.text == "10 个类别的 softmax：正确类别的 dE/dz_c"
    assert softmax_gradient_chart().layout.xaxis.title.text == (
        "the correct class's logit z_c (the other 9 logits are 0)"
    )


def test_descent_chart_marks_the_step_in_each_language():
    en, runs = descent_chart(-10.0, 1.0, 30, 10)
    zh, _ = descent_chart(-10.0, 1.0, 30, 10, lang="zh")
    p10 = f"{runs['squared'][10]:.6g}"  # the value the metric shows, 4.54185e-05
    assert en.data[1].hovertemplate == f"step 10<br>squared: p = {p10}<extra></extra>"
    assert zh.data[1].hovertemplate == f"第 10 步<br>均方误差：p = {p10}<extra></extra>"
    assert zh.layout.xaxis.title.text == "步数"


def test_loss_names():
    assert [loss_name(k, "zh") for k in ("squared", "cross-entropy")] == ["均方误差", "交叉熵误差"]
