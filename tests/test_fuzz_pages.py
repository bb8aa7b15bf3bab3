"""Hypothesis drives every page through AppTest with generated links and texts.

Each case is a fresh session opening a generated link, or typing generated texts into a page's
boxes: the page either computes or says what is wrong in one message (in the page's language),
never shows an exception element, and text that came from the link is never rendered as
Markdown (no link, image or coloured text from a crafted link). Link values are drawn both from
what the link table accepts for each parameter (every option key, its label in either language,
numbers on and off the slider grid) and from odd or hostile text, so every branch a link can
open (the batch page's paste and upload sources, the lab's probabilities mode, each chart) is
driven, not only the defaults.
LOSSVIZ_FUZZ_EXAMPLES sets the link cases per page; typed cases are a quarter of that per page.
CI runs the default: 3 × 400 links (40 on the training page, where each new setting trains) + 3 × 100
typed = 1,540 generated cases; LOSSVIZ_FUZZ_EXAMPLES=2000 for a longer hunt.
"""

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest
from visible import formula_panels, panel_texts, values_shown

from lossviz.inputs.link import PAGES, PARAM, PARAMS, parse_value
from lossviz.words.i18n import LANGUAGES, text

EXAMPLES = int(os.environ.get("LOSSVIZ_FUZZ_EXAMPLES", "400"))
# Each new setting of the training page trains a network (up to ~1 s): it gets a tenth of the links.
LINK_EXAMPLES = {"train": max(EXAMPLES // 10, 20)}
TYPED_EXAMPLES = max(EXAMPLES // 4, 20)
MARK = "zzinject"  # a word that appears on a page only if it came from the generated link
HOSTILE = [
    f"![{MARK}](http://evil.example/x.png)",
    f"[{MARK}](http://evil.example/)",
    f":red[{MARK}]",
    f"$\\href{{http://evil.example}}{{{MARK}}}$",
    f"<img src=x onerror=alert('{MARK}')>",
    f"**{MARK}**",
]
ODD = [
    "",
    " ",
    "inf",
    "-inf",
    "nan",
    "NaN",
    "1e309",
    "-1e309",
    "1" * 100,
    "-0",
    "0x10",
    "1/3",
    "１",
    "1,2",
    "true",
    "false",
    "0",
    "1",
    "2",
    "-1",
    "999999",
    "0.55555",
    "Loss surface",
    "损失曲面",
    "surface",
    "presets,tour",
    "zh",
    "en",
    "fr",
    "\x00",
    "\u202e1",
    "[]",
    "()",
    "1e-400",
    "5e-324",
]


def vector_text():
    """Texts that look like vectors, some of them valid probabilities or labels."""
    number = st.one_of(
        st.floats(min_value=0, max_value=1),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-3, 12),
        st.sampled_from(["inf", "nan", "1e309", "abc", "1/2", ""]),
    )
    sep = st.sampled_from([", ", ",", " ", ";", ",,", "\t", "，"])
    return st.builds(
        lambda xs, s, wrap: wrap.format(s.join(map(str, xs))),
        st.lists(number, max_size=12),
        sep,
        st.sampled_from(["{}", "[{}]", "({})", "[{}"]),
    )


def matrix_text():
    """Texts that look like pasted rows: vector texts one per line, with blank lines and CRLF."""
    return st.builds(
        lambda rows, end: end.join(rows),
        st.lists(vector_text(), max_size=6),
        st.sampled_from(["\n", "\r\n", "\n\n"]),
    )


def value():
    return st.one_of(
        st.sampled_from(ODD + HOSTILE),
        st.text(max_size=30),
        vector_text(),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(-(10**30), 10**30).map(str),
    )


def usable(p):
    """Link values the table accepts for parameter p, or nearly: every option by its key (in any
    case) or its label in either language, numbers on and off its slider grid and just beyond its
    bounds, each spelling of a switch."""
    if p.kind == "set":
        return st.lists(st.sampled_from(p.options), min_size=1, unique=True).map(",".join)
    if p.kind == "choice":
        words = [*p.options, *(o.upper() for o in p.options)]
        words += [text(f"{p.labels}.{o}", lang) for o in p.options for lang in LANGUAGES] if p.labels else []
        return st.sampled_from(words + (["zh-CN", "en-US"] if p.name == "lang" else []))
    if p.kind == "bool":
        return st.sampled_from(["1", "0", "true", "false", "True", "yes", "no", "on", "off"])
    if p.kind == "text":
        return vector_text()
    edges = [p.lo, p.hi, p.lo - p.step, p.hi + p.step]
    if p.kind == "int":
        return st.one_of(st.integers(int(p.lo), int(p.hi)), st.sampled_from(edges).map(int)).map(str)
    on_grid = st.integers(0, round((p.hi - p.lo) / p.step)).map(lambda i: p.lo + i * p.step)
    return st.one_of(on_grid, st.floats(p.lo, p.hi), st.sampled_from(edges)).map(lambda x: f"{x:g}")


def link(page):
    """A link to `page`: up to six of its parameters (or unknown ones), each usable or hostile."""
    names = [p.name for p in PARAMS if page in p.pages] + ["bogus", "utm_source"]

    def values(chosen):
        return st.fixed_dictionaries(
            {name: st.one_of(usable(PARAM[name]), value()) if name in PARAM else value() for name in chosen}
        )

    return st.lists(st.sampled_from(names), unique=True, max_size=6).flatmap(values)


def shown_markdown(at):
    """The Markdown source of every element that renders Markdown."""
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "subheader",
        "title",
        "header",
    ):
        for element in getattr(at, kind):
            yield str(element.value)


def open_page(page, query, lang=None):
    at = AppTest.from_string(f"from lossviz.ui.{page} import main\nmain()\n", default_timeout=60)
    if lang is not None:
        at.session_state["lang"] = lang
    for name, raw in query.items():
        at.query_params[name] = raw
    return at.run()


def check(at):
    assert not at.exception, [e.value for e in at.exception]
    for source in shown_markdown(at):
        unescaped = re.sub(r"\\.", "", source)  # what Markdown would still interpret
        assert "](http://evil.example" not in unescaped, source
        assert f":red[{MARK}" not in unescaped and f"**{MARK}**" not in unescaped, source
        assert "<img" not in unescaped, source
    for element in at.latex:
        assert "evil.example" not in element.value
    for panel in formula_panels(at):
        assert not any("evil.example" in text for text in panel_texts(panel)), panel


def numbers_shown(at):
    """Whether the page shows losses: as st.metric values or in the explorer's formula panels."""
    return bool(values_shown(at))


CJK = re.compile(r"[\u4e00-\u9fff]")


def check_language(at, lang):
    """Every error reads in the page's language (generated texts hold no Chinese characters)."""
    for error in at.error:
        assert bool(CJK.search(error.value)) == (lang == "zh"), (lang, error.value)


@pytest.mark.slow  # thousands of page runs
@pytest.mark.parametrize("page", PAGES)
def test_any_link_opens_the_page_with_numbers_or_one_message(page):
    @settings(
        max_examples=LINK_EXAMPLES.get(page, EXAMPLES),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(link(page))
    def run(query):
        at = open_page(page, query)
        check(at)
        # A message: an error, or the batch page asking for a file (?source=upload).
        assert numbers_shown(at) or at.error or at.info, "neither numbers nor a message"

    run()


@pytest.mark.parametrize("p", [p for p in PARAMS if p.kind == "choice"], ids=lambda p: p.name)
def test_the_driver_reaches_every_option_of_every_choice(p):
    # The link driver must open each branch a link can: drawing only odd text, it never wrote
    # ?source=upload or ?source=paste, ?input=probabilities or most ?view= keys.
    for key in p.options:
        find(usable(p), lambda raw, key=key: parse_value(p, raw) == key, settings=settings(database=None))


# The text boxes of each page, keyed by the link that shows them: (widget kind, key, texts).
TYPED = {
    "explorer": [({}, [("text_input", "t", vector_text), ("text_input", "y", vector_text)])],
    "lab": [
        ({}, [("text_input", "z", vector_text), ("text_input", "target", vector_text)]),
        (
            {"input": "probabilities"},
            [("text_input", "p", vector_text), ("text_input", "target", vector_text)],
        ),
    ],
    "batch": [
        ({"source": "paste"}, [("text_area", "batch_y", matrix_text), ("text_area", "batch_t", matrix_text)]),
        (
            {"source": "paste", "logits": "1"},
            [("text_area", "batch_y", matrix_text), ("text_area", "batch_t", matrix_text)],
        ),
    ],
}


@pytest.mark.slow  # hundreds of page runs per page
@pytest.mark.parametrize("page", [p for p in PAGES if p in TYPED])  # the training page has no text box
def test_any_typed_text_computes_or_shows_one_message_in_the_pages_language(page):
    @settings(
        max_examples=TYPED_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    @given(st.sampled_from(LANGUAGES), st.sampled_from(TYPED[page]), st.data())
    def run(lang, setup, data):
        query, boxes = setup
        at = open_page(page, query, lang)
        for kind, key, texts in boxes:
            getattr(at, kind)(key=key).input(data.draw(texts(), label=key))
        at.run()
        check(at)
        check_language(at, lang)
        assert len(at.error) == 1 or (numbers_shown(at) and not at.error), [e.value for e in at.error]

    run()


# Streamlit refuses a rerun whose widget state is over server.maxWidgetStateSize before the page's
# code runs, with its own error box: no parser limit can answer a text that large. So every text box
# has max_chars (the browser, like AppTest's input(), does not take a longer text), and the limit
# in .streamlit/config.toml holds every box of a page at its max_chars.
TEXT_BOXES = [
    ("explorer", {}, "text_input", "t"),
    ("explorer", {}, "text_input", "y"),
    ("lab", {}, "text_input", "z"),
    ("lab", {}, "text_input", "target"),
    ("batch", {"source": "paste"}, "text_area", "batch_y"),
    ("batch", {"source": "paste"}, "text_area", "batch_t"),
]


@pytest.mark.parametrize(("page", "query", "kind", "key"), TEXT_BOXES)
def test_a_text_longer_than_its_box_takes_is_not_sent_and_breaks_nothing(page, query, kind, key):
    at = open_page(page, query)
    before = getattr(at, kind)(key=key).value
    getattr(at, kind)(key=key).input("0.001," * 5_000_000)  # 30 MB: 5,000,000 numbers
    at.run()
    check(at)
    assert getattr(at, kind)(key=key).value == before  # not taken, as the browser does not take it
    assert numbers_shown(at)  # the page still computes


def test_every_page_s_boxes_at_their_limit_fit_streamlit_s_widget_state_limit():
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    limit_bytes = config["server"]["maxWidgetStateSize"] * 1e6  # Streamlit's MB: 10⁶ bytes
    for page in {p for p, *_ in TEXT_BOXES}:
        boxes = [(q, kind, key) for p, q, kind, key in TEXT_BOXES if p == page]
        at = open_page(page, boxes[0][0])
        widest = [getattr(at, kind)(key=key).max_chars for _, kind, key in boxes]
        assert all(widest), (page, widest)  # every box has a limit
        # A JavaScript string's length counts UTF-16 units; one unit is at most 3 bytes of UTF-8.
        assert 3 * sum(widest) < 0.9 * limit_bytes, (page, widest)


def test_the_check_fires_on_markdown_from_a_link():
    # Control: a page that renders the hostile text as Markdown fails the check.
    at = AppTest.from_string(f"import streamlit as st\nst.caption({HOSTILE[0]!r})\n").run()
    with pytest.raises(AssertionError):
        check(at)
