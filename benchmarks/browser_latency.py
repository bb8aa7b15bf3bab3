"""Interaction latency of the explorer in a real browser, against a bare one-widget Streamlit app.

    python benchmarks/browser_latency.py [--edits 40]

Starts `streamlit run` for app.py and for benchmarks/bare_app.py on free loopback ports, opens both
in Debian's Chromium (Playwright), then edits the y box of each --edits times, alternating between
the article's two examples and between the two apps (so that drift in the machine's load hits both
alike). Each edit is timed from pressing Enter until the page is settled: the new value is shown,
no element is stale from the previous run and the app is not running. Prints the median and p95 of
each app and their ratios; the goal is median ≤ 2.5× and p95 ≤ 3× the bare app.
"""

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INPUTS = ["0.1, 0.8, 0.05, 0.05", "0.1, 0.05, 0.05, 0.8"]
APPS = [
    # name, script, label of the y box, what the page shows once each input has been applied
    ("bare one-widget app", ROOT / "benchmarks" / "bare_app.py", "y", ["value: " + v for v in INPUTS]),
    ("lossviz explorer", ROOT / "app.py", "y — the predicted probabilities", ["0.0275", "0.7775"]),
]

SETTLED = """(expected) => {
    // A value of the explorer's formula panels (drawn with their formulas in the same task), an
    // st.metric's, or the bare app's Markdown.
    const shown = Array.from(document.querySelectorAll('.lv-formula-value, [data-testid="stMetricValue"], [data-testid="stMarkdown"]'))
        .some(el => el.innerText.includes(expected));
    const stale = document.querySelector('[data-stale="true"]');
    const running = document.querySelector('[data-testid="stStatusWidget"]');
    return shown && !stale && !running;
}"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(script):
    """`streamlit run script` on a free loopback port; returns (process, url) once healthy."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise SystemExit(f"{script} did not start")


def open_app(browser, url, label):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_selector('[data-testid="stTextInput"]', timeout=60_000)
    page.wait_for_timeout(2000)
    return page, page.get_by_role("textbox", name=label)


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
    servers = [start(script) for _, script, _, _ in APPS]
    times = {name: [] for name, *_ in APPS}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            pages = [open_app(browser, url, app[2]) for (_, url), app in zip(servers, APPS, strict=True)]
            for i in range(args.edits + 2):  # the first two rounds warm the caches and are not counted
                for (name, _, _, expected), (page, box) in zip(APPS, pages, strict=True):
                    seconds = edit(page, box, INPUTS[i % 2], expected[i % 2])
                    if i >= 2:
                        times[name].append(seconds)
            browser.close()
    finally:
        for proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=10)
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
