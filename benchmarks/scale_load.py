"""Does a second replica help? The load benchmark through HAProxy at 1 and at 2 replicas, in one run.

    python -m benchmarks.scale_load                           # 1 and 2 replicas, 8 sessions, 3 rounds
    python -m benchmarks.scale_load --replicas 1,2,3 --sessions 12 --duration 30
    python -m benchmarks.scale_load --rounds 1 --duration 10 --json out.json   # what CI runs

Run it from the repository's root, as a module (it imports lossviz and benchmarks.lib).

For each replica count it starts deploy/scale_out.py (python -m deploy.scale_out), the same script and HAProxy template users
run: N `streamlit run app.py` replicas and HAProxy with the sticky `lossviz_replica` cookie, all on
free loopback ports. All deployments start at once and wait, idle, for their turn; each replica is
warmed directly with a few edits. Then, per round and deployment in turn, --sessions protocol-level
sessions (benchmarks/lib/loadclient.py, which keeps the balancer's cookie like a browser) open the
explorer through the balancer and, once all are open, type a new y with --think seconds between
edits (none by default: the workload saturates the servers; the replicas run without a reader's pace, LOSSVIZ_RERUNS_PER_SECOND=0) for --duration seconds. Every edit's
two losses are checked against values computed here (benchmarks.lib.scenarios.check_explorer).

Throughput is the number of edits that finished within those --duration seconds, divided by them.
It prints, per round and deployment: throughput, edit latency p50/p95, errors, how the sessions were
spread over the replicas (the cookie each session kept), the CPU each replica, HAProxy and this
client used (cores busy, from /proc); then the mean and the best throughput per replica count
over the rounds, and their ratios to the first count's. The rounds alternate the deployments, so that other work on the
machine weighs on each alike. --json writes everything, each edit included, for tests/test_scale_load.py.

One Streamlit process runs its scripts under one GIL, so it uses about one core; on a machine of
two cores, two replicas can use both, minus what HAProxy and this client take.
"""

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.lib.levels import parse_think, run_level
from benchmarks.lib.report import fmt, percentile
from benchmarks.lib.scenarios import SCENARIOS
from benchmarks.lib.server_stats import ProcWatch
from lossviz.server.launch import ROOT
from lossviz.server.pace import RATE_VARIABLE

STARTUP_SECONDS = 120  # scale_out.py gives up by itself after 90 s per step


@dataclass
class Deployment:
    """One running deploy/scale_out.py: its replicas and its balancer."""

    replicas: int
    proc: subprocess.Popen
    url: str = ""
    balancer_pid: int = 0
    replica_urls: dict = None  # name -> URL
    replica_pids: dict = None  # name -> pid


def launch(replicas, run_dir, haproxy=None):
    """Start deploy/scale_out.py with `replicas` replicas on free ports (in its own process group)."""
    command = [sys.executable, "-m", "deploy.scale_out", "--replicas", str(replicas), "--port", "0"]
    command += ["--run-dir", str(run_dir)] + (["--haproxy", haproxy] if haproxy else [])
    # Each session here stands for many readers editing without a pause: a reader's pace
    # (lossviz.server.pace, 8 reruns a second a session) would cap the throughput at sessions × 8,
    # whatever the replicas, so this capacity benchmark turns it off in its replicas.
    env = dict(os.environ, **{RATE_VARIABLE: "0"})
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True, env=env
    )
    return Deployment(replicas, proc)


def wait_ready(deployment, run_dir):
    """Read scale_out.py's lines until `ready`:
    replica <name> <url> pid <pid> / balancer <url> pid <pid> stats <socket>."""
    lines = []
    for line in deployment.proc.stdout:
        if line.strip() == "ready":
            break
        lines.append(line.split())
    else:
        raise SystemExit(
            f"deploy/scale_out.py --replicas {deployment.replicas} did not start; logs in {run_dir}"
        )
    replicas = [words for words in lines if words[0] == "replica"]
    (balancer,) = [words for words in lines if words[0] == "balancer"]
    deployment.replica_urls = {w[1]: w[2] for w in replicas}
    deployment.replica_pids = {w[1]: int(w[4]) for w in replicas}
    deployment.url, deployment.balancer_pid = balancer[1], int(balancer[3])


def shut_down(deployment):
    """SIGTERM scale_out.py (it stops its replicas and HAProxy); SIGKILL its process group if it hangs."""
    if deployment.proc.poll() is None:
        deployment.proc.send_signal(signal.SIGTERM)
    try:
        deployment.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(deployment.proc.pid, signal.SIGKILL)  # the group scale_out.py leads, if anything is left
    except ProcessLookupError:
        pass
    deployment.proc.wait()


def cpu_seconds(pids):
    return {name: ProcWatch(pid).cpu_seconds() for name, pid in pids.items()}


