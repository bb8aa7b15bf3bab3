"""The tour as slides (lossviz/ui/slides.py, tour.py, join.py, clicker/): AppTest, then a real browser.

Expected numbers are hand computations with math (δ = 1e-7). Browser tests measure that every step
fits one projector screen at 1280×720 and 1920×1080, that clicker keys move between steps without
moving the page, and that the join panel's QR code decodes to the link; screenshots land in
artifacts/slide-*.png.
"""

import io
import json
import math
import re

import pytest
import zxingcpp
from conftest import APP, ARTIFACTS
from deck_numbers import SHOWN as DECK_SHOWN
from PIL import Image
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest
from visible import chart_texts, english_left, values_shown, visible_texts

from lossviz.views.decks import deck
from lossviz.views.presentation import projected
from lossviz.views.slides import slides
from lossviz.views.tour import tour
from lossviz.words.i18n import text

TIMEOUT = 30
D = 1e-7
SSE1 = 0.5 * (0.1**2 + 0.95**2 + 0.05**2 + 0.8**2)  # y = [0.1, 0.05, 0.05, 0.8], t = [0, 1, 0, 0]
SSE2 = 0.5 * (0.1**2 + 0.2**2 + 0.05**2 + 0.05**2)  # y = [0.1, 0.8, 0.05, 0.05]
CEE1, CEE2 = -math.log(0.05 + D), -math.log(0.8 + D)
SHOWN = {  # the numbers each step shows, to 4 decimals, by hand
    1: [SSE1],
    2: [SSE1, SSE2],
    3: [CEE1, CEE2],
    4: [-math.log(D)],
    5: [(CEE1 + CEE2) / 2],
    6: [SSE1, CEE1],
}
SHOWN = {n: [f"{v:.4f}" for v in values] for n, values in SHOWN.items()}
SHOWN_ON = {"explorer": SHOWN, **DECK_SHOWN}  # the lab's and batch page's: tests/deck_numbers.py
PAGE_APPS = {  # the page alone, with the language decided as app.py does (test_app_lab's run_in)
    page: f"from lossviz.ui.i18n import init_language\nfrom lossviz.ui.{page} import main\ninit_language()\nmain()\n"
    for page in ("lab", "batch")
}
DECK_STEPS = [(page, n) for page in PAGE_APPS for n in range(1, deck(page).count + 1)]


