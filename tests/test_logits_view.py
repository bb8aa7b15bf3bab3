"""The lab's logits view (lossviz.ui.logits_drag, lossviz.views.logits): where it starts, its
browser arithmetic against the core, and a drag in Chromium that moves y with no rerun."""

import numpy as np
import pytest
from conftest import ROOT
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

import lossviz as lv
from lossviz.maths.network import logit_gradients
from lossviz.views.logits import start

MATH_JS = ROOT / "lossviz" / "ui" / "logits_drag" / "assets" / "logits_math.js"
LAB = "from lossviz.ui.lab import main\nmain()\n"


def test_the_view_starts_from_the_labs_logits_when_it_can_show_them():
    z, t, from_lab = start(np.array([2.0, 1.0, 0.1]), np.array([0.0, 1.0, 0.0]))
    assert (z, t, from_lab) == ([2.0, 1.0, 0.1], [0.0, 1.0, 0.0], True)


@pytest.mark.parametrize(
    "scaled",
    [None, np.array([1000.0, 0.0]), np.arange(11.0) - 5, np.array([-10.5, 0.0])],
    ids=["probabilities", "beyond the sliders", "eleven classes", "just beyond"],
)
def test_otherwise_it_starts_from_the_confidently_wrong_example(scaled):
    t = None if scaled is None else np.eye(scaled.size)[0]
    # the example: three classes, true class 0, z = [−4, 3, 0]
    assert start(scaled, t) == ([-4.0, 3.0, 0.0], [1.0, 0.0, 0.0], False)


def lab(**params):
    at = AppTest.from_string(LAB, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_the_lab_shows_the_view_with_its_own_logits_or_the_example():
    at = lab(z="2, 1, 0.1", target="0")
    assert not at.exception and [h.value for h in at.header].count("Drag the logits") == 1
    assert any(c.value.startswith("The logits above") for c in at.caption)
    assert any(e.key == "lab-logits" for e in at.get("bidi_component"))
    at = lab()  # the lab's own default z = [1000, 0] is beyond the sliders
    assert any(c.value.startswith("A confidently wrong example") for c in at.caption)


@pytest.mark.browser
def test_the_browser_arithmetic_matches_the_core(browser):
    rng = np.random.default_rng(5)
    cases = []
    for k in (2, 3, 10):
        for _ in range(4):
            z = rng.uniform(-10, 10, k)
            t = np.eye(k)[rng.integers(k)] if rng.random() < 0.7 else rng.dirichlet(np.ones(k))
            cases.append((z, t))
    cases.append((np.array([-4.0, 3.0, 0.0]), np.array([1.0, 0.0, 0.0])))  # the example
    page = browser.new_page()
    try:
        got = page.evaluate(
            """async ([src, cases, delta]) => {
                const m = await import(URL.createObjectURL(new Blob([src], {type: "text/javascript"})));
                return cases.map(([z, t]) => {
                    const y = m.softmax(z);
                    return {y, sse: m.squaredError(y, t), cee: m.crossEntropy(y, t, delta),
                            g: m.logitGradients(y, t, delta)};
                });
            }""",
            [MATH_JS.read_text(encoding="utf-8"), [[z.tolist(), t.tolist()] for z, t in cases], lv.DELTA],
        )
    finally:
        page.close()
    for (z, t), g in zip(cases, got, strict=True):
        y = lv.softmax(z)
        np.testing.assert_allclose(g["y"], y, rtol=1e-13, atol=1e-16)
        assert g["sse"] == pytest.approx(lv.sum_squared_error(y, t), rel=1e-12, abs=1e-15)
        assert g["cee"] == pytest.approx(lv.cross_entropy_error(y, t), rel=1e-12, abs=1e-15)
        want = logit_gradients(y[None, :], t[None, :])
        np.testing.assert_allclose(g["g"]["squared"], want["squared"][0], rtol=1e-9, atol=1e-15)
        np.testing.assert_allclose(g["g"]["crossEntropy"], want["cross-entropy"][0], rtol=1e-9, atol=1e-15)
        # through a softmax, every entry of ∂E/∂z lies in [−1, 1]
        assert max(abs(v) for v in g["g"]["squared"] + g["g"]["crossEntropy"]) <= 1


@pytest.mark.slow
@pytest.mark.browser
def test_dragging_a_logit_moves_y_without_a_rerun(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    finished = []

    def frame(payload):
        if isinstance(payload, bytes):
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            finished.append(msg.WhichOneof("type") == "script_finished")

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    page.goto(f"{app_url}/lab?z=-4,3,0&target=0")
    view = page.locator('.lv-logits[data-state="ready"]')
    expect(view).to_be_visible(timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_timeout(500)
    before = sum(finished)
    y0 = float(page.evaluate("() => JSON.parse(document.querySelector('.lv-logits').dataset.y)[0]"))
    slider = page.get_by_role("slider", name="logit z of class 0")
    slider.focus()
    for _ in range(40):  # z0 from −4 to 0
        page.keyboard.press("ArrowRight")
    y = page.evaluate("() => JSON.parse(document.querySelector('.lv-logits').dataset.y)")
    page.wait_for_timeout(500)
    reruns = sum(finished) - before
    context.close()
    # z = [0, 3, 0]: y0 = 1 / (1 + e³ + 1) (by hand) after y0 = e⁻⁴ / (e⁻⁴ + e³ + 1) before
    assert y0 == pytest.approx(np.exp(-4) / (np.exp(-4) + np.exp(3) + 1), rel=1e-12)
    assert y[0] == pytest.approx(1 / (2 + np.exp(3)), rel=1e-9)
    assert reruns == 0
