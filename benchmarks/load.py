"""Many users on one lossviz server: N concurrent protocol-level sessions, against a bare app in the same run.

    python benchmarks/load.py                                   # explorer at 10, 30 and 60 sessions
    python benchmarks/load.py --sessions 30 --edits 10 --page lab
    python benchmarks/load.py --page all                        # sessions spread over the three pages
    python benchmarks/load.py --page upload --sessions 30       # one upload while 30 others edit
    python benchmarks/load.py --url http://127.0.0.1:8501 --pid 1234   # a server already running

Each session is one browser tab spoken at the protocol level (benchmarks/loadclient.py: the
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
batch page's size): a wrong number counts as an error, as do exceptions, st.error boxes, timeouts
and dropped connections.

Without --url it starts `streamlit run app.py` and the bare baseline benchmarks/bare_load_app.py (a
text box and a slider) on free loopback ports, warms each with one session, then runs every level
against both, one app at a time (one server each, kept across levels, as in production). It prints,
per level and app: p50/p95/max latency, errors, throughput (reruns/s), first-page time, the
server's CPU seconds per rerun (/proc/<pid>/stat utime+stime) and RSS before/peak/after
(/proc/<pid>/status VmRSS; "after" is --settle seconds after the sessions close), the ratios to the
bare app, the machine's load average, and this client's own CPU use (it must stay small for the
figures to be the server's); then one Markdown table of all levels. Loopback only; every wait is
bounded.
"""

import argparse
import asyncio
import io
import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from websockets.exceptions import ConnectionClosed

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: find loadclient
from loadclient import ProtocolError, Session, user_key  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
BARE_APP = ROOT / "benchmarks" / "bare_load_app.py"
DELTA = 1e-7  # the article's δ in −log(y + δ)
EXPLORER_T = (0, 1, 0, 0)  # the explorer's default t ("0, 1, 0, 0"), which the sessions keep
REPLICA_COOKIE = "lossviz_replica"  # set by the balancer of deploy/haproxy/haproxy.cfg


# -- what the sessions type, and how their answers are checked ----------------------------------------


def explorer_value(rng, _current):
    """Four probabilities in hundredths that sum to 1, e.g. "0.12, 0.3, 0.05, 0.53"."""
    cuts = sorted(rng.sample(range(1, 100), 3))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return ", ".join(f"{p / 100:g}" for p in parts)


def temperature_value(rng, current):
    """A temperature on the lab slider's grid, 0.1 … 10 in steps of 0.1, other than the current one."""
    return _other(rng, current, [k / 10 for k in range(1, 101)])


def accuracy_value(rng, current):
    """An accuracy on the batch slider's grid, 0 … 1 in steps of 0.05, other than the current one."""
    return _other(rng, current, [round(k * 0.05, 2) for k in range(21)])


def _other(rng, current, grid):
    return rng.choice([v for v in grid if v != current])


def _metric(session, prefix):
    found = [m for m in session.metrics() if m[0].startswith(prefix)]
    if not found:
        raise LookupError(f"no metric labelled {prefix!r}…")
    return found[0]


def _number_mismatch(label, shown, expected):
    return None if shown == f"{expected:.4f}" else f"{label}: shows {shown}, expected {expected:.4f}"


def check_explorer(session, y_text):
    """The two losses shown for y_text, against ½Σ(y−t)² and −log(y_c + δ) computed here."""
    y = [float(v) for v in y_text.split(",")]
    sse = 0.5 * sum((a - b) ** 2 for a, b in zip(y, EXPLORER_T, strict=True))
    cee = -math.log(y[EXPLORER_T.index(1)] + DELTA)
    problems = []
    for prefix, expected in (("Squared error", sse), ("Cross-entropy", cee)):
        _, shown, help_text = _metric(session, prefix)
        problems.append(_number_mismatch(prefix, shown, expected))
        if not math.isclose(float(help_text.removeprefix("= ")), expected, rel_tol=1e-9):
            problems.append(f"{prefix}: precise value {help_text}, expected {expected!r}")
    return [p for p in problems if p]


