"""First pages when a whole room opens the link in the same instant, against a bare app, in alternating rounds.

`python -m benchmarks.load` opens each level's sessions at once too, but runs lossviz's level and then the
bare app's a minute or more apart, and on a shared machine a burst's figures move by ±20 % from one
minute to the next. Here each round opens --sessions new protocol-level sessions
(`benchmarks/lib/loadclient.py`) at the same instant on lossviz, then as many on the bare app
(`benchmarks/bare_load_app.py`), for --rounds rounds. A first page is the time from a session's
first HTTP request to its first script_finished. It prints each round's median and last first page
for both apps and their ratios, then the median of the rounds' ratios. Every lossviz first page is
checked (the explorer's two losses for its default y, against ½Σ(y−t)² and −log(y_c + δ) computed
here), and every bare one shows its text. Loopback only; bounded loops.

--bare-extra N adds a third app to each round: the bare app with N more one-line Markdown elements
(`?extra=N`), as many elements as the explorer's first page draws when N is 23. Its ratio is what
Streamlit itself costs for that many elements in a burst; lossviz's ratio beyond it is lossviz's own
work (what its elements hold, its components and widgets, its Python).

    python -m benchmarks.burst                       # 5 rounds of 60 sessions
    python -m benchmarks.burst --sessions 30 --rounds 3
    python -m benchmarks.burst --bare-extra 23       # and a bare app with the explorer's element count

Run it from the repository's root, as a module (it imports lossviz and benchmarks.lib).
"""

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.lib.apps import APP, BARE_LOAD_APP
from benchmarks.lib.loadclient import Session
from benchmarks.lib.scenarios import check_bare, check_explorer
from lossviz.server.launch import serving

DEFAULT_Y = "0.1, 0.05, 0.05, 0.8"  # the explorer's default y, and the bare app's text
SETTLE_SECONDS = 3.0  # between bursts: the previous sessions' goodbyes are handled


async def burst(url, n, check, query=""):
    """n sessions opened at the same instant (with this query string): (sorted first-page seconds, problems)."""
    anchor = Session(
        url, query=query
    )  # open throughout: Streamlit drops its script cache when no session is left
    await anchor.open()
    sessions = [Session(url, query=query) for _ in range(n)]
    try:
        runs = await asyncio.gather(*(s.open() for s in sessions), return_exceptions=True)
        times, problems = [], []
        for s, run in zip(sessions, runs, strict=True):
            if isinstance(run, BaseException):
                problems.append(f"{type(run).__name__}: {run}")
                continue
            times.append(run.finished - s.load_started)
            problems += run.errors + check(s, DEFAULT_Y)
        return sorted(times), problems
    finally:
        for s in [*sessions, anchor]:
            await s.close()


def check_extra(n):
    """The check of a bare+N first page: the bare app's text, and its N extra lines."""

    def check(session, value):
        lines = sum(
            1 for _, e in session.ordered() if e.kind == "markdown" and e.proto.body.startswith("line ")
        )
        return check_bare(session, value) + ([] if lines == n else [f"bare+{n} drew {lines} extra lines"])

    return check


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--bare-extra", type=int, default=0, help="also a bare app with this many more elements (0: not run)"
    )
    args = parser.parse_args()
    log_dir = Path(tempfile.mkdtemp(prefix="lossviz-burst-"))
    rounds, problems = [], []
    with contextlib.ExitStack() as servers:
        _, app = servers.enter_context(serving(APP, log=log_dir / "app.log"))
        _, bare = servers.enter_context(serving(BARE_LOAD_APP, log=log_dir / "bare_load_app.log"))
        apps = {"lossviz": (app, check_explorer, ""), "bare": (bare, check_bare, "")}
        extra = f"bare+{args.bare_extra}"
        if args.bare_extra:
            apps[extra] = (bare, check_extra(args.bare_extra), f"extra={args.bare_extra}")
        for url, check, query in apps.values():  # warm-up, not counted
            asyncio.run(burst(url, 2, check, query))
        for _ in range(args.rounds):
            figures = {}
            for name, (url, check, query) in apps.items():
                time.sleep(SETTLE_SECONDS)
                times, found = asyncio.run(burst(url, args.sessions, check, query))
                problems += found
                figures[name] = (statistics.median(times), times[-1]) if times else (float("nan"),) * 2
            rounds.append(figures)
    print(f"{args.sessions} sessions opening at once, first page in seconds (median / last)")
    others = [name for name in apps if name != "bare"]
    for i, f in enumerate(rounds, 1):
        base, base_last = f["bare"]
        print(
            f"  round {i}: bare {base:.3f} / {base_last:.3f}"
            + "".join(
                f"  {name} {f[name][0]:.3f} / {f[name][1]:.3f} (÷bare {f[name][0] / base:.2f} / {f[name][1] / base_last:.2f})"
                for name in others
            )
        )
    for name in others:
        medians = [f[name][0] / f["bare"][0] for f in rounds]
        lasts = [f[name][1] / f["bare"][1] for f in rounds]
        print(
            f"{name}, median of the rounds' ratios: median first page {statistics.median(medians):.2f}×, last {statistics.median(lasts):.2f}×"
        )
    print(f"problems: {len(problems)}" + (f" (first: {problems[0]})" if problems else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
