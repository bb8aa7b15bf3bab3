"""Latency of the drag component (lossviz.ui.drag) in a real browser, against a bare Streamlit app.

    python -m benchmarks.drag_latency [--moves 200] [--releases 20]

Run it from the repository's root, as a module (it imports lossviz and benchmarks.lib). Starts
`streamlit run` for tests/apps/drag_demo.py (?k=4) and for benchmarks/bare_app.py on free
loopback ports and opens both in Debian's Chromium (Playwright). Then:

- frames while dragging: the mouse button is held on the point and moved --moves times across the
  −log chart, one move per painted frame. Each move is timed inside the page from the event's
  timestamp to just after the frame that shows the new number was painted (a message posted when
  the number changes runs after that frame's rendering), and the component's own work per frame
  (its "lossviz-drag-frame" User Timing measure). Goal: p95 ≤ 16 ms.
- release → settled: --releases drags, each timed from releasing the button until the page shows
  what Python received (the commit count), nothing stale and the app not running; alternated with
  as many edits of the bare app's text box (timed as benchmarks/browser_latency.py does), so that
  drift in the machine's load hits both alike. Goal: median ≤ 2× the bare app's edit.
- bytes: what each release's rerun sends over the websocket, and what plotly.js costs once.
"""

import argparse
import base64
import contextlib
import statistics
import time

from playwright.sync_api import sync_playwright

from benchmarks.lib.apps import BARE_APP
from benchmarks.lib.browser import CHROMIUM, CHROMIUM_ARGS, SETTLED
from lossviz.server.launch import ROOT, serving

DEMO = ROOT / "tests" / "apps" / "drag_demo.py"
INPUTS = ["0.1, 0.8, 0.05, 0.05", "0.1, 0.05, 0.05, 0.8"]

# Installed in the demo page: times each pointer move until the frame showing its number is painted.
PROBE = """() => {
    const value = document.querySelector('.lv-drag [data-lv="sse"]');
    const channel = new MessageChannel();
    window.dragProbe = {pending: [], latencies: []};
    channel.port1.onmessage = () => {
        const now = performance.now();
        for (const t of window.dragProbe.pending) window.dragProbe.latencies.push(now - t);
        window.dragProbe.pending = [];
        if (window.dragProbe.waiter) window.dragProbe.waiter();
    };
    window.addEventListener('pointermove', e => window.dragProbe.pending.push(e.timeStamp), true);
    new MutationObserver(() => channel.port2.postMessage(0))
        .observe(value, {childList: true, characterData: true, subtree: true});
}"""
NEXT_PAINT = """() => new Promise(resolve => {
    window.dragProbe.waiter = resolve;
    setTimeout(resolve, 200);  // a move that lands on the same p changes no number
})"""


def percentile(values, q):
    ordered = sorted(values)
    return ordered[max(0, int(round(q * len(ordered))) - 1)]


