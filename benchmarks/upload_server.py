"""Server RSS while three browser sessions upload the largest accepted batch at once.

    python -m benchmarks.upload_server            # 2·10⁶ × 10 predictions (180 MB) and their labels
    python -m benchmarks.upload_server --quick    # a tenth of that

Run it from the repository's root, as a module (it imports lossviz and benchmarks.lib). Starts
`streamlit run app.py` on a free loopback port (lossviz.server.launch), opens three Chromium pages (Debian's
chromium through Playwright, as the browser tests do) on the batch page, gives each the
predictions CSV, then each the labels CSV, and waits for every page's numbers. Printed: the
server's RSS once the page has been loaded (base), its peak (VmHWM), with the three results
shown, and after the pages have closed; each session's seconds from choosing the labels file to
its numbers. Then a page is closed while its upload is being read (the server's CPU seconds
afterwards show whether the work stopped), and the server gets SIGTERM while reading another.
"""

import argparse
import signal
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.lib.apps import APP
from benchmarks.lib.browser import CHROMIUM, CHROMIUM_ARGS
from benchmarks.lib.server_stats import ProcWatch, held_uploads_mb, status_mb
from benchmarks.lib.uploads import csv_bytes
from lossviz.server.launch import serving

SESSIONS = 3


def start_upload(page, url, predictions, labels):
    """Open the batch page, give it both files, and wait until it is reading them (its progress bar)."""
    from playwright.sync_api import expect

    page.goto(f"{url}/batch?source=upload")
    dropzones = page.get_by_test_id("stFileUploaderDropzoneInput")
    dropzones.first.set_input_files(str(predictions))
    expect(page.get_by_text("Now upload the targets")).to_be_visible(timeout=300_000)
    dropzones.nth(1).set_input_files(str(labels))
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=300_000)


def concurrent_uploads(browser, url, proc, predictions, labels, sessions, settle=0):
    """Peak server RSS while `sessions` pages upload both files and show their numbers; with settle,
    the RSS once a minute after the pages closed, until `settle` seconds."""
    from playwright.sync_api import expect

    contexts = [browser.new_context() for _ in range(sessions)]
    pages = [c.new_page() for c in contexts]
    for page in pages:
        page.goto(f"{url}/batch?source=upload")
        expect(page.get_by_test_id("stFileUploaderDropzoneInput").first).to_be_attached(timeout=60_000)
    base = status_mb(proc.pid, "VmRSS")
    for page in pages:
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(predictions))
    for page in pages:  # the page asks for the targets once it has the predictions
        expect(page.get_by_text("Now upload the targets")).to_be_visible(timeout=300_000)
    uploaded, uploaded_peak = status_mb(proc.pid, "VmRSS"), status_mb(proc.pid, "VmHWM")
    t0 = time.perf_counter()
    for page in pages:
        page.get_by_test_id("stFileUploaderDropzoneInput").nth(1).set_input_files(str(labels))
    seconds = []
    for page in pages:
        expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=300_000)
        seconds.append(time.perf_counter() - t0)
    with_results = status_mb(proc.pid, "VmRSS")
    for c in contexts:
        c.close()
    time.sleep(5)
    print(f"{sessions} sessions; server RSS MB: base {base:.0f}, peak {status_mb(proc.pid, 'VmHWM'):.0f}")
    print(f"  predictions uploaded {uploaded:.0f} (peak so far {uploaded_peak:.0f})")
    print(f"  with results {with_results:.0f}, pages closed {status_mb(proc.pid, 'VmRSS'):.0f}")
    print("  seconds from the labels file to the numbers: " + ", ".join(f"{s:.1f}" for s in seconds))
    closed = time.monotonic() - 5
    for after in [*range(60, settle, 60), settle] if settle else []:
        time.sleep(max(0.0, closed + after - time.monotonic()))
        # Streamlit keeps a closed session (and its uploads) for server.disconnectedSessionTTL, 120 s
        print(
            f"  {after} s after the pages closed: RSS {status_mb(proc.pid, 'VmRSS'):.0f} MB,"
            f" uploads held {held_uploads_mb(url):.0f} MB"
        )
    if settle > 120:
        # Streamlit's store of closed sessions (a cachetools TTLCache) drops expired sessions only
        # when it is next used: one more visitor coming and going is what frees them.
        visitor = browser.new_context()
        page = visitor.new_page()
        page.goto(f"{url}/batch")  # the built-in sample: its numbers
        expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=60_000)
        visitor.close()
        time.sleep(5)
        print(
            f"  after one more visitor came and went: RSS {status_mb(proc.pid, 'VmRSS'):.0f} MB,"
            f" uploads held {held_uploads_mb(url):.0f} MB"
        )


def leave_while_reading(browser, url, proc, predictions, labels):
    """CPU the server spends after a page closes while its upload is being read."""
    context = browser.new_context()
    start_upload(context.new_page(), url, predictions, labels)
    context.close()
    watch = ProcWatch(proc.pid)
    t0, before = time.perf_counter(), watch.cpu_seconds()
    for until in (1, 3, 6):
        time.sleep(until - (time.perf_counter() - t0))
        used = watch.cpu_seconds()
        print(f"page closed while reading: server CPU in the {until} s after: {used - before:.2f} s")


def seconds_to_exit(proc):
    t0 = time.perf_counter()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    return time.perf_counter() - t0


def terminate_while_reading(browser, url, proc, predictions, labels):
    """Seconds from SIGTERM to the server's exit while an upload is being read, and when idle."""
    context = browser.new_context()
    start_upload(context.new_page(), url, predictions, labels)
    reading = seconds_to_exit(proc)
    context.close()
    with serving(APP) as (idle, idle_url):
        context = browser.new_context()
        context.new_page().goto(f"{idle_url}/batch")
        time.sleep(5)
        baseline = seconds_to_exit(idle)
        context.close()
    print(f"SIGTERM: the server exited {reading:.2f} s later while reading, {baseline:.2f} s when idle")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the size")
    parser.add_argument("--sessions", type=int, default=SESSIONS, help=f"sessions at once ({SESSIONS})")
    parser.add_argument(
        "--settle",
        type=int,
        default=0,
        help="watch the RSS this many seconds after the pages close (e.g. 180)",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    n = 200_000 if args.quick else 2_000_000
    folder = Path(tempfile.mkdtemp())
    predictions, labels = folder / "predictions.csv", folder / "labels.csv"
    predictions.write_bytes(csv_bytes(n, 10, 6, label=False))
    labels.write_text("\n".join(map(str, np.random.default_rng(2).integers(0, 10, n))) + "\n")
    sizes = f"predictions.csv {predictions.stat().st_size / 1e6:.0f} MB, labels.csv {labels.stat().st_size / 1e6:.0f} MB"
    print(sizes)
    try:
        with serving(APP) as (proc, url), sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            concurrent_uploads(browser, url, proc, predictions, labels, args.sessions, args.settle)
            if not args.quick:  # a small file is read before a page could leave
                leave_while_reading(browser, url, proc, predictions, labels)
                terminate_while_reading(browser, url, proc, predictions, labels)
            browser.close()
    finally:
        for f in (predictions, labels):
            f.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
