"""A careless or hostile crowd: what one client or a class can take from the others.

Fast: the reruns' pace (lossviz.server.pace, through the wrapper lossviz.server.internals puts on
Streamlit's sessions), the janitor releasing a closed session's uploads (lossviz.server.janitor),
the process's values out of clear_cache's reach (lossviz.ui.caching), the limits the balancer and
the ingress set per client address, and the canary on the Streamlit internals these need.
Slow: real servers spoken to by protocol-level clients (benchmarks/lib/loadclient.py).
Every expected count is worked out in a comment from the bucket's numbers or the test's own sizes.
"""

import asyncio
import concurrent.futures
import os
import re
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import streamlit as st
import yaml
from conftest import APP, ARTIFACTS, streamlit_process
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.state.session_state import SessionState
from test_load import run_async  # asyncio.run beside Playwright's event loop
from websockets.exceptions import InvalidStatus

from benchmarks.lib.deployment import scaled_out
from benchmarks.lib.loadclient import Session, http
from benchmarks.lib.uploads import csv_bytes
from lossviz.server import internals, janitor, launch, pace
from lossviz.ui import caching

ROOT = Path(__file__).resolve().parents[1]


# --- reruns at a reader's pace ---------------------------------------------------------------------


class FakeSession:
    """A class with AppSession's request_rerun, counting the runs it starts."""

    def __init__(self, session_id):
        self.id, self.runs = session_id, []

    def request_rerun(self, client_state):
        self.runs.append(client_state)


def paced_class(buckets):
    cls = type("Paced", (FakeSession,), {})
    internals.pace_reruns(buckets.wait, cls)
    internals.pace_reruns(buckets.wait, cls)  # once: a second call leaves one wrapper
    return cls


def test_a_flood_of_reruns_runs_at_the_buckets_pace_and_the_last_request_wins():
    buckets = pace.Buckets(rate=10, burst=4)
    session = paced_class(buckets)("flooder")

    async def flood():
        for i in range(100):  # 100 requests in ~1 s
            session.request_rerun(f"state {i}")
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # the last one held is let through

    t0 = time.monotonic()
    run_async(flood())
    seconds = time.monotonic() - t0
    # 4 at once, then 10 a second over ~1.3 s: about 17, never the 100 asked for.
    assert 4 + 10 * (seconds - 0.3) - 2 <= len(session.runs) <= 4 + 10 * seconds + 1
    assert session.runs[:4] == ["state 0", "state 1", "state 2", "state 3"]
    assert session.runs[-1] == "state 99"  # the latest state is the one that ran last


def test_a_reader_is_never_held_and_sessions_do_not_share_a_bucket():
    cls = paced_class(pace.Buckets())  # 8 a second, 16 at once

    async def reader():
        a, b = cls("a"), cls("b")
        for i in range(16):  # a burst of clicks
            a.request_rerun(i)
            b.request_rerun(i)
        return a.runs, b.runs

    assert run_async(reader()) == (list(range(16)), list(range(16)))


def test_streamlits_own_reruns_and_calls_off_the_event_loop_pass():
    session = paced_class(pace.Buckets(rate=1, burst=1))("s")

    def off_the_event_loop():  # a thread of its own: Playwright's sync API may run a loop in this one
        session.request_rerun(None)
        session.request_rerun("a")  # no event loop running: not held
        session.request_rerun("b")

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(off_the_event_loop).result()
    assert session.runs == [None, "a", "b"]


# --- a closed session's uploads go soon after its browser left --------------------------------------


def test_a_closed_sessions_batch_results_are_released_after_a_short_wait():
    state = SessionState()
    state["lv-batch-results"] = {"key": "the results"}
    state["lv-room-member"] = "kept"  # not an upload's: a room's member id stays
    session = SimpleNamespace(id="gone", session_state=state)
    manager = SimpleNamespace(
        _storage_lock=threading.Lock(),
        _session_storage=SimpleNamespace(list=lambda: [SimpleNamespace(session=session)]),
        list_active_sessions=list,
    )
    caching.per_session("lv-batch-results", keep=2)  # as lossviz.ui.batch declares it
    clock, collections = [100.0], []

    def look(last):
        return janitor.release_closed(last, lambda: manager, lambda: clock[0], lambda: collections.append(1))

    seen = look({})
    clock[0] += janitor.RELEASE_AFTER_SECONDS - 1
    seen = look(seen)
    assert "lv-batch-results" in state.filtered_state and collections == []  # still in its grace
    clock[0] += 1
    seen = look(seen)
    assert "lv-batch-results" not in state.filtered_state and state["lv-room-member"] == "kept"
    assert collections == [1]
    look(seen)
    assert collections == [1]  # released once


