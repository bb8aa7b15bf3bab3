"""A careless or hostile crowd against lossviz: memory under a class's uploads, hostile messages, and
what one client can take from the others.

    python -m benchmarks.crowd uploads     # 20 sessions upload a 49 MB CSV each at once (--sessions, --mb)
    python -m benchmarks.crowd messages    # 20 clients send a 50 MB websocket message each at once
    python -m benchmarks.crowd flood       # one client's 200 reruns/s through HAProxy; others edit
    python -m benchmarks.crowd clear       # one client sends clear_cache; another's upload edit timed

Run it from the repository's root, as a module. Every client is a protocol-level session
(benchmarks/lib/loadclient.py: Streamlit's websocket BackMsg/ForwardMsg exchange, no browser), on
loopback only. Memory is the server's RSS and its peak (VmHWM) from /proc; the pod limit it is
held against is deploy/k8s/deployment.yaml's (lossviz.server.budget.POD_LIMIT_MB). Each scenario
prints one line per measurement and, with --json, writes them.

- uploads: a server (lossviz.server.launch) and N sessions on the batch page's upload source; all
  upload the same CSV at once, then choose its label column. Every upload is answered with its
  numbers or with one refusal (no room in the memory budget: lossviz.server.budget). Printed: RSS
  once the sessions are open (start; one session has read a 1 MB upload before, so that what
  reading loads once per process is in it), the peak, and 30 s after the sessions close
  (--settle), and when it came within 50 MiB of the start.
- messages: N sessions on the explorer each send one BackMsg of --mb MB at once (a rerun whose
  widget state holds that many bytes), then one ordinary session edits. Printed: the peak, how
  each message was answered (the websocket closed with 1009, Message Too Big, or not), and whether
  the ordinary edit was answered.
- flood: deploy/scale_out.py (one replica behind HAProxy). --others sessions, each from its own
  loopback address (127.0.0.2 …), type a new y every --think seconds for --seconds, in phases that
  alternate (--rounds floods, each between two phases without) so that the machine's other work
  weighs on both alike; in a flood phase one client from 127.0.0.99 sends --rate reruns a second
  on one websocket. Printed per phase: the others' edit p50/p95, the replica's cores, and the runs
  the flooder actually got; then the others' p95 over the phases with and without the flood, and
  their ratio (goal ≤ 1.5).
- clear: one session has an uploaded batch and its results; another client sends clear_cache
  (the BackMsg Streamlit's "Clear caches" sends); the first session's next edit (the worst-samples
  slider) is timed before and after, and its numbers compared.
"""

import argparse
import asyncio
import json
import os
import statistics
import sys
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.exceptions import ConnectionClosed

from benchmarks.lib.apps import APP
from benchmarks.lib.deployment import scaled_out
from benchmarks.lib.loadclient import ProtocolError, Session
from benchmarks.lib.report import percentile
from benchmarks.lib.scenarios import check_explorer, explorer_value
from benchmarks.lib.server_stats import ProcWatch, held_uploads_mb, status_mb
from benchmarks.lib.uploads import csv_bytes
from lossviz.server.budget import POD_LIMIT_MB
from lossviz.server.launch import ROOT, serving

TIMEOUT = 300.0