def open_demo(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = []
    cdp.on(
        "Network.webSocketFrameReceived",
        lambda e: received.append(len(base64.b64decode(e["response"]["payloadData"]))),
    )
    page.goto(url + "/?k=4")
    page.wait_for_selector('.lv-drag[data-state="ready"]', timeout=60_000)
    page.wait_for_timeout(2000)
    return page, received


def plotly_transfer(page):
    """(bytes over the wire, bytes decoded) of plotly.js for this page."""
    return page.evaluate(
        """() => performance.getEntriesByType('resource').filter(e => e.name.includes('plotly.min.js'))
            .map(e => [e.transferSize, e.decodedBodySize])[0] || [0, 0]"""
    )


def boxes(page):
    surface = page.locator('[data-lv="panel-curve"] .lv-drag-surface').bounding_box()
    handle = page.locator('[data-lv="panel-curve"] .lv-drag-handle').bounding_box()
    return surface, (handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)


def frames_while_dragging(page, moves):
    """Per move: ms from the pointer event to the painted number; ms of the component's work."""
    page.evaluate(PROBE)
    page.evaluate("() => performance.clearMeasures('lossviz-drag-frame')")
    surface, (x, y) = boxes(page)
    page.mouse.move(x, y)
    page.mouse.down()
    page.evaluate(NEXT_PAINT)
    page.evaluate(
        "() => { window.dragProbe.latencies = []; performance.clearMeasures('lossviz-drag-frame'); }"
    )
    for i in range(moves):
        phase = (i % 100) / 100  # sweep p from 0.05 to 0.95 and back
        p = 0.05 + 0.9 * (phase * 2 if phase < 0.5 else 2 - phase * 2)
        page.mouse.move(surface["x"] + surface["width"] * p / 1.02, y + (i % 7))
        page.evaluate(NEXT_PAINT)
    page.mouse.up()
    latencies = page.evaluate("() => window.dragProbe.latencies")
    work = page.evaluate("() => performance.getEntriesByName('lossviz-drag-frame').map(e => e.duration)")
    return latencies, work


def release(page, received, commits, target):
    """Seconds from releasing the point (dragged to p = target) until Python's answer is shown."""
    surface, (x, y) = boxes(page)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(surface["x"] + surface["width"] * target / 1.02, y, steps=5)
    received.clear()
    start_time = time.perf_counter()
    page.mouse.up()
    page.wait_for_function(SETTLED, arg=f"commits: {commits}", timeout=60_000, polling=10)
    seconds = time.perf_counter() - start_time
    page.wait_for_timeout(300)  # late frames of the same rerun
    return seconds, sum(received)


def bare_edit(page, box, text, expected):
    box.fill(text)
    start_time = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(SETTLED, arg=expected, timeout=60_000, polling=10)
    return time.perf_counter() - start_time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--releases", type=int, default=20)
    args = parser.parse_args()
    with contextlib.ExitStack() as servers, sync_playwright() as pw:
        _, demo_url = servers.enter_context(serving(DEMO))
        _, bare_url = servers.enter_context(serving(BARE_APP))
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        demo, received = open_demo(browser, demo_url)
        wire, decoded = plotly_transfer(demo)
        bare = browser.new_page(viewport={"width": 1280, "height": 900})
        bare.goto(bare_url)
        bare.wait_for_selector('[data-testid="stTextInput"]', timeout=60_000)
        bare.wait_for_timeout(2000)
        box = bare.get_by_role("textbox", name="y")

        latencies, work = frames_while_dragging(demo, args.moves)
        commits = 1
        drag_times, bare_times, sizes = [], [], []
        for i in range(args.releases + 2):  # the first two rounds warm the caches and are not counted
            commits += 1
            seconds, size = release(demo, received, commits, (0.3, 0.6)[i % 2])
            bare_seconds = bare_edit(bare, box, INPUTS[i % 2], "value: " + INPUTS[i % 2])
            if i >= 2:
                drag_times.append(seconds)
                bare_times.append(bare_seconds)
                sizes.append(size)
        browser.close()

    print(f"frames while dragging ({len(latencies)} painted moves):")
    print(
        f"  pointer move → number painted: p50 {statistics.median(latencies):5.1f} ms   "
        f"p95 {percentile(latencies, 0.95):5.1f} ms   (goal p95 ≤ 16 ms)"
    )
    print(
        f"  component work per frame:      p50 {statistics.median(work):5.2f} ms   "
        f"p95 {percentile(work, 0.95):5.2f} ms"
    )
    drag_median, bare_median = statistics.median(drag_times), statistics.median(bare_times)
    print(f"release → settled ({len(drag_times)} each, alternated):")
    print(
        f"  drag release:   median {drag_median * 1e3:6.1f} ms   p95 {percentile(drag_times, 0.95) * 1e3:6.1f} ms"
    )
    print(
        f"  bare app edit:  median {bare_median * 1e3:6.1f} ms   p95 {percentile(bare_times, 0.95) * 1e3:6.1f} ms"
    )
    print(f"  ratio (medians) {drag_median / bare_median:4.2f}   (goal ≤ 2)")
    print(
        f"bytes: a release's rerun receives {statistics.median(sizes) / 1e3:.1f} kB over the websocket (median); "
        f"plotly.js came once: {wire / 1e6:.2f} MB on the wire ({decoded / 1e6:.2f} MB unpacked)"
    )


if __name__ == "__main__":
    main()
