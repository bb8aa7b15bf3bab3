"""AppTest: the numerics lab page, each section, presets, URL state and bad input."""

import math
import re

import pytest
from streamlit.testing.v1 import AppTest
from visible import chart_texts, english_left, figures, visible_texts

from lossviz.views.lab import LAB_PRESETS

LAB = "from lossviz.ui.lab import main\nmain()\n"


def run(**params):
    at = AppTest.from_string(LAB, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def metric(at, label_part):
    return next(m.value for m in at.metric if label_part in m.label)


def plain(markdown):
    return re.sub(r"\\(.)", r"\1", markdown)


def test_default_page_shows_the_overflow_lesson():
    at = run()
    assert not at.exception and not at.error
    # z = [1000, 0], label 1: −ln(1e-7) = 16.1181 the article's way, 1000 stable, NaN naive.
    assert metric(at, "The article's way") == "16.1181"
    assert metric(at, "Stable") == "1000.0000"
    assert metric(at, "Naive softmax") == "NaN"
    headers = [h.value for h in at.header]
    assert headers == [
        "Logits, softmax and two ways to take the log",
        "δ: added or clipped?",
        "What each library would report",
        "Why cross-entropy trains where squared error stalls",
        "Drag the logits",
        "Label smoothing",
    ]


@pytest.mark.parametrize("preset", LAB_PRESETS, ids=[p.key for p in LAB_PRESETS])
def test_each_preset_loads(preset):
    at = run()
    at.button(key=f"lab-preset-{preset.key}").click().run()
    assert not at.exception and not at.error
    assert at.text_input(key="z" if preset.mode == "logits" else "p").value == preset.vector
    assert at.text_input(key="target").value == preset.target


def test_delta_section_switches_delta():
    at = run(input="probabilities", p="1, 0", target="1")
    assert metric(at, "δ added (the article)") == "16.1181"
    at.radio(key="delta").set_value("float64").run()
    # −ln(2^-52) = 52 ln 2 = 36.0437 (hand computation).
    assert metric(at, "δ added (the article)") == f"{52 * math.log(2):.4f}" == "36.0437"
    assert metric(at, "clipped") == "36.0437"


def test_perfect_prediction_scores_below_zero_with_delta_and_above_with_clipping():
    at = run(input="probabilities", p="0, 1", target="1")
    assert metric(at, "δ added (the article)") == "−1.0×10⁻⁷"
    assert metric(at, "clipped") == "1.0×10⁻⁷"


def test_conventions_table_shows_the_pytorch_mistake():
    at = run(input="probabilities", p="0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0", target="2")
    frame = next(d.value for d in at.dataframe if "call" in d.value.columns)
    mistake = frame.loc[frame["call"].str.contains("mistake"), "value"].item()
    assert round(mistake, 4) == 1.8195  # numerics-lab issue: 1.8195 instead of 0.5108
    assert round(frame.loc[frame["call"] == "nn.MSELoss()", "value"].item(), 4) == 0.0195


def test_label_smoothing_slider():
    at = run(z="2, 1, 0.1", target="0")
    # ε = 0.1 by default: 0.5136967 (PyTorch, Keras and optax agree).
    assert metric(at, "with ε = 0.1") == "0.5137"
    at.slider(key="eps").set_value(0.0).run()
    assert metric(at, "with ε = 0") == metric(at, "hard targets")


def test_descent_section_reports_both_runs():
    at = run()
    assert float(metric(at, "Cross-entropy: p after 10 steps")) > 0.39
    assert float(metric(at, "Squared error: p after 10 steps")) < 5e-5
    at.slider(key="shown").set_value(0).run()
    assert metric(at, "Squared error: p after 0 steps") == metric(at, "Cross-entropy: p after 0 steps")


def test_shown_step_comes_from_the_link_and_follows_fewer_steps():
    at = run(shown="25")
    assert at.slider(key="shown").value == 25
    at.slider(key="steps").set_value(5).run()  # fewer steps than the one shown: the last is shown
    assert not at.exception and at.slider(key="shown").value == 5
    assert "p after 5 steps" in " ".join(m.label for m in at.metric)
    beyond = run(shown="99")  # beyond the 30 steps (the default): the default step, with a notice
    assert beyond.slider(key="shown").value == 10
    assert [plain(c.value) for c in beyond.caption if "Ignored in the link" in c.value] == [
        "Ignored in the link, using the default instead: shown=99 (expected a whole number from 0 to 30)."
    ]


def test_delta_comes_from_the_link_and_goes_back_as_its_key():
    at = run(input="probabilities", p="1, 0", target="1", delta="float64")
    assert at.radio(key="delta").value == "float64"
    assert metric(at, "δ added (the article)") == "36.0437"  # −ln(2^-52) = 52 ln 2, by hand
    at.radio(key="delta").set_value("float32").run()
    assert at.query_params["delta"] == "float32"
    at.radio(key="delta").set_value("1e-7").run()  # the default stays out of the link
    assert "delta" not in at.query_params


def test_temperature_from_the_url():
    at = run(z="2, 1, 0.1", target="0", T="2.0")
    expected = -(1.0 - math.log(math.exp(1.0) + math.exp(0.5) + math.exp(0.05)))
    assert metric(at, "Stable") == f"{expected:.4f}"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"z": "1, x"}, "z: 'x' (entry 2) is not a number"),
        ({"z": "1, 2", "target": "7"}, "t = 7 is not a class label"),
        ({"input": "probabilities", "p": "2, -1"}, "y must hold probabilities between 0 and 1"),
        ({"z": "1e999"}, "is too large"),
    ],
)
def test_bad_input_keeps_the_rest_of_the_page(params, message):
    at = run(**params)
    assert not at.exception
    assert len(at.error) == 1 and message in plain(at.error[0].value)
    # The sections that do not need the input still render.
    assert "Why cross-entropy trains where squared error stalls" in [h.value for h in at.header]


