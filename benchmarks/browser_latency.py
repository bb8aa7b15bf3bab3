"""Interaction latency of the explorer in a real browser, against a bare one-widget Streamlit app.

    python benchmarks/browser_latency.py [--edits 30]

Starts `streamlit run` for app.py and for benchmarks/bare_app.py on free loopback ports, opens each
in Debian's Chromium (Playwright), then edits the y box --edits times, alternating between the
article's two examples. Each edit is timed from pressing Enter until the page is settled: the new
value is shown, no element is stale from the previous run, and (for the explorer) every chart has
been redrawn. Prints the median and p95 of each app and their ratios; the goal is median ≤ 2.5×
and p95 ≤ 3× the bare app.
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
EXPLORER_VALUES = ["0.0275", "0.7775"]  # the squared error the explorer shows for each input

SETTLED = """(expected) => {
    const shown = Array.from(document.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMarkdown"]'))
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


def measure(browser, url, expected_values, edits):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    box = (
        page.get_by_role("textbox").last
        if "bare" in url
        else page.get_by_role("textbox", name="y — the predicted probabilities")
    )
    page.wait_for_selector('[data-testid="stTextInput"]', timeout=60_000)
    page.wait_for_timeout(2000)
    times = []
    for i in range(edits + 2):  # the first two warm the caches and are not counted
        which = i % 2
        box.fill(INPUTS[which])
        start_time = time.perf_counter()
        box.press("Enter")
        page.wait_for_function(SETTLED, arg=expected_values[which], timeout=60_000, polling=10)
        if i >= 2:
            times.append(time.perf_counter() - start_time)
    page.close()
    return times


def summary(times):
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()
    apps = [
        ("bare one-widget app", ROOT / "benchmarks" / "bare_app.py", ["value: " + v for v in INPUTS]),
        ("lossviz explorer", ROOT / "app.py", EXPLORER_VALUES),
    ]
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, script, expected in apps:
            proc, url = start(script)
            try:
                results[name] = summary(
                    measure(browser, url + ("/?bare=1" if "bare" in name else ""), expected, args.edits)
                )
            finally:
                proc.terminate()
                proc.wait(timeout=10)
        browser.close()
    base_median, base_p95 = results["bare one-widget app"]
    for name, (median, p95) in results.items():
        print(
            f"{name:>22}: median {median * 1e3:7.1f} ms   p95 {p95 * 1e3:7.1f} ms   "
            f"÷bare median {median / base_median:5.2f}   ÷bare p95 {p95 / base_p95:5.2f}"
        )
    print("goal: explorer median ≤ 2.5× and p95 ≤ 3× the bare app")


if __name__ == "__main__":
    main()
