"""AppTest: the explorer page as Streamlit runs it, without a browser.

Expected numbers are recomputed here with math (independent of lossviz) or
quoted from the article and the book.
"""

import math
import re

import pytest
from conftest import APP
from streamlit.testing.v1 import AppTest
from visible import (
    DRAG,
    component_props,
    english_left,
    figure_props,
    figures,
    formula_panels,
    values_shown,
    visible_texts,
)

from lossviz.views.presets import PRESETS
from lossviz.words.i18n import text

TIMEOUT = 30
STALE = text("explorer.stale", "en")  # the caption over the last good picture


def plain(markdown):
    """Undo the UI's Markdown escaping, to compare messages as the user reads them."""
    return re.sub(r"\\(.)", r"\1", markdown)


def run(**params):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def metrics(at):
    """The numbers shown: a slide's st.metric values, or the explorer's losses (visible.values_shown)."""
    return values_shown(at)


def half_sum(y, t):
    return 0.5 * sum((a - b) ** 2 for a, b in zip(y, t, strict=True))


def cross_entropy(y, t):
    return -sum(b * math.log(a + 1e-7) for a, b in zip(y, t, strict=True) if b)


def test_default_page_shows_the_article_first_example():
    at = run()
    assert not at.exception
    # The article prints 0.7775 and 2.9957302735559908.
    assert metrics(at) == ["0.7775", "2.9957"]
    assert at.text_input(key="t").value == "0, 1, 0, 0"
    assert "The correct class is 1 (counting from 0) and the model gave it p = 0.05" in at.info[0].value
    assert not at.error and not at.warning
    assert any("(0.05 - 1)^2" in formula for formula in formulas_shown(at))
    assert list(figures(at)) == ["gradients"]  # the default view below
    assert [c.key for c in at.get("bidi_component")] == [
        "drag",
        "formulas",
        "gradients",
    ]  # the −log chart, to drag


def formulas_shown(at):
    """The LaTeX of every formula on the page: st.latex, a $$ block of a Markdown element, or a
    formula panel's (lossviz.ui.formulas)."""
    blocks = [m for e in at.markdown for m in re.findall(r"\$\$\n(.*?)\n\$\$", e.value, re.S)]
    panels = [p[k] for p in formula_panels(at) for k in ("latex", "extra_latex") if p[k]]
    return [e.value for e in at.latex] + blocks + panels


def panel_title(at):
    """The first formula panel's title (its value's label, or its heading when the value is not there)."""
    return formula_panels(at)[0]["title"]


def _floats(text):
    return [float(v) for v in text.split(",")]


@pytest.mark.parametrize("preset", PRESETS, ids=[p.key for p in PRESETS])
def test_each_preset_loads_its_vectors_and_correct_numbers(preset):
    at = run()
    at.pills(key="preset").set_value(preset.key).run()
    assert not at.exception
    assert at.pills(key="preset").value is None  # a click loads the example; nothing stays selected
    assert at.text_input(key="t").value == preset.t
    assert at.text_input(key="y").value == preset.y
    y = _floats(preset.y)
    t = _floats(preset.t)
    if len(t) == 1:  # a label
        t = [1.0 if k == int(t[0]) else 0.0 for k in range(len(y))]
    expected = [f"{half_sum(y, t):.4f}", f"{cross_entropy(y, t):.4f}"]
    if preset.key == "perfect":
        expected[1] = "−1.0×10⁻⁷"  # −log(1 + 1e-7) ≈ −1e-7: shown as a power of ten, not as -0.0000
    assert metrics(at) == expected
    assert not at.error


def test_the_same_example_loads_again_after_an_edit():
    at = run()
    at.pills(key="preset").set_value("article-2").run()
    at.text_input(key="y").input("0.25, 0.25, 0.25, 0.25").run()
    at.pills(key="preset").set_value("article-2").run()
    assert at.text_input(key="y").value == "0.1, 0.8, 0.05, 0.05"
    assert metrics(at) == ["0.0275", "0.2231"]  # the article's second example: 0.0275 and 0.2231


def test_book_presets_match_the_book():
    at = run()
    at.pills(key="preset").set_value("book-wrong").run()
    assert metrics(at) == ["0.5975", "2.3026"]  # the book: 0.5975 and 2.302584092994546


