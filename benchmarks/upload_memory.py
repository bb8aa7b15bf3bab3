"""Time and peak memory of reading the largest accepted batch uploads, one session alone and three at once.

    python -m benchmarks.upload_memory            # every scenario (about 3 minutes on 2 cores)
    python -m benchmarks.upload_memory --quick    # a tenth of the sizes

Run it from the repository's root, as a module (it imports lossviz and benchmarks.lib).

Each scenario runs in a fresh Python process that first imports what the server imports
(Streamlit and the batch page), then reads its files' bytes from disk, as Streamlit holds an
uploaded file's bytes, and then reads and analyses them with the page's own function
(lossviz.views.batch.upload_batch), one thread per session, started together. Meanwhile another
thread makes a small edit (a two-row pasted batch) every 50 ms: its longest wait shows how
much the uploads hold up other sessions (the GIL). Printed per scenario: seconds to results (the
slowest session), the process's peak RSS (VmHWM), its RSS before ("base"), with the results
("after") and once the sessions have dropped their bytes and results ("left"), and, for the
largest files, the same for the straightforward reading (pandas.read_csv with its C parser,
np.load) measured in the same run, as a ratio.
"""

import argparse
import gc
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from benchmarks.lib.server_stats import status_mb
from benchmarks.lib.uploads import csv_bytes
from lossviz.server.launch import ROOT

EDIT_EVERY = 0.05  # seconds between the small edits of the bystander thread


# --- the files ------------------------------------------------------------------------------


