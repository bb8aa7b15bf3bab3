"""The explorer in a real browser: Debian's Chromium driven by Playwright against `streamlit run`.

Screenshots land in artifacts/ (desktop and 390 px mobile); look at them after a run.
"""

import math
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ARTIFACTS, VALUES
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BOOK_LINK = "?t=0,0,1,0,0,0,0,0,0,0&y=0.1,0.05,0.6,0,0.05,0.1,0,0.1,0,0"
TIMEOUT = 30_000

READ_CHARTS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => ({
    title: (el.layout.title && el.layout.title.text) || '',
    traces: el.data.map(t => ({name: t.name || '', x: Array.from(t.x || []), y: Array.from(t.y || [])})),
}))"""


# The charts whose legend meets their x-axis title (a legend under the plot that wrapped to two
# rows on a phone did): [title of each such chart].
LEGEND_CLASHES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).filter(el => {
    const legend = el.querySelector('.legend'), axis = el.querySelector('.g-xtitle text');
    if (!legend || !axis) return false;
    const a = legend.getBoundingClientRect(), b = axis.getBoundingClientRect();
    return a.top < b.bottom && b.top < a.bottom && a.left < b.right && b.left < a.right;
}).map(el => (el.layout.title && el.layout.title.text) || '?')"""


# The charts whose title runs past the chart's right edge (plotly never wraps a title): [titles].
TITLES_CUT = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).filter(el => {
    const title = el.querySelector('.gtitle');
    return title && title.getBoundingClientRect().right > el.getBoundingClientRect().right + 1;
}).map(el => el.layout.title.text)"""


READY = f'{VALUES}, [data-testid="stAlertContentError"], [data-testid="stAlertContentInfo"]'


def open_page(page, app_url, query=""):
    """Go to app_url + query (or to app_url itself when it is a full shared link) and wait for the page."""
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.goto(app_url + ("/" + query if query else ""))
    expect(page.locator(READY).first).to_be_visible(timeout=TIMEOUT)
    return errors


def metric_values(page):
    return page.locator(VALUES).all_inner_texts()


def text_box(page, field):
    label = {"t": "t — the target", "y": "y — the predicted probabilities"}[field]
    return page.get_by_role("textbox", name=label)


def charts(page, *title_parts):
    """Every drawn chart's title and traces, once one is drawn and, for each of title_parts, a chart
    with it in its title (the charts a test reads: the others may be drawn first)."""
    page.wait_for_function(
        "parts => { const titles = Array.from(document.querySelectorAll('.js-plotly-plot'))"
        ".map(el => (el.layout && el.layout.title && el.layout.title.text) || '');"
        " return titles.length > 0 && parts.every(part => titles.some(title => title.includes(part))); }",
        arg=list(title_parts),
        timeout=TIMEOUT,
    )
    return page.evaluate(READ_CHARTS)


def user_markers(chart_list, title_part, marker_name):
    """(x, y) of the traces called marker_name in the first chart whose title contains title_part."""
    chart = next(c for c in chart_list if title_part in c["title"])
    return [(t["x"][0], t["y"][0]) for t in chart["traces"] if t["name"] == marker_name]


def test_shared_link_shows_the_book_numbers(page, app_url):
    hosts = set()
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).scheme in ("http", "https") and hosts.add(urlsplit(request.url).netloc)
        ),
    )
    errors = open_page(page, app_url, BOOK_LINK)
    expect(page.locator(VALUES).first).to_have_text("0.0975", timeout=TIMEOUT)
    # The book: SSE 0.0975, CEE 0.510825457.
    assert metric_values(page) == ["0.0975", "0.5108"]
    assert text_box(page, "t").input_value() == "0,0,1,0,0,0,0,0,0,0"
    assert not errors
    charts(page)
    assert hosts == {urlsplit(app_url).netloc}  # works offline: nothing from a CDN


def test_charts_mark_the_users_point(page, app_url):
    open_page(page, app_url, "?view=neglog")
    expect(page.locator(VALUES).first).to_have_text("0.7775", timeout=TIMEOUT)
    found = charts(page, "−log curve")
    # The article's first example: p = 0.05 on the correct class; −ln(0.05 + 1e-7) and ½(0.05 − 1)².
    points = user_markers(found, "−log curve", "your p")
    assert points[0] == pytest.approx((0.05, -math.log(0.05 + 1e-7)), rel=1e-12)
    assert points[1] == pytest.approx((0.05, 0.5 * 0.95**2), rel=1e-12)


def test_three_class_simplex_marks_the_users_point(page, app_url):
    open_page(page, app_url, "?t=2&y=0.2,0.3,0.5")
    page.get_by_role("radio", name="Loss surface").click()
    found = charts(page, "Squared error over the triangle", "Cross-entropy over the triangle")
    # Triangle coordinates of y = (0.2, 0.3, 0.5): x = y1 + y2/2 = 0.55, h = y2·√3/2 (hand computation).
    for loss in ("Squared error", "Cross-entropy"):
        (point,) = user_markers(found, f"{loss} over the triangle", "your y")
        assert point == pytest.approx((0.55, 0.5 * math.sqrt(3) / 2), rel=1e-12)


def test_each_chart_below_says_what_it_shows_in_its_figcaption(page, app_url):
    from lossviz.words.i18n import text

    open_page(page, app_url)
    caption = page.locator("figure.lv-figure figcaption").first  # the chart component's own caption
    expect(caption).to_have_text(text("explorer.gradients.caption", "en"), timeout=TIMEOUT)
    page.get_by_role("radio", name="Per-class bars").click()
    expect(caption).to_have_text(text("explorer.bars.caption", "en"), timeout=TIMEOUT)


def test_editing_an_input_changes_the_numbers_and_the_url(page, app_url):
    open_page(page, app_url)
    box = text_box(page, "y")
    box.fill("0.1, 0.8, 0.05, 0.05")
    box.press("Enter")
    # The article's second example: 0.0275 and 0.22314342631421757.
    expect(page.locator(VALUES).first).to_have_text("0.0275", timeout=TIMEOUT)
    assert metric_values(page) == ["0.0275", "0.2231"]
    page.wait_for_function("location.search.includes('y=')", timeout=TIMEOUT)
    assert parse_qs(urlsplit(page.url).query)["y"] == ["0.1, 0.8, 0.05, 0.05"]
    # The copied URL opens the same state in a fresh page.
    fresh = page.context.new_page()
    open_page(fresh, page.url)  # the link as a user would copy it from the address bar
    expect(fresh.locator(VALUES).first).to_have_text("0.0275", timeout=TIMEOUT)


def test_preset_click_loads_the_example(page, app_url):
    open_page(page, app_url)
    page.get_by_role("radio", name="Confidently wrong").click()  # the examples are pills
    # ½(0.005² + 0.999² + 0.99² + 0.004²) and −ln(0.001 + 1e-7), by hand.
    sse = 0.5 * (0.005**2 + 0.999**2 + 0.99**2 + 0.004**2)
    expect(page.locator(VALUES).first).to_have_text(f"{sse:.4f}", timeout=TIMEOUT)
    assert metric_values(page)[1] == f"{-math.log(0.001 + 1e-7):.4f}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.1, abc", "y: 'abc' (entry 2) is not a number."),
        ("<script>alert(1)</script>", "is not a number"),
        ("__import__('os')", "\"__import__('os')\" (entry 1) is not a number"),
        # 63,998 characters: within the box's 64,000 (max_chars), far over 1,000 numbers
        (", ".join(["0.0005"] * 8_000), "y has 8,000 numbers; at most 1,000 can be typed here."),
    ],
    ids=["word", "script", "code", "8000-numbers"],
)
def test_bad_input_shows_a_message_and_no_traceback(page, app_url, text, message):
    errors = open_page(page, app_url)
    box = text_box(page, "y")
    box.fill(text)
    box.press("Enter")
    alert = page.locator('[data-testid="stAlertContentError"]')
    expect(alert).to_contain_text(message, timeout=TIMEOUT)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.locator("body").inner_text()
    assert not errors  # no script ran, no dialog opened
    page.get_by_role("radio", name="Article ②").click()  # the examples are pills
    expect(page.locator(VALUES).first).to_have_text("0.0275", timeout=TIMEOUT)


@pytest.mark.parametrize("size", [(1280, 720), (1400, 900)], ids=["projector", "desktop"])
def test_a_message_about_either_box_is_as_wide_as_both(browser, app_url, size):
    """A t that does not match y is explained under both boxes, across their width, in presentation
    mode too: under the narrow t box alone, the message ran one word a line."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    errors = open_page(page, app_url, "?present=1&t=0,1,0&y=0.2,0.8")
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="t has 3 entries but y has 2 entries")
    expect(alert).to_be_visible(timeout=TIMEOUT)
    t, y, message = (box.bounding_box() for box in (text_box(page, "t"), text_box(page, "y"), alert))
    context.close()
    assert message["x"] <= t["x"] + 1 and message["x"] + message["width"] >= y["x"] + y["width"] - 1
    assert message["y"] >= y["y"] + y["height"]  # under the boxes
    assert message["height"] < 4 * y["height"], message  # a few lines, not a word a line
    assert not errors


