"""Server CPU per explorer edit and per first page, one at a time, against a bare app in the same run.

`python -m benchmarks.load` reports CPU per rerun under concurrent load, first pages and edits together.
This separates them, with no concurrency to blur them: a few protocol-level sessions
(`benchmarks/lib/loadclient.py`) stay open while one of them at a time sends a new `y` (an edit), then
new sessions open one after another (a first page: health check, page HTML, websocket, first run).
Each figure is the server's CPU seconds (from /proc/<pid>/stat) divided by the count, in rounds that
alternate lossviz and the bare app (`benchmarks/bare_load_app.py`), so both see the same machine.
Every edit's two losses are checked against plain arithmetic (benchmarks.lib.scenarios.check_explorer: ½Σ(y−t)² and −log(y_c + δ)); the bare app must show the y it was sent. Loopback
only; bounded loops.

    python -m benchmarks.cpu_per_run                 # 5 rounds of 100 edits and 25 first pages
    python -m benchmarks.cpu_per_run --rounds 3 --edits 50 --pages 10

Run it from the repository's root, as a module (it imports lossviz and benchmarks.lib).
"""

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.lib.apps import APP, BARE_LOAD_APP
from benchmarks.lib.loadclient import Session
from benchmarks.lib.scenarios import check_bare, check_explorer
from benchmarks.lib.server_stats import ProcWatch
from lossviz.server.launch import serving

OPEN_SESSIONS = 3  # kept open throughout (Streamlit drops its script cache when no session is left)


def random_y(rng, k=4):
    """A prediction as a reader types it: K probabilities to 3 decimals."""
    weights = [rng.randint(1, 9) for _ in range(k)]
    total = sum(weights)
    return ", ".join(f"{w / total:.3f}" for w in weights)


async def edits(url, pid, n, rng, check):
    """Server CPU seconds per edit over n edits, round-robin over OPEN_SESSIONS sessions."""
    sessions = [Session(url) for _ in range(OPEN_SESSIONS)]
    try:
        for s in sessions:
            await s.open()
            await s.edit("y", random_y(rng))  # warm: each session's first edit
        watch = ProcWatch(pid)
        before, problems = watch.cpu_seconds(), []
        for i in range(n):
            y_text = random_y(rng)
            run = await sessions[i % OPEN_SESSIONS].edit("y", y_text)
            problems += run.errors + check(sessions[i % OPEN_SESSIONS], y_text)
            await asyncio.sleep(0.02)  # let the server finish sending before the next edit
        return (watch.cpu_seconds() - before) / n, problems
    finally:
        for s in sessions:
            await s.close()


async def first_pages(url, pid, n):
    """Server CPU seconds per new session's first page (opened one after another, then closed)."""
    anchor = Session(url)
    await anchor.open()
    try:
        watch = ProcWatch(pid)
        before, problems = watch.cpu_seconds(), []
        for _ in range(n):
            s = Session(url)
            run = await s.open()
            problems += run.errors
            await s.close()
        return (watch.cpu_seconds() - before) / n, problems
    finally:
        await anchor.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--edits", type=int, default=100, help="edits per app per round (100)")
    parser.add_argument("--pages", type=int, default=25, help="first pages per app per round (25)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    log_dir = Path(tempfile.mkdtemp(prefix="lossviz-cpu-"))
    problems = []
    with contextlib.ExitStack() as servers:
        app = servers.enter_context(serving(APP, log=log_dir / "app.log"))
        bare = servers.enter_context(serving(BARE_LOAD_APP, log=log_dir / "bare_load_app.log"))
        apps = {"lossviz": (app, check_explorer), "bare": (bare, check_bare)}
        figures = {(name, kind): [] for name in apps for kind in ("edit", "first page")}
        for (proc, url), _check in apps.values():  # warm-up, not counted
            asyncio.run(first_pages(url, proc.pid, 2))
        for _ in range(args.rounds):
            for name, ((proc, url), check) in apps.items():
                cpu, found = asyncio.run(edits(url, proc.pid, args.edits, rng, check))
                figures[name, "edit"].append(cpu)
                problems += found
                cpu, found = asyncio.run(first_pages(url, proc.pid, args.pages))
                figures[name, "first page"].append(cpu)
                problems += found
    print(f"server CPU ms, median of {args.rounds} rounds (each round's figure in brackets)")
    for kind in ("edit", "first page"):
        mine, base = (statistics.median(figures[name, kind]) for name in ("lossviz", "bare"))
        rounds = ", ".join(f"{1000 * v:.1f}" for v in figures["lossviz", kind])
        print(
            f"  per {kind:<10}  lossviz {1000 * mine:5.1f} [{rounds}]  bare {1000 * base:5.1f}  ÷bare {mine / base:.2f}"
        )
    print(f"problems: {len(problems)}" + (f" (first: {problems[0]})" if problems else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