# --- what no client's clear_cache reaches ------------------------------------------------------------


def test_a_process_value_survives_streamlits_cache_clear():
    made = []

    @caching.per_process
    def store():
        made.append(1)
        return object()

    first = store()
    st.cache_resource.clear()  # what any client's clear_cache message makes Streamlit do
    st.cache_data.clear()
    assert store() is first and made == [1]
    store.clear()
    assert store() is not first and made == [1, 1]


# --- per client address, at the balancer and the ingress ---------------------------------------------


def haproxy_defaults():
    text = (ROOT / "deploy" / "haproxy" / "haproxy.cfg").read_text()
    return {name: int(value) for name, value in re.findall(r'"\$\{(LOSSVIZ_MAX_\w+)-(\d+)\}"', text)}


def test_the_balancer_and_the_ingress_set_the_same_limits_per_address():
    limits = haproxy_defaults()
    assert set(limits) == {
        "LOSSVIZ_MAX_CONNECTIONS",
        "LOSSVIZ_MAX_CONN_RATE",
        "LOSSVIZ_MAX_REQ_RATE",
        "LOSSVIZ_MAX_WEBSOCKETS",
    }
    annotations = yaml.safe_load((ROOT / "deploy" / "k8s" / "ingress.yaml").read_text())["metadata"][
        "annotations"
    ]
    prefix = "nginx.ingress.kubernetes.io/"
    assert int(annotations[prefix + "limit-connections"]) == limits["LOSSVIZ_MAX_CONNECTIONS"]
    # HAProxy counts requests over 10 s, nginx a second: 3000 / 10 = 300.
    assert int(annotations[prefix + "limit-rps"]) * 10 == limits["LOSSVIZ_MAX_REQ_RATE"]
    # A class of 60 browsers behind one address has room: a websocket each, reconnects included.
    assert limits["LOSSVIZ_MAX_WEBSOCKETS"] >= 2 * 60


def test_the_internals_pacing_and_releasing_need_are_there():
    internals.check(AppSession, "AppSession", internals.PACE_NEEDED[:1])
    internals.check(SimpleNamespace(session_state=SessionState()), "AppSession", internals.RELEASE_NEEDED)


# --- live servers --------------------------------------------------------------------------------------


def labelled_csv(rows):
    return csv_bytes(rows, 10, 6)  # p0…p9 and a label column, 6 decimals


@pytest.mark.slow
def test_another_clients_clear_cache_leaves_a_sessions_results_and_its_pace(tmp_path):
    data = labelled_csv(200_000)  # ~18 MB: a read of several tenths of a second

    async def scenario(url):
        owner = Session(url, "batch", "source=upload", timeout=120)
        await owner.open()
        await owner.upload("upload_y", "predictions.csv", data)
        read = await owner.edit("label_column", "label")
        numbers = owner.metrics()
        before = [(await owner.edit("worst", k)).latency for k in (20, 10, 20)]
        other = Session(url, timeout=60)
        await other.open()
        msg = BackMsg()
        msg.clear_cache = True  # what Streamlit's "Clear caches" sends; any client may send it
        await other._ws.send(msg.SerializeToString())
        await other.rerun()  # answered after the clear: the server has handled it
        after = [(await owner.edit("worst", k)).latency for k in (10, 20, 10)]
        await other.close()
        await owner.close()
        return read, numbers, before, after, owner.metrics()

    with streamlit_process(APP, "crowd-clear.log") as (_, url):
        read, numbers, before, after, numbers_after = run_async(scenario(url))
    assert not read.errors and any(label.startswith("Cross-entropy") for label, _, _ in numbers)
    assert numbers_after == numbers
    # Kept in the session's own state, the results are not read again: an edit after the clear
    # takes what one before it took, far less than the read (a tenth of it, with room to spare).
    assert max(after) < max(max(before) * 3, read.latency / 10), (read.latency, before, after)


@pytest.mark.slow
def test_an_upload_over_the_budget_is_refused_as_it_arrives_and_a_small_one_is_read():
    # A budget of 100 MiB keeps min(64, 50) = 50 MiB for reads: uploads may hold 50 MiB.
    big, small = labelled_csv(600_000), labelled_csv(20_000)  # ~55 MB (over 50 MiB) and ~1.8 MB

    async def scenario(url):
        session = Session(url, "batch", "source=upload", timeout=120)
        await session.open()
        _, refused = await session.upload("upload_y", "big.csv", big)
        second = Session(url, "batch", "source=upload", timeout=120)
        await second.open()
        await second.upload("upload_y", "small.csv", small)
        read = await second.edit("label_column", "label")
        await session.close()
        await second.close()
        return refused, read, second.metrics()

    env = dict(os.environ, LOSSVIZ_MEMORY_BUDGET_MB="100")
    with launch.serving(APP, log=ARTIFACTS / "crowd-budget.log", env=env) as (_, url):
        refused, read, numbers = run_async(scenario(url))
    (shown,) = refused.errors
    mib = len(big) / 2**20  # ~52.6: MiB, the "MB" Streamlit's picker writes
    assert f"big.csv ({mib:.1f} MB) does not fit in the server's memory now" in shown.replace("\\", "")
    assert not read.errors and numbers[-1][1] == "20,000 × 10"


