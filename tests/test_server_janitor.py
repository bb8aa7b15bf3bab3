"""The janitor (lossviz.server.janitor): drops closed sessions that have expired from Streamlit's store,
and runs a full collection only when a session has gone.

The store here is Streamlit's own MemorySessionStorage, with its clock moved by hand; the server
test at the end runs the real thing (a short disconnectedSessionTTL) and reads Streamlit's metrics.
"""

import asyncio
import threading
import time
from types import SimpleNamespace

import pytest
from conftest import APP, streamlit_process
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from test_load import run_async  # asyncio.run beside Playwright's event loop

from benchmarks.lib.loadclient import Session
from benchmarks.lib.server_stats import held_uploads_mb, status_mb
from benchmarks.lib.uploads import predictions_csv
from lossviz.server import janitor


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class FakeSession:
    """An AppSession as the janitor sees it: an id, and shutdown() (counted)."""

    def __init__(self, session_id):
        self.id = session_id
        self.shutdowns = 0
        self.session_state = {"upload": b"bytes"}

    def shutdown(self):
        self.shutdowns += 1


class Manager:
    """The parts of Streamlit's session manager the janitor uses, over a real MemorySessionStorage."""

    def __init__(self, clock, ttl=120):
        self._session_storage = MemorySessionStorage(ttl_seconds=ttl)
        self._session_storage._cache._timer = clock  # the TTL cache's clock, moved by the test
        self._storage_lock = threading.Lock()
        self.active = {}

    def list_active_sessions(self):
        return list(self.active.values())

    def open(self, session_id):
        self.active[session_id] = SimpleNamespace(session=FakeSession(session_id))

    def close(self, session_id):
        """What Streamlit does when a browser disconnects: the session moves to the store."""
        self._session_storage.save(self.active.pop(session_id))


def stored_count(manager):
    return len(manager._session_storage._cache)  # a length query reaps: only unexpired ones count


def test_nothing_gone_no_collection():
    clock, collections = Clock(), []
    manager = Manager(clock)
    manager.open("a")
    look = janitor.tick(None, lambda: manager, lambda: collections.append(1))
    manager.open("b")
    look = janitor.tick(look, lambda: manager, lambda: collections.append(1))
    manager.close("a")  # closed, but still resumable: not gone
    clock.now += 60
    janitor.tick(look, lambda: manager, lambda: collections.append(1))
    assert collections == []


def test_an_expired_session_is_dropped_and_collected_once():
    clock, collections = Clock(), []
    manager = Manager(clock, ttl=120)
    for session_id in ("a", "b"):
        manager.open(session_id)
    manager.close("a")
    a = manager._session_storage.get("a").session
    look = janitor.tick(None, lambda: manager, lambda: collections.append(1))
    assert look[0] == {"a", "b"} and set(look[1]) == {"a"}
    clock.now += 121  # past the TTL: the store hides "a" but still holds it
    assert "a" in manager._session_storage._cache._data
    look = janitor.tick(look, lambda: manager, lambda: collections.append(1))
    assert "a" not in manager._session_storage._cache._data  # dropped by the janitor's delete
    assert a.shutdowns == 1  # and shut down, which empties its uploads
    assert a.session_state == {}  # and its widgets' values let go
    assert look == ({"b"}, {})
    assert collections == [1]
    janitor.tick(look, lambda: manager, lambda: collections.append(1))
    assert collections == [1]  # nothing more has gone


def test_a_reopened_session_is_not_deleted_twice():
    clock, collections = Clock(), []
    manager = Manager(clock)
    manager.open("a")
    manager.close("a")
    look = janitor.tick(None, lambda: manager, lambda: collections.append(1))
    # the browser reconnects: Streamlit takes the session out of the store and makes it active again
    manager.active["a"] = manager._session_storage.get("a")
    manager._session_storage.delete("a")
    look = janitor.tick(look, lambda: manager, lambda: collections.append(1))
    assert look == ({"a"}, {}) and collections == [] and stored_count(manager) == 0
    assert manager.active["a"].session.shutdowns == 0 and manager.active["a"].session.session_state


