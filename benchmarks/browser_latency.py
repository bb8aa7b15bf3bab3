"""Interaction latency of the explorer in a real browser, against a bare one-widget Streamlit app.

    python -m benchmarks.browser_latency [--edits 40]

Run it from the repository's root, as a module (it imports lossviz and benchmarks.lib). Starts
`streamlit run` for app.py and for benchmarks/bare_app.py on free loopback ports
(lossviz.server.launch), opens both in Debian's Chromium (Playwright), then edits the y box of each --edits times, alternating between
the article's two examples and between the two apps (so that drift in the machine's load hits both
alike). Each edit is timed from pressing Enter until the page is settled: the new value is shown,
no element is stale from the previous run and the app is not running. Prints the median and p95 of
each app and their ratios; the goal is median ≤ 2.5× and p95 ≤ 3× the bare app.
"""

import argparse
import contextlib
import statistics
import time

from playwright.sync_api import sync_playwright

from benchmarks.lib.apps import APP, BARE_APP
from benchmarks.lib.browser import CHROMIUM, CHROMIUM_ARGS, SETTLED
from lossviz.server.launch import serving

INPUTS = ["0.1, 0.8, 0.05, 0.05", "0.1, 0.05, 0.05, 0.8"]
APPS = [
    # name, script, label of the y box, what the page shows once each input has been applied
    ("bare one-widget app", BARE_APP, "y", ["value: " + v for v in INPUTS]),
    ("lossviz explorer", APP, "y — the predicted probabilities", ["0.0275", "0.7775"]),
]


def open_app(browser, url, label):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    box = page.get_by_role("textbox", name=label)
    box.wait_for(timeout=60_000)  # the y box itself: a page may hold other text boxes, hidden
    page.wait_for_timeout(2000)
    return page, box


def edit(page, box, text, expected):
    """Seconds from pressing Enter with `text` in the box until the page shows `expected`, settled."""
    box.fill(text)
    start_time = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(SETTLED, arg=expected, timeout=60_000, polling=10)
    return time.perf_counter() - start_time


def summary(times):
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    times = {name: [] for name, *_ in APPS}
    with contextlib.ExitStack() as servers, sync_playwright() as pw:
        urls = [servers.enter_context(serving(script))[1] for _, script, _, _ in APPS]
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = [open_app(browser, url, app[2]) for url, app in zip(urls, APPS, strict=True)]
        for i in range(args.edits + 2):  # the first two rounds warm the caches and are not counted
            for (name, _, _, expected), (page, box) in zip(APPS, pages, strict=True):
                seconds = edit(page, box, INPUTS[i % 2], expected[i % 2])
                if i >= 2:
                    times[name].append(seconds)
        browser.close()
    base_median, base_p95 = summary(times[APPS[0][0]])
    for name, values in times.items():
        median, p95 = summary(values)
        print(
            f"{name:>22}: median {median * 1e3:7.1f} ms   p95 {p95 * 1e3:7.1f} ms   "
            f"÷bare median {median / base_median:5.2f}   ÷bare p95 {p95 / base_p95:5.2f}"
        )
    print("goal: explorer median ≤ 2.5× and p95 ≤ 3× the bare app")


if __name__ == "__main__":
    main()