def run(**params):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def run_page(page, **params):
    """The lab or batch page alone (as test_app_lab does), with query parameters."""
    at = AppTest.from_string(PAGE_APPS[page], default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def metrics(at):
    """The numbers shown: a slide's st.metric values, or the explorer's losses (visible.values_shown)."""
    return values_shown(at)


def html(at):
    return " ".join(h.proto.body for h in at.html)


def readable(at):
    """visible_texts without style sheets, and with HTML (chips, rows) as the words it shows."""
    return [re.sub(r"<[^>]+>", " ", t) for t in visible_texts(at) if not t.lstrip().startswith("<style")]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("number", range(1, 7))
def test_every_step_opens_from_its_link_as_one_slide(number, lang):
    at = run(step=str(number), lang=lang)
    assert not at.exception and not at.error
    step = tour(lang)[number - 1]
    assert at.header[0].value == text("tour.step_heading", lang, number=number, total=6, title=step.title)
    assert any(m.value == step.text for m in at.markdown)
    assert metrics(at) == SHOWN[number]
    # The one chart the step needs; step 4's is the explorer's drag chart.
    drag = [c for c in at.get("bidi_component") if c.key == "slide-drag"]
    assert len(at.get("plotly_chart")) + len(drag) == 1 and bool(drag) == (number == 4)
    assert not at.text_input  # inputs are chips, read-only
    assert at.pills(key="step").value == number
    if lang == "zh":
        assert not english_left(readable(at))


def test_step_1_has_no_cross_entropy_on_the_slide():
    at = run(step="1")
    assert metrics(at) == [f"{SSE1:.4f}"] and [m.label for m in at.metric] == ["Squared error"]
    (chart,) = at.get("plotly_chart")
    slide = [at.header[0].value, *(m.value for m in at.markdown), html(at), *chart_texts(chart.proto.spec)]
    shown = " ".join(slide)  # everything but the step pills, which name all six steps
    assert f"{CEE1:.4f}" not in shown and "ross-entropy" not in shown and "log" not in shown


def test_step_5_shows_both_rows_and_their_mean():
    at = run(step="5")
    rows = re.findall(r"<tr><td>(\d)</td><td>([^<]*)</td><td>(\d)</td><td[^>]*>([^<]*)</td></tr>", html(at))
    assert rows == [
        ("1", "[0.1, 0.05, 0.05, 0.8]", "1", f"{CEE1:.4f}"),
        ("2", "[0.1, 0.8, 0.05, 0.05]", "1", f"{CEE2:.4f}"),
    ]
    assert [m.label for m in at.metric] == ["Batch mean, N = 2"]
    assert metrics(at) == [f"{(CEE1 + CEE2) / 2:.4f}"]  # (row 1 + row 2) / N
    assert any(r"\frac{1}{N}" in latex.value for latex in at.latex)


def test_next_previous_and_end():
    at = run(step="1")
    assert at.button(key="tour-prev").disabled
    at.button(key="tour-next").click().run()
    assert at.query_params["step"] == "2" and metrics(at) == SHOWN[2]
    at.button(key="tour-prev").click().run()
    assert at.query_params["step"] == "1" and metrics(at) == SHOWN[1]
    at = run(step="6")
    at.button(key="tour-end").click().run()
    assert "step" not in at.query_params and not at.header  # the explorer, with step 6's inputs
    assert at.text_input(key="t").value == "1" and at.text_input(key="y").value == "0.1, 0.05, 0.05, 0.8"
    assert metrics(at)[:2] == [f"{SSE1:.4f}", f"{CEE1:.4f}"]


def test_ending_the_tour_opens_the_explorer_on_the_steps_inputs():
    at = run(step="2")
    at.button(key="tour-end").click().run()
    assert not at.exception and "step" not in at.query_params
    assert at.text_input(key="y").value == "0.1, 0.8, 0.05, 0.05"
    assert metrics(at)[:2] == [f"{SSE2:.4f}", f"{CEE2:.4f}"]
    assert at.pills(key="step").value is None  # the way back into the tour


def test_picking_a_step_in_the_explorer_starts_the_tour():
    at = run()
    at.pills(key="step").set_value(3).run()
    assert at.query_params["step"] == "3" and metrics(at) == SHOWN[3]
    assert at.header[0].value.startswith("Step 3 of 6")


def test_ask_first_hides_the_numbers_until_revealed():
    at = run(step="3", ask="1")
    assert metrics(at) == ["?", "?"] and not at.get("plotly_chart")
    assert any(m.value == f"**{tour()[2].ask}**" for m in at.markdown)
    assert not any(f"{CEE1:.4f}" in m.value for m in at.markdown)  # the text would tell the answer
    at.button(key="tour-reveal").click().run()
    assert metrics(at) == SHOWN[3] and len(at.get("plotly_chart")) == 1
    at.button(key="tour-next").click().run()
    assert metrics(at) == ["?"] and at.button(key="tour-reveal")  # the next step asks again
    at.button(key="tour-prev").click().run()
    assert metrics(at) == SHOWN[3]  # a step once revealed stays revealed


def test_the_join_panel_links_the_step_without_language_or_presentation():
    at = run(step="4", lang="zh", present="1", ask="1")
    at.toggle(key="lv-join").set_value(True).run()
    assert not at.exception and not at.metric
    assert 'data-link="?step=4&amp;ask=1"' in html(at)  # AppTest has no page URL: the link is relative
    assert 'src="data:image/svg+xml;base64,' in html(at) and 'alt="链接 ?step=4&amp;ask=1 的二维码"' in html(
        at
    )
    at.button(key="tour-reveal").click().run()  # the panel follows the step (ask: reveal first)
    at.button(key="tour-next").click().run()
    assert 'data-link="?step=5&amp;ask=1"' in html(at)


def test_the_tours_play_as_one_deck():
    at = run(step="6", present="1", lang="zh")
    at.button(key="tour-next").click().run()  # past the explorer's last step: the lab's first
    assert not at.exception and at.query_params["step"] == "1"
    assert at.query_params["present"] == "1" and at.query_params["lang"] == "zh"  # the room's switches stay
    assert at.header[0].value.startswith("第 1 步，共 4 步") and metrics(at) == DECK_SHOWN["lab"][1]
    at.button(key="tour-prev").click().run()  # and back
    assert at.header[0].value.startswith("第 6 步，共 6 步") and metrics(at) == SHOWN[6]
    at = run(step="6")
    for _ in range(5):  # into the lab, through its four steps, on to the batch page's first
        at.button(key="tour-next").click().run()
    assert at.header[0].value.startswith("Step 1 of 3") and metrics(at) == DECK_SHOWN["batch"][1]
    at.button(key="tour-next").click().run()
    at.button(key="tour-next").click().run()  # the batch page's last step: on to the training page's
    at.button(key="tour-next").click().run()
    assert not at.exception and at.header[0].value.startswith("Step 1 of 1")
    assert not [b for b in at.button if b.key == "tour-next"] and at.button(key="tour-finish")  # the last


def test_a_step_out_of_range_leaves_the_explorer_with_a_notice():
    at = run(step="9")
    assert not at.exception and not at.header and at.text_input(key="y")
    assert any("step=9" in c.value for c in at.caption)


def test_projected_charts_have_large_type():
    for slide in slides():
        fig = projected(slide.figure)
        assert fig.layout.font.size >= 18 and fig.layout.title.font.size >= 24
        for axis in (fig.layout.xaxis, fig.layout.yaxis):
            assert axis.tickfont.size >= 18
        assert slide.figure.layout.font.size is None  # the step's own figure is left as it was


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("page", "number"), DECK_STEPS)
def test_every_lab_and_batch_step_opens_from_its_link_as_one_slide(page, number, lang):
    at = run_page(page, step=str(number), lang=lang)
    assert not at.exception and not at.error
    d = deck(page)
    step = d.steps(lang)[number - 1]
    assert [h.value for h in at.header] == [
        text("tour.step_heading", lang, number=number, total=d.count, title=step.title)
    ]
    assert any(m.value == step.text for m in at.markdown)
    assert metrics(at) == DECK_SHOWN[page][number]
    assert len(at.get("plotly_chart")) == 1  # its one chart
    assert not at.text_input and not at.slider  # inputs are chips, read-only
    assert at.pills(key=f"{page}-step").value == number
    if lang == "zh":
        assert not english_left(readable(at))


