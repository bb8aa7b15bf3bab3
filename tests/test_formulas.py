"""The formula panels (lossviz.ui.formulas): what the explorer sends them, and what Chromium draws.

The expected numbers are the article's (0.7775 and 2.9957302735559908 for its first example) or
computed here with math; the formulas drawn are compared with the LaTeX the server sent.
"""

import json
import math

import pytest
from conftest import APP, ARTIFACTS
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest
from visible import FORMULAS, formula_panels

from lossviz.ui import formulas
from lossviz.ui.formulas import panel

APP_TIMEOUT = 30
TIMEOUT = 30_000
READY = '.lv-formulas[data-state="ready"]'


def run(**params):
    at = AppTest.from_file(APP, default_timeout=APP_TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_a_panel_keeps_a_note_only_with_its_formula():
    assert panel("E", value="1.0000", precise="= 1", latex="a", note="n", extra_latex="b") == {
        "title": "E",
        "value": "1.0000",
        "precise": "= 1",
        "latex": "a",
        "note": "n",
        "extra_latex": "b",
    }
    assert panel("E", note="n", extra_latex="b") == {  # no formula: no second formula or its note
        "title": "E",
        "value": None,
        "precise": None,
        "latex": None,
        "note": None,
        "extra_latex": None,
    }
    assert panel("E", latex="a", note="n")["note"] is None  # a note says what the second formula is


def test_the_article_s_first_example_in_both_panels():
    at = run()
    assert not at.exception
    sse, cee = formula_panels(at)
    assert (sse["title"], sse["value"], cee["title"], cee["value"]) == (
        "Squared error (the article's MSE)",
        "0.7775",  # the article: 0.7775
        "Cross-entropy error",
        "2.9957",  # the article: 2.9957302735559908
    )
    # The hover text: 10 significant digits, the article's 0.7775 and 2.9957302735559908.
    assert (sse["precise"], cee["precise"]) == ("= 0.7775", "= 2.995730274")
    assert math.isclose(float(cee["precise"].removeprefix("= ")), -math.log(0.05 + 1e-7), rel_tol=1e-9)
    assert r"\tfrac{1}{2}" in sse["latex"] and "(0.05 - 1)^2" in sse["latex"]
    assert sse["extra_latex"].endswith("= 0.38875")  # PyTorch's mean: 0.7775 · 2 / 4, by hand
    assert "MSELoss" in sse["note"] and "one-hot" in cee["note"]
    # One element for both panels: no st.columns, st.metric or Markdown formulas are left.
    assert [c.key for c in at.get("bidi_component") if c.proto.component_name == FORMULAS] == ["formulas"]
    assert not at.metric and len(at.columns) == 4  # the first screen's two, the boxes' two
    assert not [m for m in at.markdown if "$$" in m.value]


def test_without_the_drag_the_values_are_on_the_first_screen_and_the_panels_are_headings():
    at = run(t="0.1, 0.9", y="0.3, 0.7")  # a soft target: nothing to drag
    # ½(0.2² + 0.2²) = 0.04 by hand; −(0.1 ln 0.3 + 0.9 ln 0.7) = 0.4414 (δ = 1e-7 changes no digit shown).
    cee = -(0.1 * math.log(0.3 + 1e-7) + 0.9 * math.log(0.7 + 1e-7))
    assert [m.value for m in at.metric] == ["0.0400", f"{cee:.4f}"] == ["0.0400", "0.4414"]
    assert [(p["title"], p["value"], p["precise"]) for p in formula_panels(at)] == [
        ("Squared error (the article's MSE)", None, None),
        ("Cross-entropy error", None, None),
    ]


def test_hidden_formulas_leave_the_values_and_hidden_numbers_and_formulas_leave_no_panels():
    (sse, cee) = formula_panels(run(hide="formulas"))
    assert (sse["value"], cee["value"]) == ("0.7775", "2.9957")
    assert sse["latex"] is sse["extra_latex"] is sse["note"] is None
    at = run(t="0.1, 0.9", y="0.3, 0.7", hide="formulas")
    assert not formula_panels(at) and at.metric  # the values are on the first screen


def test_the_payload_is_what_the_component_reads():
    at = run()
    (component,) = [c for c in at.get("bidi_component") if c.proto.component_name == FORMULAS]
    (data,) = json.loads(component.proto.json)  # lossviz.ui.web.payload: [props]
    assert set(data) == {"panels", "failed", "assets"}
    assert data["failed"] == "The formulas could not load."
    assert data["assets"]["katex"].endswith("katex/katex.min.js?v=0.16.47")
    assert data["assets"]["katex_css"].endswith("katex/katex.min.css?v=0.16.47")


def test_the_cache_busting_version_is_the_vendored_katex_s():
    # The URLs carry KATEX_VERSION; the file's own version string must agree, or an update of the
    # files without the constant would be served from browsers' stale caches.
    source = (formulas.ASSETS / "katex" / "katex.min.js").read_text(encoding="utf-8")
    assert f'version:"{formulas.KATEX_VERSION}"' in source


# ---- in Chromium ----------------------------------------------------------------------------


def open_explorer(browser, app_url, query="", **context):
    ctx = browser.new_context(**{"viewport": {"width": 1400, "height": 900}, **context})
    page = ctx.new_page()
    errors, fonts = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: fonts.append((r.url, r.status)) if "KaTeX_" in r.url else None)
    page.goto(f"{app_url}/{query}")
    return page, errors, fonts