NO_OVERFLOW = """() => {
    // Elements that stick out to the right of the viewport and are not clipped by a scrolling
    // ancestor that itself fits (a data grid scrolls inside its own box). Content cut off by
    // overflow: hidden counts as sticking out: the user cannot read it.
    const fits = r => r.right <= window.innerWidth + 1;
    const clipped = el => {
        for (let a = el.parentElement; a; a = a.parentElement) {
            if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)
                && fits(a.getBoundingClientRect())) return true;
        }
        return false;
    };
    const wide = Array.from(document.querySelectorAll('body *')).filter(el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && !fits(r) && getComputedStyle(el).position !== 'fixed' && !clipped(el);
    }).map(el => el.getAttribute('data-testid') || el.className || el.tagName).slice(0, 5);
    return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide};
}"""


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("mobile", 390, 844)])
def test_layout_fits_and_screenshots(browser, app_url, name, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    open_page(page, app_url)
    charts(page)
    page.wait_for_timeout(1000)
    fit = page.evaluate(NO_OVERFLOW)
    assert page.evaluate(LEGEND_CLASHES) == []
    assert page.evaluate(TITLES_CUT) == []
    expect(page.locator('.lv-formulas[data-state="ready"]')).to_be_visible(timeout=TIMEOUT)
    assert page.locator(".katex-error").count() == 0  # every formula rendered
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"explorer-{name}.png"))
    page.set_viewport_size({"width": width, "height": 3600})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / f"explorer-{name}-full.png"))
    context.close()
    assert fit["scroll"] <= fit["inner"], fit
    assert not fit["wide"], fit