def npy_bytes(a):
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def write_files(folder, scale):
    """The uploads of every scenario, written once into `folder`; returns {name: path}."""
    n = int(2_000_000 * scale)
    rng = np.random.default_rng(1)
    files = {
        # The most entries and rows accepted: 2·10⁶ rows × (9 probabilities + a label) = 2·10⁷ entries.
        "max.csv": csv_bytes(n, 9, 7),
        # The measurement: 10⁶ × 10 with labels.
        "1e6x10.csv": csv_bytes(n // 2, 10, 6),
        # Every digit of a float64, as pandas and np.savetxt write them: 5·10⁵ × 10 with labels.
        "17digits.csv": csv_bytes(n // 4, 10, 17),
        "max.npy": npy_bytes(rng.dirichlet(np.ones(10), size=n)),
        "labels.npy": npy_bytes(rng.integers(0, 10, n)),
        # Refused: one line of 50 MB; 190 MB of rows that hold too many entries; a header
        # promising 10¹² entries; 200 MB of binary junk; a good file but for its last cell.
        "line.csv": b"0.5," * int(12_500_000 * scale),
        "entries.csv": (b"0," * 99 + b"0\n") * int(950_000 * scale),
        "trillion.npy": npy_bytes(np.zeros(3)).replace(b"(3,)", b"(1000000000000,)"),
        "junk.csv": rng.integers(0, 256, int(200_000_000 * scale), dtype=np.uint8).tobytes(),
    }
    files["last_cell.csv"] = files["max.csv"][:-2] + b"x\n"
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


# --- one scenario, in a child process -------------------------------------------------------


def baseline_upload(predictions, targets, *, label_column=None, logits=False):
    """The straightforward reading: pandas' default CSV parser or np.load, then the same analysis."""
    import pandas as pd

    from lossviz.views.batch import analyse_batch, prepare_batch

    def read(upload):
        if upload.name.endswith(".npy"):
            return np.load(io.BytesIO(upload.data), allow_pickle=False)
        return pd.read_csv(io.BytesIO(upload.data), dtype=np.float64).to_numpy()

    y = read(predictions)
    if label_column is not None:
        y, t = np.delete(y, label_column, axis=1), y[:, label_column]
    else:
        t = read(targets)
    return analyse_batch(*prepare_batch(y, t, logits=logits))


def child(spec):
    """Run one scenario; print a JSON line of its measurements."""
    import streamlit  # noqa: F401  # the server's own imports, for its base RSS

    import lossviz.ui.batch  # noqa: F401
    from lossviz import InputError
    from lossviz.inputs.uploads import Upload
    from lossviz.views.batch import paste_batch, upload_batch

    read = baseline_upload if spec["baseline"] else upload_batch
    base = status_mb("self", "VmRSS")

    def upload(path):
        return None if path is None else Upload(Path(path).name, Path(path).read_bytes())

    # Each session holds its own copy of the uploads' bytes, as Streamlit does.
    sessions = [(upload(spec["y"]), upload(spec["t"])) for _ in range(spec["sessions"])]
    held = status_mb("self", "VmRSS")
    start, done, results, waits = threading.Barrier(len(sessions) + 1), [], [], []

    def session(y, t):
        start.wait()
        t0 = time.perf_counter()
        try:
            results.append(read(y, t, label_column=spec["label"], logits=spec["logits"]))
            outcome = "results"
        except InputError as exc:
            outcome = "refused: " + str(exc)[:70]
        done.append((time.perf_counter() - t0, outcome))

    def bystander():
        while len(done) < len(sessions):
            t0 = time.perf_counter()
            paste_batch("0.1, 0.9\n0.8, 0.2", "1, 0")
            waits.append(time.perf_counter() - t0)
            time.sleep(EDIT_EVERY)

    threads = [threading.Thread(target=session, args=s) for s in sessions]
    for th in threads:
        th.start()
    edits = threading.Thread(target=bystander)
    start.wait()
    edits.start()
    for th in threads:
        th.join()
    edits.join()
    with_results = status_mb("self", "VmRSS")
    sessions.clear()  # the sessions leave: their bytes and results go
    results.clear()
    gc.collect()
    print(
        json.dumps(
            {
                "seconds": max(d[0] for d in done),
                "outcome": done[0][1],
                "base": base,
                "held": held,
                "peak": status_mb("self", "VmHWM"),
                "after": with_results,
                "released": status_mb("self", "VmRSS"),
                "edit_wait": max(waits, default=0.0),
            }
        )
    )


def paste_timings():
    """Seconds to accept or refuse pasted text (this process, no upload running)."""
    from lossviz import InputError
    from lossviz.views.batch import paste_batch

    rng = np.random.default_rng(3)
    y = rng.dirichlet(np.ones(10), size=10_000)
    cases = {
        "10,000 × 10 pasted, 990,000 characters (refused)": (
            "\n".join(", ".join(f"{v:.6f}" for v in r) for r in y),
            ", ".join(map(str, rng.integers(0, 10, 10_000))),
        ),
        "10,000 × 1,000 pasted, 20 MB (refused)": ("\n".join([",".join(["1"] * 1000)] * 10_000), "1"),
        "5,000 × 10 pasted (accepted)": (
            "\n".join(", ".join(f"{v:.6f}" for v in r) for r in y[:5_000]),
            ", ".join(map(str, rng.integers(0, 10, 5_000))),
        ),
        "one row of 5·10⁴ numbers (accepted)": (",".join(["0.00001"] * 50_000), "7"),
    }
    for title, (y_text, t_text) in cases.items():
        t0 = time.perf_counter()
        try:
            paste_batch(y_text, t_text)
            outcome = "results"
        except InputError as exc:
            outcome = "refused: " + str(exc)[:60]
        print(f"{title:42} {time.perf_counter() - t0:6.2f} s  {outcome}")


def row(title, n, r):
    return (
        f"{title:34} {n:>8} {r['seconds']:>9.2f} {r['base']:>8.0f} {r['peak']:>8.0f} {r['after']:>9.0f}"
        f" {r['released']:>8.0f} {r['edit_wait']:>11.2f}"
    )


def measure(spec):
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.upload_memory", "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    parser.add_argument("--only", default="", help="run the scenarios whose title contains this")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    scale = 0.1 if args.quick else 1.0
    if "paste" in args.only or not args.only:
        paste_timings()
    if args.only == "paste":
        return
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_files(Path(tmp), scale)
        sizes = {name: p.stat().st_size / 1e6 for name, p in paths.items()}
        print(
            f"numpy {np.__version__}; {os.cpu_count()} cores; sizes in MB: "
            + ", ".join(f"{k} {v:.0f}" for k, v in sizes.items())
        )
        print(
            f"{'scenario':34} {'sessions':>8} {'s to end':>9} {'base MB':>8} {'peak MB':>8} {'after MB':>9}"
            f" {'left MB':>8} {'edit wait s':>11}  outcome"
        )
        plans = [
            ("max.csv, label column", "max.csv", None, 9, False, (1, 3), True),
            ("10⁶×10.csv, label column", "1e6x10.csv", None, 10, False, (1,), True),
            ("5·10⁵×10, 17 digits, label column", "17digits.csv", None, 10, False, (1,), True),
            ("max.npy + labels.npy", "max.npy", "labels.npy", None, False, (1, 3), True),
            ("max.npy + labels.npy, logits", "max.npy", "labels.npy", None, True, (1, 3), False),
            ("50 MB single line", "line.csv", "labels.npy", None, False, (1,), False),
            ("190 MB, too many entries", "entries.csv", "labels.npy", None, False, (1,), False),
            ("header claims 10¹² entries", "trillion.npy", "labels.npy", None, False, (1,), False),
            ("200 MB binary junk .csv", "junk.csv", "labels.npy", None, False, (1,), False),
            ("max.csv, bad last cell", "last_cell.csv", None, 9, False, (1,), False),
        ]
        for title, y, t, label, logits, counts, compare in plans:
            if args.only not in title:
                continue
            for n in counts:
                spec = {
                    "y": str(paths[y]),
                    "t": str(paths[t]) if t else None,
                    "label": label,
                    "logits": logits,
                    "sessions": n,
                    "baseline": False,
                }
                r = measure(spec)
                print(row(title, n, r) + f"  {r['outcome']}", flush=True)
                if compare:
                    b = measure({**spec, "baseline": True})
                    ratios = f"time ÷ {r['seconds'] / b['seconds']:.2f}"
                    ratios += f", peak above base ÷ {(r['peak'] - r['base']) / (b['peak'] - b['base']):.2f}"
                    print(row("  straightforward reading", n, b) + f"  {ratios}", flush=True)


if __name__ == "__main__":
    main()
