"""The training page in Chromium: Play advances the epoch in the browser with no rerun, and the
first screen shows both runs' curves at desktop, laptop and phone sizes (screenshots in artifacts/).

Reruns are read off the wire: every message the server sends is a ForwardMsg protobuf, and a run
of the script ends with a script_finished message; while Play runs, none may arrive.
"""

from urllib.parse import parse_qs, urlparse

import pytest
from conftest import ARTIFACTS
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
PLAYER = ".lv-player"


class Runs:
    """How many script runs the server has finished for this page since it was made (or cleared)."""

    def __init__(self, page):
        self.count = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload):
        if isinstance(payload, bytes):
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            self.count += msg.WhichOneof("type") == "script_finished"


def open_train(browser, app_url, width, height, query=""):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    runs = Runs(page)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/train{query}")
    expect(page.locator(f'{PLAYER}[data-state="ready"]')).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT
    )
    page.wait_for_timeout(500)
    return context, page, runs, errors


def test_play_advances_the_epoch_without_a_rerun(browser, app_url):
    context, page, runs, errors = open_train(browser, app_url, 1400, 900, "?epochs=8")
    player = page.locator(PLAYER)
    expect(player).to_have_attribute("data-epoch", "8")  # the whole race first
    before = runs.count
    page.evaluate(
        """() => {
        const player = document.querySelector('.lv-player');
        window.lvEpochs = [];
        new MutationObserver(() => window.lvEpochs.push(Number(player.dataset.epoch)))
            .observe(player, {attributes: true, attributeFilter: ['data-epoch']});
    }"""
    )
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    expect(player).to_have_attribute("data-epoch", "8", timeout=15_000)  # and on to the end
    assert page.evaluate("() => window.lvEpochs") == list(range(9))  # from the start, one epoch a frame
    expect(page.get_by_role("button", name="Play")).to_be_visible()  # it stops there
    # every frame drew the traces up to its epoch: 9 points (epochs 0 … 8) at the end
    points = page.evaluate("() => document.querySelector('.lv-player-plot').data.map(t => t.x.length)")
    assert points == [9] * 8
    assert runs.count == before, "playing reran the script"
    # the slider shows any epoch, again with no rerun
    page.locator(".lv-player-range").fill("2")
    expect(player).to_have_attribute("data-epoch", "2")
    assert "Epoch 2 of 8" in page.locator(".lv-player-readout").inner_text()
    assert runs.count == before
    context.close()
    assert errors == []


@pytest.mark.slow
def test_a_worst_digit_opens_in_the_explorer_with_its_t_and_y(browser, app_url):
    context, page, _, errors = open_train(browser, app_url, 1280, 900, "?epochs=3")
    link = page.locator('[data-testid="stPageLink"] a').first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/explorer?*", timeout=TIMEOUT)
    boxes = page.locator('[data-testid="stTextInput"] input')
    expect(boxes.nth(1)).not_to_have_value("0.1, 0.05, 0.05, 0.8", timeout=TIMEOUT)  # not the default y
    t, y = boxes.nth(0).input_value(), boxes.nth(1).input_value()
    context.close()
    query = parse_qs(urlparse(href).query)
    assert (t, y) == (query["t"][0], query["y"][0])
    assert errors == []


FIRST_SCREENS = [("desktop", 1400, 900), ("laptop", 1280, 720), ("phone", 390, 844)]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "width", "height"), FIRST_SCREENS)
def test_the_first_screen_shows_both_curves(browser, app_url, name, width, height):
    context, page, _, errors = open_train(browser, app_url, width, height)
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"train-{name}.png"))
    # Both runs' test-accuracy curves (panel 3: traces 4 and 5) have points inside the viewport.
    seen = page.evaluate(
        """() => {
        const plot = document.querySelector('.lv-player-plot');
        const top = plot.getBoundingClientRect().top;
        return Array.from(plot.querySelectorAll('.scatterlayer .trace')).map(trace => {
            const r = trace.getBoundingClientRect();
            return r.height > 0 && r.top < window.innerHeight && r.bottom > top;
        });
    }"""
    )
    wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    page.set_viewport_size({"width": width, "height": 3000})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / f"train-{name}-full.png"))
    context.close()
    assert len(seen) == 8 and seen[:2] == [True, True], seen  # the loss panel's two curves at least
    assert not wide
    assert errors == []
