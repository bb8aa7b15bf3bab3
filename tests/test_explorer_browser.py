"""The explorer's first screen in Chromium: what a student sees without scrolling, and dragging y.

Every number read back is checked against an independent computation (math) of the y the page
ends up with, read from its link.
"""

import math
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ARTIFACTS, VALUES
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
LIVE = '.lv-drag[data-state="ready"]'
NO_OVERFLOW = """() => ({inner: window.innerWidth, scroll: document.documentElement.scrollWidth})"""


def half_sum(y, t):
    return 0.5 * math.fsum((a - b) ** 2 for a, b in zip(y, t, strict=True))


def cross_entropy(y, c):
    return -math.log(y[c] + 1e-7)


def open_explorer(browser, app_url, query="", **context):
    ctx = browser.new_context(**{"viewport": {"width": 1400, "height": 900}, **context})
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/{query}")
    expect(page.locator(LIVE)).to_be_visible(timeout=TIMEOUT)
    return page, errors


def live_numbers(page):
    """The drag chart's squared error, cross-entropy and p, after the next frame."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return [page.locator(f'.lv-drag [data-lv="{name}"]').inner_text() for name in ("sse", "cee", "p")]


def linked_y(page):
    """The y in the page's link once a rerun has written it (None before)."""
    values = parse_qs(urlsplit(page.url).query).get("y")
    return [float(v) for v in values[0].split(",")] if values else None


def settled(page):
    page.wait_for_function(
        '() => !document.querySelector(\'[data-testid="stStatusWidget"], [data-stale="true"]\')',
        timeout=TIMEOUT,
    )


def in_view(page, selector):
    box = page.locator(selector).first.bounding_box()
    viewport = page.viewport_size
    return (
        box
        and box["y"] >= 0
        and box["y"] + box["height"] <= viewport["height"]
        and box["x"] >= 0
        and (box["x"] + box["width"] <= viewport["width"])
    )


@pytest.mark.smoke
@pytest.mark.parametrize(("width", "height"), [(1400, 900), (1280, 720), (390, 844)])
def test_the_first_screen_shows_the_inputs_both_numbers_and_the_chart_without_scrolling(
    browser, app_url, width, height
):
    page, errors = open_explorer(browser, app_url, viewport={"width": width, "height": height})
    for part in (
        '.lv-drag [data-lv="sse"]',
        '.lv-drag [data-lv="cee"]',
        '[data-lv="panel-curve"] .lv-drag-plot',
        '[data-lv="panel-curve"] .lv-drag-handle',
    ):
        assert in_view(page, part), part
    for box in ("t — the target", "y — the predicted probabilities"):
        assert in_view(page, f'[aria-label="{box}"]'), box
    assert in_view(page, '.st-key-lv-join-box-open button:has-text("Join a room")')  # in the header row
    # The article's first example (hand computation): ½Σ(y − t)² = 0.7775, −ln(0.05 + 1e-7) = 2.9957.
    assert live_numbers(page)[:2] == ["0.7775", "2.9957"]
    sentence = page.get_by_text("cross-entropy is 3.9× larger")
    expect(sentence).to_be_visible()
    fit = page.evaluate(NO_OVERFLOW)
    page.screenshot(path=str(ARTIFACTS / f"explorer-first-screen-{width}x{height}.png"))
    assert fit["scroll"] <= fit["inner"], fit
    assert errors == []
    page.context.close()


@pytest.mark.smoke
def test_dragging_the_point_with_the_mouse_moves_both_numbers_then_the_boxes_and_the_link(browser, app_url):
    page, errors = open_explorer(browser, app_url)
    handle = page.locator('[data-lv="panel-curve"] .lv-drag-handle')
    surface = page.locator('[data-lv="panel-curve"] .lv-drag-surface').bounding_box()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(surface["x"] + surface["width"] * 0.6 / 1.02, y - 30, steps=10)
    sse, cee, p = live_numbers(page)
    assert float(p) == pytest.approx(0.6, abs=0.01)
    # While dragging, before any rerun: y(p) keeps the other classes' shares of the article's
    # [0.1, ·, 0.05, 0.8], so y = [(1 − p)·0.1/0.95, p, (1 − p)·0.05/0.95, (1 − p)·0.8/0.95].
    preview = [(1 - float(p)) * s / 0.95 for s in (0.1, 0.05, 0.8)]
    y_p = [preview[0], float(p), preview[1], preview[2]]
    assert cee == f"{cross_entropy(y_p, 1):.4f}"
    assert float(sse) == pytest.approx(half_sum(y_p, [0, 1, 0, 0]), abs=2e-4)  # shown to 4 decimals, p to 3
    page.mouse.up()
    page.wait_for_function("() => new URLSearchParams(location.search).has('y')", timeout=TIMEOUT)
    settled(page)
    y_new = linked_y(page)
    assert y_new[1] == pytest.approx(0.6, abs=0.01) and math.fsum(y_new) == pytest.approx(1, abs=1e-9)
    box_text = page.get_by_role("textbox", name="y — the predicted probabilities").input_value()
    assert [float(v) for v in box_text.split(",")] == y_new
    # Written as a reader would type it: at most 4 decimals, summing to exactly 1 as decimal text.
    typed = [v.strip() for v in box_text.split(",")]
    assert all(len(v.partition(".")[2]) <= 4 for v in typed), typed
    assert sum(Decimal(v) for v in typed) == 1, typed
    # The formulas' exact values below are the core's, for the committed y (hand formulas again).
    values = page.locator(VALUES).all_inner_texts()
    assert values == [f"{half_sum(y_new, [0, 1, 0, 0]):.4f}", f"{cross_entropy(y_new, 1):.4f}"]
    assert live_numbers(page)[:2] == values
    assert errors == []
    page.context.close()


