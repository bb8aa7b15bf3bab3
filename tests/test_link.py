"""Tests for lossviz/inputs/link.py: the one table of every query parameter."""

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lossviz.inputs.link import (
    PAGES,
    PARAM,
    PARAMS,
    LinkValueError,
    check_shown,
    check_slice,
    markdown_table,
    parse_value,
    read_link,
    write_value,
)
from lossviz.maths.numerics import DELTA_CHOICES
from lossviz.views.lab import MODES
from lossviz.views.presets import PRESETS
from lossviz.views.tour import STEPS
from lossviz.words.i18n import LANGUAGES, text

ROOT = Path(__file__).resolve().parents[1]
LINK_DOC = ROOT / "docs" / "link.md"

# One non-default value per parameter, written by hand from the table's documented ranges.
OTHER = {
    "lang": "zh",
    "present": True,
    "hide": ("presets", "tour"),
    "step": 3,
    "ask": True,
    "room": "K7QXM",
    "key": "Zq3_x-9" * 4,
    "me": "Zq3_x-9Zq3_x-9Zq",
    "nick": "Ada",
    "t": "2",
    "y": "0.2, 0.3, 0.5",
    "view": "bars",
    "log": True,
    "shared": True,
    "slice_a": 2,
    "slice_b": 0,
    "input": "probabilities",
    "z": "2, 1, 0.1",
    "p": "0.7, 0.3",
    "target": "0",
    "T": 2.5,
    "delta": "float32",
    "z0": -4.5,
    "lr": 0.3,
    "steps": 50,
    "shown": 7,
    "eps": 0.25,
    "source": "upload",
    "batch_y": "0.2, 0.8\n0.6, 0.4",
    "batch_t": "1\n0",
    "logits": True,
    "acc": 0.35,
    "conf": 7.5,
    "seed": 42,
    "worst": 25,
    "eta": 0.5,
    "hidden": 40,
    "scale": 3.0,
    "epochs": 5,
}


def test_a_pasted_box_is_linked_up_to_its_bound_and_without_control_characters():
    rows = "0.25, 0.75\n" * 227  # 11 characters a row: 2,497, within MAX_LINKED_PASTE (2,500)
    assert parse_value(PARAM["batch_y"], rows) == rows
    for hostile in (rows + "0.5, 0.5\n", "1\x00\n0", "1\x1b[2J"):  # 2,506 characters; a NUL; an escape
        with pytest.raises(LinkValueError):
            parse_value(PARAM["batch_t"], hostile)


def test_every_parameter_has_a_non_default_example_and_every_page_exists():
    assert set(OTHER) == set(PARAM)
    assert all(set(p.pages) <= set(PAGES) for p in PARAMS)
    assert len(PARAM) == len(PARAMS)  # no name declared twice


@pytest.mark.parametrize("name", sorted(OTHER))
def test_write_then_read_gives_the_same_state(name):
    p = PARAM[name]
    raw = write_value(p, OTHER[name])
    assert raw is not None
    page = p.pages[0]
    assert read_link({name: raw}, page) == ({name: OTHER[name]}, [])
    assert write_value(p, p.default) is None  # defaults stay out of links


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", [p.name for p in PARAMS if p.labels])
def test_old_links_with_labels_in_either_language_open_the_same_option(name, lang):
    p = PARAM[name]
    for key in p.options:
        assert parse_value(p, text(f"{p.labels}.{key}", lang)) == key


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("source", ""),
        ("source", "nonsense"),
        ("seed", "inf"),
        ("seed", "1e309"),
        ("seed", "1" * 100),
        ("seed", "-1"),
        ("seed", "2.5"),
        ("conf", "abc"),
        ("conf", "nan"),
        ("acc", "2"),
        ("worst", "1000"),
        ("T", "0"),
        ("steps", "1e9"),
        ("step", "9"),
        ("view", "zzz"),
        ("hide", "![x](http://any.host/x.png)"),
        ("hide", "presets,bogus"),
        ("log", "maybe"),
        ("lang", "fr"),
        ("y", "1," * 40_000),
        ("room", "K7QX0"),  # 0 is not in a room code's alphabet
        ("room", "<script>alert(1)</script>"),
        ("key", "short"),
        ("key", "a" * 20 + "'\"><"),
        ("nick", "a" * 25),
        ("nick", "Ada\u202eevil"),
        ("nick", "tab\there"),
    ],
)
def test_a_value_the_parameter_cannot_take_is_ignored_with_what_it_expects(name, raw):
    values, ignored = read_link({name: raw}, PARAM[name].pages[0])
    assert values == {} and [i.name for i in ignored] == [name]
    assert ignored[0].expected.text("en") and ignored[0].expected.text("zh")
    assert len(ignored[0].shown) <= 40


def test_a_rejected_key_is_never_quoted_back():
    _, ignored = read_link({"key": "my-secret-but-wrong!"}, "explorer")
    assert [i.shown for i in ignored] == ["…"]


def test_numbers_snap_to_the_slider_grid_and_bounds_are_inclusive():
    # acc is a slider over 0 … 1 in steps of 0.05 (the table): 0.56 → 0.55 by hand.
    assert parse_value(PARAM["acc"], "0.56") == 0.55
    assert parse_value(PARAM["acc"], "1") == 1.0 and parse_value(PARAM["acc"], "0") == 0.0
    assert parse_value(PARAM["worst"], "100") == 100 and parse_value(PARAM["seed"], " 7 ") == 7
    assert str(parse_value(PARAM["z0"], "-0")) == "0.0"  # never a "-0.0"