def check_lab(session, temperature):
    """The stable cross-entropy −log_softmax(z/T)[c] for the page's z and label c, by log-sum-exp."""
    z = [float(v) / temperature for v in session.values[session.widget("z").proto.id].string_value.split(",")]
    c = int(session.values[session.widget("target").proto.id].string_value)
    top = max(z)
    expected = top + math.log(sum(math.exp(v - top) for v in z)) - z[c]
    return [p for p in [_number_mismatch("Stable", _metric(session, "Stable")[1], expected)] if p]


def check_batch(session, _accuracy):
    """The simulated sample's size: 10 000 samples of 10 classes."""
    shown = _metric(session, "Samples")[1]
    return [] if shown == "10,000 × 10" else [f"sample size shows {shown}, expected 10,000 × 10"]


def check_bare(session, value):
    shown = [
        e.proto.body
        for _, e in session.ordered()
        if e.kind == "markdown" and e.proto.body.startswith("value:")
    ]
    text = value if isinstance(value, str) else f"{value:g}"
    return [] if shown and text in shown[0] else [f"bare app shows {shown}, expected {text}"]


@dataclass(frozen=True)
class Scenario:
    name: str
    page: str  # the st.Page's url path; "" for the default page
    query: str
    key: str  # the widget each edit sets
    value: object  # (rng, current value) -> the next value
    check: object  # (session, value sent) -> list of problems


SCENARIOS = {
    "explorer": Scenario("explorer", "", "", "y", explorer_value, check_explorer),
    "lab": Scenario("lab", "lab", "", "T", temperature_value, check_lab),
    "batch": Scenario("batch", "batch", "", "acc", accuracy_value, check_batch),
}


def bare_twin(scenario):
    """The same edits on the bare app: typing into its text box, or moving its slider."""
    key = "y" if scenario.key == "y" else "s"
    return Scenario(f"bare {scenario.name}", "", "", key, scenario.value, check_bare)


# -- one session, one level --------------------------------------------------------------------------


@dataclass
class Edit:
    session: int
    page: str
    value: object
    sent: float
    latency: float
    problems: list
    metrics: list  # [(label, value, help)] of the page's st.metrics after the edit
    widgets: dict  # user key -> WidgetState of every widget on the page after the edit
    tables: list  # Arrow IPC bytes of the page's st.dataframes, when keep_tables


@dataclass
class SessionResult:
    index: int
    page: str
    first_page: float | None = None
    first_run: float | None = None
    first_steps: dict = field(default_factory=dict)  # seconds each step of loading the page took
    edits: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # every problem, edits' included
    cookies: dict = field(default_factory=dict)  # what the session's browser kept, e.g. a balancer's

    @property
    def replica(self):
        """The replica a load balancer pinned this session to (deploy/haproxy/haproxy.cfg), if any."""
        return self.cookies.get(REPLICA_COOKIE)