def test_the_keyboard_moves_the_point_and_announces_both_losses(browser, app_url):
    page, errors = open_explorer(browser, app_url)
    handle = page.locator('[data-lv="panel-curve"] .lv-drag-handle')
    handle.focus()
    expect(handle).to_have_attribute("role", "slider")
    page.keyboard.press("PageUp")  # p: 0.05 → 0.15
    page.keyboard.press("ArrowRight")  # → 0.16
    expect(handle).to_have_attribute("aria-valuenow", "0.16")
    page.wait_for_function("() => new URLSearchParams(location.search).has('y')", timeout=TIMEOUT)
    settled(page)
    y_new = linked_y(page)
    assert y_new[1] == pytest.approx(0.16, abs=1e-9)
    live = page.locator('.lv-drag [data-lv="live"]').inner_text()
    assert f"{cross_entropy(y_new, 1):.4f}" in live and f"{half_sum(y_new, [0, 1, 0, 0]):.4f}" in live
    page.keyboard.press("End")  # p = 1: a perfect prediction
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('y').split(',').map(Number)[1] === 1", timeout=TIMEOUT
    )
    settled(page)
    expect(page.get_by_text("A perfect prediction: squared error is 0")).to_be_visible()
    assert errors == []
    page.context.close()


def test_a_touch_drag_on_a_phone_commits_y(browser, app_url):
    page, errors = open_explorer(
        browser, app_url, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    cdp = page.context.new_cdp_session(page)
    surface = page.locator('[data-lv="panel-curve"] .lv-drag-surface').bounding_box()
    box = page.locator('[data-lv="panel-curve"] .lv-drag-handle').bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    target = surface["x"] + surface["width"] * 0.4 / 1.02

    def touch(kind, tx=0, ty=0):
        points = [] if kind == "touchEnd" else [{"x": tx, "y": ty}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", x, y)
    for i in range(1, 11):
        touch("touchMove", x + (target - x) * i / 10, y)
    touch("touchEnd")
    page.wait_for_function("() => new URLSearchParams(location.search).has('y')", timeout=TIMEOUT)
    settled(page)
    y_new = linked_y(page)
    assert y_new[1] == pytest.approx(0.4, abs=0.02)
    assert live_numbers(page)[:2] == [
        f"{half_sum(y_new, [0, 1, 0, 0]):.4f}",
        f"{cross_entropy(y_new, 1):.4f}",
    ]
    page.screenshot(path=str(ARTIFACTS / "explorer-touch-drag-390x844.png"))
    assert errors == []
    page.context.close()


def test_a_link_to_explorer_by_name_opens_it(browser, app_url):
    page, errors = open_explorer(browser, app_url, "explorer?t=2&y=0.2,0.3,0.5")
    expect(page.get_by_text("Page not found")).to_have_count(0)
    # y = (0.2, 0.3, 0.5), t = class 2: ½(0.04 + 0.09 + 0.25) = 0.19; −ln(0.5 + 1e-7) = 0.6931.
    assert live_numbers(page)[:2] == ["0.1900", "0.6931"]
    expect(page.locator('[data-lv="panel-simplex"]')).to_be_visible()  # three classes: the triangle too
    assert errors == []
    page.context.close()


CHART = ".lv-figure .js-plotly-plot"
READ_CHART = """el => ({
    x: el._fullLayout.xaxis.range.slice(), y: el._fullLayout.yaxis.range.slice(),
    marker: el.data.filter(t => t.mode === 'markers').map(t => t.x[0]),
})"""


def test_a_zoom_survives_the_rerun_that_a_new_y_causes(browser, app_url):
    """Issue 12: zoom into the −log chart with the mouse, type a new y: the new point is drawn in the
    same zoomed window (layout.uirevision), not the figure's full range of p in [0, 1.02]."""
    page, errors = open_explorer(browser, app_url, "?view=neglog&t=0,0,1&y=0.1,0.2,0.7")
    chart = page.locator(CHART).first
    expect(chart).to_be_visible(timeout=TIMEOUT)
    chart.scroll_into_view_if_needed()
    before = chart.evaluate(READ_CHART)
    assert before["x"] == [0, 1.02] and before["marker"] == [0.7, 0.7]  # the figure's range; p = y[2]
    box = page.locator(".lv-figure .nsewdrag").first.bounding_box()
    x0, y0 = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x0 + box["width"] * 0.4, y0 + box["height"] * 0.4, steps=8)
    page.mouse.up()
    zoomed = chart.evaluate(READ_CHART)
    assert 0.2 < zoomed["x"][0] < zoomed["x"][1] < 0.8, zoomed  # a box drawn over 30–70 % of the width
    box = page.get_by_role("textbox", name="y — the predicted probabilities")
    box.fill("0.2, 0.2, 0.6")
    box.press("Enter")
    page.wait_for_function(
        "el => el.data.some(t => t.mode === 'markers' && t.x[0] === 0.6)",
        arg=chart.element_handle(),
        timeout=TIMEOUT,
    )
    after = chart.evaluate(READ_CHART)
    assert after["marker"] == [0.6, 0.6]  # the new y's point, drawn ...
    assert after["x"] == zoomed["x"] and after["y"] == zoomed["y"]  # ... in the reader's zoom
    assert not errors
    page.context.close()


def test_presenting_draws_the_charts_below_with_projector_sized_text(browser, app_url):
    """?present=1: the charts below the first screen take 20 px text and a 24 px title (the slides'
    CHART_PX), and their legend moves above the plot, clear of the larger axis title."""
    page, errors = open_explorer(
        browser, app_url, "?present=1&view=neglog", viewport={"width": 1280, "height": 720}
    )
    chart = page.locator(CHART).first
    expect(chart).to_be_visible(timeout=TIMEOUT)
    layout = chart.evaluate(
        "el => ({font: el._fullLayout.font.size, title: el._fullLayout.title.font.size,"
        " legend: el._fullLayout.legend.y})"
    )
    assert layout == {"font": 20, "title": 24, "legend": 1.02}
    assert not errors
    page.context.close()


def test_a_mismatched_t_keeps_the_last_picture_faded_under_the_message(browser, app_url):
    page, errors = open_explorer(browser, app_url)
    box = page.get_by_role("textbox", name="t — the target")
    box.fill("0, 0, 1")  # y still has 4 classes: no loss can be computed
    box.press("Enter")
    expect(page.get_by_text("t has 3 entries but y has 4 entries")).to_be_visible(timeout=TIMEOUT)
    settled(page)
    stale = page.locator('[class*="st-key-lv-stale"]')
    expect(page.get_by_text("Below, faded: the last input that computed")).to_be_visible()
    # The article's first example stays (0.7775 and 2.9957 in the article), with its chart, faded.
    expect(stale.locator('[data-testid="stMetricValue"]').first).to_have_text("0.7775")
    chart = stale.locator('.lv-figure[data-state="ready"] .lv-figure-plot').first
    expect(chart).to_be_visible(timeout=TIMEOUT)
    assert float(chart.evaluate("el => getComputedStyle(el).opacity")) < 1
    page.screenshot(path=str(ARTIFACTS / "explorer-stale.png"))
    box.fill("1")
    box.press("Enter")
    expect(page.locator(LIVE)).to_be_visible(timeout=TIMEOUT)
    settled(page)
    expect(stale).to_have_count(0)
    assert errors == []
    page.context.close()


def test_the_tour_step_on_delta_draws_the_curve_down_to_the_cap_where_its_point_sits(browser, app_url):
    page, errors = open_explorer(browser, app_url, "?step=4")
    curve = page.evaluate(
        """() => { const d = document.querySelector('[data-lv="panel-curve"] .lv-drag-plot').data[0];
                   return {x: Math.min(...d.x), y: Math.max(...d.y)}; }"""
    )
    # The step's y gives the correct class p = 0: −ln(0 + 1e-7) = 16.118 (hand computation),
    # the δ cap the step teaches; the curve reaches it at p = 0 instead of stopping at p = 0.001 (6.9).
    assert curve["x"] == 0
    assert curve["y"] == pytest.approx(-math.log(1e-7), abs=1e-9)
    assert live_numbers(page)[1] == f"{-math.log(1e-7):.4f}"
    page.screenshot(path=str(ARTIFACTS / "explorer-step-4-delta.png"))
    assert errors == []
    page.context.close()


def test_a_chart_is_described_to_a_screen_reader_and_its_data_opens_as_a_table(browser, app_url):
    page, errors = open_explorer(browser, app_url, "?view=gradients")
    chart = page.locator('.lv-figure[data-state="ready"][aria-label^="Line chart of the size"]')
    expect(chart).to_be_visible(timeout=TIMEOUT)
    described = chart.evaluate(
        "el => document.getElementById(el.getAttribute('aria-describedby')).textContent"
    )
    # The article's first example: |∂E/∂y| of the cross-entropy at p = 0.05 is 1/(0.05 + 1e-7) = 20.0000.
    point = "Your point on cross-entropy: |−t/(p + δ)|: p, the probability on the correct class = 0.0500"
    assert f"{point}, |∂E/∂y| (log scale) = 20.0000." in described
    page.get_by_text("Data as a table").last.click()
    expect(page.locator('[data-testid="stDataFrame"]').last).to_be_visible(timeout=TIMEOUT)
    assert errors == []
    page.context.close()


def overlap(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_the_chart_toolbar_offers_no_cloud_upload_and_leaves_the_title_clear(browser, app_url, width, height):
    touch = {"has_touch": True, "is_mobile": True} if width < 500 else {}
    page, errors = open_explorer(
        browser, app_url, "?view=neglog", viewport={"width": width, "height": height}, **touch
    )
    chart = page.locator('.lv-figure[data-state="ready"]').last
    expect(chart).to_be_visible(timeout=TIMEOUT)
    chart.scroll_into_view_if_needed()
    chart.hover()
    titles = chart.locator(".modebar-btn").evaluate_all("bs => bs.map(b => b.getAttribute('data-title'))")
    assert "Download plot as a PNG" in titles
    assert not {"Share chart...", "Box Select", "Lasso Select"} & set(titles), titles
    toolbar = chart.locator(".modebar").bounding_box()
    title = chart.locator(".gtitle").bounding_box()
    chart.screenshot(path=str(ARTIFACTS / f"explorer-toolbar-{width}.png"))
    assert not overlap(toolbar, title), (toolbar, title)
    assert errors == []
    page.context.close()


@pytest.mark.parametrize(("query", "axis"), [("?view=neglog&log=1", "xtick"), ("?view=gradients", "ytick")])
def test_a_log_axis_writes_powers_of_ten(browser, app_url, query, axis):
    page, errors = open_explorer(browser, app_url, query)
    chart = page.locator('.lv-figure[data-state="ready"]').last
    expect(chart).to_be_visible(timeout=TIMEOUT)
    ticks = chart.locator(f".{axis} text").evaluate_all("ts => ts.map(t => t.textContent)")
    # Plotly's default SI prefixes (100p, 10n, 1µ, 10M) read as units, not numbers.
    assert ticks and not [t for t in ticks if t[-1:] in "pnµμmkMG" and t[:1].isdigit()], ticks
    assert any(t.startswith("10") and len(t) > 2 for t in ticks), ticks  # 10 and its exponent
    chart.screenshot(path=str(ARTIFACTS / f"explorer-log-axis-{axis}.png"))
    assert errors == []
    page.context.close()


def test_the_triangles_show_each_losss_shape_on_its_own_scale_with_straight_edges(browser, app_url):
    page, errors = open_explorer(browser, app_url, "?view=surface&t=0,1,0&y=0.2,0.7,0.1")
    maps = page.locator('.lv-figure[data-state="ready"][aria-label^="Heat map of"]')
    expect(maps).to_have_count(2, timeout=TIMEOUT)
    scales = maps.evaluate_all(
        "fs => fs.map(f => { const d = f.querySelector('.lv-figure-plot').data[0]; return [d.type, d.zmin, d.zmax]; })"
    )
    # Squared error over the triangle spans 0 to 1 (½(1 + 1) at a wrong corner, hand computation);
    # cross-entropy's own scale reaches far higher (−ln(δ) = 16.1 at the wrong edge, shown to its
    # 95th percentile): one scale for both left the squared error a single colour.
    (sse_type, sse_lo, sse_hi), (_, _, cee_hi) = scales
    assert sse_type == "contourcarpet"  # the map fills the triangle: its edges are drawn straight
    assert sse_hi <= 1 + 1e-9 and cee_hi > 2 * sse_hi, scales
    maps.first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "explorer-surface-simplex.png"))
    assert errors == []
    page.context.close()