def test_label_form_gives_the_same_numbers_as_one_hot():
    at = run(t="1", y="0.1, 0.8, 0.05, 0.05")
    # The article's second example: 0.0275 and 0.22314342631421757.
    assert metrics(at) == ["0.0275", "0.2231"]
    assert not at.error


def test_url_parameters_seed_the_inputs():
    at = run(t="0,0,1,0,0,0,0,0,0,0", y="0.1,0.05,0.6,0,0.05,0.1,0,0.1,0,0")
    assert at.text_input(key="t").value == "0,0,1,0,0,0,0,0,0,0"
    assert metrics(at) == ["0.0975", "0.5108"]  # the book: 0.0975, 0.510825457


def test_editing_an_input_updates_the_numbers():
    # The URL follows the box in the browser (the frontend writes it): see test_browser.py.
    at = run()
    at.text_input(key="y").set_value("0.1, 0.8, 0.05, 0.05").run()
    assert metrics(at) == ["0.0275", "0.2231"]


BAD_INPUTS = [
    ("y", "", "y is empty"),
    ("t", "   ", "t is empty"),
    ("y", "0.1, abc, 0.05, 0.8", "y: 'abc' (entry 2) is not a number"),
    ("y", "0x1F, 0, 0, 0", "'0x1F' (entry 1) is not a number"),
    ("y", "__import__('os')", "\"__import__('os')\" (entry 1) is not a number. Type numbers in decimal"),
    ("y", "0.1,,0.05, 0.8", "empty entry after '0.1'"),
    ("y", "0.1, nan, 0.05, 0.8", "'nan' (entry 2) is not a finite number"),
    ("y", "0.1, 1e999, 0, 0", "'1e999' (entry 2) is too large"),
    ("t", "0, 1, 0", "t has 3 entries but y has 4 entries"),
    ("y", "0.1, 0.05, 1.2, 0.8", "y must hold probabilities between 0 and 1, but entry 3 is 1.2"),
    ("t", "0, 2, 0, 0", "t must hold target probabilities between 0 and 1, but entry 2 is 2"),
    ("t", "4", "t = 4 is not a class label: y has 4 classes"),
    ("t", "-1", "t = -1 is not a class label"),
    ("t", "1.5", "t = 1.5 is not a class label"),
    ("y", "<script>alert(1)</script>", "is not a number"),
    ("y", "**bold** $x$ :red[x]", "'**bold**' (entry 1) is not a number"),
    # The box keeps its first 64,000 characters (max_chars, lossviz.inputs.link.MAX_TEXT), as a
    # browser's box does: 8,000 of the 20,000 numbers of 8 characters ("0.0005, ").
    ("y", ", ".join(["0.0005"] * 20_000), "y has 8,000 numbers; at most 1,000 can be typed here."),
    ("y", " ".join(["0.0005"] * 1_001), "y has 1,001 numbers; at most 1,000 can be typed here."),
]


@pytest.mark.parametrize(
    ("field", "text", "message"), BAD_INPUTS, ids=[f"{f}:{t[:20]}" for f, t, _ in BAD_INPUTS]
)
def test_bad_input_shows_one_clear_error_and_the_page_keeps_working(field, text, message):
    at = run()
    at.text_input(key=field).set_value(text).run()
    assert not at.exception
    assert len(at.error) == 1
    assert message in plain(at.error[0].value)
    # Under the message, the last good picture (the article's first example, 0.7775 and 2.9957 in
    # the article), marked stale; nothing of the bad input.
    assert [m.value for m in at.metric] == ["0.7775", "2.9957"]
    assert STALE in [c.value for c in at.caption]
    at.pills(key="preset").set_value("article-2").run()  # the page still works
    assert not at.exception and not at.error
    assert metrics(at) == ["0.0275", "0.2231"]


def test_bad_value_in_the_url_shows_the_same_message():
    at = run(y="0.1,0.05,0.05,nope")
    assert not at.exception
    assert "'nope' (entry 4) is not a number" in plain(at.error[0].value)
    assert not at.metric  # no good input yet: nothing to show as stale


