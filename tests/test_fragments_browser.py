"""Rerun only what changed: a chart option reruns its section (an st.fragment), not the page; an
edit of t or y reruns the explorer below the examples, not the frame, examples and tour; a slider
of the batch page's sample reruns the batch, not the page's title, tour and switches.

Read off the wire: the browser's websocket frames are Streamlit's ForwardMsg protobufs. A fragment
run ends with FINISHED_FRAGMENT_RUN_SUCCESSFULLY and sends no element of the rest of the page
(AppTest cannot show this: it always reruns the whole script).
"""

import numpy as np
import pytest
from conftest import VALUES
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from lossviz.maths.simulation import simulate_classifier

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
FRAGMENT_RUN = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


class Wire:
    """Every ForwardMsg the page receives from now on."""

    def __init__(self, page):
        self.messages = []
        page.on("websocket", self._watch)

    def _watch(self, ws):
        ws.on("framereceived", self._frame)

    def _frame(self, payload):
        if isinstance(payload, bytes):
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            self.messages.append(msg)

    def clear(self):
        self.messages.clear()

    def finished(self):
        return [m.script_finished for m in self.messages if m.WhichOneof("type") == "script_finished"]

    def element_kinds(self):
        kinds = []
        for m in self.messages:
            if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
                kind = m.delta.new_element.WhichOneof("type")
                if kind == "bidi_component":  # which component: "bidi_component:lossviz.figure"
                    kind += ":" + m.delta.new_element.bidi_component.component_name
                kinds.append(kind)
        return kinds


def open_with_wire(browser, app_url, query):
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    wire = Wire(page)
    page.goto(f"{app_url}/{query}")
    expect(page.locator(VALUES).first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT
    )
    page.wait_for_timeout(500)
    wire.clear()
    return page, wire


def wait_finished(page, wire):
    page.wait_for_function("() => true")  # let pending frames arrive
    for _ in range(100):
        if wire.finished():
            return wire.finished()
        page.wait_for_timeout(100)
    raise AssertionError("no script_finished arrived")


def test_choosing_a_chart_reruns_only_the_charts_section(browser, app_url):
    page, wire = open_with_wire(browser, app_url, "")
    page.get_by_role("radio", name="Per-class bars").click()
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    assert wait_finished(page, wire) == [FRAGMENT_RUN]
    kinds = wire.element_kinds()
    assert "bidi_component:lossviz.figure" in kinds  # the per-class bars
    # Nothing outside the section: not the inputs, the drag chart, the formulas or the table.
    outside = {"text_input", "bidi_component:lossviz.drag", "bidi_component:lossviz.formulas", "dataframe"}
    assert not outside & set(kinds), kinds
    page.context.close()


def test_a_lab_slider_reruns_only_its_section(browser, app_url):
    page, wire = open_with_wire(browser, app_url, "lab")
    slider = page.get_by_role("slider", name="ε").first
    slider.focus()
    page.keyboard.press("ArrowRight")  # ε: 0.10 → 0.11
    assert wait_finished(page, wire) == [FRAGMENT_RUN]
    kinds = wire.element_kinds()
    # The inputs and the charts (lossviz's figure component) stay.
    assert "text_input" not in kinds and "bidi_component:lossviz.figure" not in kinds, kinds
    page.context.close()


def test_editing_y_reruns_the_explorer_but_not_the_frame_above_it(browser, app_url):
    page, wire = open_with_wire(browser, app_url, "")
    box = page.get_by_role("textbox", name="y — the predicted probabilities")
    box.fill("0.2, 0.3, 0.3, 0.2")
    box.press("Enter")
    # SSE = ½(0.2² + 0.7² + 0.3² + 0.2²) = 0.33 for t = class 1 (hand computation), shown to 4 significant digits.
    expect(page.locator(VALUES).first).to_have_text("0.3300", timeout=TIMEOUT)
    assert wait_finished(page, wire) == [FRAGMENT_RUN]
    kinds = wire.element_kinds()
    # Everything that follows y comes back: both boxes, the drag chart (with its per-class table),
    # the formulas, the chart.
    assert kinds.count("text_input") == 2, kinds
    assert {
        "bidi_component:lossviz.drag",
        "bidi_component:lossviz.formulas",
        "bidi_component:lossviz.figure",
    } <= set(kinds), kinds
    # The frame, the examples and the tour do not: of the four pill rows only the chart choice comes back.
    assert "toggle" not in kinds and kinds.count("button_group") == 1, kinds
    page.context.close()


def test_a_batch_slider_reruns_the_batch_but_not_the_page_above_it(browser, app_url):
    page, wire = open_with_wire(browser, app_url, "batch")
    slider = page.get_by_role("slider", name="Accuracy")
    slider.focus()
    page.keyboard.press("ArrowRight")  # accuracy: 0.80 → 0.85
    # The new sample's batch cross-entropy, −(1/N) Σ log(y[n, label] + δ), with numpy.
    y, labels = simulate_classifier(10_000, 10, accuracy=0.85, confidence=3.0, seed=0)
    expected = -np.mean(np.log(y[np.arange(10_000), labels] + 1e-7))
    expect(page.locator(VALUES).first).to_have_text(f"{expected:.4f}", timeout=TIMEOUT)
    assert wait_finished(page, wire) == [FRAGMENT_RUN]
    kinds = wire.element_kinds()
    # The sample's settings, its numbers, its three charts and the worst samples come back…
    assert kinds.count("metric") == 4 and kinds.count("bidi_component:lossviz.figure") == 3, kinds
    assert "dataframe" in kinds and "slider" in kinds, kinds
    # …not the page's title, the tour, the source choice and the language switch above them.
    assert "heading" not in kinds and "button_group" not in kinds, kinds
    page.context.close()