def test_presenting_enlarges_the_drag_chart_and_keeps_its_legend_inside(browser, app_url):
    page, errors = open_explorer(browser, app_url, "?present=1", viewport={"width": 1280, "height": 720})
    plot = page.locator('[data-lv="panel-curve"] .lv-drag-plot')
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    sizes = plot.locator(".xtick text").evaluate_all(
        "ts => ts.map(t => parseFloat(getComputedStyle(t).fontSize))"
    )
    # The projected charts' 20 px text (lossviz.views.presentation.CHART_PX), as on the tour's slides.
    assert sizes and min(sizes) >= 20, sizes
    legend, box = plot.locator(".legend").bounding_box(), plot.bounding_box()
    assert legend["y"] + legend["height"] <= box["y"] + box["height"] + 1, (legend, box)
    page.screenshot(path=str(ARTIFACTS / "explorer-present-drag-1280x720.png"))
    assert errors == []
    page.context.close()


def test_a_y_that_does_not_sum_to_1_gets_no_claim_that_squared_error_stays_below_1(browser, app_url):
    page, errors = open_explorer(browser, app_url, "?y=0.5,0.5,0.5,0.5")
    expect(page.get_by_text("cross-entropy is 1.4× larger")).to_be_visible(timeout=TIMEOUT)  # 0.6931 / 0.5
    expect(page.get_by_text("squared error never exceeds 1")).to_have_count(0)
    assert errors == []
    page.context.close()


