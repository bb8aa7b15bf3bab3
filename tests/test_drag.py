"""The drag component (lossviz.ui.drag): its preview arithmetic against the core, its Python
wrapper, and the demo page (tests/apps/drag_demo.py) driven by mouse, keyboard and touch.

Expected vectors come from issue 12's drag path y_j(p) = (1 − p) · y_j / (1 − y_c), written
here in numpy; expected losses from the core (lv.sum_squared_error, lv.cross_entropy_error)
or by hand where a comment says so. Screenshots land in artifacts/drag-*.png.
"""

import json
import math
import sys
from html.parser import HTMLParser

import numpy as np
import plotly
import pytest
from conftest import ARTIFACTS, ROOT, VALUES, streamlit_server
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest
from visible import english_left

import lossviz as lv
from lossviz.ui.drag import LABEL_KEYS, P_MIN, prediction_drag
from lossviz.views.comparison import bar_scales
from lossviz.words.formatting import format_loss

DEMO = ROOT / "tests" / "apps" / "drag_demo.py"
PREVIEW_JS = ROOT / "lossviz" / "ui" / "drag" / "assets" / "preview.js"
TIMEOUT = 30_000
READY = '.lv-drag[data-state="ready"]'
sys.path.insert(0, str(DEMO.parent))
from drag_demo import EXAMPLES, LABELS  # noqa: E402


def path_y(y, c, p):
    """Issue 12's drag path, independently of preview.js: the other classes keep their shares,
    or share 1 − p equally when they hold nothing."""
    y = np.asarray(y, dtype=float)
    out = (
        (1 - p) * y / (1 - y[c])
        if 1 - y[c] > 0 and y.sum() - y[c] > 0
        else np.full(y.size, (1 - p) / (y.size - 1))
    )
    out[c] = p
    return out


# ---- without a browser ----------------------------------------------------------------------


def test_both_demo_languages_give_every_label():
    for lang, labels in LABELS.items():
        assert set(labels) == set(LABEL_KEYS), lang


def test_the_markup_holds_no_words():
    """Every visible word comes from Python's labels: the HTML file has structure only."""
    words = []

    class Texts(HTMLParser):
        def handle_data(self, data):
            words.extend(data.split())

    Texts().feed((ROOT / "lossviz" / "ui" / "drag" / "assets" / "drag.html").read_text(encoding="utf-8"))
    assert words == []


@pytest.mark.parametrize(
    ("y", "t", "message"),
    [
        ([0.2, 0.8], [0.5, 0.5], "one-hot"),
        ([0.2, 0.8], [1, 1], "one-hot"),
        ([0.2, 0.8], [0, 0, 1], "one-hot"),
        ([0.2, 0.8], 2, "no class"),
        ([0.2, 0.8], -1, "no class"),
        ([[0.2, 0.8]], 0, "one prediction"),
        ([1.0], 0, "one prediction"),
        ([0.2, 1.2], 0, r"probabilities in \[0, 1\]"),
        ([0.2, float("nan")], 0, r"probabilities in \[0, 1\]"),
    ],
)
def test_the_wrapper_refuses_what_it_cannot_draw(y, t, message):
    with pytest.raises(ValueError, match=message):
        prediction_drag(y, t, labels=LABELS["en"], key="drag")


def test_the_wrapper_names_missing_labels():
    labels = {k: v for k, v in LABELS["en"].items() if k not in ("hint", "live")}
    with pytest.raises(ValueError, match="labels lacks hint, live"):
        prediction_drag([0.2, 0.8], 1, labels=labels, key="drag")


@pytest.mark.parametrize("k", [3, 4])
def test_the_component_gets_y_the_one_hot_t_and_the_cores_delta(k):
    at = AppTest.from_file(str(DEMO), default_timeout=30)
    at.query_params["k"] = str(k)
    at.run()
    assert not at.exception
    (component,) = [n for n in at.main.children.values() if n.type == "bidi_component"]
    (data,) = json.loads(component.proto.json)  # lossviz.ui.web.payload: [props]
    c, y = EXAMPLES[k]
    assert data["y"] == y
    assert data["t"] == [1.0 if j == c else 0.0 for j in range(k)]
    assert data["delta"] == lv.DELTA
    assert data["p_min"] == P_MIN
    assert data["simplex"] is (k == 3)
    assert data["labels"] == LABELS["en"]
    assert data["assets"]["plotly"].endswith("/plotly.min.js?v=" + plotly.__version__)