def test_the_lab_slides_move_and_end_on_the_lab_with_the_steps_inputs():
    at = run_page("lab", step="1")
    assert not at.button(key="tour-prev").disabled  # the explorer's last step is before it
    at.button(key="tour-next").click().run()
    assert at.query_params["step"] == "2" and metrics(at) == DECK_SHOWN["lab"][2]
    at.button(key="tour-prev").click().run()
    assert at.query_params["step"] == "1" and metrics(at) == DECK_SHOWN["lab"][1]
    at = run_page("lab", step="4")
    at.button(key="tour-end").click().run()
    assert not at.exception and "step" not in at.query_params
    assert at.header[0].value == "Logits, softmax and two ways to take the log"  # the lab itself
    assert at.text_input(key="z").value == "2, 1, 0.1" and at.text_input(key="target").value == "0"
    assert at.slider(key="eps").value == 0.1
    assert DECK_SHOWN["lab"][4][1] in metrics(at)  # label smoothing, ε = 0.1: 0.5137
    assert at.pills(key="lab-step").value is None  # the way back into the tour


def test_ending_the_batch_tour_opens_the_batch_page_on_its_batch():
    at = run_page("batch")
    at.slider(key="acc").set_value(0.5).run()  # the page on another batch, then the tour from its pills
    at.pills(key="batch-step").set_value(2).run()
    assert metrics(at) == DECK_SHOWN["batch"][2]
    at.button(key="tour-end").click().run()
    assert not at.exception and "step" not in at.query_params
    assert at.slider(key="acc").value == 0.8  # the step's batch, not the link's
    assert metrics(at)[0] == DECK_SHOWN["batch"][1][0]  # its mean cross-entropy, 1.2440


