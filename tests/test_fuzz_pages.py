"""Hypothesis drives every page through AppTest with generated links and texts.

Each case is a fresh session opening a generated link: the page either computes or says what is
wrong in one message, never shows an exception element, and text that came from the link is never
rendered as Markdown (no link, image or coloured text from a crafted link).
LOSSVIZ_FUZZ_EXAMPLES sets the cases per page (CI runs the default, 800 per page).
"""

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from lossviz.inputs.link import PARAMS

EXAMPLES = int(os.environ.get("LOSSVIZ_FUZZ_EXAMPLES", "800"))
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


def value():
    return st.one_of(
        st.sampled_from(ODD + HOSTILE),
        st.text(max_size=30),
        vector_text(),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(-(10**30), 10**30).map(str),
    )


def link(page):
    names = [p.name for p in PARAMS if page in p.pages] + ["bogus", "utm_source"]
    return st.dictionaries(st.sampled_from(names), value(), max_size=6)


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


def open_page(page, query):
    at = AppTest.from_string(f"from lossviz.ui.{page} import main\nmain()\n", default_timeout=60)
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


@pytest.mark.parametrize("page", ["explorer", "lab", "batch"])
def test_any_link_opens_the_page_with_numbers_or_one_message(page):
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(link(page))
    def run(query):
        at = open_page(page, query)
        check(at)
        assert at.metric or at.error, "neither numbers nor a message"

    run()


@settings(
    max_examples=max(EXAMPLES // 4, 20), deadline=None, suppress_health_check=list(HealthCheck), database=None
)
@given(vector_text(), vector_text())
def test_any_typed_pair_on_the_explorer_computes_or_shows_one_message_under_its_box(t_text, y_text):
    at = open_page("explorer", {})
    at.text_input(key="t").input(t_text)
    at.text_input(key="y").input(y_text).run()
    check(at)
    assert len(at.metric) == 2 or len(at.error) == 1


def test_the_check_fires_on_markdown_from_a_link():
    # Control: a page that renders the hostile text as Markdown fails the check.
    at = AppTest.from_string(f"import streamlit as st\nst.caption({HOSTILE[0]!r})\n").run()
    with pytest.raises(AssertionError):
        check(at)