def test_a_touch_tap_on_the_chart_moves_the_point_as_a_click_does(browser, app_url):
    page, errors = open_explorer(
        browser, app_url, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    surface = page.locator('[data-lv="panel-curve"] .lv-drag-surface').bounding_box()
    # A tap at p = 0.7 (the x axis spans 0 to 1.02 over the plot area), away from the point.
    page.touchscreen.tap(surface["x"] + surface["width"] * 0.7 / 1.02, surface["y"] + surface["height"] * 0.8)
    page.wait_for_function("() => new URLSearchParams(location.search).has('y')", timeout=TIMEOUT)
    settled(page)
    assert linked_y(page)[1] == pytest.approx(0.7, abs=0.02)
    assert errors == []
    page.context.close()


RECORD_AUDIO = """
window.__tones = [];
window.AudioContext = class {
  constructor() { this.currentTime = 0; this.destination = {}; }
  resume() { return Promise.resolve(); }
  createGain() { const g = { gain: { setValueAtTime() {}, setTargetAtTime() {} } }; g.connect = (n) => n; return g; }
  createOscillator() {
    const curves = window.__tones;
    return { frequency: { setValueCurveAtTime(values) { curves.push(Array.from(values)); } },
             connect: (n) => n, start() {}, stop() {} };
  }
};
"""


def test_the_keyboard_plays_both_curves_as_pitch_that_follows_the_loss(browser, app_url):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    ctx.add_init_script(RECORD_AUDIO)  # Web Audio recorded, not heard
    page = ctx.new_page()
    page.goto(f"{app_url}/")
    expect(page.locator(LIVE)).to_be_visible(timeout=TIMEOUT)
    button = page.get_by_role("button", name="Hear the curves")
    button.focus()
    page.keyboard.press("Enter")
    cee, sse = page.wait_for_function(
        "() => window.__tones.length === 2 && window.__tones", timeout=TIMEOUT
    ).json_value()
    # Pitch 220 Hz at loss 0, 880 Hz at the chart's top, 1.05 × −ln(0.001 + 1e-7) (p's smallest value):
    # cross-entropy starts at 220·4^(1/1.05) = 823.7 Hz and falls to 220 Hz at p = 1 (hand computation).
    assert cee[0] == pytest.approx(220 * 4 ** (1 / 1.05), rel=1e-4) and cee[-1] == pytest.approx(
        220, rel=1e-6
    )
    assert all(a >= b for a, b in zip(cee, cee[1:], strict=False))
    # Squared error on the same scale stays low: at p = 0.001 the others are 0.999·[0.1, 0.05, 0.8]/0.95,
    # ½(0.10516² + 0.999² + 0.05258² + 0.84126²) = 0.85977, so 220·4^(0.85977/7.2531) = 259.3 Hz.
    assert max(sse) == pytest.approx(259.3, rel=1e-3) and sse[-1] == pytest.approx(220, rel=1e-6)
    expect(page.locator('.lv-drag [data-lv="live"]')).to_contain_text(
        "the higher the pitch, the larger the loss"
    )
    ctx.close()