def test_the_lab_asks_first_and_reveals():
    at = run_page("lab", step="2", ask="1")
    assert metrics(at) == ["?", "?", "?"] and not at.get("plotly_chart")
    step = deck("lab").steps()[1]
    assert any(m.value == f"**{step.ask}**" for m in at.markdown)
    at.button(key="tour-reveal").click().run()
    assert metrics(at) == DECK_SHOWN["lab"][2] and len(at.get("plotly_chart")) == 1
    at.button(key="tour-next").click().run()
    assert metrics(at) == ["?", "?", "?"]


def test_a_step_the_page_does_not_have_leaves_it_with_a_notice():
    at = run_page("batch", step="4")  # the batch page has three
    assert not at.exception and not at.header and "step" not in at.query_params
    assert at.title[0].value == text("batch.title")  # the batch page itself
    assert any("step=4" in c.value and "1 to 3" in c.value for c in at.caption)
    assert at.pills(key="batch-step").value is None


def test_the_join_panel_on_the_lab_links_its_step():
    at = run_page("lab", step="3", lang="zh", present="1")
    at.toggle(key="lv-join").set_value(True).run()
    assert not at.exception and not at.metric
    assert 'data-link="?step=3"' in html(at)  # AppTest has no page URL: the browser test sees /lab


# ---- in a real browser ----