def test_typing_a_new_number_of_classes_keeps_the_last_good_picture_until_t_and_y_agree():
    at = run()
    at.text_input(key="y").set_value("0.2, 0.3, 0.5").run()  # t still has 4 classes
    assert len(at.error) == 1 and STALE in [c.value for c in at.caption]
    # The article's first example (0.7775, 2.9957 in the article) stays, faded, under the message.
    assert [m.value for m in at.metric] == ["0.7775", "2.9957"]
    assert [c.key for c in at.get("bidi_component")][:1] == ["neglog-first"]  # a still chart, no drag
    at.text_input(key="t").set_value("0, 0, 1").run()
    assert not at.error and STALE not in [c.value for c in at.caption]
    # ½(0.04 + 0.09 + 0.25) = 0.19 and −ln(0.5 + 1e-7) = 0.6931 (hand computation).
    assert metrics(at) == ["0.1900", "0.6931"]


def test_markdown_in_messages_is_shown_as_typed():
    at = run(y="__import__('os')")
    # Escaped, so Streamlit renders the underscores instead of bold text.
    assert r"\_\_import\_\_" in at.error[0].value


def test_rows_not_summing_to_one_warn_and_normalise():
    at = run(y="0.1, 0.05, 0.05, 0.7")
    assert not at.error
    assert "y sums to 0.9, not 1." in plain(at.warning[0].value)
    # Computed as given: ½(0.01 + 0.9025 + 0.0025 + 0.49) = 0.7025 (hand computation).
    assert metrics(at)[0] == "0.7025"
    at.button(key="normalise").click().run()
    assert not at.warning
    y = [v / 0.9 for v in (0.1, 0.05, 0.05, 0.7)]
    assert at.text_input(key="y").value == ", ".join(f"{v:.10g}" for v in y)
    assert metrics(at) == [f"{half_sum(y, [0, 1, 0, 0]):.4f}", f"{cross_entropy(y, [0, 1, 0, 0]):.4f}"]


def test_the_first_screen_chart_and_only_the_chosen_view_below_are_drawn():
    at = run()
    keys = list(figures(at))
    assert keys == ["gradients"]  # the default view
    at = run(view="surface")
    assert (
        list(figures(at)) == ["surface_path", "surface_slice-sse", "surface_slice-cee"] and not at.exception
    )
    at = run(t="0.1, 0.9", y="0.3, 0.7", view="gradients")  # soft targets: a static −log chart up top
    assert list(figures(at)) == ["neglog-first", "gradients"]
    assert [c.key for c in at.get("bidi_component")] == [
        "neglog-first",
        "formulas",
        "gradients",
    ]  # nothing to drag


def test_three_classes_show_the_simplex_and_other_sizes_the_slice():
    at = run(t="2", y="0.2, 0.3, 0.5", view="Loss surface")
    assert not at.exception and len(figures(at)) == 3  # 2 simplex panels, the path
    assert not at.selectbox  # no slice for 3 classes: the simplex shows the whole surface
    at = run(view="Loss surface")
    assert at.selectbox(key="slice_a").value == 1  # the correct class
    at.selectbox(key="slice_b").set_value(3).run()
    assert not at.exception and len(figures(at)) == 3  # the path, 2 slice panels


def test_soft_targets_are_described_as_soft():
    at = run(t="0.1, 0.9", y="0.3, 0.7")
    assert "t is a soft target" in at.info[0].value
    # −(0.1 ln(0.3 + δ) + 0.9 ln(0.7 + δ)) by hand with math.log.
    assert metrics(at)[1] == f"{cross_entropy([0.3, 0.7], [0.1, 0.9]):.4f}"


def test_export_panel_shows_code_and_a_link():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["export"] = True  # the panel opened
    at.query_params["t"] = "1"
    at.run()
    link, numpy_code, torch_code = (c.value for c in at.code)
    assert link.endswith("?t=1&lang=en")  # the language travels with the link
    assert "y = np.array([0.1, 0.05, 0.05, 0.8])" in numpy_code
    assert "F.nll_loss" in torch_code


def test_presentation_mode_drops_the_chrome():
    at = run(present="true")
    assert not at.exception
    assert not at.title  # the slide shows the content, not the app's name
    assert metrics(at) == ["0.7775", "2.9957"]


def test_hide_names_parts_and_a_list_with_an_unknown_name_is_ignored_with_a_notice():
    at = run(hide="presets,tour,table")
    assert not at.exception
    assert not [p for p in at.pills if p.key == "preset"]
    assert not at.dataframe and drag_data(at)["table"] is False  # neither table: not the drag's live one
    # With a soft target (no drag chart) the table would be the st.dataframe below the formulas.
    assert not run(hide="table", t="0, 0.5, 0.5, 0").dataframe and run(t="0, 0.5, 0.5, 0").dataframe
    assert metrics(at) == ["0.7775", "2.9957"]
    at = run(hide="presets,bogus")
    assert not at.exception and [p for p in at.pills if p.key == "preset"]
    notice = plain(next(c.value for c in at.caption if "Ignored in the link" in c.value))
    assert "hide=presets,bogus (expected one of presets, tour, inputs" in notice


