"""Many users on one lossviz server: N concurrent protocol-level sessions, against a bare app in the same run.

    python -m benchmarks.load                                   # explorer at 10, 30 and 60 sessions
    python -m benchmarks.load --sessions 30 --edits 10 --page lab
    python -m benchmarks.load --page all                        # sessions spread over the three pages
    python -m benchmarks.load --page upload --sessions 30       # one upload while 30 others edit
    python -m benchmarks.load --url http://127.0.0.1:8501 --pid 1234   # a server already running

Run it from the repository's root, as a module (it imports lossviz and benchmarks.lib). Each
session is one browser tab spoken at the protocol level (benchmarks/lib/loadclient.py: the
websocket BackMsg/ForwardMsg exchange the frontend has, no browser): it opens its page, then makes
--edits edits with --think seconds between them (uniform, per-session seeded), as a reader would:

  explorer  types a new y (four probabilities) into the box keyed "y" (bound to ?y=)
  lab       moves the temperature slider keyed "T"
  batch     moves the accuracy slider keyed "acc" of the simulated sample (10 000 × 10)
  upload    the sessions edit the explorer while one more session opens the batch page's upload,
            uploads a CSV of --upload-rows × 10 predictions plus a label column (--upload-at s into
            the level) and picks the label column

A latency is the time from sending the rerun BackMsg to receiving its script_finished; the first
page is the time from the first HTTP request to the first script_finished (split into the health
check, the page's HTML, opening the websocket and the first run). Every answer is checked
(the explorer's two losses and the lab's stable cross-entropy against values computed here, the
batch page's size: benchmarks/lib/scenarios.py): a wrong number counts as an error, as do exceptions, st.error boxes, timeouts
and dropped connections.

Without --url it starts `streamlit run app.py` and the bare baseline benchmarks/bare_load_app.py (a
text box and a slider) on free loopback ports (lossviz.server.launch), warms each with one session,
then runs every level against both, one app at a time (one server each, kept across levels, as in production). It prints,
per level and app: p50/p95/max latency, errors, throughput (reruns/s), first-page time, the
server's CPU seconds per rerun (/proc/<pid>/stat utime+stime) and RSS before/peak/after
(/proc/<pid>/status VmRSS; "after" is --settle seconds after the sessions close), the ratios to the
bare app, the machine's load average, and this client's own CPU use (it must stay small for the
figures to be the server's); then one Markdown table of all levels. Loopback only; every wait is
bounded.
"""

import argparse
import asyncio
import contextlib
import json
import tempfile
from pathlib import Path

from benchmarks.lib.apps import APP, BARE_LOAD_APP
from benchmarks.lib.levels import parse_think, run_level
from benchmarks.lib.report import figures, print_level, print_summary
from benchmarks.lib.scenarios import SCENARIOS, bare_twin
from benchmarks.lib.uploads import predictions_csv, uploader
from lossviz.server.launch import serving


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:8]),
    )
    parser.add_argument(
        "--sessions", default="10,30,60", help="levels: numbers of concurrent sessions (10,30,60)"
    )
    parser.add_argument("--edits", type=int, default=30, help="edits per session (30)")
    parser.add_argument(
        "--think", type=parse_think, default=(1.0, 3.0), help="seconds between edits, low-high (1-3)"
    )
    parser.add_argument("--page", choices=["explorer", "lab", "batch", "all", "upload"], default="explorer")
    parser.add_argument("--url", help="target this running server (or load balancer) instead of starting one")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid, for CPU and memory figures")
    parser.add_argument(
        "--bare-url", help="with --url: a running bare baseline (benchmarks/bare_load_app.py)"
    )
    parser.add_argument("--bare-pid", type=int, help="with --bare-url: its pid")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare baseline")
    parser.add_argument(
        "--ramp", type=float, default=0.0, help="spread the sessions' arrivals over this many seconds (0)"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=10.0,
        help="seconds after the sessions close before 'RSS after' (10; Streamlit keeps a closed "
        "session's state for server.disconnectedSessionTTL, 120 s, so use 130 to see it freed)",
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds one run may take before it counts as failed"
    )
    parser.add_argument("--upload-rows", type=int, default=200_000, help="rows of the uploaded CSV (200000)")
    parser.add_argument(
        "--upload-at", type=float, default=10.0, help="seconds into the level when the upload starts"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write every level's figures to this file")
    args = parser.parse_args()
    levels = [int(n) for n in args.sessions.split(",")]
    if args.page == "all":
        scenarios = [SCENARIOS["explorer"], SCENARIOS["lab"], SCENARIOS["batch"]]
    elif args.page == "upload":
        scenarios = [SCENARIOS["explorer"]]
    else:
        scenarios = [SCENARIOS[args.page]]
    data = predictions_csv(args.upload_rows, seed=args.seed) if args.page == "upload" else None

    log_dir = Path(tempfile.mkdtemp(prefix="lossviz-load-"))
    with contextlib.ExitStack() as servers:
        if args.url:
            app_url, app_pid = args.url.rstrip("/"), args.pid
            bare_url, bare_pid = args.bare_url, args.bare_pid
        else:
            proc, app_url = servers.enter_context(serving(APP, log=log_dir / "app.log"))
            app_pid = proc.pid
            bare_url = bare_pid = None
            if not args.no_bare and args.page != "upload":
                proc, bare_url = servers.enter_context(
                    serving(BARE_LOAD_APP, log=log_dir / "bare_load_app.log")
                )
                bare_pid = proc.pid
        bare_scenarios = [bare_twin(s) for s in scenarios]
        # Warm-up, not counted: imports, first figures, caches of constant charts.
        asyncio.run(
            run_level(
                app_url,
                [SCENARIOS[n] for n in ("explorer", "lab", "batch")],
                3,
                1,
                (0, 0),
                seed=99,
                timeout=args.timeout,
            )
        )
        if bare_url:
            asyncio.run(run_level(bare_url, bare_scenarios, 1, 1, (0, 0), seed=99, timeout=args.timeout))
        print(
            f"servers: lossviz {app_url} (pid {app_pid}), bare {bare_url or '—'} (pid {bare_pid or '—'}); logs in {log_dir}"
        )
        pairs = []
        for n in levels:
            bare_level = None
            if bare_url and args.page != "upload":
                bare_level = asyncio.run(
                    run_level(
                        bare_url,
                        bare_scenarios,
                        n,
                        args.edits,
                        args.think,
                        args.seed,
                        pid=bare_pid,
                        ramp=args.ramp,
                        timeout=args.timeout,
                        settle=args.settle,
                        app="bare",
                    )
                )
            extra = uploader(data, args.upload_at, args.timeout) if data is not None else None
            app_level = asyncio.run(
                run_level(
                    app_url,
                    scenarios,
                    n,
                    args.edits,
                    args.think,
                    args.seed,
                    pid=app_pid,
                    ramp=args.ramp,
                    timeout=args.timeout,
                    settle=args.settle,
                    extra=extra,
                )
            )
            print_level(app_level, bare_level, args.think)
            pairs.append((app_level, bare_level))
        print_summary(pairs)
        if args.json:
            out = []
            for app_level, bare_level in pairs:
                entry = {
                    "page": app_level.page,
                    "sessions": app_level.sessions,
                    "lossviz": figures(app_level),
                }
                if bare_level:
                    entry["bare"] = figures(bare_level)
                if app_level.extra:
                    entry["upload"] = {k: v for k, v in app_level.extra.items() if k not in ("start", "end")}
                out.append(entry)
            args.json.write_text(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