async def run_session(
    index,
    url,
    scenario,
    edits,
    think,
    seed,
    *,
    ramp=0.0,
    timeout=120.0,
    keep_tables=False,
    together=None,
    duration=None,
):
    """Open the scenario's page, then make `edits` edits with think time between them.

    together: an asyncio.Barrier every session waits at once its page is open (or failed to open),
    so that all edit at once; duration: stop starting edits this many seconds after that.
    """
    rng = random.Random(seed * 100_003 + index)
    result = SessionResult(index, scenario.name)
    await asyncio.sleep(ramp * index)
    session = Session(url, scenario.page, scenario.query, timeout=timeout)
    waiting = together is not None
    try:
        first = await session.open()
        result.first_page, result.first_run = first.finished - session.load_started, first.latency
        steps = session.load_steps
        result.first_steps = {
            "health": steps["health"] - session.load_started,
            "page HTML": steps["html"] - steps["health"],
            "websocket open": steps["websocket"] - steps["html"],
            "first run": first.latency,
        }
        result.errors += first.errors
        if waiting:
            waiting = False
            await together.wait()
        deadline = time.perf_counter() + duration if duration is not None else math.inf
        current = None
        for _ in range(edits):
            await asyncio.sleep(rng.uniform(*think))
            if time.perf_counter() >= deadline:
                break
            value = scenario.value(rng, current)
            run = await session.edit(scenario.key, value)
            current = value
            try:
                problems = run.errors + scenario.check(session, value)
            except (LookupError, ValueError) as exc:
                problems = run.errors + [f"answer not readable: {exc}"]
            tables = [e.proto.arrow_data.data for _, e in session.ordered() if e.kind == "dataframe"]
            result.edits.append(
                Edit(
                    index,
                    scenario.name,
                    value,
                    run.sent,
                    run.latency,
                    problems,
                    session.metrics(),
                    {user_key(w.id): w for w in session.widget_states()},
                    tables if keep_tables else [],
                )
            )
            result.errors += problems
    except (ProtocolError, ConnectionClosed, OSError) as exc:
        result.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        result.cookies = dict(session.cookies)
        if waiting:  # failed before the edits: the others must not wait for it
            await together.wait()
        await session.close()
    return result


class ProcWatch:
    """CPU seconds and resident memory of one server process, from /proc."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, pid):
        self.pid = pid
        self.peak = 0

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / self.TICK  # utime + stime (stat fields 14, 15)

    def rss_mib(self):
        with open(f"/proc/{self.pid}/status") as f:
            kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        return kb / 1024

    async def watch_peak(self, stop, interval=0.2):
        while not stop.is_set():
            self.peak = max(self.peak, self.rss_mib())
            try:
                await asyncio.wait_for(stop.wait(), interval)
            except TimeoutError:
                pass


@dataclass
class Level:
    app: str
    page: str
    sessions: int
    results: list
    wall: float
    client_cpu: float
    server_cpu: float | None = None
    rss_before: float | None = None
    rss_peak: float | None = None
    rss_after: float | None = None
    extra: dict = field(default_factory=dict)
    load_average: tuple = ()  # the machine's 1-minute load average at the start and the end
    edit_phase: tuple = ()  # with duration: (start, end) in time.perf_counter() of the edits

    @property
    def replicas(self):
        """Sessions per replica, {replica: n}, as the balancer's cookie says (None: no balancer)."""
        return dict(sorted(Counter(r.replica for r in self.results).items(), key=lambda kv: str(kv[0])))

    def edit_throughput(self):
        """Edits per second that finished within the edit phase (needs duration)."""
        start, end = self.edit_phase
        done = [e for e in self.edits if start <= e.sent + e.latency <= end]
        return len(done) / (end - start)

    @property
    def edits(self):
        return [e for r in self.results for e in r.edits]

    @property
    def errors(self):
        return [e for r in self.results for e in r.errors]

    @property
    def reruns(self):
        return len(self.edits) + sum(r.first_run is not None for r in self.results)