def test_lang_accepts_a_region_and_sets_are_sorted_and_deduplicated():
    assert parse_value(PARAM["lang"], "zh-CN") == "zh"
    assert parse_value(PARAM["hide"], "Tour, tour,presets") == ("presets", "tour")


def test_names_of_other_pages_and_unknown_names_are_left_alone():
    assert read_link({"seed": "inf", "utm_source": "x"}, "explorer") == ({}, [])


@given(
    st.dictionaries(st.sampled_from(sorted(PARAM)), st.text(max_size=60), max_size=6), st.sampled_from(PAGES)
)
def test_any_link_is_either_used_or_ignored_never_an_exception(query, page):
    values, ignored = read_link(query, page)
    for name in set(query) & {p.name for p in PARAMS if page in p.pages}:
        assert (name in values) != any(i.name == name for i in ignored)
    for name, value in values.items():
        assert (
            read_link({name: write_value(PARAM[name], value) or ""}, page)[0].get(name, PARAM[name].default)
            == value
        )


def test_widget_defaults_are_the_presets_and_tour_they_describe():
    assert (PARAM["t"].default, PARAM["y"].default) == (PRESETS[0].t, PRESETS[0].y)
    assert PARAM["step"].hi == len(STEPS)
    assert {s.opens["view"] for s in STEPS} <= set(PARAM["view"].options)


def test_choices_the_core_also_lists_are_the_same_keys():
    # The lab's δ radio offers DELTA_CHOICES and its mode switch MODES: a key missing from the
    # table would be dropped from every link that names it.
    assert PARAM["delta"].options == tuple(c.key for c in DELTA_CHOICES)
    assert PARAM["input"].options == MODES
    assert PARAM["steps"].hi == PARAM["shown"].hi  # the step shown runs up to the steps taken


def test_parse_value_raises_only_link_value_errors():
    with pytest.raises(LinkValueError, match="whole number from 0 to 10,000"):
        parse_value(PARAM["seed"], "x")


def test_docs_link_lists_the_parameters_from_this_table():
    doc = LINK_DOC.read_text(encoding="utf-8")
    assert markdown_table() in doc
    listed = set(re.findall(r"^\| `(\w+)` \|", doc, flags=re.M))
    assert {p.name for p in PARAMS} <= listed


@pytest.mark.parametrize(
    ("query", "k", "target", "dropped"),
    [
        ({"slice_a": "3", "slice_b": "0"}, 4, 1, []),  # two classes of y
        ({"slice_a": "4"}, 4, 1, [("slice_a", "link.expect.class", {"hi": 3})]),  # K = 4: classes 0–3
        (
            {"slice_b": "1"},
            4,
            1,
            [("slice_b", "link.expect.other_class", {"hi": 3, "a": 1})],
        ),  # = a's default
        (
            {"slice_a": "9", "slice_b": "1"},
            4,
            1,
            [
                ("slice_a", "link.expect.class", {"hi": 3}),
                ("slice_b", "link.expect.other_class", {"hi": 3, "a": 1}),
            ],
        ),
        ({"slice_a": "0", "slice_b": "1"}, 2, 1, []),  # K = 2: the only pair
        ({"slice_a": "x", "slice_b": "1000"}, 4, 1, []),  # not whole numbers 0–999: read_link says so
    ],
)
def test_slice_classes_must_be_two_different_classes_of_y(query, k, target, dropped):
    found = [(i.name, i.expected.key, i.expected.params) for i in check_slice(query, k, target)]
    assert found == dropped


@pytest.mark.parametrize(
    ("raw", "steps", "dropped"),
    [
        ("30", 30, []),  # the last step of 30
        ("0", 5, []),
        ("31", 30, [("31", {"lo": "0", "hi": "30"})]),  # one past the last step
        ("25", 5, [("25", {"lo": "0", "hi": "5"})]),
        ("x", 30, []),  # not a step at all: read_link reports it
    ],
)
def test_a_shown_step_beyond_the_steps_taken_is_dropped(raw, steps, dropped):
    found = [(i.raw, i.expected.params) for i in check_shown({"shown": raw}, steps)]
    assert found == dropped


# Switches that write their own ?name=1 (the presentation and ask toggles) and the language picker,
# which follows the browser when unset; every other widget of the link goes through lossviz.ui.link.
SELF_WRITTEN = {"present", "ask", "lang"}


def widgets_outside_the_table(sources):
    """'name:line' of every call in sources ({name: Python source}) that binds itself to the link
    (bind=) or keys itself by a parameter's name: only lossviz/ui/link.py's bound() and choice() may."""
    found = []
    for name, source in sources.items():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and any(
                kw.arg == "bind"
                or (
                    kw.arg == "key"
                    and isinstance(kw.value, ast.Constant)
                    and kw.value.value in PARAM.keys() - SELF_WRITTEN
                )
                for kw in node.keywords
            ):
                found.append(f"{name}:{node.lineno}")
    return found


def test_every_widget_of_the_link_is_bound_through_the_table():
    link = ROOT / "lossviz" / "ui" / "link.py"
    pages = [p for p in (ROOT / "lossviz" / "ui").rglob("*.py") if p != link] + [ROOT / "app.py"]
    sources = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in pages}
    assert widgets_outside_the_table(sources) == []


def test_the_widget_check_finds_a_widget_that_binds_itself():
    # Control: the δ radio and a slice box as they would be written by hand, without the table.
    radio = 'st.radio("δ", ["1e-7"], key="delta", bind="query-params")'
    box = 'col.selectbox("a", options, index=1, key="slice_a")'
    assert widgets_outside_the_table({"page": f"{radio}\n{box}\n"}) == ["page:1", "page:2"]
