"""Give the server's memory back when sessions end: what Streamlit leaves behind, released.

Streamlit keeps a closed session for server.disconnectedSessionTTL (120 s) so that a reconnecting
browser finds it again. Three things then keep an ended session's memory, uploads and all:

1. its store of closed sessions (a TTL cache) drops an expired session only when the store is next
   written, i.e. when some other visitor leaves: after a workshop's last visitor, never;
2. a dropped session is shut down (its files removed from the upload manager) only by its own
   __del__, which never comes for the last session the server sent anything to: Streamlit's event
   loop keeps that one in a loop variable until another session is sent something;
3. a session's state (its widgets' values, among them copies of each uploaded file) sits in
   reference cycles, and lossviz turns off Streamlit's collection after every rerun
   (runner.postScriptGC, two thirds of the server's time under load), so only Python's rare
   full collections would free it.

Measured with `python -m benchmarks.upload_server --settle 180`: three sessions that each uploaded the
largest accepted file (180 MB) left the server at 1,085 MB three minutes after their pages
closed (165 MB before; the upload manager still holding 552 MB), and at 868 MB after one more
visitor. With this janitor: 352 MB within 30 s of the TTL, the upload manager empty.

Before that, RELEASE_AFTER_SECONDS after a browser leaves, its session's uploads (Streamlit's
store, the memory budget's charges: lossviz.server.budget) and batch results are released
(release_closed): the session stays resumable, without them.

One daemon thread per server process looks every quarter of the TTL (at most every REAP_SECONDS,
at least every second): it ends the closed sessions that have expired (deletes them from the
store, shuts them down, clears their state) and, when a session has gone since the last look,
runs one full collection and hands the freed pages back (glibc's malloc_trim). A look costs
microseconds; a collection (tens of milliseconds) runs only after a session has ended.

When it starts (the server's first run) it also freezes the heap the server started with, so that
the collections Python starts by itself scan only what sessions made (_freeze_startup_heap).
"""

import ctypes
import gc
import threading
import time
import weakref

import pyarrow
from streamlit import config

from lossviz.server import internals

REAP_SECONDS = 30.0
# A closed session's uploads and batch results go this long after its browser left, well before
# the session itself expires (server.disconnectedSessionTTL): a class that leaves gives its
# memory back within half a minute. A browser back within this time finds everything.
RELEASE_AFTER_SECONDS = 10.0
LOOK_SECONDS = 5.0  # between looks for closed sessions to release
# Session-state entries released with a closed session's uploads: lossviz.ui.caching.per_session
# adds the name of each table it keeps there.
RELEASED_KEYS = set()

_started = threading.Lock()
_thread = None


def _malloc_trim():
    """glibc's malloc_trim(0), or None where the C library has none (musl, macOS)."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return None


_TRIM = _malloc_trim()


def collect():
    """One full collection, then the freed pages handed back to the system: those of every malloc
    arena (glibc's malloc_trim; a session's script threads, freed, otherwise keep theirs) and those
    pyarrow's memory pool keeps for reuse (the blocks an uploaded CSV was read in)."""
    gc.collect()
    pyarrow.default_memory_pool().release_unused()
    if _TRIM is not None:
        _TRIM(0)


def end_expired(manager, stored_before):
    """End the closed sessions that expired since the last look; return what the server holds now.

    stored_before: {id: weak reference to the session} of the closed sessions at the last look.
    One no longer listed and not open again has expired: it is deleted from the store (which hides
    an expired session but keeps it) and shut down, as Streamlit shuts down a closed session it
    drops itself; shutting down is what removes its files from the upload manager. (Streamlit
    counts on the session's own __del__ for that, which never comes for the last session the
    server sent anything to: its event loop keeps that one in a loop variable until another
    session is sent something.) Store and open sessions are read under the lock Streamlit's own
    reads and writes take.

    Returns (ids of the sessions held, open or closed; {id: weak reference} of the closed ones).
    """
    ended = []
    with internals.storage_lock(manager):
        stored = internals.stored_sessions(manager)
        active = internals.active_session_ids(manager)
        for session_id, session in stored_before.items():
            if session_id in stored or session_id in active:
                continue
            internals.forget_stored(manager, session_id)  # an expired session: removed for good
            if session() is not None:
                ended.append(session())
    for session in ended:
        # Its widgets' values (copies of its uploads among them) are no one's now, even if the
        # session object itself is still referenced somewhere.
        internals.end_session(session)
    return active | stored.keys(), {session_id: weakref.ref(s) for session_id, s in stored.items()}