def frame_parts(at):
    """Which parts of the header row a run drew: the brand, the language and presentation switches,
    "Join a room"; and whether the page's own parts (the boxes, the examples, the tour) are there."""

    def keys(node):
        yield getattr(node, "key", None)
        for child in getattr(node, "children", {}).values():
            yield from keys(child)

    drawn = set(keys(at._tree))
    brand = any('class="lv-brand"' in h.proto.body for h in at.html)
    header = {"brand": brand, "language": "lang" in drawn, "present": "present" in drawn}
    header["join"] = "lv-join-box-open" in drawn
    page = {"t": "t" in drawn, "y": "y" in drawn, "preset": "preset" in drawn, "step": "step" in drawn}
    return header, page


@pytest.mark.parametrize(
    ("hide", "gone"),
    [
        ("header", {"brand", "language", "present", "join"}),
        ("language", {"language"}),
        ("present", {"present"}),
        ("language,present", {"language", "present"}),
    ],
)
def test_hide_takes_the_header_or_one_switch_of_it_and_nothing_else(hide, gone):
    header, page = frame_parts(run(hide=hide))
    assert {part for part, shown in header.items() if not shown} == gone
    assert all(page.values()) and frame_parts(run())[0] == dict.fromkeys(header, True)


def test_a_hidden_presentation_switch_keeps_the_linked_mode():
    at = run(hide="present", present="1")
    assert not at.exception and not frame_parts(at)[0]["present"]
    assert not [c for c in at.caption if "Deep Learning from Scratch" in c.value]  # projected: no intro


def test_hidden_inputs_take_the_vectors_from_the_link():
    at = run(hide="inputs", t="1", y="0.1, 0.8, 0.05, 0.05")
    assert not at.text_input and metrics(at) == ["0.0275", "0.2231"]
    at = run(hide="inputs", y="0.5, 0.6, 0, 0")  # a warning, but no button that could not act
    assert at.warning and not [b for b in at.button if b.key == "normalise"]


def test_slice_classes_come_from_the_link_and_bad_ones_fall_back():
    at = run(view="Loss surface", slice_a="3", slice_b="0")
    assert (at.selectbox(key="slice_a").value, at.selectbox(key="slice_b").value) == (3, 0)
    at = run(view="Loss surface", slice_a="99", slice_b="x")  # not classes of y: the defaults
    assert not at.exception
    assert (at.selectbox(key="slice_a").value, at.selectbox(key="slice_b").value) == (1, 0)
    # Each is named once, with what it should have been: x is no number (the link's check, at the
    # top), 99 no class of the 4 (said above the slice's boxes, which would drop it silently).
    notices = [plain(c.value) for c in at.caption if c.value.startswith("Ignored in the link")]
    assert notices == [
        "Ignored in the link, using the default instead: slice_b=x (expected a class of y, from 0 to 999).",
        "Ignored in the link, using the default instead: slice_a=99 (expected a class of y, from 0 to 3).",
    ]
    at = run(view="surface", slice_a="2", slice_b="2", lang="zh")  # the same class twice
    assert (at.selectbox(key="slice_a").value, at.selectbox(key="slice_b").value) == (2, 0)
    assert [plain(c.value) for c in at.caption if c.value.startswith("链接")] == [
        "链接中的以下参数无法使用，已改用默认值：slice_b=2（应为0 到 3 之间、2 以外的一个类别）。"
    ]
    at.selectbox(key="slice_b").set_value(3).run()  # once the boxes own them, the notice is gone
    assert not [c for c in at.caption if c.value.startswith("链接")] and not at.exception


def test_per_class_bars_tab():
    at = run(view="Per-class bars")  # an old link naming the view by its label
    assert not at.exception and list(figures(at)) == ["bars"]


# ---- languages ----


