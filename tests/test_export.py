"""Tests for lossviz/words/export.py and lossviz/views/export.py: each snippet prints the page's
numbers (the numpy snippet runs here; what the torch snippet printed is recorded)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lossviz.views.comparison import compare_texts
from lossviz.views.export import computation_json, numpy_snippet, share_url, torch_snippet

CASES = [
    ("1", "0.1, 0.05, 0.05, 0.8"),  # the article's first example, label form
    ("0, 0, 1, 0, 0, 0, 0, 0, 0, 0", "0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0"),  # the book's
    ("0.3, 0.7", "0.4, 0.6"),  # soft targets
    ("1", "1, 0"),  # zero probability on the true class: the δ cap
]


def run_snippet(code):
    """Execute a snippet in a fresh interpreter; return its printed `name = value` lines as floats."""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return {
        name.strip(): float(value) for name, value in (line.split("=") for line in out.stdout.splitlines())
    }


@pytest.mark.parametrize(("t", "y"), CASES)
def test_numpy_snippet_reproduces_the_page(t, y):
    c = compare_texts(t, y)
    printed = run_snippet(numpy_snippet(c))
    assert printed["sum_squared_error"] == pytest.approx(c.sse, rel=1e-12)
    assert printed["mean_squared_error"] == pytest.approx(c.mse, rel=1e-12)
    assert printed["cross_entropy_error"] == pytest.approx(c.cee, rel=1e-12)


# What each torch snippet printed when torch 2.13.0+cpu ran it (tests/reference/record.py).
RECORDED = json.loads((Path(__file__).parent / "reference" / "libraries.json").read_text(encoding="utf-8"))
SNIPPETS = RECORDED["torch_snippets"]


def test_every_page_has_a_recorded_torch_run():
    assert [(s["t"], s["y"]) for s in SNIPPETS] == CASES


@pytest.mark.parametrize("recorded", SNIPPETS, ids=lambda s: s["y"])
def test_torch_snippet_printed_the_page(recorded):
    c = compare_texts(recorded["t"], recorded["y"])
    assert torch_snippet(c) == recorded["snippet"], "the snippet changed: run tests/reference/record.py"
    printed = {name: float(value) for name, value in recorded["printed"].items()}
    assert printed["sum_squared_error"] == pytest.approx(c.sse, rel=1e-12)
    assert printed["mean_squared_error"] == pytest.approx(c.mse, rel=1e-12)
    assert printed["cross_entropy_error"] == pytest.approx(c.cee, rel=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize(("t", "y"), CASES)
def test_torch_snippet_reproduces_the_page_live(t, y):
    pytest.importorskip("torch", reason="PyTorch is not a dependency; its snippet runs where it is installed")
    c = compare_texts(t, y)
    printed = run_snippet(torch_snippet(c))
    assert printed["sum_squared_error"] == pytest.approx(c.sse, rel=1e-12)
    assert printed["mean_squared_error"] == pytest.approx(c.mse, rel=1e-12)
    assert printed["cross_entropy_error"] == pytest.approx(c.cee, rel=1e-12)


def test_computation_json_round_trips():
    c = compare_texts("1", "0.1, 0.05, 0.05, 0.8")
    data = json.loads(computation_json(c))
    assert data["y"] == [0.1, 0.05, 0.05, 0.8] and data["t"] == [0.0, 1.0, 0.0, 0.0]
    assert data["cross_entropy_error"] == c.cee and data["correct_class"] == 1
    assert sum(data["per_class"]["squared_error_terms"]) == pytest.approx(c.sse, rel=1e-12)


def test_share_url_keeps_the_page_and_replaces_the_query():
    assert share_url("https://host/lab?old=1", {"z": "1000,0"}) == "https://host/lab?z=1000%2C0"