def test_lab_logits_preset_shows_the_cap_and_the_stable_value(page, app_url):
    errors = open_page(page, app_url, "lab?z=2,1,0.1&target=0")
    page.get_by_role("button", name="z = [1000, 0], label 1").click()
    # The numerics-lab issue: 16.118 the article's way (−ln 1e-7), 1000 with the stable log-softmax.
    values = page.locator(VALUES)
    expect(values.nth(1)).to_have_text("1000.0000", timeout=TIMEOUT)
    assert values.all_inner_texts()[:3] == ["16.1181", "1000.0000", "NaN"]
    # "1000, 0" is the lab's default, so Streamlit drops z from the URL rather than repeating it.
    page.wait_for_function("!location.search.includes('z=2')", timeout=TIMEOUT)
    assert not errors


def test_navigation_between_pages_keeps_working(page, app_url):
    open_page(page, app_url)
    page.get_by_role("link", name="Numerics lab").click()
    expect(page.get_by_role("heading", name="Numerics lab")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("link", name="Explorer").click()
    expect(page.locator(VALUES).first).to_have_text("0.7775", timeout=TIMEOUT)


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("mobile", 390, 844)])
def test_lab_layout_fits_and_screenshots(browser, app_url, name, width, height):
    context = browser.new_context(viewport={"width": width, "height": 3600}, device_scale_factor=1)
    page = context.new_page()
    open_page(page, app_url, "lab")
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 4", timeout=TIMEOUT)
    page.wait_for_timeout(1000)
    fit = page.evaluate(NO_OVERFLOW)
    assert page.evaluate(LEGEND_CLASHES) == []
    assert page.evaluate(TITLES_CUT) == []
    page.screenshot(path=str(ARTIFACTS / f"lab-{name}-full.png"))
    context.close()
    assert fit["scroll"] <= fit["inner"], fit
    assert not fit["wide"], fit