def tick(last, manager=internals.session_manager, collect=collect):
    """One look: end expired sessions, and run a full collection if any session held at the last
    look (`last`: what the previous tick returned, None at first) is gone. Returns the new look."""
    found = manager()
    if found is None:
        return None
    held_before, stored_before = last or (set(), {})
    held, stored = end_expired(found, stored_before)
    if held_before - held:
        collect()
    return held, stored


def release_closed(closed_since, manager=internals.session_manager, now=time.monotonic, collect=collect):
    """Release the uploads and batch results of sessions closed for RELEASE_AFTER_SECONDS; one full
    collection if any were released. The session itself stays (a browser that comes back later
    gets it, without its uploads) until it expires and end_expired ends it.

    closed_since: what the previous call returned ({id: when first seen closed, or None once
    released}), {} at first. Returns the same for the sessions closed now.
    """
    found = manager()
    if found is None:
        return {}
    with internals.storage_lock(found):
        stored = internals.stored_sessions(found)
        active = internals.active_session_ids(found)
    t, released, seen = now(), False, {}
    for session_id, session in stored.items():
        if session_id in active:
            continue
        since = closed_since.get(session_id, t)
        if since is not None and t - since >= RELEASE_AFTER_SECONDS:
            internals.release_uploads(session_id)
            for key in RELEASED_KEYS & set(internals.session_state_keys(session)):
                internals.forget_state(session, key)
            since, released = None, True
        seen[session_id] = since
    if released:
        collect()
    return seen


def _run(seconds):
    held, closed, next_reap = None, {}, time.monotonic() + seconds
    while True:
        time.sleep(min(seconds, LOOK_SECONDS))
        try:
            closed = release_closed(closed)
            if time.monotonic() >= next_reap:
                next_reap += seconds
                held = tick(held)
        except internals.MissingInternal:
            raise  # a Streamlit without what the janitor needs: the thread ends, its traceback logged
        except Exception:  # noqa: BLE001 - a failed look must never end the thread; try again later
            held, closed = None, {}


def interval():
    """Seconds between looks: a quarter of server.disconnectedSessionTTL, within 1 to REAP_SECONDS."""
    return min(REAP_SECONDS, max(1.0, config.get_option("server.disconnectedSessionTTL") / 4))


def _freeze_startup_heap():
    """Leave what the server holds before its first session to itself: Python's full collections
    then scan only what sessions made.

    By the first run every module is loaded (Streamlit, numpy, pandas, pyarrow, plotly, lossviz:
    ~120,000 objects the collector tracks) and stays loaded. Python starts a full collection by
    itself whenever enough new objects have outlived younger ones, which a burst of new sessions
    does; each one walked all of those objects while every session waited: 90–145 ms per full
    collection during a burst of 60 first pages (gc.callbacks on the real server), 16–39 ms once
    they are frozen. The server's CPU per first page went down by ~15 % (`python -m benchmarks.cpu_per_run`,
    three alternating runs: 21.5–27.5 ms against 24.5–30.0 ms). Only the cycle collector ignores
    frozen objects; reference counting still frees them.
    """
    gc.freeze()


def start():
    """Start the process's janitor thread once (later calls return the same thread), and freeze the
    heap the server started with (_freeze_startup_heap).

    In a running server, first checks that Streamlit has what the janitor needs: a release without
    it raises internals.MissingInternal into the run, naming the attribute, rather than let every
    ended session's memory stay. Outside a server (AppTest) there is nothing to check.
    """
    global _thread
    with _started:
        if _thread is None:
            internals.session_manager()
            _freeze_startup_heap()
            _thread = threading.Thread(target=_run, args=(interval(),), name="lossviz-janitor", daemon=True)
            _thread.start()
    return _thread