async def run_level(
    url,
    scenarios,
    sessions,
    edits,
    think,
    seed=0,
    *,
    pid=None,
    ramp=0.0,
    timeout=120.0,
    settle=0.0,
    keep_tables=False,
    app="lossviz",
    extra=None,
    duration=None,
):
    """`sessions` sessions at once on `url`, the i-th playing scenarios[i % len(scenarios)].

    extra: an optional coroutine function (url) -> dict run alongside the sessions (the upload).
    duration: open every page first, then let all sessions edit at once for this many seconds (at
    most `edits` each); the level's edit_phase is then that window, for edit_throughput().
    """
    watch = ProcWatch(pid) if pid else None
    stop = asyncio.Event()
    before = (watch.cpu_seconds(), watch.rss_mib()) if watch else None
    peak_task = asyncio.create_task(watch.watch_peak(stop)) if watch else None
    started, client_cpu, load_before = time.perf_counter(), time.process_time(), os.getloadavg()[0]
    together = asyncio.Barrier(sessions + 1) if duration is not None else None
    jobs = [
        run_session(
            i,
            url,
            scenarios[i % len(scenarios)],
            edits,
            think,
            seed,
            ramp=ramp / max(sessions, 1),
            timeout=timeout,
            keep_tables=keep_tables,
            together=together,
            duration=duration,
        )
        for i in range(sessions)
    ]
    extra_task = asyncio.create_task(extra(url)) if extra else None
    gathered = asyncio.gather(*jobs)
    if together is not None:
        await together.wait()
        edit_phase = (time.perf_counter(), time.perf_counter() + duration)
    results = await gathered
    extra_result = await extra_task if extra_task else {}
    wall = time.perf_counter() - started
    level = Level(
        app, "+".join(s.name for s in scenarios), sessions, results, wall, time.process_time() - client_cpu
    )
    level.extra = extra_result
    level.load_average = (load_before, os.getloadavg()[0])
    if together is not None:
        level.edit_phase = edit_phase
    if watch:
        level.server_cpu = watch.cpu_seconds() - before[0]
        stop.set()
        await peak_task
        level.rss_before, level.rss_peak = before[1], max(watch.peak, before[1])
        await asyncio.sleep(settle)
        level.rss_after = watch.rss_mib()
    return level


# -- the upload scenario ------------------------------------------------------------------------------


def predictions_csv(rows, classes=10, seed=0):
    """CSV bytes: a header p0…p9,label, then `rows` rows of probabilities (6 decimals) and a label."""
    rng = np.random.default_rng(seed)
    y = rng.dirichlet(np.ones(classes), rows)
    labels = rng.integers(0, classes, rows)
    out = io.BytesIO()
    header = ",".join([f"p{k}" for k in range(classes)] + ["label"])
    np.savetxt(
        out,
        np.column_stack([y, labels]),
        fmt=["%.6f"] * classes + ["%d"],
        delimiter=",",
        header=header,
        comments="",
    )
    return out.getvalue()


def uploader(data, delay, timeout):
    """A coroutine function: open the batch page's upload source, wait `delay` s, upload, pick the labels."""

    async def upload(url):
        session = Session(url, "batch", "source=upload", timeout=timeout)
        out = {"bytes": len(data), "errors": []}
        try:
            await session.open()
            await asyncio.sleep(delay)
            out["start"] = time.perf_counter()
            out["put_seconds"], run = await session.upload("upload_y", "predictions.csv", data)
            out["upload_rerun"] = run.latency
            run2 = await session.edit("label_column", "label")
            out["label_rerun"] = run2.latency
            out["end"] = run2.finished
            out["time_to_results"] = run2.finished - out["start"]
            out["errors"] = run.errors + run2.errors
            out["metrics"] = session.metrics()
            if not any(label.startswith("Cross-entropy") for label, _, _ in out["metrics"]):
                out["errors"].append("no results shown after the upload")
        except (ProtocolError, ConnectionClosed, OSError) as exc:
            out["errors"].append(f"{type(exc).__name__}: {exc}")
        finally:
            out["replica"] = session.cookies.get(REPLICA_COOKIE)
            await session.close()
        return out

    return upload


# -- servers ------------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(script, log_dir):
    """`streamlit run script` on a free loopback port; returns (process, url, log path) once healthy."""
    port = free_port()
    log_path = Path(log_dir) / f"{script.stem}-{port}.log"
    with open(log_path, "w") as log:
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
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url, log_path
        except OSError:
            pass
        time.sleep(0.25)
    proc.kill()
    raise SystemExit(f"{script} did not start; see {log_path}")


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# -- figures ------------------------------------------------------------------------------------------


