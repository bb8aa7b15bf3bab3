"""Tests for lossviz/ui/caching.py: every cache has its home, and a session's table stays its own."""

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import lossviz
from lossviz.ui import caching

PACKAGE = Path(lossviz.__file__).parent
HOME = PACKAGE / "ui" / "caching.py"
STREAMLIT_CACHES = {"cache_data", "cache_resource", "experimental_memo", "experimental_singleton"}
FUNCTOOLS_CACHES = {"cache", "lru_cache"}


def _name(node):
    """The last name of a decorator or callee: st.cache_data(...) -> cache_data, cache -> cache."""
    node = node.func if isinstance(node, ast.Call) else node
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)


def caches(sources):
    """(module, cached name, mechanism) for every function cached with a decorator of Streamlit or
    functools, every call of st.cache_* and every module-level OrderedDict() (a hand-made table)."""
    found = []
    for module, source in sources.items():
        tree = ast.parse(source)
        decorators = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                decorators |= {id(d) for d in node.decorator_list}
                found += [
                    (module, node.name, _name(d))
                    for d in node.decorator_list
                    if _name(d) in STREAMLIT_CACHES | FUNCTOOLS_CACHES
                ]
            elif (
                isinstance(node, ast.Call) and _name(node) in STREAMLIT_CACHES and id(node) not in decorators
            ):
                found.append((module, "", _name(node)))
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and _name(node.value) == "OrderedDict"
            ):
                found += [(module, t.id, "OrderedDict") for t in node.targets if isinstance(t, ast.Name)]
    return found


def _sources():
    sources = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        sources[module] = path.read_text(encoding="utf-8")
    app = PACKAGE.parent / "app.py"
    sources["app"] = app.read_text(encoding="utf-8")
    return sources


def outside_the_home(found):
    """What breaks the rule: a Streamlit cache anywhere but the home, a functools cache in the UI or
    the server (which use the home's decorators), a core cache the home does not list."""
    wrong = []
    for module, name, how in found:
        if module == "lossviz.ui.caching":
            continue
        ui = module == "app" or module.startswith(("lossviz.ui", "lossviz.server"))
        if how in STREAMLIT_CACHES or ui or f"{module}.{name}" not in caching.CORE_CACHES:
            wrong.append(f"{module}.{name} ({how})")
    return wrong


def test_every_cache_uses_its_home():
    assert outside_the_home(caches(_sources())) == []


def test_the_homes_list_of_core_caches_is_whole():
    listed = {f"{m}.{n}" for m, n, _ in caches(_sources()) if not m.startswith("lossviz.ui")}
    assert listed == set(caching.CORE_CACHES)


def test_the_check_finds_a_cache_outside_its_home():
    # Control: the caches as they were written before they had a home.
    sources = {
        "lossviz.ui.lab": "@st.cache_data(max_entries=128)\ndef _analyse(x): ...\n",
        "lossviz.ui.batch": '@st.cache_resource(scope="session")\ndef _results(): ...\n'
        "@functools.lru_cache(maxsize=8)\ndef _charts(x): ...\n",
        "lossviz.views.extra": "@cache\ndef table(): ...\n_cache = OrderedDict()\n",
    }
    assert outside_the_home(caches(sources)) == [
        "lossviz.ui.lab._analyse (cache_data)",
        "lossviz.ui.batch._results (cache_resource)",
        "lossviz.ui.batch._charts (lru_cache)",
        "lossviz.views.extra.table (cache)",
        "lossviz.views.extra._cache (OrderedDict)",
    ]


def test_per_input_keeps_the_latest_entries_and_raises_again_for_bad_input():
    calls = []

    @caching.per_input(2)
    def square(x):
        calls.append(x)
        if x < 0:
            raise ValueError(x)
        return x * x

    assert [square(2), square(3), square(2)] == [4, 9, 4] and calls == [2, 3]
    square(4)  # a third key: the least recent (3) goes
    square(3)
    assert calls == [2, 3, 4, 3]
    for _ in range(2):
        with pytest.raises(ValueError):
            square(-1)
    assert calls.count(-1) == 2  # an exception is not kept


SESSION_PAGE = """
import streamlit as st
from lossviz.ui.caching import per_session

table = per_session("test-table", keep=2)
computed = st.session_state.setdefault("computed", [])
for key in st.session_state.get("keys", ()):
    table.kept(key, lambda key=key: computed.append(key) or key.upper())
st.cache_data.clear()  # another client's "Clear caches": a session's table stays
st.cache_resource.clear()
"""


def test_a_session_table_keeps_the_latest_and_survives_clear_cache():
    at = AppTest.from_string(SESSION_PAGE)
    at.session_state["keys"] = ("a", "b", "a")
    at.run()
    assert at.session_state["computed"] == ["a", "b"]  # "a" computed once
    assert at.session_state["test-table"] == {"a": "A", "b": "B"}
    at.session_state["keys"] = ("c", "b")
    at.run()
    assert at.session_state["test-table"] == {"b": "B", "c": "C"}  # the oldest ("a") went
    assert at.session_state["computed"] == ["a", "b", "c"]
    other = AppTest.from_string(SESSION_PAGE).run()  # another session has its own (empty) table
    assert "test-table" not in other.session_state or other.session_state["test-table"] == {}