def test_outside_a_server_it_does_nothing():
    assert janitor.tick(None) is None  # no Streamlit runtime in this process
    assert janitor.tick(({"a"}, {}), lambda: None, lambda: pytest.fail("collected")) is None


def test_starting_freezes_the_heap_the_server_started_with():
    """What is alive at the first run (the loaded modules) is out of the cycle collector's reach."""
    import gc

    janitor.start()
    assert gc.get_freeze_count() > 0


def test_interval_follows_the_ttl(monkeypatch):
    options = {"server.disconnectedSessionTTL": 120}
    monkeypatch.setattr(janitor.config, "get_option", options.get)
    assert janitor.interval() == 30.0  # a quarter of Streamlit's default 120 s
    options["server.disconnectedSessionTTL"] = 2
    assert janitor.interval() == 1.0
    options["server.disconnectedSessionTTL"] = 3600
    assert janitor.interval() == janitor.REAP_SECONDS


# -- the real server --------------------------------------------------------------------------------


UPLOAD_ROWS = 300_000  # ≈ 28 MB of CSV: held three times over (store, widget state), it stands out


METRICS_CACHE_SECONDS = 5.5  # /_stcore/metrics recomputes cache_memory_bytes at most every 5 s


def rss_mb(pid):
    return status_mb(pid, "VmRSS")


def held_upload_mb(url):
    """What Streamlit's upload manager holds (as of up to 5 s ago: Streamlit caches that family)."""
    return held_uploads_mb(url)


async def upload_and_leave(url, data):
    """Open the batch page, upload, pick the label column, see the numbers, and leave; returns what
    the upload manager held while the session was open."""
    session = Session(url, "batch", "source=upload", timeout=120)
    await session.open()
    try:
        _, run = await session.upload("upload_y", "predictions.csv", data)
        run2 = await session.edit("label_column", "label")
        assert run.errors == run2.errors == []
        assert any(label.startswith("Cross-entropy") for label, _, _ in session.metrics())
        await asyncio.sleep(METRICS_CACHE_SECONDS)
        return held_upload_mb(url)
    finally:
        await session.close()


def released(url, pid, ceiling_mb, seconds=30):
    """Wait until the upload manager is empty and the RSS at most ceiling_mb (or `seconds` pass)."""
    time.sleep(METRICS_CACHE_SECONDS)  # what the metrics say from now on was counted after the close
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (held_upload_mb(url) > 0 or rss_mb(pid) > ceiling_mb):
        time.sleep(0.5)
    return held_upload_mb(url), rss_mb(pid)


@pytest.mark.slow
def test_the_server_gives_back_an_uploads_memory_once_its_session_has_expired():
    """After the only session that uploaded has gone (closed, then past a 2 s disconnectedSessionTTL,
    with no other visitor), Streamlit's upload manager is empty and the server's memory is back where
    it was after the same upload by an earlier session (so the allocator's own high-water mark is in
    the "before"). Without the janitor neither happens: the manager keeps each file until some other
    session leaves, and the sessions' copies of it wait for a full collection."""
    data = predictions_csv(UPLOAD_ROWS, seed=3)
    with streamlit_process(APP, "streamlit-janitor.log", "--server.disconnectedSessionTTL", "2") as (
        proc,
        url,
    ):
        run_async(upload_and_leave(url, data))
        assert released(url, proc.pid, ceiling_mb=float("inf"))[0] == 0  # the first session's file let go
        before = rss_mb(proc.pid)
        held_while_open = run_async(upload_and_leave(url, data))
        held, after = released(url, proc.pid, ceiling_mb=before + 50)
        print(f"RSS before {before:.0f} MB, after {after:.0f} MB; held while open {held_while_open:.0f} MB")
        # A file over lossviz.ui.batch.KEEP_BYTES is set aside once read: the open page holds none of it.
        assert held_while_open < 0.1 * len(data) / 1e6
        assert held == 0
        assert after <= before + 50  # the "back within 50 MB"