def percentile(values, q):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def figures(level):
    lat = [e.latency for e in level.edits]
    first = [r.first_page for r in level.results if r.first_page is not None]
    out = {
        "p50": percentile(lat, 0.5),
        "p95": percentile(lat, 0.95),
        "max": max(lat, default=None),
        "errors": len(level.errors),
        "edits": len(lat),
        "throughput": level.reruns / level.wall,
        "first_p50": percentile(first, 0.5),
        "first_max": max(first, default=None),
        "cpu_per_rerun": level.server_cpu / level.reruns
        if level.server_cpu is not None and level.reruns
        else None,
        "server_cores": level.server_cpu / level.wall if level.server_cpu is not None else None,
        "rss_before": level.rss_before,
        "rss_peak": level.rss_peak,
        "rss_after": level.rss_after,
        "client_cpu": level.client_cpu / level.wall,
    }
    return out


ROWS = [
    ("edit latency p50 (s)", "p50", "{:.3f}"),
    ("edit latency p95 (s)", "p95", "{:.3f}"),
    ("edit latency max (s)", "max", "{:.3f}"),
    ("errors", "errors", "{:d}"),
    ("edits done", "edits", "{:d}"),
    ("throughput (reruns/s)", "throughput", "{:.2f}"),
    ("first page p50 (s)", "first_p50", "{:.3f}"),
    ("first page max (s)", "first_max", "{:.3f}"),
    ("server CPU s / rerun", "cpu_per_rerun", "{:.4f}"),
    ("server CPU (cores busy)", "server_cores", "{:.2f}"),
    ("server RSS before (MiB)", "rss_before", "{:.0f}"),
    ("server RSS peak (MiB)", "rss_peak", "{:.0f}"),
    ("server RSS after (MiB)", "rss_after", "{:.0f}"),
    ("client CPU (cores busy)", "client_cpu", "{:.2f}"),
]
RATIOS = {"p50", "p95", "max", "first_p50", "first_max", "cpu_per_rerun", "rss_peak"}


def fmt(template, value):
    return "—" if value is None else template.format(value)


def print_level(app_level, bare_level, think):
    a = figures(app_level)
    b = figures(bare_level) if bare_level else {}
    print(
        f"\n== {app_level.page} · {app_level.sessions} sessions × {len(app_level.results[0].edits) if app_level.results else 0}"
        f" edits · think {think[0]:g}–{think[1]:g} s · {app_level.wall:.0f} s =="
    )
    print(f"{'':26}{'lossviz':>12}{'bare':>12}{'lossviz÷bare':>14}")
    for label, key, template in ROWS:
        ratio = ""
        if key in RATIOS and a.get(key) and b.get(key):
            ratio = f"{a[key] / b[key]:.1f}×"
        print(f"{label:26}{fmt(template, a.get(key)):>12}{fmt(template, b.get(key)):>12}{ratio:>14}")
    for name, level in (("lossviz", app_level), ("bare", bare_level)):
        steps = [r.first_steps for r in level.results if r.first_steps] if level else []
        if steps:
            print(
                f"  {name} first page, p50 of each step: "
                + ", ".join(f"{k} {percentile([s[k] for s in steps], 0.5):.3f} s" for k in steps[0])
            )
    if "+" in app_level.page:
        for page in app_level.page.split("+"):
            lat = [e.latency for e in app_level.edits if e.page == page]
            print(
                f"  lossviz {page}: p50 {fmt('{:.3f}', percentile(lat, 0.5))} s, "
                f"p95 {fmt('{:.3f}', percentile(lat, 0.95))} s, max {fmt('{:.3f}', max(lat, default=None))} s"
            )
    for name, level in (("lossviz", app_level), ("bare", bare_level)):
        if level and level.errors:
            print(f"  {name} errors (most frequent first):")
            for text, n in Counter(level.errors).most_common(5):
                print(f"    {n:4d} × {text[:160]}")
    print(
        "  machine load average (1 min) at start → end: "
        + "; ".join(
            f"{name} {lv.load_average[0]:.1f} → {lv.load_average[1]:.1f}"
            for name, lv in (("lossviz", app_level), ("bare", bare_level))
            if lv
        )
        + f" ({os.cpu_count()} cores; other work on the machine slows both apps)"
    )
    if any(r.replica for r in app_level.results):
        print(
            "  sessions per replica (the balancer's cookie): "
            + ", ".join(f"{name or 'none'} {n}" for name, n in app_level.replicas.items())
        )
    if app_level.client_cpu / app_level.wall > 0.5:
        print("  warning: this client used more than half a core; the figures may be the client's")
    if app_level.extra:
        print_upload(app_level)