def drawn_tex(page):
    """The LaTeX of every formula KaTeX drew in the panels (its MathML annotation), in page order."""
    return page.locator(".lv-formulas annotation").evaluate_all("els => els.map(e => e.textContent)")


def sent_tex(page):
    """The LaTeX the server sent the panels, as the component's data-latex attributes record it."""
    return page.locator(".lv-formula-tex[data-latex]").evaluate_all("els => els.map(e => e.dataset.latex)")


@pytest.mark.browser
def test_chromium_draws_the_four_formulas_and_redraws_them_after_an_edit(browser, app_url):
    page, errors, fonts = open_explorer(browser, app_url)
    expect(page.locator(READY)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".lv-formula-value")).to_have_text(["0.7775", "2.9957"])
    assert page.locator(".lv-formula-value").first.get_attribute("title") == "= 0.7775"  # 10 digits
    assert page.locator(".lv-formula-title").all_inner_texts() == [
        "Squared error (the article's MSE)",
        "Cross-entropy error",
    ]
    expect(page.locator(".lv-formulas .katex-display")).to_have_count(4)
    assert page.locator(".katex-error").count() == 0
    first = drawn_tex(page)
    assert first == sent_tex(page) and "(0.05 - 1)^2" in first[0]
    page.evaluate("document.fonts.ready")
    assert fonts and all(status == 200 for _, status in fonts), fonts  # KaTeX's own fonts, served

    box = page.get_by_role("textbox", name="y — the predicted probabilities")
    box.fill("0.2, 0.3, 0.3, 0.2")
    box.press("Enter")
    # ½(0.2² + 0.7² + 0.3² + 0.2²) = 0.33 and −ln(0.3 + 1e-7) = 1.2039724, by hand.
    expect(page.locator(".lv-formula-value")).to_have_text(["0.3300", f"{-math.log(0.3 + 1e-7):.4f}"])
    expect(page.locator(".lv-formulas annotation").first).to_contain_text("(0.3 - 1)^2")
    assert drawn_tex(page) == sent_tex(page) != first
    assert page.locator(".lv-formulas .katex-display").count() == 4 and not errors
    page.context.close()


@pytest.mark.browser
def test_without_katex_the_values_stay_and_one_message_says_the_formulas_did_not_load(browser, app_url):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    ctx.route("**/katex.min.js*", lambda route: route.abort())
    page = ctx.new_page()
    page.goto(app_url)
    expect(page.locator('.lv-formulas[data-state="failed"]')).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".lv-formula-value")).to_have_text(["0.7775", "2.9957"])
    expect(page.locator(".lv-formula-tex").first).to_contain_text("The formulas could not load.")
    assert page.locator(".lv-drag").count() == 1  # the rest of the page is there
    ctx.close()


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (390, 844)])
def test_the_panels_fit_the_screen_side_by_side_or_stacked(browser, app_url, width, height):
    page, errors, _ = open_explorer(
        browser, app_url, "?present=1", viewport={"width": width, "height": height}
    )
    expect(page.locator(READY)).to_be_visible(timeout=TIMEOUT)
    page.evaluate("document.fonts.ready")
    # Both boxes in one step: the charts above may still be growing the page between two calls.
    sse, cee = page.locator(".lv-formula").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; })"
    )
    if width < 640:  # stacked, as Streamlit stacks columns on a phone
        assert cee["y"] >= sse["y"] + sse["height"] - 1
    else:
        assert abs(cee["y"] - sse["y"]) < 1 and cee["x"] >= sse["x"] + sse["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".lv-formulas").screenshot(path=str(ARTIFACTS / f"formulas-present-{width}x{height}.png"))
    assert not errors
    page.context.close()