# ---- in Chinese ----

LANGUAGE_SWITCH = (
    "from lossviz.ui.i18n import init_language, language_ui\n"
    "from lossviz.ui.lab import main\n"
    "init_language()\nlanguage_ui()\nmain()\n"
)


def run_app(**params):
    """The lab as app.py frames it: the language decided first, its switch, then the page."""
    at = AppTest.from_string(LANGUAGE_SWITCH, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def run_in(language, **params):
    """The lab as app.py frames it, in `language`: ?lang= decides it and links are adopted first."""
    return run_app(lang=language, **params)


def numbers(at):
    """Every number the page shows: metric values and the numeric cells of its tables (NaN as 'nan')."""
    cells = [d.value.select_dtypes("number").map(repr).to_numpy().tolist() for d in at.dataframe]
    return [m.value for m in at.metric], cells


def test_chinese_page_has_chinese_headers_labels_and_tables():
    at = run_in("zh")
    assert not at.exception and not at.error
    assert at.title[0].value == "数值实验室"
    assert [h.value for h in at.header] == [
        "logits、softmax 与取对数的两种方式",
        "δ：相加还是截断？",
        "各个库会报告的数值",
        "为什么交叉熵误差能训练，而均方误差会停滞",
        "拖动 logits",
        "标签平滑",
    ]
    assert at.button_group(key="input").label == "输入" and at.button_group(key="input").options == [
        "logits",
        "概率",
    ]
    assert at.text_input(key="target").label == "t — 目标"
    # The overflow lesson in Chinese, the same numbers: −ln(1e-7) = 16.1181, 1000 stable, NaN naive.
    assert metric(at, "文章的算法") == "16.1181"
    assert metric(at, "稳定算法") == "1000.0000"
    assert metric(at, "朴素 softmax") == "NaN"
    conventions = next(d.value for d in at.dataframe if "调用" in d.value.columns)
    assert "文章 / 原书" in set(conventions["库"]) and "✗ 错误用法" in " ".join(conventions["调用"])
    assert [b.label for b in at.button][:2] == ["z = [1000, 0]，标签 1", "z = [2, 1, 0.1]，标签 0"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"z": "1, x"}, "z：'x'（第 2 个数）不是数"),
        ({"z": "1, 2", "target": "7"}, "t = 7 不是类别标签"),
        ({"input": "probabilities", "p": "2, -1"}, "y 必须是 0 到 1 之间的概率"),
    ],
)
def test_bad_input_is_explained_in_chinese(params, message):
    at = run_in("zh", **params)
    assert not at.exception
    assert len(at.error) == 1 and message in plain(at.error[0].value)
    assert at.info[0].value == "请修正上面的输入以查看它的数值；下面不依赖输入的部分仍然可用。"
    assert "为什么交叉熵误差能训练，而均方误差会停滞" in [h.value for h in at.header]
    assert not english_left([plain(at.error[0].value)])


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"z": "2, 1, 0.1", "target": "0", "T": "2.0", "eps": "0.2"},
        {"input": "probabilities", "p": "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0", "target": "2"},
        {
            "input": "probabilities",
            "p": "1, 0",
            "target": "1",
            "delta": "float64",
            "z0": "-5.0",
            "steps": "50",
        },
    ],
)
def test_both_languages_show_identical_numbers(params):
    en, zh = run_in("en", **params), run_in("zh", **params)
    assert not en.exception and not zh.exception and not en.error and not zh.error
    assert numbers(en) == numbers(zh)
    assert len(en.metric) == len(zh.metric) >= 7


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"input": "probabilities", "p": "0.3, 0.7", "target": "0.5, 0.5", "delta": "float32"},
        {"z": "1, x"},
        {"input": "probabilities", "p": "2, -1"},
        {"z": "1, 2", "target": "7"},
    ],
)
def test_no_english_sentence_is_left_on_the_chinese_page(params):
    texts = visible_texts(run_in("zh", **params))
    assert len(texts) > 60
    left = {t: english_left([t]) for t in texts if english_left([t])}
    assert not left