@pytest.mark.parametrize("view", ["neglog", "surface", "gradients", "bars"])
@pytest.mark.parametrize("preset", ["article-1", "three-class"])
def test_the_chinese_page_has_no_english_left(view, preset):
    p = next(p for p in PRESETS if p.key == preset)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["export"] = True  # the take-it-home panel open too
    for name, value in {"lang": "zh", "t": p.t, "y": p.y, "view": text(f"explorer.tab.{view}", "zh")}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    texts = visible_texts(at)
    assert "交叉熵误差" in texts and "语言" in [s.label for s in at.segmented_control]
    assert not english_left(texts), english_left(texts)


def drag_data(at):
    """The data the explorer's drag component was given."""
    (props,) = component_props(at, DRAG).values()
    return props


def test_both_languages_show_identical_numbers_and_formulas():
    en, zh = run(lang="en", t="0, 0, 1", y="0.2, 0.5, 0.3"), run(lang="zh", t="0, 0, 1", y="0.2, 0.5, 0.3")
    assert (
        metrics(en)
        == metrics(zh)
        == [
            f"{half_sum([0.2, 0.5, 0.3], [0, 0, 1]):.4f}",
            f"{cross_entropy([0.2, 0.5, 0.3], [0, 0, 1]):.4f}",
        ]
    )

    def formulas(at):  # the words inside \text{…} are the only part that is translated
        return [re.sub(r"\\text\{[^}]*\}", "", x) for x in formulas_shown(at)]

    assert formulas(en) == formulas(zh) and len(formulas(en)) == 4
    # The per-class table: live in the drag chart here, as numbers from the same y and t in both;
    # as the st.dataframe below the formulas for a soft target (no drag chart), with the same numbers.
    assert drag_data(en)["y"] == drag_data(zh)["y"] and drag_data(en)["t"] == drag_data(zh)["t"]
    en, zh = (run(lang=lang, t="0, 0.2, 0.8", y="0.2, 0.5, 0.3") for lang in ("en", "zh"))
    assert en.dataframe[0].value.iloc[:, 2:].equals(zh.dataframe[0].value.iloc[:, 2:])


def test_bad_input_is_explained_in_chinese():
    at = run(lang="zh", y="0.1, abc")
    assert len(at.error) == 1 and not at.exception
    assert (
        plain(at.error[0].value)
        == "y：'abc'（第 2 个数）不是数。请输入用逗号或空格分隔的十进制数，例如 0.1, 0.05, 0.05, 0.8。"
    )
    assert at.info[0].value == text("explorer.fix_input", "zh")


def test_the_language_switch_translates_the_page_and_keeps_the_open_tab():
    at = run(view="Loss surface")  # an old link with the English label
    assert panel_title(at) == "Squared error (the article's MSE)"
    at.segmented_control(key="lang").set_value("zh").run()
    assert panel_title(at) == "均方误差（原文的 MSE）"
    assert at.query_params["lang"] == "zh"
    assert at.session_state["view"] == "surface" and len(figures(at)) == 3
    assert at.query_params["view"] == "surface"  # the link holds the key, in either language
    at.segmented_control(key="lang").set_value("en").run()
    assert at.session_state["view"] == "surface" and panel_title(at).startswith("Squared")


def test_without_lang_the_browser_locale_decides(monkeypatch):
    import streamlit as st

    monkeypatch.setattr(type(st.context), "locale", property(lambda self: "zh-CN"))
    assert panel_title(run()) == "均方误差（原文的 MSE）"
    assert panel_title(run(lang="en")).startswith("Squared")  # the link wins over the locale
    monkeypatch.setattr(type(st.context), "locale", property(lambda self: "de-DE"))
    assert panel_title(run()).startswith("Squared")


def test_share_link_carries_the_language():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["export"] = True
    at.query_params["lang"] = "zh"
    at.query_params["view"] = "surface"
    at.run()
    assert at.code[0].value == "?lang=zh&view=surface"


def test_an_old_link_naming_the_chart_by_its_label_in_either_language_opens_that_chart():
    at = run(lang="zh", view="Per-class bars")  # an English label opened on a Chinese page
    assert not at.exception and at.session_state["view"] == "bars"
    assert at.query_params["view"] == "bars"  # rewritten as the key, the same in every language
    assert list(figures(at)) == ["bars"]
    at = run(view="Gradients")  # the default: kept out of the link
    assert at.session_state["view"] == "gradients" and "view" not in at.query_params
    at = run(lang="en", view="损失曲面")
    assert at.session_state["view"] == "surface" and at.query_params["view"] == "surface"