FIT = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const nav = document.querySelector('.st-key-lv-slide-nav').getBoundingClientRect();
    const outside = [], small = [];
    let bottom = 0;
    for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.top < -1 || r.left < -1)
            outside.push(el.getAttribute('data-testid') || el.className.toString().slice(0, 40));
        if (el.closest('.st-key-lv-slide')) {
            bottom = Math.max(bottom, r.bottom);
            const words = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
            if (words && !el.closest('.js-plotly-plot, .katex, svg'))
                small.push(parseFloat(getComputedStyle(el).fontSize));
        }
    }
    const ticks = Array.from(document.querySelectorAll('.st-key-lv-chart .xtick text, .st-key-lv-chart .ytick text'));
    return {
        scroll: [main.scrollHeight - main.clientHeight, main.scrollWidth - main.clientWidth,
                 document.documentElement.scrollHeight - innerHeight, document.documentElement.scrollWidth - innerWidth],
        outside: outside.slice(0, 5),
        overlap: Math.round(bottom - nav.top),
        text: Math.min(...small),
        ticks: ticks.length ? Math.min(...ticks.map(t => parseFloat(getComputedStyle(t).fontSize))) : null,
    };
}"""
CUT_OFF = """() => {
    // Sideways: the page's own overflow, and slide elements past the right edge that no scrolling box holds.
    const held = el => { for (let a = el.parentElement; a; a = a.parentElement)
        if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX) && a.getBoundingClientRect().right <= innerWidth + 1)
            return true; return false; };
    const cut = Array.from(document.querySelectorAll('.st-key-lv-slide *')).filter(el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > innerWidth + 1 && !held(el);
    }).map(el => el.getAttribute('data-testid') || el.tagName);
    return {page: Math.max(0, document.documentElement.scrollWidth - innerWidth), cut: cut.slice(0, 5)};
}"""
VIEW = """() => ({top: document.querySelector('[data-testid="stMain"]').scrollTop, y: scrollY,
    next: JSON.stringify(document.querySelector('.st-key-lv-slide-nav [data-testid="stBaseButton-primary"]')
        .getBoundingClientRect())})"""
TICKS_AT_LEAST = """px => {
    const ticks = Array.from(document.querySelectorAll('.st-key-lv-chart .xtick text, .st-key-lv-chart .ytick text'));
    return ticks.length > 0 && ticks.every(t => parseFloat(getComputedStyle(t).fontSize) >= px);
}"""


def slide_page(browser, app_url, query, width, height, locale="en-US"):
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1, locale=locale
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/{query}")
    expect(page.locator(".st-key-lv-slide h2")).to_be_visible(timeout=TIMEOUT * 1000)
    return context, page, errors


def wait_for_step(page, number, lang="en", ticks=18, on="explorer"):
    """Wait until step `number` of page `on` is drawn, its chart's ticks at least `ticks` px (they
    grow with the screen once the browser has reported its size)."""
    d = deck(on)
    heading = text(
        "tour.step_heading", lang, number=number, total=d.count, title=d.steps(lang)[number - 1].title
    )
    expect(page.locator(".st-key-lv-slide h2")).to_have_text(heading, timeout=TIMEOUT * 1000)
    shown = SHOWN_ON[on][number]
    expect(page.locator('[data-testid="stMetricValue"]')).to_have_text(shown, timeout=TIMEOUT * 1000)
    page.wait_for_function(TICKS_AT_LEAST, arg=ticks, timeout=TIMEOUT * 1000)
    page.wait_for_timeout(300)  # the chart's last relayout


SCREENS = [(1280, 720, "en"), (1920, 1080, "en"), (1280, 720, "zh"), (1920, 1080, "zh")]
PATHS = {"explorer": "", "lab": "lab", "batch": "batch"}


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height", "lang"), SCREENS)
@pytest.mark.parametrize("on", ["explorer", "lab", "batch"])
def test_every_step_fits_one_projector_screen(browser, app_url, on, width, height, lang):
    query = f"{PATHS[on]}?present=1&step=1&lang={lang}"
    context, page, errors = slide_page(browser, app_url, query, width, height)
    measured = {}
    scale = min(width / 1280, height / 720)  # the slide is laid out for 1280×720 and grows with the screen
    for number in range(1, deck(on).count + 1):
        if number > 1:
            page.keyboard.press("ArrowRight")
        wait_for_step(page, number, lang, ticks=18 * scale, on=on)
        measured[number] = page.evaluate(FIT)
        name = "slide" if on == "explorer" else f"slide-{on}"
        page.screenshot(path=str(ARTIFACTS / f"{name}-step{number}-{width}x{height}-{lang}.png"))
    context.close()
    print(on, measured)  # the measurements, for the report (pytest -s)
    for number, fit in measured.items():
        assert fit["scroll"] == [0, 0, 0, 0], (number, fit)  # no vertical or horizontal scroll
        assert not fit["outside"] and fit["overlap"] <= 0, (number, fit)  # nothing under the fixed bar
        assert fit["text"] >= 24 * scale and fit["ticks"] >= 18 * scale, (number, fit)
    assert not errors


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_clicker_keys_move_between_steps_and_the_view_stays_put(browser, app_url, width, height):
    context, page, errors = slide_page(browser, app_url, "?present=1&step=2", width, height)
    wait_for_step(page, 2)
    view = page.evaluate(VIEW)
    for key, number in [
        ("PageDown", 3),
        (" ", 4),
        ("ArrowLeft", 3),
        ("PageUp", 2),
        ("Shift+ ", 1),
        ("ArrowRight", 2),
    ]:
        page.keyboard.press(key)
        wait_for_step(page, number)
        assert page.evaluate(VIEW) == view, key  # no scroll, and Next is where it was
        assert f"step={number}" in page.url
    page.get_by_text("Ask first").click()  # predict, then reveal: → reveals, then moves on
    expect(page.locator('[data-testid="stMetricValue"]')).to_have_text(["?", "?"], timeout=TIMEOUT * 1000)
    page.keyboard.press("ArrowRight")
    wait_for_step(page, 2)
    page.keyboard.press("ArrowRight")
    expect(page.locator('[data-testid="stMetricValue"]')).to_have_text(["?", "?"], timeout=TIMEOUT * 1000)
    assert "step=3" in page.url
    context.close()
    assert not errors


@pytest.mark.smoke
@pytest.mark.browser
def test_the_clicker_keys_work_after_a_click_on_a_step_pill_or_the_language(browser, app_url):
    context, page, errors = slide_page(browser, app_url, "?present=1&step=2", 1280, 720)
    wait_for_step(page, 2)
    pill = page.locator(".st-key-lv-slide-top button", has_text="5 · A batch")
    box = pill.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a real click
    wait_for_step(page, 5)
    page.keyboard.press("PageDown")
    wait_for_step(page, 6)
    page.keyboard.press("ArrowLeft")  # the arrows too, though the pill keeps the focus
    wait_for_step(page, 5)
    button = page.locator(".st-key-lang button", has_text="中文")
    box = button.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_for_step(page, 5, "zh")
    page.keyboard.press("PageDown")
    wait_for_step(page, 6, "zh")
    page.keyboard.press("PageDown")  # past the explorer's last step: the lab's first
    wait_for_step(page, 1, "zh", on="lab", ticks=1)
    assert "/lab" in page.url and "step=1" in page.url and "present=1" in page.url
    page.keyboard.press("PageUp")
    wait_for_step(page, 6, "zh")
    context.close()
    assert not errors


def open_join(browser, app_url, query, shot):
    """A projected slide at 1280×720 with its join panel open: (context, page, errors, the QR image,
    the page's fit, what zxing decodes from the image); a screenshot at artifacts/{shot}-join-1280x720-zh.png."""
    context, page, errors = slide_page(browser, app_url, query, 1280, 720)
    page.get_by_text("加入二维码").click()
    code = page.locator(".lv-qr img")
    expect(code).to_be_visible(timeout=TIMEOUT * 1000)
    page.wait_for_timeout(300)
    fit = page.evaluate(FIT)
    page.screenshot(path=str(ARTIFACTS / f"{shot}-join-1280x720-zh.png"))
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot())))
    return context, page, errors, code, fit, found