def upload_batch(page, tmp_path, predictions, labels):
    """Upload predictions, then labels, through the batch page's two file pickers."""
    files = []
    for name, text in (("preds.csv", predictions), ("labels.csv", labels)):
        path = tmp_path / name
        path.write_text(text)
        files.append(str(path))
    dropzones = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    dropzones.first.set_input_files(files[0])
    # A person waits for the first file to be listed before picking the second: both pickers
    # upload and rerun on their own, and a second pick sent mid-rerun can drop the first.
    expect(page.get_by_text("preds.csv")).to_be_visible(timeout=TIMEOUT)
    # ... and for the page to answer it: a predictions CSV brings the "Labels" column choice.
    expect(page.locator('[data-testid="stSelectbox"]', has_text="Labels")).to_be_visible(timeout=TIMEOUT)
    expect(dropzones).to_have_count(2, timeout=TIMEOUT)
    dropzones.nth(1).set_input_files(files[1])
    expect(page.get_by_text("labels.csv")).to_be_visible(timeout=TIMEOUT)


def test_batch_upload_in_the_browser(page, app_url, tmp_path):
    errors = open_page(page, app_url, "batch?source=upload")
    upload_batch(page, tmp_path, "0.1,0.9\n0.8,0.2\n0.3,0.7\n", "1\n0\n0\n")
    # −(ln(0.9 + δ) + ln(0.8 + δ) + ln(0.3 + δ)) / 3, by hand with math.log.
    expected = -(math.log(0.9 + 1e-7) + math.log(0.8 + 1e-7) + math.log(0.3 + 1e-7)) / 3
    expect(page.locator(VALUES).first).to_have_text(f"{expected:.4f}", timeout=TIMEOUT)
    assert not errors


def test_batch_upload_error_in_the_browser(page, app_url, tmp_path):
    errors = open_page(page, app_url, "batch?source=upload")
    upload_batch(page, tmp_path, "0.1,0.9\n0.8,0.2\n0.3,0.7\n", "1\n0\n7\n")
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text(
        "the label in row 3 of t (7) is not a class label", timeout=TIMEOUT
    )
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not errors


def test_batch_page_fits_a_phone(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 3000}, device_scale_factor=1)
    page = context.new_page()
    open_page(page, app_url, "batch")
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 3", timeout=TIMEOUT)
    page.wait_for_timeout(1000)
    fit = page.evaluate(NO_OVERFLOW)
    cut = page.evaluate(TITLES_CUT)
    page.screenshot(path=str(ARTIFACTS / "batch-mobile-full.png"))
    context.close()
    assert fit["scroll"] <= fit["inner"], fit
    assert not fit["wide"], fit
    assert cut == [], cut


def test_batch_download_of_per_sample_losses(page, app_url):
    open_page(page, app_url, "batch?acc=0.5")
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Download per-sample losses (CSV)").click()
    lines = Path(info.value.path()).read_text().splitlines()
    assert lines[0] == "row,true_class,cross_entropy,squared_error_half_sum"
    assert len(lines) == 10_001