def test_switches_in_a_link_take_1_and_0_as_the_readme_lists_them():
    at = run(view="neglog", log="1")
    assert at.toggle(key="log").value is True and at.query_params["log"] == "true"
    at = run(view="surface", shared="0")
    assert at.toggle(key="shared").value is False and not at.exception


def test_the_class_table_is_built_once_per_input_and_language_and_holds_each_terms_numbers(monkeypatch):
    """Where the drag chart cannot draw y (here a soft target), the per-class table goes to
    st.dataframe as Arrow built once per input and language and shared by every session
    (lossviz.ui.explorer_details._table); what arrives is each class's terms and slopes, recomputed
    here by hand: ½(y−t)², −t·log(y+δ), y − t and −t/(y+δ)."""
    import lossviz.ui.explorer_details as details

    details._table.cache_clear()
    built = []
    build = details.breakdown_table
    monkeypatch.setattr(details, "breakdown_table", lambda c, lang: built.append(lang) or build(c, lang))
    soft = "0, 0.8, 0.2, 0"
    first, second, chinese = run(t=soft), run(t=soft), run(t=soft, lang="zh")
    assert built == ["en", "zh"]  # the second session reuses the first one's table
    y, t = [0.1, 0.05, 0.05, 0.8], [0, 0.8, 0.2, 0]  # the page's default y (the article's first example)
    expected = [
        [0.5 * (a - b) ** 2 for a, b in zip(y, t, strict=True)],
        [-b * math.log(a + 1e-7) for a, b in zip(y, t, strict=True)],
        [a - b for a, b in zip(y, t, strict=True)],
        [-b / (a + 1e-7) for a, b in zip(y, t, strict=True)],
    ]
    for at in (first, second, chinese):
        table = at.dataframe[0].value
        assert list(table.iloc[:, 0]) == [0, 1, 2, 3]
        assert list(table.iloc[:, 1]) == [False, True, False, False]  # correct: the largest t
        assert list(table.iloc[:, 2]) == t and list(table.iloc[:, 3]) == y
        for column, numbers in zip(range(4, 8), expected, strict=True):
            assert list(table.iloc[:, column]) == pytest.approx(numbers, rel=1e-12, abs=1e-15)
    second.text_input(key="y").input("0.25, 0.25, 0.25, 0.25").run()  # a new input: its own table
    assert built == ["en", "zh", "en"]
    # ½(0.25 − t)²: ½·0.25², ½·0.55², ½·0.05², ½·0.25² (hand computation)
    assert list(second.dataframe[0].value.iloc[:, 4]) == pytest.approx([0.03125, 0.15125, 0.00125, 0.03125])


def test_every_chart_has_a_summary_in_words_and_its_data_as_a_table_on_request():
    at = run(view="bars")
    (props,) = figure_props(at).values()
    # The article's first example: the largest cross-entropy term is class 1's −ln(0.05 + 1e-7) = 2.9957.
    assert props["summary"].endswith("−t·log(y+δ): 4 bars, the tallest 2.9957 at class 1.")
    assert not at.dataframe or all(d.key != "bars-data" for d in at.dataframe)
    at.toggle(key="bars-data").set_value(True).run()
    table = at.dataframe[-1].value
    # ½(y − t)² per class: 0.005, 0.45125, 0.00125, 0.32 (hand computation).
    assert table[table["series"] == "½(y−t)²"]["y"].tolist() == pytest.approx([0.005, 0.45125, 0.00125, 0.32])


def test_the_sentence_bounds_squared_error_by_1_only_for_a_y_that_sums_to_1():
    at = run(y="0.5, 0.5, 0.5, 0.5")  # sums to 2: ½Σ(y − t)² can reach 1.5 (y = [1, 0, 1, 0], t = e₁)
    sentences = [m.value for m in at.markdown if "squared error" in m.value]
    assert sentences and not [s for s in sentences if "never exceeds 1" in s], sentences
    at = run()  # the article's y sums to 1: the bound holds and is said
    assert any("squared error never exceeds 1" in m.value for m in at.markdown)


def test_with_the_examples_hidden_the_intro_does_not_offer_them():
    intro = [c.value for c in run(hide="presets").caption if "Deep Learning from Scratch" in c.value]
    assert intro and "pick an example" not in intro[0]
    assert "pick an example" in [c.value for c in run().caption if "Deep Learning" in c.value][0]