@pytest.mark.browser
def test_the_join_qr_code_decodes_to_the_link_that_opens_the_step_in_each_phones_language(browser, app_url):
    context, page, errors, code, fit, found = open_join(
        browser, app_url, "?present=1&step=3&lang=zh", "slide"
    )
    link = f"{app_url}/?step=3"  # the page, the step; no lang, no present
    assert [r.text for r in found] == [link]
    assert page.locator(".lv-join-link").inner_text() == link.removeprefix("http://")
    box = code.bounding_box()
    assert box["height"] >= 400  # about 11 px a module: readable from the back of a room
    assert fit["scroll"] == [0, 0, 0, 0] and not fit["outside"], fit
    context.close()
    for locale, heading in (("zh-CN", "第 3 步，共 6 步"), ("en-US", "Step 3 of 6")):
        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale)
        learner = phone.new_page()
        learner.goto(link)
        expect(learner.locator(".st-key-lv-slide h2")).to_contain_text(heading, timeout=TIMEOUT * 1000)
        expect(learner.locator('[data-testid="stMetricValue"]')).to_have_text(SHOWN[3])
        phone.close()
    assert not errors


@pytest.mark.browser
def test_next_on_a_normal_screen_keeps_the_page_still_and_a_phone_needs_no_sideways_scroll(browser, app_url):
    context, page, errors = slide_page(browser, app_url, "?step=1", 1280, 720)  # not presenting
    wait_for_step(page, 1, ticks=1)  # a normal screen's chart keeps Plotly's own type
    top = page.evaluate(VIEW)
    for number in range(2, 6):
        page.locator('.st-key-lv-slide-nav [data-testid="stBaseButton-primary"]').click()
        wait_for_step(page, number, ticks=1)
        assert page.evaluate(VIEW) == top  # the issue: "Next →" scrolled the page 590 px
    context.close()
    context, page, errors_phone = slide_page(browser, app_url, "?step=5&lang=zh", 390, 844, locale="zh-CN")
    wait_for_step(page, 5, "zh", ticks=1)
    overflow = page.evaluate(CUT_OFF)
    page.screenshot(path=str(ARTIFACTS / "slide-step5-phone-zh.png"), full_page=True)
    context.close()
    assert overflow == {"page": 0, "cut": []}
    assert not errors and not errors_phone


