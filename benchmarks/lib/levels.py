"""Sessions at once on one server: each one browser tab (lossviz's protocol client) that opens a
scenario's page and edits it; a level is `sessions` of them at once, with the server's CPU and
memory watched from /proc.

A latency is the time from sending the rerun BackMsg to receiving its script_finished; the first
page is the time from the first HTTP request to the first script_finished (split into the health
check, the page's HTML, opening the websocket and the first run). Every answer is checked by the
scenario; a wrong number counts as an error, as do exceptions, st.error boxes, timeouts and
dropped connections.
"""

import asyncio
import math
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed

from benchmarks.lib.loadclient import ProtocolError, Session, user_key
from benchmarks.lib.server_stats import ProcWatch

REPLICA_COOKIE = "lossviz_replica"  # set by the balancer of deploy/haproxy/haproxy.cfg


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


def parse_think(text):
    """Seconds between edits from the command line, "1-3" or "2": (low, high).

    >>> parse_think("1-3"), parse_think("2")
    ((1.0, 3.0), (2.0, 2.0))
    """
    low, _, high = text.partition("-")
    return float(low), float(high or low)