def csv_of(mb):
    """A predictions CSV (10 probabilities and a label column) of about `mb` MB (10⁶ bytes)."""
    row = len(csv_bytes(1, 10, 6).split(b"\n")[1]) + 1
    return csv_bytes(int(mb * 1e6 / row) // 10_000 * 10_000 or 10_000, 10, 6)


async def send(session, msg):
    """Send any BackMsg on the session's websocket (the loadclient sends only those a page sends)."""
    await session._ws.send(msg.SerializeToString())


# --- uploads --------------------------------------------------------------------------------------


async def upload_once(session, data):
    """Upload `data`, choose the label column; "results", "refused: …" or "error: …"."""
    try:
        _, run = await session.upload("upload_y", "predictions.csv", data)
        shown = " ".join(run.errors)
        if "does not fit" in shown:
            return "refused at arrival"
        if run.errors:
            return "error: " + shown[:120]
        run = await session.edit("label_column", "label")
        shown = " ".join(run.errors)
        if "no memory free" in shown:
            return "refused: no memory free"
        if run.errors:
            return "error: " + shown[:120]
        if any(label.startswith("Cross-entropy") for label, _, _ in session.metrics()):
            return "results"
        return "error: no numbers shown"
    except (ProtocolError, ConnectionClosed, OSError) as exc:
        return f"error: {type(exc).__name__}: {exc}"


async def uploads(args):
    data = csv_of(args.mb)
    with serving(APP, "--server.fileWatcherType", "none") as (proc, url):
        watch, stop = ProcWatch(proc.pid), asyncio.Event()
        # One small upload first: what reading loads once per process (pyarrow's CSV reader, ~40
        # MiB) is the server's, not the class's.
        warm = Session(url, "batch", "source=upload", timeout=TIMEOUT)
        await warm.open()
        await upload_once(warm, csv_of(1))
        await warm.close()
        sessions = [Session(url, "batch", "source=upload", timeout=TIMEOUT) for _ in range(args.sessions)]
        await asyncio.gather(*(s.open() for s in sessions))
        await asyncio.sleep(3)
        start = watch.rss_mib()
        peak_task = asyncio.create_task(watch.watch_peak(stop, 0.05))
        t0 = time.perf_counter()
        outcomes = await asyncio.gather(*(upload_once(s, data) for s in sessions))
        answered = time.perf_counter() - t0
        for s in sessions:
            await s.close()
        left = time.monotonic()
        await asyncio.sleep(1)
        stop.set()
        await peak_task
        hwm = status_mb(proc.pid, "VmHWM")
        back = None  # seconds after they left until the RSS is within 50 MiB of the start
        while time.monotonic() - left < args.settle:
            await asyncio.sleep(1)
            if back is None and watch.rss_mib() <= start + 50:
                back = time.monotonic() - left
        after = watch.rss_mib()
        counts = {o: outcomes.count(o) for o in sorted(set(outcomes))}
        result = {
            "sessions": args.sessions,
            "file_mb": len(data) / 1e6,
            "start_mib": start,
            "peak_mib": max(hwm, watch.peak),
            "pod_limit_mib": POD_LIMIT_MB,
            "after_mib": after,
            "settle_s": args.settle,
            "uploads_held_mb_after": held_uploads_mb(url),
            "within_50_mib_after_s": back,
            "seconds_to_last_answer": answered,
            "outcomes": counts,
        }
        print(
            f"{args.sessions} sessions × {len(data) / 1e6:.1f} MB: RSS start {start:.0f} MiB, peak "
            f"{result['peak_mib']:.0f} MiB (pod limit {POD_LIMIT_MB}), {args.settle:.0f} s after they "
            f"left {after:.0f} MiB ({after - start:+.0f}; within 50 MiB of the start after "
            f"{'—' if back is None else f'{back:.0f} s'}); last answer after {answered:.1f} s; {counts}"
        )
        return result


# --- messages -------------------------------------------------------------------------------------


async def huge_message(session, mb):
    """One rerun whose widget state holds `mb` MB; how the server answered it."""
    msg = BackMsg()
    msg.rerun_script.CopyFrom(session.last_back_msg.rerun_script)
    msg.rerun_script.widget_states.widgets.append(
        WidgetState(id="$$ID-hostile", string_value="x" * int(mb * 1e6))
    )
    try:
        await send(session, msg)
        while True:
            await asyncio.wait_for(session._ws.recv(), 30)
    except ConnectionClosed as exc:
        return f"closed {exc.rcvd.code if exc.rcvd else 'without a code'}"
    except TimeoutError:
        return "kept open, no close within 30 s"


async def messages(args):
    with serving(APP, "--server.fileWatcherType", "none") as (proc, url):
        watch, stop = ProcWatch(proc.pid), asyncio.Event()
        sessions = [Session(url, timeout=TIMEOUT) for _ in range(args.sessions)]
        await asyncio.gather(*(s.open() for s in sessions))
        start = watch.rss_mib()
        peak_task = asyncio.create_task(watch.watch_peak(stop, 0.05))
        outcomes = await asyncio.gather(*(huge_message(s, args.mb) for s in sessions))
        stop.set()
        await peak_task
        bystander = Session(url, timeout=60)
        await bystander.open()
        y = "0.1, 0.7, 0.1, 0.1"
        run = await bystander.edit("y", y)
        await bystander.close()
        counts = {o: outcomes.count(o) for o in sorted(set(outcomes))}
        result = {
            "sessions": args.sessions,
            "message_mb": args.mb,
            "start_mib": start,
            "peak_mib": max(status_mb(proc.pid, "VmHWM"), watch.peak),
            "pod_limit_mib": POD_LIMIT_MB,
            "outcomes": counts,
            "bystander_edit_s": run.latency,
            "bystander_problems": check_explorer(bystander, y) + run.errors,
        }
        print(
            f"{args.sessions} messages × {args.mb} MB at once: RSS start {start:.0f} MiB, peak "
            f"{result['peak_mib']:.0f} MiB (pod limit {POD_LIMIT_MB}); {counts}; an ordinary edit "
            f"after: {run.latency:.3f} s, problems {result['bystander_problems']}"
        )
        return result


# --- flood ----------------------------------------------------------------------------------------


async def editor(url, source, seconds, think, seed):
    """A session from loopback address `source` typing a new y every `think` s; its edit latencies."""
    import random

    rng, latencies = random.Random(seed), []
    session = Session(url, timeout=60, source=source)
    await session.open()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        y = explorer_value(rng, None)
        run = await session.edit("y", y)
        problems = check_explorer(session, y) + run.errors
        latencies.append(None if problems else run.latency)
        await asyncio.sleep(think)
    await session.close()
    return latencies


async def flooder(url, rate, stop):
    """One client from 127.0.0.99 asking for `rate` reruns a second on one websocket until `stop`;
    returns (reruns sent, runs the server finished for it)."""
    session = Session(url, timeout=60, source="127.0.0.99")
    await session.open()
    back = session.last_back_msg
    y = back.rerun_script
    sent, finished = 0, 0
    try:
        field = session.widget("y")
        session.set_value("y", "0.25, 0.25, 0.25, 0.25")
        msg = BackMsg()
        msg.rerun_script.CopyFrom(y)
        del msg.rerun_script.widget_states.widgets[:]
        msg.rerun_script.widget_states.widgets.extend(session.widget_states())
        msg.rerun_script.fragment_id = field.fragment_id
        raw = msg.SerializeToString()

        async def count_finished():
            nonlocal finished
            from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

            while True:
                m = ForwardMsg()
                m.ParseFromString(await session._ws.recv())
                if m.WhichOneof("type") == "script_finished":
                    finished += 1

        reader = asyncio.create_task(count_finished())
        t0 = time.monotonic()
        while not stop.is_set():
            await session._ws.send(raw)
            sent += 1
            await asyncio.sleep(max(0.0, t0 + sent / rate - time.monotonic()))
        reader.cancel()
    except (ConnectionClosed, ProtocolError, OSError):
        pass
    await session.close()
    return sent, finished


async def flood_alone(args):
    """The flooder in a process of its own (so that its sending does not delay the others' client):
    floods args.url until its standard input closes, then prints what it sent and got."""
    stop = asyncio.Event()
    asyncio.get_running_loop().add_reader(sys.stdin, stop.set)
    sent, finished = await flooder(args.url, args.rate, stop)
    print(json.dumps({"sent": sent, "finished": finished}), flush=True)


async def flood_phase(url, args, with_flood):
    flood = None
    if with_flood:
        command = [
            sys.executable,
            "-m",
            "benchmarks.crowd",
            "flooder",
            "--url",
            url,
            "--rate",
            str(args.rate),
        ]
        flood = await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        await asyncio.sleep(3)
    edits = await asyncio.gather(
        *(editor(url, f"127.0.0.{2 + i}", args.seconds, args.think, i) for i in range(args.others))
    )
    sent, finished = 0, 0
    if flood:
        flood.stdin.close()
        out, _ = await flood.communicate()
        counts = json.loads(out.decode().strip().splitlines()[-1])
        sent, finished = counts["sent"], counts["finished"]
    latencies = [x for e in edits for x in e]
    ok = [x for x in latencies if x is not None]
    return {
        "latencies": ok,
        "edits": len(latencies),
        "errors": len(latencies) - len(ok),
        "p50_s": statistics.median(ok) if ok else None,
        "p95_s": percentile(ok, 0.95) if ok else None,
        "flood_sent": sent,
        "flood_runs_finished": finished,
    }


async def flood(args):
    if args.unpaced:  # the replica's environment: scale_out.py passes this one on
        os.environ["LOSSVIZ_RERUNS_PER_SECOND"] = "0"
    with scaled_out(1) as deployment:
        (replica_pid,) = deployment.replica_pids.values()
        cpu = ProcWatch(replica_pid)
        phases, pooled = [], {False: [], True: []}
        for i in range(2 * args.rounds + 1):  # alone, flood, alone, …, alone
            with_flood = i % 2 == 1
            c0, t0 = cpu.cpu_seconds(), time.monotonic()
            phase = await flood_phase(deployment.url, args, with_flood)
            phase["replica_cores"] = (cpu.cpu_seconds() - c0) / (time.monotonic() - t0)
            phase["flood"] = with_flood
            pooled[with_flood] += phase.pop("latencies")
            phases.append(phase)
            print(
                f"{'flood' if with_flood else 'alone':6} others' edits {phase['edits']} ({phase['errors']} errors):"
                f" p50 {phase['p50_s']:.3f} s, p95 {phase['p95_s']:.3f} s; replica {phase['replica_cores']:.2f} cores"
                + (
                    f"; flooder sent {phase['flood_sent']}, runs finished {phase['flood_runs_finished']}"
                    if with_flood
                    else ""
                ),
                flush=True,
            )
        normal, flooded = percentile(pooled[False], 0.95), percentile(pooled[True], 0.95)
        print(
            f"others' p95: alone {normal:.3f} s, under the flood {flooded:.3f} s: "
            f"{flooded / normal:.2f}× (goal ≤ 1.5)"
        )
        return {
            "phases": phases,
            "p95_alone_s": normal,
            "p95_flood_s": flooded,
            "p95_ratio": flooded / normal,
        }


# --- clear ----------------------------------------------------------------------------------------


async def clear(args):
    data = csv_of(args.mb)
    with serving(APP, "--server.fileWatcherType", "none") as (_, url):
        owner = Session(url, "batch", "source=upload", timeout=TIMEOUT)
        await owner.open()
        outcome = await upload_once(owner, data)
        before_numbers = owner.metrics()
        before = [(await owner.edit("worst", v)).latency for v in (20, 10, 20, 10, 20)]
        other = Session(url, timeout=60)
        await other.open()
        msg = BackMsg()
        msg.clear_cache = True
        await send(other, msg)
        await asyncio.sleep(1)
        after = [(await owner.edit("worst", v)).latency for v in (10, 20, 10, 20, 10)]
        same = owner.metrics() == before_numbers
        await other.close()
        await owner.close()
        result = {
            "upload": outcome,
            "file_mb": len(data) / 1e6,
            "edit_before_s": before,
            "edit_after_clear_s": after,
            "same_numbers": same,
        }
        print(
            f"{len(data) / 1e6:.0f} MB upload ({outcome}); the owner's edit before another client's "
            f"clear_cache: max {max(before):.3f} s, after: max {max(after):.3f} s; same numbers: {same}"
        )
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["uploads", "messages", "flood", "clear", "flooder"])
    parser.add_argument("--url", help=argparse.SUPPRESS)  # the flooder's, started by flood
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--mb", type=float, default=None, help="MB a file or message (49 / 50)")
    parser.add_argument("--settle", type=float, default=30.0, help="seconds after the uploads leave")
    parser.add_argument("--rate", type=float, default=200.0, help="the flooder's reruns a second")
    parser.add_argument("--others", type=int, default=6, help="sessions editing beside the flooder")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds each flood phase lasts")
    parser.add_argument("--think", type=float, default=0.5, help="seconds between the others' edits")
    parser.add_argument("--rounds", type=int, default=2, help="flood phases, each between two without")
    parser.add_argument("--unpaced", action="store_true", help="the replica without lossviz.server.pace")
    parser.add_argument("--json", help="write the measurements to this file")
    args = parser.parse_args()
    if args.mb is None:
        args.mb = {"uploads": 49.0, "messages": 50.0, "clear": 49.0}.get(args.scenario, 0)
    run = {"uploads": uploads, "messages": messages, "flood": flood, "clear": clear, "flooder": flood_alone}[
        args.scenario
    ]
    result = asyncio.run(run(args))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