def _still(page):
    """The page's scroll and the right edge and height of the primary button (Next, or Finish on the
    last step, which is wider: both end at the same place)."""
    view = page.evaluate(VIEW)
    box = json.loads(view.pop("next"))
    return view, box["right"], box["top"], box["bottom"]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("on", "width", "height"), [(on, w, h) for on in ("lab", "batch") for w, h in ((1280, 720), (1920, 1080))]
)
def test_clicker_keys_move_the_lab_and_batch_slides_and_the_view_stays_put(
    browser, app_url, on, width, height
):
    context, page, errors = slide_page(browser, app_url, f"{PATHS[on]}?present=1&step=1", width, height)
    wait_for_step(page, 1, on=on, ticks=1)
    view = _still(page)
    for key, number in [("PageDown", 2), (" ", 3), ("ArrowLeft", 2), ("PageUp", 1), ("ArrowRight", 2)]:
        page.keyboard.press(key)
        wait_for_step(page, number, on=on, ticks=1)
        assert _still(page) == view, key  # no scroll, and Next (or Finish) is where it was
        assert f"step={number}" in page.url and f"/{on}" in page.url
    page.get_by_text("Ask first").click()  # predict, then reveal: → reveals, then moves on
    hidden = ["?"] * len(SHOWN_ON[on][2])
    expect(page.locator('[data-testid="stMetricValue"]')).to_have_text(hidden, timeout=TIMEOUT * 1000)
    page.keyboard.press("ArrowRight")
    wait_for_step(page, 2, on=on, ticks=1)
    page.keyboard.press("ArrowRight")
    hidden = ["?"] * len(SHOWN_ON[on][3])
    expect(page.locator('[data-testid="stMetricValue"]')).to_have_text(hidden, timeout=TIMEOUT * 1000)
    assert "step=3" in page.url
    context.close()
    assert not errors


@pytest.mark.browser
def test_the_lab_join_qr_code_decodes_to_the_labs_step(browser, app_url):
    context, page, errors, code, fit, found = open_join(
        browser, app_url, "lab?present=1&step=2&lang=zh", "slide-lab"
    )
    link = f"{app_url}/lab?step=2"  # the lab, the step; no lang, no present
    assert [r.text for r in found] == [link]
    assert fit["scroll"] == [0, 0, 0, 0] and not fit["outside"], fit
    context.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    learner = phone.new_page()
    learner.goto(link)
    wait_for_step(learner, 2, on="lab", ticks=1)
    overflow = learner.evaluate(CUT_OFF)
    learner.screenshot(path=str(ARTIFACTS / "slide-lab-step2-phone-en.png"), full_page=True)
    phone.close()
    assert overflow == {"page": 0, "cut": []}
    assert not errors