def test_exported_snippet_and_link_reproduce_the_page(page, app_url):
    open_page(page, app_url, "?t=1&y=0.1,0.8,0.05,0.05")
    expect(page.locator(VALUES).first).to_have_text("0.0275", timeout=TIMEOUT)
    page.get_by_text("Take it home: code, data and a link").click()
    codes = page.locator('[data-testid="stCode"]')
    expect(codes).to_have_count(3, timeout=TIMEOUT)
    link, snippet = codes.nth(0).inner_text().strip(), codes.nth(1).inner_text()
    out = subprocess.run(
        [sys.executable, "-c", snippet], capture_output=True, text=True, timeout=60, check=True
    )
    printed = dict(line.split(" = ") for line in out.stdout.splitlines())
    shown = metric_values(page)
    assert f"{float(printed['sum_squared_error']):.4f}" == shown[0] == "0.0275"
    assert f"{float(printed['cross_entropy_error']):.4f}" == shown[1] == "0.2231"
    # The link opens the same numbers in a fresh page.
    fresh = page.context.new_page()
    open_page(fresh, link)
    expect(fresh.locator(VALUES).first).to_have_text("0.0275", timeout=TIMEOUT)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_presentation_mode_at_projector_size(browser, app_url, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, device_scale_factor=1)
    page = context.new_page()
    open_page(page, app_url, f"?present=1&hide=presets,export&step=3&lang={lang}")
    charts(page)
    page.wait_for_timeout(1000)
    fit = page.evaluate(NO_OVERFLOW)
    font = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.screenshot(path=str(ARTIFACTS / f"presentation-1280x720-{lang}.png"))
    nav_links = page.locator('[data-testid="stTopNavLink"]').count()
    menu_shown = page.locator('[data-testid="stMainMenu"]').is_visible()
    context.close()
    # the four pages (explorer, lab, batch, training) stay one click away; no developer menu
    assert nav_links == 4 and not menu_shown
    assert font == 20  # larger type than the 16 px default
    assert fit["scroll"] <= fit["inner"], fit
    assert not fit["wide"], fit


@pytest.mark.parametrize("path", ["lab?present=1", "batch?present=1"])
def test_presentation_mode_on_the_other_pages(browser, app_url, path):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, device_scale_factor=1)
    page = context.new_page()
    open_page(page, app_url, path)
    page.wait_for_timeout(500)
    font = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    fit = page.evaluate(NO_OVERFLOW)
    context.close()
    assert font == 20
    assert fit["scroll"] <= fit["inner"], fit


# ---- languages ----


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("mobile", 390, 844)])
def test_lang_zh_shows_the_chinese_page(browser, app_url, name, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    errors = open_page(page, app_url, "?lang=zh")
    expect(page.get_by_text("均方误差（原文的 MSE）").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("radio", name="−log 曲线")).to_be_visible()
    expect(page.get_by_role("textbox", name="y — 预测的概率（神经网络的输出）")).to_be_visible()
    expect(page.locator('.lv-drag[data-state="ready"]')).to_be_visible(timeout=TIMEOUT)
    assert any("拖动 p" in c["title"] for c in charts(page))  # the drag chart's title, in Chinese
    # The article's first example: the same numbers as in English (0.7775 and −ln(0.05 + 1e-7)).
    assert metric_values(page) == ["0.7775", f"{-math.log(0.05 + 1e-7):.4f}"]
    nav = page.locator('[data-testid="stTopNavLink"], [data-testid="stSidebarNavLink"]').all_inner_texts()
    fit = page.evaluate(NO_OVERFLOW)
    page.screenshot(path=str(ARTIFACTS / f"explorer-zh-{name}.png"))
    context.close()
    assert not errors
    assert "数值实验室" in " ".join(nav) or width < 600  # on a phone the pages fold into a menu
    assert fit["scroll"] <= fit["inner"], fit
    assert not fit["wide"], fit


def test_a_chinese_browser_gets_chinese_and_the_switch_goes_back_to_english(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    open_page(page, app_url)
    panels = page.locator(".lv-formula-title")  # each formula panel's title (lossviz/ui/formulas)
    expect(panels.filter(has_text="交叉熵误差").first).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("radio", name="English").click()
    expect(panels.filter(has_text="Cross-entropy error").first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function("location.search.includes('lang=en')", timeout=TIMEOUT)
    context.close()


def test_an_old_english_label_link_on_a_chinese_page_opens_that_chart_and_the_link_holds_its_key(
    page, app_url
):
    open_page(page, app_url, "?lang=zh&view=Loss%20surface")
    expect(page.get_by_role("radio", name="损失曲面")).to_have_attribute(
        "aria-checked", "true", timeout=TIMEOUT
    )
    page.wait_for_function("location.search.includes('view=surface')", timeout=TIMEOUT)


def test_a_chart_downloads_as_png_from_its_toolbar(page, app_url, tmp_path):
    open_page(page, app_url, "?view=neglog")
    chart = page.locator(".lv-figure .js-plotly-plot").first
    expect(chart).to_be_visible(timeout=TIMEOUT)
    chart.hover()
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_label("Download plot as a PNG").first.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert download.value.suggested_filename == "lossviz-neglog.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
