"""Tests for lossviz/views/lab.py: what the numerics lab shows for one input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from visible import english_left

from lossviz import InputError
from lossviz.views.lab import (
    LAB_PRESETS,
    analyse,
    conventions_frame,
    delta_losses,
    safeguard_table,
    smoothed,
    softmax_table,
)
from lossviz.words.i18n import placeholders, strings


def test_overflow_preset_parts_the_article_and_the_stable_form():
    r = analyse("logits", "1000, 0", "1")
    # The numerics-lab issue: 16.118 the article's way (−ln 1e-7), 1000 the stable way, NaN naively.
    assert round(r.cee_article, 3) == 16.118
    assert r.cee_stable == 1000.0
    assert math.isnan(r.cee_naive)
    assert list(softmax_table(r)["naive softmax"]) == ["NaN", "0"]


def test_temperature_divides_the_logits():
    r = analyse("logits", "2, 1, 0.1", "0", temperature=2.0)
    expected = -(
        1.0 - math.log(math.exp(1.0) + math.exp(0.5) + math.exp(0.05))
    )  # −log_softmax([1, .5, .05])[0]
    assert r.cee_stable == pytest.approx(expected, rel=1e-12)


def test_label_smoothing_example():
    # Logits [2, 1, 0.1], label 0, ε = 0.1 → 0.5136967 (PyTorch, Keras and optax agree; numerics-lab issue).
    t, cee = smoothed(analyse("logits", "2, 1, 0.1", "0"), 0.1)
    np.testing.assert_allclose(t, [0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3], rtol=1e-15)
    assert round(cee, 7) == 0.5136967


def test_delta_losses_for_each_choice():
    r = analyse("probabilities", "1, 0", "1")
    assert [round(v, 3) for v in delta_losses(r, "1e-7")] == [16.118, 16.118]
    assert [round(v, 3) for v in delta_losses(r, "float32")] == [15.942, 15.942]
    with pytest.raises(InputError, match="Unknown δ"):
        delta_losses(r, "huge")


def test_probabilities_mode_has_no_logits():
    r = analyse("probabilities", "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0", "2")
    assert r.z is None and r.cee_stable is None and r.cee_hard == r.cee_article
    frame = conventions_frame(r)
    assert frame["value"].isna().sum() == 2  # the two logits rows
    assert round(frame.loc[frame["call"].str.contains("mistake"), "value"].item(), 4) == 1.8195


@pytest.mark.parametrize(
    ("args", "field", "match"),
    [
        (("logits", "1, abc", "0"), "vector", "z: 'abc' \\(entry 2\\) is not a number"),
        (("probabilities", "0.5, 1.5", "0"), "vector", "y must hold probabilities"),
        (("logits", "1, 2", "5"), "target", "t = 5 is not a class label"),
        (("logits", "", "0"), "vector", "z is empty"),
    ],
)
def test_bad_input_is_attached_to_its_box(args, field, match):
    with pytest.raises(InputError, match=match) as info:
        analyse(*args)
    assert info.value.field == field


def test_unknown_mode():
    with pytest.raises(InputError, match="Choose logits or probabilities"):
        analyse("odds", "1", "0")


def test_tiny_temperature_is_refused():
    with pytest.raises(InputError, match="temperature"):
        analyse("logits", "1000, 0", "1", temperature=1e-308)


def test_safeguard_table_has_every_choice():
    assert len(safeguard_table()) == 3


@pytest.mark.parametrize("preset", LAB_PRESETS, ids=[p.key for p in LAB_PRESETS])
def test_presets_compute(preset):
    r = analyse(preset.mode, preset.vector, preset.target)
    assert r.y.shape == r.t.shape


@given(
    st.sampled_from(["logits", "probabilities"]),
    st.text(max_size=40),
    st.text(max_size=10),
    st.floats(0.01, 100),
)
@settings(max_examples=200)
def test_any_input_analyses_or_raises_input_error(mode, vector, target, temperature):
    try:
        r = analyse(mode, vector, target, temperature=temperature)
    except InputError as exc:
        assert str(exc) and exc.field in ("vector", "target", None)
    else:
        assert r.y.shape == r.t.shape


# ---- both languages ----


def test_lab_strings_have_both_languages_and_the_same_parameters():
    keys = [k for k in strings() if k.startswith("lab.")]
    assert len(keys) > 100
    for key in keys:
        entry = strings()[key]
        assert entry["en"] and entry["zh"], key
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key
        assert not english_left([entry["zh"]]), (key, entry["zh"])


def test_errors_of_the_lab_in_both_languages():
    with pytest.raises(InputError) as mode:
        analyse("odds", "1", "0")
    assert mode.value.text("zh") == "请选择 logits 或概率作为输入，而不是 'odds'。"
    assert str(mode.value) == "Choose logits or probabilities as the input, not 'odds'."
    with pytest.raises(InputError) as delta:
        delta_losses(analyse("probabilities", "1, 0", "1"), "huge")
    assert str(delta.value) == "Unknown δ 'huge'. Choose one of: 1e-7, float32, float64."
    assert delta.value.text("zh") == "未知的 δ 'huge'。请从以下选项中选择：1e-7, float32, float64。"


def test_bad_input_keeps_its_box_and_reads_in_chinese():
    with pytest.raises(InputError) as info:
        analyse("logits", "1, abc", "0")
    assert info.value.field == "vector"
    assert info.value.text("zh").startswith("z：'abc'（第 2 个数）不是数。")


def test_presets_are_labelled_in_both_languages():
    for preset in LAB_PRESETS:
        assert preset.label.text("en") != preset.label.text("zh")
        assert preset.note.text("en") != preset.note.text("zh")
    assert str(LAB_PRESETS[0].label) == "z = [1000, 0], label 1"  # the browser test clicks this name
    # The numbers of a note are the same in both languages: 16.118, 1000 and NaN.
    for number in ("16.118", "1000", "NaN"):
        assert number in LAB_PRESETS[0].note.text("en") and number in LAB_PRESETS[0].note.text("zh")


@pytest.mark.parametrize(
    "r",
    [
        analyse("logits", "1000, 0", "1"),
        analyse("logits", "2, 1, 0.1", "0.2, 0.5, 0.3", temperature=2.0),
        analyse("probabilities", "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0", "2"),
    ],
    ids=["overflow", "soft", "book"],
)
def test_tables_hold_the_same_numbers_in_both_languages(r):
    for build in (softmax_table, conventions_frame):
        en, zh = build(r), build(r, lang="zh")
        assert list(en.columns) != list(zh.columns)
        np.testing.assert_array_equal(
            en.select_dtypes("number").to_numpy(), zh.select_dtypes("number").to_numpy()
        )
    en, zh = safeguard_table(), safeguard_table(lang="zh")
    np.testing.assert_array_equal(en.iloc[:, 1:].to_numpy(), zh.iloc[:, 1:].to_numpy())


def test_chinese_tables_use_chinese_words_and_keep_code():
    r = analyse("probabilities", "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0", "2")
    frame = conventions_frame(r, lang="zh")
    # dtype and note columns since the table reports each library's dtype and its refusals (issue 10).
    assert list(frame.columns) == ["库", "调用", "数据类型", "数值", "备注", "损失", "输入", "公式", "文档"]
    assert set(frame["损失"]) == {"均方误差", "交叉熵误差"}
    assert "nn.MSELoss()" in set(frame["调用"]) and "PyTorch" in set(frame["库"])
    # The mistake row in Chinese: 1.8195 instead of 0.5108 (numerics-lab issue), the same number.
    mistake = frame.loc[frame["调用"].str.contains("错误用法"), "数值"].item()
    assert round(mistake, 4) == 1.8195
    assert safeguard_table(lang="zh").iloc[0, 0] == "1e-7：文章中的 δ（也是 Keras 的 epsilon）"
    assert list(softmax_table(analyse("probabilities", "0.5, 0.5", "0"), lang="zh").columns) == [
        "类别",
        "t",
        "y",
    ]