# ---- in Chromium ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def drag_url():
    """`streamlit run tests/apps/drag_demo.py` on a free loopback port (as conftest's app_url)."""
    with streamlit_server(DEMO, "streamlit-drag.log") as url:
        yield url


def open_demo(browser, url, query, **context):
    ctx = browser.new_context(**{"viewport": {"width": 1400, "height": 900}, **context})
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/?{query}")
    expect(page.locator(READY)).to_be_visible(timeout=TIMEOUT)
    return page, errors


def shown(page):
    """The component's three numbers: squared error, cross-entropy, p (as displayed), once the
    frame that follows the last pointer event has run."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return [page.locator(f'.lv-drag [data-lv="{name}"]').inner_text() for name in ("sse", "cee", "p")]


def received(page, commits):
    """y, squared error and cross-entropy as Python computed them after the `commits`-th commit."""
    page.wait_for_function(
        """n => document.body.innerText.includes('commits: ' + n)
            && !document.querySelector('[data-stale="true"], [data-testid="stStatusWidget"]')""",
        arg=commits,
        timeout=TIMEOUT,
    )
    line = page.get_by_text("received y:").inner_text()
    y = [float(v) for v in line.split(":")[1].split(",")]
    sse, cee = (float(v) for v in page.locator(VALUES).all_inner_texts())
    return np.array(y), sse, cee


def center(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def surface_x(page, panel, p):
    """Page x of p on the −log chart (its x axis spans [0, 1.02] over the plot area)."""
    box = page.locator(f'[data-lv="panel-{panel}"] .lv-drag-surface').bounding_box()
    return box["x"] + box["width"] * p / 1.02


def assert_shows(page, y, c):
    """The component's numbers are the core's losses of y, rounded as it shows them."""
    assert shown(page) == [
        f"{lv.sum_squared_error(y, c):.4f}",
        f"{lv.cross_entropy_error(y, c):.4f}",
        f"{y[c]:.3f}",
    ]


@pytest.mark.smoke
@pytest.mark.browser
@pytest.mark.parametrize("k", [2, 3, 4, 10])
def test_preview_arithmetic_matches_the_core(browser, k):
    """preview.js in Chromium against lv at 200 random (y, c, p), to 1e-12."""
    rng = np.random.default_rng(k)
    ys = rng.dirichlet(np.full(k, 0.7), size=200)
    cs = rng.integers(0, k, size=200)
    ps = rng.uniform(P_MIN, 1, size=200)
    ys[:3] = np.eye(k)[cs[:3]]  # others all 0: the path shares 1 − p equally
    ys[3, cs[3]] = 0.0  # y_c = 0 (the rest renormalised below keeps y a distribution)
    ys[3] /= ys[3].sum()
    page = browser.new_page()
    try:
        got = page.evaluate(
            """async ([src, ys, cs, ps, delta]) => {
                const m = await import(URL.createObjectURL(new Blob([src], {type: "text/javascript"})));
                return ys.map((y, i) => {
                    const t = y.map((_, j) => (j === cs[i] ? 1 : 0));
                    const path = m.pathY(y, cs[i], ps[i]);
                    return {
                        sse: m.sumSquaredError(y, t), cee: m.crossEntropyError(y, t, delta),
                        sq: m.squaredErrorTerms(y, t), ce: m.crossEntropyTerms(y, t, delta),
                        sqSlope: m.squaredErrorSlopes(y, t), ceSlope: m.crossEntropySlopes(y, t, delta),
                        top: m.barScale(m.squaredErrorTerms(y, t), m.crossEntropyTerms(y, t, delta)),
                        path, pathSse: m.sumSquaredError(path, t), pathCee: m.crossEntropyError(path, t, delta),
                        along: m.pathLosses(y, t, cs[i], [ps[i]], delta),
                    };
                });
            }""",
            [PREVIEW_JS.read_text(encoding="utf-8"), ys.tolist(), cs.tolist(), ps.tolist(), lv.DELTA],
        )
    finally:
        page.close()
    for y, c, p, g in zip(ys, cs, ps, got, strict=True):
        t = np.eye(k)[c]
        expected_path = path_y(y, c, p)
        assert g["sse"] == pytest.approx(lv.sum_squared_error(y, t), abs=1e-12)
        assert g["cee"] == pytest.approx(lv.cross_entropy_error(y, t), abs=1e-12)
        np.testing.assert_allclose(g["sq"], lv.squared_error_terms(y, t), rtol=0, atol=1e-12)
        np.testing.assert_allclose(g["ce"], lv.cross_entropy_terms(y, t), rtol=0, atol=1e-12)
        np.testing.assert_allclose(g["sqSlope"], lv.sum_squared_error_grad(y, t), rtol=0, atol=1e-12)
        # −t/(y + δ) reaches −10⁷ at y = 0: compared relative to its size.
        np.testing.assert_allclose(g["ceSlope"], lv.cross_entropy_error_grad(y, t), rtol=1e-12, atol=1e-12)
        terms = {"½(y−t)²": lv.squared_error_terms(y, t), "−t·log(y+δ)": lv.cross_entropy_terms(y, t)}
        assert g["top"] == pytest.approx(bar_scales(terms)["½(y−t)²"], abs=1e-12)
        np.testing.assert_allclose(g["path"], expected_path, rtol=0, atol=1e-12)
        assert g["pathSse"] == pytest.approx(lv.sum_squared_error(expected_path, t), abs=1e-12)
        assert g["pathCee"] == pytest.approx(lv.cross_entropy_error(expected_path, t), abs=1e-12)
        assert g["along"]["sse"][0] == pytest.approx(g["pathSse"], abs=1e-12)
        assert g["along"]["cee"][0] == pytest.approx(-math.log(p + lv.DELTA), abs=1e-12)


@pytest.mark.browser
def test_triangle_geometry_and_number_format(browser):
    """The simplex mapping round-trips, clamps to the triangle, and keeps p_min on the target;
    numbers look like lossviz.words.formatting.format_loss (its doctest's values)."""
    page = browser.new_page()
    try:
        got = page.evaluate(
            """async ([src, pMin]) => {
                const m = await import(URL.createObjectURL(new Blob([src], {type: "text/javascript"})));
                const h = Math.sqrt(3) / 2;
                return {
                    round: [[0.2, 0.7, 0.1], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0]].map(y => m.fromPlane(...m.toPlane(y), 1, pMin)),
                    above: m.fromPlane(0.5, 5, 1, pMin),
                    below: m.fromPlane(0.25, -3, 1, pMin),
                    right: m.fromPlane(3, 0, 1, pMin),
                    left: m.fromPlane(-3, -1, 2, pMin),
                    formats: [2.9957302735559908, -1.0000000494736474e-07, 0, 1.2e-5, NaN, Infinity, 0.03125, -0.09375].map(m.formatLoss),
                };
            }""",
            [PREVIEW_JS.read_text(encoding="utf-8"), P_MIN],
        )
    finally:
        page.close()
    np.testing.assert_allclose(got["round"], [[0.2, 0.7, 0.1], [1 / 3] * 3, [0.5, 0.5, 0]], atol=1e-12)
    # Above the apex: the nearest point is corner 3, y = (0, 0, 1); p_min on class 2 then gives
    # (0, 0.001, 0.999) (hand computation).
    np.testing.assert_allclose(got["above"], [0, P_MIN, 1 - P_MIN], atol=1e-12)
    # Straight below the base at x = 0.25: the base point a quarter of the way, y = (0.75, 0.25, 0).
    np.testing.assert_allclose(got["below"], [0.75, 0.25, 0], atol=1e-12)
    np.testing.assert_allclose(got["right"], [0, 1, 0], atol=1e-12)
    # Far left of corner 1 with class 3 correct: corner 1, then p_min on class 3.
    np.testing.assert_allclose(got["left"], [1 - P_MIN, 0, P_MIN], atol=1e-12)
    # format_loss's doctest values, and two exact halves rounded to even as Python's f"{x:.4f}" does
    assert got["formats"] == ["2.9957", "−1.0×10⁻⁷", "0.0000", "1.2×10⁻⁵", "NaN", "∞", "0.0312", "-0.0938"]


@pytest.mark.browser
def test_the_browser_writes_each_number_as_the_page_does(browser):
    """formatLoss (the drag's numbers, its table, its spoken text) against the core's format_loss on
    3,000 numbers: every magnitude and sign a loss, a term or a slope takes, the tiny ones written as
    powers of ten, the edge at 5e-5, and exact halves (odd multiples of 1/32), which Python rounds to
    even."""
    rng = np.random.default_rng(7)
    values = [
        *(rng.choice([-1, 1], 1000) * 10.0 ** rng.uniform(-12, 7, 1000)),
        *(rng.integers(-640, 640, 1000) * 2 + 1) / 32,  # exact halves at the 4th decimal
        *(rng.choice([-1, 1], 1000) * rng.uniform(4e-5, 6e-5, 1000)),  # around the switch to 10ⁿ
        0.0,
        -0.0,
        0.03125,
        5e-5,
        -5e-5,
        4.9999e-5,
        1e-7,
        -1.0000000494736474e-07,
        16.11809565095832,
        1e7,
    ]
    page = browser.new_page()
    try:
        got = page.evaluate(
            """async ([src, values]) => {
                const m = await import(URL.createObjectURL(new Blob([src], {type: "text/javascript"})));
                return values.map(m.formatLoss);
            }""",
            [PREVIEW_JS.read_text(encoding="utf-8"), [float(v) for v in values]],
        )
    finally:
        page.close()
    assert got == [format_loss(v) for v in values]
    assert "0.0312" in got and "−1.0×10⁻⁷" in got  # an exact half, and a perfect prediction's −log(1 + δ)


@pytest.mark.browser
def test_mouse_drag_previews_every_frame_and_commits_on_release(browser, drag_url):
    page, errors = open_demo(browser, drag_url, "k=4")
    c, y0 = EXAMPLES[4]
    handle = page.locator('[data-lv="panel-curve"] .lv-drag-handle')
    x, y = center(handle)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(surface_x(page, "curve", 0.3), y + 40, steps=12)
    p = float(shown(page)[2])
    assert p == pytest.approx(0.3, abs=0.005)
    assert_shows(page, path_y(y0, c, p), c)  # before any rerun: the browser's own preview
    assert page.get_by_text("commits: 0").is_visible()
    page.mouse.up()
    y_received, sse, cee = received(page, 1)
    np.testing.assert_allclose(y_received, path_y(y0, c, p), atol=1e-6)  # the page prints 6 digits
    assert sse == pytest.approx(lv.sum_squared_error(path_y(y0, c, p), c), abs=1e-6)
    assert cee == pytest.approx(lv.cross_entropy_error(path_y(y0, c, p), c), abs=1e-6)
    assert_shows(page, y_received, c)  # the rerun's data agrees with the preview
    # the point sits on the −log curve at the new p: the marks follow the numbers
    mark = page.locator('[data-mark="cee"]')
    assert center(mark)[0] == pytest.approx(surface_x(page, "curve", p), abs=1.5)
    page.screenshot(path=str(ARTIFACTS / "drag-k4-after-mouse.png"))
    assert errors == []
    page.context.close()


# k = 4 after ←, ←, ←, PageDown: p = 0.8 − 3 × 0.01 − 0.1 = 0.67; the others share 0.33 as
# 0.1 : 0.05 : 0.05 (hand computation)
FOUR_STEPS_Y = np.array([0.165, 0.67, 0.0825, 0.0825])


def four_key_steps(page):
    """Focus the −log chart's point and press ←, ←, ←, PageDown; returns the point's handle once p is 0.67.

    Four steps in one task, well inside the pause after which keys commit (real key presses could
    straddle it on a busy machine)."""
    handle = page.get_by_role("slider", name=LABELS["en"]["slider"])
    handle.focus()
    handle.evaluate(
        """el => ['ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'PageDown'].forEach(key =>
            el.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true, cancelable: true})))"""
    )
    expect(handle).to_have_attribute("aria-valuenow", "0.67")
    return handle


@pytest.mark.browser
def test_keyboard_steps_announce_and_commit_once(browser, drag_url):
    page, errors = open_demo(browser, drag_url, "k=4")
    c, y0 = EXAMPLES[4]
    handle = four_key_steps(page)
    expected = FOUR_STEPS_Y
    # ½(0.165² + 0.33² + 2·0.0825²) = 0.07486875, −ln(0.67 + 1e-7) = 0.4004774 (hand computation)
    assert lv.sum_squared_error(expected, c) == pytest.approx(0.07486875, abs=1e-12)
    assert lv.cross_entropy_error(expected, c) == pytest.approx(0.4004774, abs=1e-7)
    expect(handle).to_have_attribute("aria-valuetext", "p 0.670: squared error 0.0749, cross-entropy 0.4005")
    expect(page.locator('[data-lv="live"]')).to_have_text("Squared error 0.0749, cross-entropy 0.4005")
    y_received, _, _ = received(page, 1)  # four keys, one commit once they pause
    np.testing.assert_allclose(y_received, expected, atol=1e-9)
    handle.press("End")
    y_received, sse, cee = received(page, 2)
    np.testing.assert_allclose(y_received, [0, 1, 0, 0], atol=1e-12)
    assert (sse, cee) == (0.0, pytest.approx(-math.log(1 + lv.DELTA), abs=1e-6))
    handle.press("Home")
    y_received, _, cee = received(page, 3)
    assert y_received[c] == P_MIN
    assert cee == pytest.approx(-math.log(P_MIN + lv.DELTA), abs=1e-6)  # 6.907655
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_the_live_table_shows_each_term_slope_and_bar_as_the_core_computes_them(browser, drag_url):
    """After four key steps, every cell of the table is the core's number in format_loss's form, and
    each term's bar fills term / (the largest term of either loss) of its cell (bar_scales); the
    slope columns show only when asked for (the explorer asks, a tour's slide does not), and the
    table not at all when the explorer's link hides it."""
    page, errors = open_demo(browser, drag_url, "k=4")
    expect(page.get_by_role("columnheader", name="slope y − t")).to_be_hidden()
    expect(page.get_by_role("columnheader", name="½(y − t)²")).to_be_visible()
    page.context.close()
    page, errors = open_demo(browser, drag_url, "k=4&table=0")
    expect(page.locator(".lv-drag-terms")).to_be_hidden()
    expect(page.get_by_role("slider", name=LABELS["en"]["slider"])).to_be_visible()  # the chart stays
    page.context.close()
    page, errors = open_demo(browser, drag_url, "k=4&slopes=1")
    c, _ = EXAMPLES[4]
    four_key_steps(page)
    y = FOUR_STEPS_Y
    t = np.eye(4)[c]
    columns = {
        "½(y−t)²": lv.squared_error_terms(y, t),
        "−t·log(y+δ)": lv.cross_entropy_terms(y, t),
    }
    slopes = [lv.sum_squared_error_grad(y, t), lv.cross_entropy_error_grad(y, t)]
    top = bar_scales(columns)["½(y−t)²"]
    # The largest term is class 1's cross-entropy, −ln(0.67 + 1e-7) = 0.4004774 (hand computation).
    assert top == pytest.approx(0.4004774, abs=1e-7)
    expected = [
        [
            f"class {j}",
            f"{t[j]:g}",
            f"{y[j]:.4f}",
            *(format_loss(v[j]) for v in (*columns.values(), *slopes)),
        ]
        for j in range(4)
    ]
    # Two by hand: class 1's slopes are 0.67 − 1 = −0.33 and −1/(0.67 + 1e-7) = −1.4925371.
    assert expected[1][5:] == ["-0.3300", "-1.4925"]
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    rows = page.locator(".lv-drag-terms tbody tr")
    assert [row.locator("td").all_inner_texts() for row in rows.all()] == expected
    bars = rows.evaluate_all(
        "rows => rows.map(r => [3, 4].map(i => r.cells[i].style.getPropertyValue('--lv-bar')))"
    )
    assert bars == [[f"{100 * v[j] / top:.2f}%" for v in columns.values()] for j in range(4)]
    expect(page.get_by_role("columnheader", name="slope −t/(y + δ)")).to_be_visible()
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_triangle_drag_clamps_to_the_corner_and_commits(browser, drag_url):
    page, errors = open_demo(browser, drag_url, "k=3")
    c, _ = EXAMPLES[3]
    expect(page.locator('[data-lv="panel-simplex"]')).to_be_visible()
    handle = page.get_by_role("slider", name=LABELS["en"]["simplex_slider"])
    x, y = center(handle)
    surface = page.locator('[data-lv="panel-simplex"] .lv-drag-surface').bounding_box()
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(surface["x"] + surface["width"] / 2, surface["y"] - 60, steps=10)  # above the apex
    # Clamped to corner 3, p_min kept on class 2: y = (0, 0.001, 0.999) (see the geometry test)
    expected = np.array([0, P_MIN, 1 - P_MIN])
    assert_shows(page, expected, c)
    page.mouse.up()
    y_received, sse, cee = received(page, 1)
    np.testing.assert_allclose(y_received, expected, atol=1e-12)
    assert sse == pytest.approx(0.998001, abs=1e-6)  # ½(0.999² + 0.999²) by hand
    assert cee == pytest.approx(-math.log(P_MIN + lv.DELTA), abs=1e-6)
    # The −log chart follows the triangle: its point is at the new p.
    expect(page.get_by_role("slider", name=LABELS["en"]["slider"])).to_have_attribute(
        "aria-valuenow", "0.001"
    )
    page.get_by_role("slider", name=LABELS["en"]["simplex_slider"]).press("ArrowRight")
    y_received, _, _ = received(page, 2)
    assert y_received.sum() == pytest.approx(1, abs=1e-9) and y_received.min() >= 0
    page.screenshot(path=str(ARTIFACTS / "drag-k3-1400x900.png"))
    assert errors == []
    page.context.close()


def touch(cdp, kind, x=0, y=0):
    cdp.send(
        "Input.dispatchTouchEvent",
        {"type": kind, "touchPoints": [] if kind == "touchEnd" else [{"x": x, "y": y}]},
    )


@pytest.mark.browser
def test_touch_drag_on_a_phone_and_a_vertical_swipe_still_scrolls(browser, drag_url):
    page, errors = open_demo(
        browser, drag_url, "k=4", viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    c, y0 = EXAMPLES[4]
    cdp = page.context.new_cdp_session(page)
    surface = page.locator('[data-lv="panel-curve"] .lv-drag-surface')
    surface.scroll_into_view_if_needed()
    x, y = center(page.locator('[data-lv="panel-curve"] .lv-drag-handle'))
    target = surface_x(page, "curve", 0.5)
    touch(cdp, "touchStart", x, y)
    for i in range(1, 11):
        touch(cdp, "touchMove", x + (target - x) * i / 10, y)
    p = float(shown(page)[2])
    assert p == pytest.approx(0.5, abs=0.01)
    touch(cdp, "touchEnd")
    y_received, _, _ = received(page, 1)
    np.testing.assert_allclose(y_received, path_y(y0, c, p), atol=1e-6)
    # A vertical swipe on the chart scrolls the page and leaves y alone.
    box = surface.bounding_box()
    sx, sy = box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.8
    scrolled = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop"
    before = page.evaluate(scrolled)
    touch(cdp, "touchStart", sx, sy)
    for i in range(1, 11):
        touch(cdp, "touchMove", sx, sy - 20 * i)
    touch(cdp, "touchEnd")
    page.wait_for_timeout(1000)
    assert page.evaluate(scrolled) > before
    assert page.get_by_text("commits: 1").is_visible()
    assert float(shown(page)[2]) == p
    assert errors == []
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "query", "width", "height"),
    [
        ("k3-zh-1400x900", "k=3&lang=zh", 1400, 900),
        ("k3-zh-390x844", "k=3&lang=zh", 390, 844),
        ("k10-390x844", "k=10", 390, 844),
        ("k10-1400x900", "k=10", 1400, 900),
    ],
)
def test_layout_fits_and_screenshots(browser, drag_url, name, query, width, height):
    page, errors = open_demo(browser, drag_url, query, viewport={"width": width, "height": height})
    page.wait_for_timeout(500)  # the plots settle their size
    # Nothing in the component sticks out of the window, unless inside a box that scrolls
    # sideways and itself fits (the terms table on a phone).
    wide = page.evaluate(
        """() => {
            const fits = r => r.right <= window.innerWidth + 1;
            const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement)
                if (getComputedStyle(a).overflowX === 'auto' && fits(a.getBoundingClientRect())) return true;
                return false; };
            return Array.from(document.querySelectorAll('.lv-drag *'))
                .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && !fits(r) && !scrolls(el); })
                .map(el => el.className.baseVal ?? el.className);
        }"""
    )
    assert wide == []
    if "zh" in query:
        aria = page.evaluate(
            """() => Array.from(document.querySelectorAll('.lv-drag [aria-label], .lv-drag [aria-valuetext]'))
                .flatMap(el => [el.getAttribute('aria-label'), el.getAttribute('aria-valuetext'),
                                el.getAttribute('aria-roledescription')]).filter(Boolean)"""
        )
        assert english_left([page.locator(".lv-drag").inner_text(), *aria]) == []
    page.screenshot(path=str(ARTIFACTS / f"drag-{name}.png"))
    page.set_viewport_size({"width": width, "height": 2400})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"drag-{name}-full.png"))
    assert errors == []
    page.context.close()