def print_upload(level):
    up = level.extra
    print(f"  upload of {up['bytes'] / 2**20:.1f} MiB:")
    if "time_to_results" not in up:
        print(f"    failed: {up['errors']}")
        return
    print(
        f"    time to results {up['time_to_results']:.2f} s (PUT {up['put_seconds']:.2f} s, "
        f"rerun with the file {up['upload_rerun']:.2f} s, rerun with the label column {up['label_rerun']:.2f} s)"
    )
    during = [e.latency for e in level.edits if overlaps(e, up)]
    other = [e.latency for e in level.edits if not overlaps(e, up)]
    print(
        f"    others' edits in flight meanwhile: {len(during)} edits, p50 {fmt('{:.3f}', percentile(during, 0.5))} s, "
        f"max {fmt('{:.3f}', max(during, default=None))} s; the rest of the run: p50 "
        f"{fmt('{:.3f}', percentile(other, 0.5))} s, p95 {fmt('{:.3f}', percentile(other, 0.95))} s"
    )
    if up["errors"]:
        print(f"    upload errors: {up['errors']}")


def overlaps(edit, upload):
    """Whether an edit was waiting for its answer at some moment between the upload's start and results."""
    return edit.sent <= upload["end"] and edit.sent + edit.latency >= upload["start"]


def print_summary(pairs):
    print(
        "\n| page | sessions | p50 s | p95 s | max s | errors | reruns/s | first page p50 / max s | CPU s/rerun | RSS before / peak / after MiB | bare p50 / p95 s | p50 ÷ bare |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for app_level, bare_level in pairs:
        a = figures(app_level)
        b = figures(bare_level) if bare_level else {}
        ratio = f"{a['p50'] / b['p50']:.0f}×" if a.get("p50") and b.get("p50") else "—"
        print(
            f"| {app_level.page} | {app_level.sessions} | {fmt('{:.2f}', a['p50'])} | {fmt('{:.2f}', a['p95'])} | "
            f"{fmt('{:.2f}', a['max'])} | {a['errors']} | {a['throughput']:.1f} | "
            f"{fmt('{:.2f}', a['first_p50'])} / {fmt('{:.2f}', a['first_max'])} | {fmt('{:.3f}', a['cpu_per_rerun'])} | "
            f"{fmt('{:.0f}', a['rss_before'])} / {fmt('{:.0f}', a['rss_peak'])} / {fmt('{:.0f}', a['rss_after'])} | "
            f"{fmt('{:.3f}', b.get('p50'))} / {fmt('{:.3f}', b.get('p95'))} | {ratio} |"
        )


# -- main ---------------------------------------------------------------------------------------------


def parse_think(text):
    low, _, high = text.partition("-")
    return float(low), float(high or low)


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

    procs = []
    log_dir = tempfile.mkdtemp(prefix="lossviz-load-")
    try:
        if args.url:
            app_url, app_pid = args.url.rstrip("/"), args.pid
            bare_url, bare_pid = args.bare_url, args.bare_pid
        else:
            proc, app_url, _ = start(APP, log_dir)
            procs.append(proc)
            app_pid = proc.pid
            bare_url = bare_pid = None
            if not args.no_bare and args.page != "upload":
                proc, bare_url, _ = start(BARE_APP, log_dir)
                procs.append(proc)
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
    finally:
        for proc in procs:
            stop(proc)


if __name__ == "__main__":
    main()
