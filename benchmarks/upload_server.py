"""Server RSS while three browser sessions upload the largest accepted batch at once.

    python benchmarks/upload_server.py            # 2·10⁶ × 10 predictions (180 MB) and their labels
    python benchmarks/upload_server.py --quick    # a tenth of that

Starts `streamlit run app.py` on a free loopback port, opens three Chromium pages (Debian's
chromium through Playwright, as the browser tests do) on the batch page, gives each the
predictions CSV, then each the labels CSV, and waits for every page's numbers. A thread reads
the server's VmRSS every 50 ms. Printed: the server's RSS once the page has been loaded once
(base), its peak (VmHWM), with the three results shown, and after the pages have closed; and
each session's seconds from choosing the labels file to its numbers.
"""

import argparse
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
from upload_memory import csv_bytes

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SESSIONS = 3


def status_mb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def start_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
        + ["--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise SystemExit("streamlit did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the size")
    parser.add_argument("--sessions", type=int, default=SESSIONS, help=f"sessions at once ({SESSIONS})")
    args = parser.parse_args()
    from playwright.sync_api import expect, sync_playwright

    n = 200_000 if args.quick else 2_000_000
    folder = Path(tempfile.mkdtemp())
    predictions, labels = folder / "predictions.csv", folder / "labels.csv"
    predictions.write_bytes(csv_bytes(n, 10, 6, label=False))
    labels.write_text("\n".join(map(str, np.random.default_rng(2).integers(0, 10, n))) + "\n")
    print(
        f"predictions.csv {predictions.stat().st_size / 1e6:.0f} MB, labels.csv {labels.stat().st_size / 1e6:.0f} MB"
    )
    proc, url = start_server()
    peak_seen, stop = [0.0], threading.Event()

    def watch():
        while not stop.is_set():
            peak_seen[0] = max(peak_seen[0], status_mb(proc.pid, "VmRSS"))
            time.sleep(0.05)

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            pages = [browser.new_context().new_page() for _ in range(args.sessions)]
            for page in pages:
                page.goto(f"{url}/batch?source=upload")
                expect(page.get_by_test_id("stFileUploaderDropzoneInput").first).to_be_attached(
                    timeout=60_000
                )
            base = status_mb(proc.pid, "VmRSS")
            threading.Thread(target=watch, daemon=True).start()
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
            browser.close()
        time.sleep(5)
        stop.set()
        print(f"{args.sessions} sessions; server RSS MB: base {base:.0f}, peak {status_mb(proc.pid, 'VmHWM'):.0f}")
        print(f"  predictions uploaded {uploaded:.0f} (peak so far {uploaded_peak:.0f})")
        print(
            f"  (sampled peak {peak_seen[0]:.0f}), with results {with_results:.0f}, pages closed {status_mb(proc.pid, 'VmRSS'):.0f}"
        )
        print("seconds from the labels file to the numbers: " + ", ".join(f"{s:.1f}" for s in seconds))
    finally:
        stop.set()
        proc.terminate()
        proc.wait(timeout=30)
        for f in (predictions, labels):
            f.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