def test_the_english_page_would_fail_the_check():
    # The detector itself: the same page in English is full of English sentences.
    texts = visible_texts(run_in("en"))
    assert sum(bool(english_left([t])) for t in texts) > 30


@pytest.mark.parametrize("preset", LAB_PRESETS, ids=[p.key for p in LAB_PRESETS])
def test_each_preset_loads_in_chinese(preset):
    at = run_in("zh")
    at.button(key=f"lab-preset-{preset.key}").click().run()
    assert not at.exception and not at.error
    assert at.button_group(key="input").value == preset.mode
    assert at.text_input(key="z" if preset.mode == "logits" else "p").value == preset.vector


def test_an_english_link_opened_in_chinese_keeps_its_input():
    at = run_app(lang="zh", input="probabilities", p="1, 0", target="1")
    assert not at.exception and not at.error
    assert at.button_group(key="input").value == "probabilities"
    assert metric(at, "文章的 −Σ t log(y + δ)") == "16.1181"  # −ln(1e-7), as in English


def test_switching_language_keeps_the_input_and_its_numbers():
    at = run_app(lang="en", input="probabilities", p="0, 1", target="1")
    before = numbers(at)
    assert metric(at, "δ added (the article)") == "−1.0×10⁻⁷"
    at.button_group(key="lang").set_value("zh").run()
    assert not at.exception and not at.error
    assert at.button_group(key="input").value == "probabilities"
    assert metric(at, "加上 δ（文章）") == "−1.0×10⁻⁷"  # −log(1 + 1e-7)
    assert numbers(at) == before
    # The cached charts come back in the new language.
    assert "log 0 附近的保护措施，δ = 1e-07" in [
        w for spec in figures(at).values() for w in chart_texts(spec)
    ]


def test_the_tables_are_built_once_per_input_and_language_and_hold_the_views_numbers(monkeypatch):
    """The four tables go to st.dataframe as Arrow built once per input and language (shared by
    every session); what arrives is lossviz.views.lab's tables as they are."""
    import pandas as pd

    import lossviz.ui.lab as lab_ui
    from lossviz.maths.training import gradient_table
    from lossviz.views.lab import analyse, conventions_frame, safeguard_table, softmax_table

    lab_ui._table.cache_clear()
    built = []
    for name, build in list(lab_ui.TABLES.items()):
        monkeypatch.setitem(
            lab_ui.TABLES, name, lambda *a, _b=build, _n=name, **k: built.append(_n) or _b(*a, **k)
        )
    first, second = run(z="2, 1, 0.1", target="0"), run(z="2, 1, 0.1", target="0")
    assert sorted(built) == ["conventions", "gradients", "safeguards", "softmax"]
    r = analyse("logits", "2, 1, 0.1", "0")
    expected = [softmax_table(r), safeguard_table(), conventions_frame(r), gradient_table()]
    for at in (first, second):
        assert len(at.dataframe) == 4
        for shown, table in zip(at.dataframe, expected, strict=True):
            pd.testing.assert_frame_equal(shown.value.reset_index(drop=True), table, check_dtype=False)
    second.slider(key="T").set_value(2.0).run()  # a new analysis: its two tables, not the others
    assert sorted(built[4:]) == ["conventions", "softmax"]