def measure(deployment, args, seed):
    """One timed level through the balancer: the figures of a row, and every edit."""
    pids = {**deployment.replica_pids, "haproxy": deployment.balancer_pid}
    before = cpu_seconds(pids)
    level = asyncio.run(
        run_level(
            deployment.url,
            [SCENARIOS["explorer"]],
            args.sessions,
            10**6,  # bounded by --duration
            args.think,
            seed,
            timeout=args.timeout,
            duration=args.duration,
        )
    )
    after = cpu_seconds(pids)
    start, end = level.edit_phase
    timed = [e for e in level.edits if start <= e.sent + e.latency <= end]
    latencies = [e.latency for e in timed]
    replica_of = {r.index: r.replica for r in level.results}
    return {
        "replicas": deployment.replicas,
        "sessions": args.sessions,
        "seed": seed,
        "duration": args.duration,
        "throughput": level.edit_throughput(),
        "edits_timed": len(timed),
        "edits": len(level.edits),
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "errors": level.errors,
        "sessions_per_replica": {str(k): v for k, v in level.replicas.items()},
        "cores_busy": {name: (after[name] - before[name]) / level.wall for name in pids},
        "client_cores": level.client_cpu / level.wall,
        "load_average": level.load_average,
        "edit_log": [
            {"session": e.session, "replica": replica_of[e.session], "y": e.value, "metrics": e.metrics}
            for e in level.edits
        ],
    }


def warm(deployment, timeout):
    """Each replica's first runs (imports, first figures), straight to the replica, not counted."""
    for url in deployment.replica_urls.values():
        level = asyncio.run(run_level(url, [SCENARIOS["explorer"]], 2, 2, (0, 0), 99, timeout=timeout))
        if level.errors:
            raise SystemExit(f"warming {url} failed: {level.errors[:3]}")


def print_row(row):
    spread = ", ".join(f"{k} {v}" for k, v in row["sessions_per_replica"].items())
    busy = " ".join(f"{k} {v:.2f}" for k, v in row["cores_busy"].items())
    print(
        f"{row['replicas']:>8} {row['throughput']:>9.1f} {fmt('{:.3f}', row['p50']):>7} "
        f"{fmt('{:.3f}', row['p95']):>7} "
        f"{len(row['errors']):>6}  {spread:<18} {busy} client {row['client_cores']:.2f}"
        f"  (load {row['load_average'][0]:.1f}→{row['load_average'][1]:.1f})",
        flush=True,
    )
    for text in row["errors"][:3]:
        print(f"           error: {text[:160]}")


def summary(rows, counts):
    """Per replica count: the mean and the best throughput over the rounds, and their ratios to the
    first count's. The rounds alternate the deployments, so the means share the machine's ups and
    downs alike; a best round may be one where other work paused."""
    out = {}
    for n in counts:
        runs = [r["throughput"] for r in rows if r["replicas"] == n]
        out[n] = {"mean": statistics.fmean(runs), "best": max(runs)}
    base = out[counts[0]]
    for figures in out.values():
        figures["mean_ratio"] = figures["mean"] / base["mean"] if base["mean"] else None
        figures["best_ratio"] = figures["best"] / base["best"] if base["best"] else None
    return out


def parse_counts(text):
    counts = [int(n) for n in text.split(",")]
    if not counts or min(counts) < 1 or len(set(counts)) != len(counts):
        raise argparse.ArgumentTypeError("distinct replica counts, each at least 1, e.g. 1,2")
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:5]),
    )
    parser.add_argument("--replicas", type=parse_counts, default=[1, 2], help="replica counts (1,2)")
    parser.add_argument("--sessions", type=int, default=8, help="concurrent sessions at each count (8)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of edits per level (20)")
    parser.add_argument("--rounds", type=int, default=3, help="levels per replica count, alternating (3)")
    parser.add_argument(
        "--think", type=parse_think, default=(0.0, 0.0), help="seconds between edits, low-high (0)"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one run may take (60)")
    parser.add_argument("--haproxy", help="the haproxy binary (default: scale_out.py's)")
    parser.add_argument("--json", type=Path, help="also write every row, its edits included, here")
    args = parser.parse_args(argv)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # unwinds through `finally`: stops the deployments
    run_root = Path(tempfile.mkdtemp(prefix="lossviz-scale-load-"))
    deployments = []
    try:
        for n in args.replicas:
            deployments.append(launch(n, run_root / f"replicas-{n}", args.haproxy))
        for d in deployments:
            wait_ready(d, run_root / f"replicas-{d.replicas}")
            warm(d, args.timeout)
        print(
            f"{args.sessions} sessions editing the explorer through HAProxy, think {args.think[0]:g}–"
            f"{args.think[1]:g} s, {args.duration:g} s per level; {os.cpu_count()} cores; logs in {run_root}"
        )
        print(
            f"{'replicas':>8} {'edits/s':>9} {'p50 s':>7} {'p95 s':>7} {'errors':>6}  sessions per replica / cores busy"
        )
        rows = []
        for round_ in range(args.rounds):
            for d in deployments:
                rows.append(measure(d, args, seed=round_))
                print_row(rows[-1])
        result = summary(rows, args.replicas)
        print()
        first = args.replicas[0]
        for n, f in result.items():
            print(
                f"{n} replica{'s' if n > 1 else ''}: mean {f['mean']:.1f} edits/s ({f['mean_ratio']:.2f}× {first}), "
                f"best {f['best']:.1f} ({f['best_ratio']:.2f}× {first}) over {args.rounds} rounds"
            )
        if args.json:
            args.json.write_text(json.dumps({"rows": rows, "summary": result}, indent=1, default=str))
    finally:
        for d in deployments:
            shut_down(d)


if __name__ == "__main__":
    main()