@pytest.mark.slow
def test_the_balancer_caps_websockets_per_address_and_not_for_the_others():
    async def scenario(url):
        opened, refused = [], 0
        for _ in range(3):
            session = Session(url, timeout=60, source="127.0.0.7")
            try:
                await session.open()
                opened.append(session)
            except InvalidStatus as exc:
                refused += exc.response.status_code == 429
        other = Session(url, timeout=60, source="127.0.0.8")
        await other.open()
        shown = other.metrics()
        for session in [*opened, other]:
            await session.close()
        return len(opened), refused, shown

    os.environ["LOSSVIZ_MAX_WEBSOCKETS"] = "2"  # read by HAProxy as scale_out.py starts it
    try:
        with scaled_out(1) as deployment:
            opened, refused, shown = run_async(scenario(deployment.url))
    finally:
        del os.environ["LOSSVIZ_MAX_WEBSOCKETS"]
    assert (opened, refused) == (2, 1)
    assert shown  # another address opens its page as usual


@pytest.mark.slow
def test_a_client_asking_for_200_reruns_a_second_gets_the_readers_pace():
    async def scenario(url):
        session = Session(url, timeout=60)
        await session.open()
        raw = session.last_back_msg.SerializeToString()
        finished, t0 = 0, time.monotonic()
        for i in range(600):  # 200 a second for 3 s
            await session._ws.send(raw)
            await asyncio.sleep(max(0.0, t0 + (i + 1) / 200 - time.monotonic()))
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            try:
                raw_msg = await asyncio.wait_for(session._ws.recv(), 0.5)
            except TimeoutError:
                continue
            finished += _is_finished(raw_msg)
        await session.close()
        return finished, time.monotonic() - t0

    with streamlit_process(APP, "crowd-pace.log") as (_, url):
        finished, seconds = run_async(scenario(url))
    # At most the bucket (16) and 8 a second after it, over the ~6 s of the test: 16 + 48 = 64.
    assert 5 <= finished <= pace.BURST + pace.RATE * seconds, finished


def _is_finished(raw):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(raw)
    return msg.WhichOneof("type") == "script_finished"


# --- what the component routes serve ---------------------------------------------------------------

PAGES = ("explorer", "lab", "batch", "train")  # between them, every component lossviz declares


@pytest.mark.slow
def test_the_component_routes_serve_browser_files_and_nothing_else(app_url):
    from streamlit.testing.v1 import AppTest

    from lossviz.ui import web

    for page in PAGES:  # each page declares its components' folders (lossviz.ui.web.DIRECTORIES)
        at = AppTest.from_string(f"from lossviz.ui.{page} import main\nmain()\n", default_timeout=120)
        assert not at.run().exception
    assert {"web", "plotly", "formulas"} <= web.DIRECTORIES.keys()

    async def fetch_all(url):
        for page in PAGES:  # the live server declares the same folders as it runs the pages
            session = Session(url, "" if page == "explorer" else page, timeout=120)
            await session.open()
            await session.close()
        answers = {}
        for name, directory in web.DIRECTORIES.items():
            prefix = f"{url}/component/lossviz.ui.web.{name}/"  # Streamlit's name: declaring module + name
            for path in sorted(p for p in directory.rglob("*") if p.is_file()):
                relative = path.relative_to(directory).as_posix()
                answers[(name, relative)] = (await http(prefix + relative))[0]
            for source in ("__init__.py", "../__init__.py", "%2e%2e/__init__.py"):
                answers[(name, source)] = (await http(prefix + source))[0]
        return answers

    answers = run_async(fetch_all(app_url))
    served = {key for key, status in answers.items() if status == 200}
    not_browser = sorted(key for key in served if Path(key[1]).suffix not in web.BROWSER_FILES)
    assert not_browser == []  # no .py, no licence or read-me: HTML, CSS, JS and fonts only
    every_file = {key for key in answers if not key[1].endswith("__init__.py")}
    assert every_file <= served  # and each file in a declared folder is served
    assert ("plotly", "plotly.min.js") in served
